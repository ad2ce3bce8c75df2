"""Settings for the test suite: the real settings with development defaults.

The database and the broker still come from DATABASE_URL and CELERY_BROKER_URL, so the
same suite runs on SQLite by default and on PostgreSQL + a real Celery worker in CI.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="nogliki-media-"))

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# A real worker is another process: with SQLite it must share a file, not a memory database.
if CELERY_BROKER_URL and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}  # noqa: F405

# Report jobs run eagerly through Celery in tests that assert a finished job right after
# the commit; tests/reports/test_outbox.py switches to the thread runner and real workers
# where that is what they test. A long lease keeps the renewing thread quiet: with the
# in-memory SQLite database a second connection would meet the test's open transaction.
REPORT_RUNNER = "celery"
REPORT_LEASE_SECONDS = 600
