"""Project wiring only. Every knob comes from the environment (see README, "Running it")."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JARING_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
POLICY_DIR = Path(os.environ.get("JARING_POLICY_DIR", BASE_DIR / "policy"))
MEDIA_ROOT = Path(os.environ.get("JARING_MEDIA_ROOT", VAR_DIR / "uploads"))  # outside the web root


def _secret_key() -> str:
    if key := os.environ.get("JARING_SECRET_KEY"):
        return key
    # A per-installation key kept beside the database, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("JARING_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("JARING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("JARING_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# JARING_TEST_MODE=1 makes every captcha accept "PASSED" (CONTRACTS.md); refused with DEBUG off
# unless JARING_ALLOW_TEST_MODE=1 says the operator really means it.
TEST_MODE = os.environ.get("JARING_TEST_MODE", "0") == "1"
if TEST_MODE and not DEBUG and os.environ.get("JARING_ALLOW_TEST_MODE", "0") != "1":
    raise RuntimeError(
        "JARING_TEST_MODE=1 ditolak karena DEBUG mati; setel juga JARING_ALLOW_TEST_MODE=1."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "jaring.core",
    "jaring.regions",
    "jaring.accounts",
    "jaring.registry",
    "jaring.programs",
    "jaring.web",
    "captcha",
    "jaring.portal",
    "jaring.notify",
    "jaring.usulan",
    "jaring.penyaluran",
    "jaring.pengaduan",
    "jaring.matching",
    "jaring.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Cek Bansos and its captcha skip the rest but language and X-Frame-Options: see there.
    "jaring.portal.fastpath.LookupFastPath",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jaring.portal.language.ChosenLanguageMiddleware",  # not Accept-Language: see there
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jaring.urls"
WSGI_APPLICATION = "jaring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jaring" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'jaring.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web workers read while an import writes; IMMEDIATE avoids
        # "database is locked" on upgrade from a read to a write transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"  # Indonesian lockout page

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "jaring" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or os.environ.get("JARING_PLAIN_STATIC") == "1"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = os.environ.get("JARING_SECURE_COOKIES", "0") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def _redis_url() -> str:
    """JARING_REDIS_URL, or the local Redis when one answers; "" means no Redis.

    An explicit URL is trusted as it is (a Redis that is down then fails loudly); the default is
    probed once at start-up so a machine without Redis still runs on the database cache.
    """
    if "JARING_REDIS_URL" in os.environ:
        return os.environ["JARING_REDIS_URL"].strip()
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.2):
            return "redis://127.0.0.1:6379/0"
    except OSError:
        return ""


REDIS_URL = _redis_url()
# Every installation keeps its keys apart on a shared Redis: by default the prefix names the
# database, so two registries (or a test server on its own file) never share a rate-limit counter.
_DB = DATABASES["default"]
CACHE_KEY_PREFIX = os.environ.get(
    "JARING_CACHE_PREFIX",
    "jaring-"
    + hashlib.sha256(f"{_DB.get('HOST')}:{_DB.get('PORT')}/{_DB['NAME']}".encode()).hexdigest()[
        :12
    ],
)
if REDIS_URL:
    CACHES = {
        "default": {
            # Rate-limit counters: one atomic INCR per counter, shared by every worker.
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            # Database cache: shared by every gunicorn worker with no extra server to run.
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jaring_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Rate-limit counters live here: the default 300 entries would be culled in a busy hour.
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        }
    }

# Cek Bansos (jaring.portal): captcha and rate limits. CAPTCHA_TEST_MODE follows JARING_TEST_MODE,
# so "PASSED" is accepted only when the guard above allowed test mode. Audio captchas need flite.
CAPTCHA_TEST_MODE = TEST_MODE
CAPTCHA_FLITE_PATH = shutil.which("flite")
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_IMAGE_SIZE = (120, 44)
CEK_BANSOS_RATE_IP = os.environ.get("JARING_CEK_BANSOS_RATE_IP", "20/m")
CEK_BANSOS_RATE_DESA = os.environ.get("JARING_CEK_BANSOS_RATE_DESA", "60/m")
# Without Redis, django-ratelimit flags DatabaseCache because its incr() is not atomic: under heavy
# concurrency a few increments can be lost, so the limits are slightly soft there. Accepted so that
# a machine with no Redis still runs; with Redis (the default when it answers) they are exact.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Mail (citizen e-mail confirmation): printed to the console unless an SMTP server is configured.
_MAIL_BACKEND = os.environ.get(
    "JARING_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": (
            {
                "host": os.environ.get("JARING_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("JARING_EMAIL_PORT", "25")),
            }
            if _MAIL_BACKEND.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("JARING_EMAIL_FROM", "Jaring <noreply@jaring.local>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JARING_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
