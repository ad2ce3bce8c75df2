"""How long the municipal dashboard takes on the demo data and on ten times the demo data.

Usage: ``python -m bench.dashboard`` (SQLite files under bench/out/) or with
``DATABASE_URL=postgres://…/nogliki_bench`` (the database is recreated by this script:
never point it at a database you care about). Prints the median of several runs and the
number of queries, which stays the same at both sizes."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

RUNS = 5
SCALES = {"демо-данные": 12, "10 × демо-данные": 120}  # students per class
OUT = Path(__file__).resolve().parent / "out"


def database_url(label: str) -> str:
    base = os.environ.get("DATABASE_URL", "")
    suffix = "x10" if "10" in label else "x1"
    if base.startswith("postgres"):
        return base.rsplit("/", 1)[0] + f"/nogliki_bench_dashboard_{suffix}"
    OUT.mkdir(exist_ok=True)
    return f"sqlite:///{OUT / f'dashboard_{suffix}.sqlite3'}"


def prepare(url: str) -> None:
    """A fresh database with the reference data and the demo at the given scale."""

    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        import psycopg2

        connection = psycopg2.connect(admin)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()


def run(label: str, students_per_class: int) -> None:
    url = database_url(label)
    prepare(url)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    import subprocess

    manage = [sys.executable, "manage.py"]
    root = Path(__file__).resolve().parent.parent
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=root, check=True)
    started = time.perf_counter()
    subprocess.run([*manage, "seed_demo", f"--students-per-class={students_per_class}"],
                   env=env, cwd=root, check=True, stdout=subprocess.DEVNULL)
    seeded = time.perf_counter() - started
    code = (
        "import statistics, time\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from monitoring.models import Student, User\n"
        "from monitoring.registers.records import Diagnostic\n"
        "client = Client(); client.force_login(User.objects.get(username='nachalnik'))\n"
        "client.get('/reports/dashboard/')\n"
        "times = []\n"
        f"for _ in range({RUNS}):\n"
        "    t = time.perf_counter(); r = client.get('/reports/dashboard/', HTTP_HOST='127.0.0.1');"
        " times.append(time.perf_counter() - t)\n"
        "    assert r.status_code == 200, r.status_code\n"
        "with CaptureQueriesContext(connection) as q:\n"
        "    client.get('/reports/dashboard/', HTTP_HOST='127.0.0.1')\n"
        "print(f'{statistics.median(times):.3f} {len(q.captured_queries)} '\n"
        "      f'{Student.objects.count()} {Diagnostic.objects.count()}')\n"
    )
    out = subprocess.run([*manage, "shell", "-c", code], env=env, cwd=root, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    median, queries, students, diagnostics = out.split()
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"{label:18} {engine:10} обучающихся {students:>6}, записей реестра 4 {diagnostics:>6}: "
          f"панель муниципалитета — медиана {float(median):.2f} с из {RUNS}, запросов {queries} "
          f"(подготовка данных {seeded:.0f} с)")


def main() -> None:
    print("Муниципальная панель показателей (GET /reports/dashboard/, вход начальника отдела)")
    for label, scale in SCALES.items():
        run(label, scale)


if __name__ == "__main__":
    main()
