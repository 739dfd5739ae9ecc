"""Settings for the IMR archive.

Everything that differs between a laptop and a server comes from the environment. With DATABASE_URL unset
the archive starts its own embedded PostgreSQL (see embedded_db.py), so `make run` works on a fresh clone.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("IMR_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# --- Safe by default (serve) ---------------------------------------------------------------------------
# DEBUG only where asked for (`make dev` sets it). The secret key comes from SECRET_KEY, else from a file
# generated once under var/, so sessions survive restarts and no key is ever shared between installs.


def _secret_key(path: Path) -> str:
    """Read the key file, creating it first if absent (a link, so concurrent first starts agree on one key)."""
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(get_random_secret_key())
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _secret_key(VAR_DIR / "secret_key")
DEBUG = env_bool("DEBUG", False)
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto, redirect to https, HSTS, secure cookies.
IMR_HTTPS = env_bool("IMR_HTTPS", False)
if IMR_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("IMR_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("IMR_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("IMR_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Content Security Policy: scripts and styles only from our own static files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# --- end safe by default ------------------------------------------------------------------------------
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "determinations",  # before django_tasks_db: its `db_worker` (with a heartbeat and lease) takes precedence
    "django_tasks",
    "django_tasks_db",
    "imr_archive",  # manage.py serve and embedded_db
]

MIDDLEWARE = [
    "imr_archive.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "imr_archive.limits.RequestLimitsMiddleware",  # before anything reads a body or parses a query string
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "imr_archive.urls"
WSGI_APPLICATION = "imr_archive.wsgi.application"
ASGI_APPLICATION = "imr_archive.asgi.application"

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
            ],
        },
    },
]

# The database: DATABASE_URL when given, else the embedded PostgreSQL under var/pgdata.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    from imr_archive.embedded_db import embedded_settings

    DATABASES = {"default": embedded_settings(VAR_DIR / "pgdata")}
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("IMR_TEST_DATABASE", "test_imr_archive")}

# --- Operations: database health, read replicas, limits, worker lease (docs/deployment.md) ----------------
# A connection dropped by a database restart is noticed before the next request uses it, not by a visitor.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Public reads may go to streaming replicas; the admin, the worker and every write use "default".
DATABASE_REPLICA_URLS = [u for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()]
for _n, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{_n}"] = {
        **dj_database_url.parse(_url.strip(), conn_max_age=60), "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["imr_archive.replicas.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
# Web requests only (not the worker, migrations or commands): a query running longer is cancelled (503).
IMR_WEB_STATEMENT_TIMEOUT_MS = int(os.environ.get("IMR_WEB_STATEMENT_TIMEOUT_MS", 10_000))
# Bodies: refused from their Content-Length before anything reads them, except on the admin upload page.
IMR_MAX_BODY_BYTES = int(os.environ.get("IMR_MAX_BODY_BYTES", 1024 * 1024))
IMR_UPLOAD_PATH = "/admin/determinations/sourcedocument/upload/"
# Query strings: total length and values of one parameter (category=a&category=b...).
IMR_MAX_QUERY_STRING = int(os.environ.get("IMR_MAX_QUERY_STRING", 4096))
IMR_MAX_PARAM_VALUES = int(os.environ.get("IMR_MAX_PARAM_VALUES", 20))
# Anonymous exports: decisions per CSV/JSON request (paged with offset/limit); the whole archive is the bulk
# file `manage.py export_bulk` writes to IMR_BULK_DIR, served at /bulk/<name>.
IMR_EXPORT_MAX_DECISIONS = int(os.environ.get("IMR_EXPORT_MAX_DECISIONS", 5000))
IMR_BULK_DIR = Path(os.environ.get("IMR_BULK_DIR", VAR_DIR / "bulk"))
# The worker writes a heartbeat every lease/3 s; a task whose worker missed its lease is run again.
IMR_WORKER_LEASE_SECONDS = float(os.environ.get("IMR_WORKER_LEASE_SECONDS", 60))
# The search index (determinations/engine) answers searches when one is registered and this node has it
# (`manage.py rebuild_search_index`); SEARCH_ENGINE=postgres makes PostgreSQL answer every search.
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "auto")
SEARCH_INDEX = os.environ.get("SEARCH_INDEX", "default")  # this node's index, by its registered name
# Uploads stream to disk in chunks, hashed on the way (never read whole into memory).
FILE_UPLOAD_HANDLERS = ["determinations.storage.HashingUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = IMR_MAX_BODY_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# --- end of the operations block ---------------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Static files: `manage.py serve` collects them; whitenoise serves them compressed, and with far-future
# caching since their names carry a hash of their content.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background work: Django's task API, stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Upload limits (bytes). A single letter is at most a few MB; a zip may hold thousands of letters.
IMR_MAX_LETTER_BYTES = int(os.environ.get("IMR_MAX_LETTER_BYTES", 20 * 1024 * 1024))
IMR_MAX_UPLOAD_BYTES = int(os.environ.get("IMR_MAX_UPLOAD_BYTES", 512 * 1024 * 1024))
IMR_MAX_ZIP_UNCOMPRESSED_BYTES = int(os.environ.get("IMR_MAX_ZIP_UNCOMPRESSED_BYTES", 4 * 1024 * 1024 * 1024))
IMR_MAX_ZIP_RATIO = int(os.environ.get("IMR_MAX_ZIP_RATIO", 200))
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# One line per request on imr_archive.requests (see imr_archive/middleware.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "formatter": "message"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "imr_archive.requests": {
            "handlers": ["requests"], "level": os.environ.get("IMR_REQUEST_LOG_LEVEL", "INFO"), "propagate": False,
        },
    },
}

# --- The attorney's desk: public accounts (django-allauth), saved searches and alerts, folders, the API --------
# Staff still sign in to /admin/ by username (ModelBackend); the public signs up and in by e-mail address.
INSTALLED_APPS += ["desk", "allauth", "allauth.account", "allauth.usersessions", "ninja"]  # desk first: templates
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware",
               "allauth.usersessions.middleware.UserSessionsMiddleware"]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend",
                           "allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_REDIRECT_URL = "/desk/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "IMR Archive: "
# Per IP and per key; allauth's defaults, stated so they are visible and tunable ("count/period/scope").
ACCOUNT_RATE_LIMITS = {
    "signup": os.environ.get("RATE_SIGNUP", "20/m/ip"),
    "login": os.environ.get("RATE_LOGIN", "30/m/ip"),
    "login_failed": os.environ.get("RATE_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "reset_password": os.environ.get("RATE_RESET", "20/m/ip,5/m/key"),
    "confirm_email": "1/3m/key",
}
USERSESSIONS_TRACK_ACTIVITY = False
# E-mail: SMTP configured by the environment; the console in development.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IMR Archive <alerts@localhost>")
DESK_SITE_URL = os.environ.get("DESK_SITE_URL", "http://127.0.0.1:8000")  # for links in e-mails
DESK_MAIL_DOMAIN = os.environ.get("DESK_MAIL_DOMAIN", "imr-archive.local")  # for Message-IDs
# The read-only API: requests per address without a token, per account with one (django-ninja's rate syntax).
DESK_API_RATES = {"anonymous": os.environ.get("API_RATE_ANONYMOUS", "60/min"),
                  "token": os.environ.get("API_RATE_TOKEN", "600/min")}
# --- end of the attorney's desk ------------------------------------------------------------------------------------
