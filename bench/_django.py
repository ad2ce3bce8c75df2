"""Django for benchmarks: which database a size is measured on, and getting it ready.

A size has its own database, so that a region seeded once (minutes) is measured many
times: ``--database-url`` or ``BENCH_DATABASE_URL`` when given; otherwise, beside a
PostgreSQL ``DATABASE_URL``, a database ``nogliki_bench_<size>`` on the same server; and
without one, a SQLite file ``bench/out/bench-<size>.sqlite3``. An empty database is
migrated and filled (``seed_region`` or ``seed_demo``); a filled one is measured as it
is. The benchmarks only read it, except the import, which runs in a scratch database.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


@dataclass(frozen=True)
class Size:
    name: str
    schools: int | None  # None: the demo (seed_demo), not the region generator
    students: int | None
    #: dropped and seeded again before every run (the CI smoke)
    fresh: bool = False


SIZES = {
    "tiny": Size("tiny", 3, 300, fresh=True),
    "demo": Size("demo", None, None),
    "ci": Size("ci", 50, 25_000),
    "region": Size("region", 200, 100_000),
}


def database_url(size: Size, explicit: str | None = None) -> str:
    if explicit or os.environ.get("BENCH_DATABASE_URL"):
        return explicit or os.environ["BENCH_DATABASE_URL"]
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        parts = urlsplit(base)
        return urlunsplit(parts._replace(path=f"/nogliki_bench_{size.name}"))
    OUT.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{OUT / f'bench-{size.name}.sqlite3'}"


def _server(url: str):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    return connection, parts.path.lstrip("/")


def create_database(url: str, *, fresh: bool) -> None:
    """Make sure the database exists (recreated when ``fresh``)."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        if fresh:
            path.unlink(missing_ok=True)
        return
    connection, name = _server(url)
    with connection.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    connection, name = _server(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()


def setup(url: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    if url:
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nogliki_portal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def prepare(size: Size, log) -> None:
    """Migrate, and fill the database when it holds no students yet."""
    import io

    from django.core.management import call_command

    from monitoring.models import Student

    call_command("migrate", verbosity=0)
    if Student.objects.exists():
        return
    out = io.StringIO()
    if size.schools is None:
        log("Заполнение демонстрационными данными (seed_demo)…")
        call_command("load_reference_data", stdout=out)
        call_command("seed_demo", stdout=out)
    else:
        log(f"Генерация региона: {size.schools} ОО, {size.students} обучающихся (seed_region)…")
        call_command("seed_region", schools=size.schools, students=size.students, stdout=out)
    log(out.getvalue().strip().splitlines()[-2] if size.schools else "готово")


@contextlib.contextmanager
def scratch_database():
    """A fresh database on the configured server (``test_<name>``), dropped afterwards.

    SQLite gets a file rather than the in-memory database tests use, so that the figures
    include writing to disk as a real portal does."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    with tempfile.TemporaryDirectory(prefix="nogliki-bench-") as folder:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        config = setup_databases(verbosity=0, interactive=False, keepdb=False)
        try:
            yield
        finally:
            teardown_databases(config, verbosity=0)


def analyze() -> None:
    """Statistics, and on PostgreSQL the visibility map too (``VACUUM ANALYZE``), before
    anything is timed: right after a bulk load the planner has no statistics and every
    index-only scan still visits the table — what autovacuum puts right on a live server
    within minutes, and a benchmark must not measure."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
            cursor.execute("SHOW work_mem")
            work_mem = cursor.fetchone()[0]
        return f"PostgreSQL {version}, jit={jit}, work_mem={work_mem}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"
