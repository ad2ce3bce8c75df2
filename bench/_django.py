"""Django for benchmarks: the configured database engine, in a throwaway test database."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nogliki_portal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


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


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"
