"""Settings come from the environment only; production refuses to start unsafe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER, "
    "s.TIME_ZONE, s.LANGUAGE_CODE)"
)


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "SECRET_KEY",
                          "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.update(DJANGO_SETTINGS_MODULE="nogliki_portal.settings", **env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60)


def test_sqlite_and_in_process_tasks_by_default():
    out = run(PROBE, DEBUG="1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["django.db.backends.sqlite3", "True", "True", "Asia/Sakhalin", "ru"]


def test_postgresql_and_broker_from_the_environment():
    out = run(PROBE, DEBUG="1", DATABASE_URL="postgres://u:p@db.example:5432/portal",
              CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert out.returncode == 0, out.stderr
    engine, _, eager, *_ = out.stdout.split()
    assert engine == "django.db.backends.postgresql" and eager == "False"


def test_production_refuses_to_start_without_secret_key():
    out = run(PROBE, DEBUG="0", ALLOWED_HOSTS="portal.example.ru")
    assert out.returncode != 0
    assert "SECRET_KEY не задан" in out.stderr


def test_deploy_check_is_clean_with_production_variables():
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests; production never has it.
        env={**{k: v for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
             "DJANGO_SETTINGS_MODULE": "nogliki_portal.settings", "DEBUG": "0",
             "SECRET_KEY": "Zq8u1Jx0-very-long-random-production-key-4f9a2c7e1b3d5f60718293a4b5c6",
             "ALLOWED_HOSTS": "portal.example.ru"},
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "WARNINGS" not in out.stdout + out.stderr
    assert "System check identified no issues" in out.stdout


def test_dates_are_shown_russian_style(settings):
    import datetime as dt

    from django.utils import formats, translation

    with translation.override("ru"):
        assert formats.date_format(dt.date(2022, 9, 1), "SHORT_DATE_FORMAT") == "01.09.2022"
