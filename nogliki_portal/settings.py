"""Settings of the Nogliki career-guidance portal.

Every value that differs between a laptop and production comes from an environment
variable (listed in ``.env.example``). A bare checkout runs on SQLite with Celery tasks
executed in-process; production sets DATABASE_URL and CELERY_BROKER_URL.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "0")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A production portal with a guessable key would let anyone forge sessions.
        raise ImproperlyConfigured(
            "SECRET_KEY не задан. Задайте переменную окружения SECRET_KEY "
            "(или DEBUG=1 для разработки)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    # Login throttling, lockout and the audit of logins (failed and successful).
    "axes",
    "monitoring",
    "roadmap",
    "reports",
    "nogliki_portal.apps.PortalConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Below whitenoise: static files stay cacheable, every signed-in page and file is not.
    "nogliki_portal.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: the login page tells why the session ended.
    "nogliki_portal.security.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the Russian page.
    "axes.middleware.AxesMiddleware",
    # After every other: only the view's own reads go to a read replica (db_router.py).
    "nogliki_portal.db_router.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "nogliki_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "monitoring.context_processors.portal",
                "nogliki_portal.breadcrumbs.context",
            ],
        },
    },
]

WSGI_APPLICATION = "nogliki_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# An optional read replica (PostgreSQL streaming replication) for the dashboards and the
# report jobs; every write and every other page stays on DATABASE_URL. See README,
# «Serving», and nogliki_portal/db_router.py.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_ALIAS = None
if DATABASE_REPLICA_URL:
    DATABASE_REPLICA_ALIAS = "replica"
    DATABASES[DATABASE_REPLICA_ALIAS] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL,
                                conn_max_age=envint("DB_CONN_MAX_AGE", 60),
                                conn_health_checks=True),
        # Tests read the test database through it (no second test database is made).
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["nogliki_portal.db_router.ReplicaRouter"]
# The views (GET) whose queries read the replica: the heavy reading pages.
REPLICA_READ_VIEWS = [
    "reports:municipal_dashboard",
    "reports:school_dashboard",
    "reports:register_dashboard",
    "reports:labour_market",
    "reports:decision_effectiveness",
]

for _database in DATABASES.values():
    if _database["ENGINE"].endswith("postgresql") and not envbool("DATABASE_JIT", "0"):
        # PostgreSQL's JIT compiles the big aggregate queries of the dashboards on every run
        # and spends longer compiling than executing them (README «Performance»): off unless
        # DATABASE_JIT=1 — on the primary and on the replica alike.
        _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"

# Computed figures (the indicators) are cached under the data version
# (monitoring/dataversion.py): Redis when CACHE_URL is set (production: every worker shares
# one cache), otherwise memory of each process — never stale either way, since the version
# is read from the database.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "nogliki",
        "TIMEOUT": envint("CACHE_TIMEOUT", 24 * 3600),
    } if CACHE_URL else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "nogliki",
        "TIMEOUT": envint("CACHE_TIMEOUT", 24 * 3600),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "monitoring.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A form sent from a page open too long: a Russian page saying what to do (errors.py).
CSRF_FAILURE_VIEW = "nogliki_portal.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Russian interface, Sakhalin time, dates as дд.мм.гггг.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Asia/Sakhalin"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["nogliki_portal.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded spreadsheets and documents: the limit users see in error messages.
UPLOAD_MAX_MB = envint("UPLOAD_MAX_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# What an imported spreadsheet may hold, checked before it is parsed (monitoring/importing/
# files.py): a workbook is a zip archive that can unpack to a thousand times its size.
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_UNPACKED_MB = envint("IMPORT_MAX_UNPACKED_MB", 64)
IMPORT_MAX_ZIP_RATIO = envint("IMPORT_MAX_ZIP_RATIO", 100)
# Register records are facts: a date later than today by more than this many days is a
# typo (15.03.2027 typed on 30.11.2026), not a plan.
RECORD_FUTURE_DAYS = envint("RECORD_FUTURE_DAYS", 7)

FILTERS_EMPTY_CHOICE_LABEL = "Все"
FILTERS_NULL_CHOICE_LABEL = "Не указано"

# Choice lists written without a template per option (nogliki_portal/forms_renderer.py).
FORM_RENDERER = "nogliki_portal.forms_renderer.PortalFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Exports are opened in Excel by people who did not write them: never let a cell run.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
# A list export of more rows than this is built as a report job (progress on its page, the
# file downloaded from there); a shorter one in the request. 0 — always in the request.
EXPORT_INLINE_MAX_ROWS = envint("EXPORT_INLINE_MAX_ROWS", 5000)
# Such an export (personal data, made to be downloaded once) is deleted after this long.
LIST_EXPORT_RETENTION_HOURS = envint("LIST_EXPORT_RETENTION_HOURS", 24)

# Celery: with no broker every task runs in-process, so `make run` needs nothing else.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "nogliki")
# Publishing to a broker that is down must fail fast: the job row stays «в очереди» and
# beat publishes it again (reports/jobs.py), so the user's request never waits on Redis.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis re-delivers an unacknowledged message only after this long. A job whose
    # worker vanished is found much sooner by its lapsed lease (REPORT_LEASE_SECONDS);
    # this is the backstop for other tasks, longer than any document takes to build.
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 1800),
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
# How often a worker says it is alive (the health page reads it).
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", 60)
CELERY_BEAT_SCHEDULE: dict = {
    "worker-heartbeat": {"task": "monitoring.record_heartbeat",
                         "schedule": float(WORKER_HEARTBEAT_SECONDS)},
    # Jobs still «в очереди» (the broker was down) are published again; jobs whose
    # worker vanished (lease lapsed) are rebuilt — within a minute, not an hour.
    "reports-recover-jobs": {"task": "reports.recover_jobs",
                             "schedule": float(envint("REPORT_RECOVER_SECONDS", 30))},
    # Personal data is kept no longer than needed (README «Personal data»).
    "monitoring-purge-personal-data": {"task": "monitoring.purge_personal_data",
                                       "schedule": crontab(hour=3, minute=10)},
    # Every morning, Sakhalin time: responsible persons hear about due and overdue measures.
    "roadmap-deadline-reminders": {
        "task": "roadmap.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    # The municipal half-year note is built by itself a few days after the half-year ends.
    "reports-autobuild-notes": {"task": "reports.autobuild_notes",
                                "schedule": crontab(hour=6, minute=15)},
    "reports-purge-old-files": {"task": "reports.purge_old_reports",
                                "schedule": crontab(hour=3, minute=30)},
}
# After the data changed, the dashboards' figures are computed by the worker within this
# many seconds (reports/indicators/warm.py); 0 turns it off.
DASHBOARD_WARM_SECONDS = envint("DASHBOARD_WARM_SECONDS", 60)
if DASHBOARD_WARM_SECONDS > 0:
    CELERY_BEAT_SCHEDULE["reports-warm-dashboards"] = {
        "task": "reports.warm_dashboards", "schedule": float(DASHBOARD_WARM_SECONDS),
        # A tick that finds the previous one still computing is of no use after it.
        "options": {"expires": float(DASHBOARD_WARM_SECONDS)},
    }

# Reports and notes (reports/jobs.py). PDFs need LibreOffice (`soffice`) on the server.
SOFFICE_PATH = os.environ.get("SOFFICE_PATH", "soffice")
PDF_TIMEOUT_SECONDS = envint("PDF_TIMEOUT_SECONDS", 180)
# Days after a half-year ends when its municipal note is built automatically (schools
# submit their data by then).
NOTE_AUTOBUILD_DAYS_AFTER_PERIOD = envint("NOTE_AUTOBUILD_DAYS_AFTER_PERIOD", 10)
# Generated files older than this are removed (notes approved for parents are kept).
REPORT_RETENTION_DAYS = envint("REPORT_RETENTION_DAYS", 365)
# A job whose worker died this many times is marked failed instead of retried forever.
REPORT_MAX_ATTEMPTS = envint("REPORT_MAX_ATTEMPTS", 3)
# Where jobs are built: "celery" (a worker; with no broker Celery runs them eagerly) or
# "thread" (a pool of threads in the web process, so the page shows progress exactly as
# with a worker). Without a broker the portal uses threads.
REPORT_RUNNER = os.environ.get("REPORT_RUNNER", "celery" if CELERY_BROKER_URL else "thread")
REPORT_THREADS = envint("REPORT_THREADS", 2)
# A running job holds a lease its builder renews every third of this; a lapsed lease
# means its worker vanished (killed, OOM, container stopped) and the job is rebuilt.
REPORT_LEASE_SECONDS = envint("REPORT_LEASE_SECONDS", 60)
# A queued job whose message has waited this long is published again (Redis lost it).
REPORT_REPUBLISH_SECONDS = envint("REPORT_REPUBLISH_SECONDS", 600)
# A published recommendation (to the department, heads or teachers) that no management
# decision answers after this many days is flagged to ИМЦ and on the head's home page.
RECOMMENDATION_ANSWER_DAYS = envint("RECOMMENDATION_ANSWER_DAYS", 90)
# The pre-conference note («предварительные данные»): the II half-year's data as of this
# day and month (дд.мм), before the half-year ends on 31 August.
PRECONFERENCE_NOTE_DAY = os.environ.get("PRECONFERENCE_NOTE_DAY", "15.08")
_pre_day, _, _pre_month = PRECONFERENCE_NOTE_DAY.partition(".")
if not (_pre_day.isdigit() and _pre_month.isdigit() and 1 <= int(_pre_month) <= 8
        and 1 <= int(_pre_day) <= 31):
    raise ImproperlyConfigured(
        f"PRECONFERENCE_NOTE_DAY={PRECONFERENCE_NOTE_DAY!r}: ожидается день и месяц II "
        "полугодия в виде дд.мм, например 15.08."
    )
# Who signs the notes (the signature block); the name may be left empty.
NOTE_SIGNER_POSITION = os.environ.get("NOTE_SIGNER_POSITION", "Начальник отдела образования")
NOTE_SIGNER_NAME = os.environ.get("NOTE_SIGNER_NAME", "")

# Outgoing mail: deadline reminders and password-reset letters.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "0")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@nogliki-edu.local")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Администратор", a) for a in envlist("ADMINS")]
# Error reports (ADMINS e-mails, the debug page) never show a student's data: variables,
# POST and GET values are hidden and the database's «DETAIL: Key (…)=(…)» is cut.
DEFAULT_EXCEPTION_REPORTER = "nogliki_portal.privacy.PersonalDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "nogliki_portal.privacy.PersonalDataReporterFilter"

SITE_NAME = os.environ.get("SITE_NAME", "Профориентация: портал отдела образования")
SITE_ROOT = os.environ.get("SITE_ROOT", "http://127.0.0.1:8000")

# Production hardening; `manage.py check --deploy` is clean when DEBUG=0.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
# A session left alone this long ends (a shared computer in a school staff room).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one login
# that login is locked for LOGIN_LOCKOUT_MINUTES, even with the right password; every
# failed and successful login is kept with its address (admin: «Axes»). Locked by login,
# not by address: a school's staff share one NAT address, and one colleague's typos must
# not lock the whole school out (axes.W006 says the opposite; silenced on purpose).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = envint("LOGIN_LOCKOUT_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "nogliki_portal.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "nogliki_portal.security.client_ip"
# How many proxies stand in front of gunicorn (each appends to X-Forwarded-For).
PROXY_COUNT = envint("PROXY_COUNT", 0 if DEBUG else 1)

# Content-Security-Policy (django-csp): scripts, styles and fonts only from the portal
# itself (vendored, never a CDN), no inline script. Style *attributes* are allowed: a
# width in a table cell runs nothing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        # Bootstrap draws its check marks and select arrows as data: SVG images.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Personal data: how long the change history of students keeps a deleted or graduated
# student's values, and how long an abandoned import preview is kept
# (`manage.py purge_personal_data`, daily from beat).
HISTORY_RETENTION_DAYS = envint("HISTORY_RETENTION_DAYS", 3 * 365)
IMPORT_PREVIEW_RETENTION_HOURS = envint("IMPORT_PREVIEW_RETENTION_HOURS", 24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Cuts the database's «DETAIL: Key (…)=(…)» (a student's name and birth date on a
        # unique-key error) and SQL parameters out of every log line and traceback.
        "personal_data": {"()": "nogliki_portal.privacy.PersonalDataLogFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain",
                    "filters": ["personal_data"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler",
                        "filters": ["require_debug_false", "personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR", "propagate": True},
    },
}
