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


# Development defaults; `manage.py check --deploy` flags them when DEBUG is off.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-dev-only-change-me")
DEBUG = env_bool("DEBUG", True)
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
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "determinations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
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
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
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

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
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
