"""Django settings. SQLite under var/ by default, PostgreSQL through DATABASE_URL."""

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GONGHUI_VAR_DIR", PROJECT_DIR / "var"))
# var/ holds the keys, the SQLite file, uploads and logs (personal data): owner only.
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
VAR_DIR.chmod(0o700)


def _private_file(path: Path, text: str = "") -> None:
    """Create `path` readable by the owner only (0600) from the first byte; tighten an old one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
    path.chmod(0o600)


def _secret_from_var(name: str, env: str, nbytes: int = 32) -> str:
    """A secret from the environment, else generated once into var/ (never in the repo)."""
    value = os.environ.get(env)
    if value:
        return value
    path = VAR_DIR / name
    _private_file(path, secrets.token_urlsafe(nbytes))  # written only when the file is new
    return path.read_text().strip()


PRODUCTION = os.environ.get("GONGHUI_PRODUCTION") == "1"
# Safe by default: error pages never show settings, URL lists, tracebacks or POSTed data unless
# a developer asks for them with GONGHUI_DEBUG=1 — and never in production.
DEBUG = os.environ.get("GONGHUI_DEBUG") == "1" and not PRODUCTION
SECRET_KEY = _secret_from_var("secret_key", "GONGHUI_SECRET_KEY", 50)
# 32-byte key (urlsafe base64) for AES-GCM field encryption and HMAC lookup hashes.
PII_KEY = _secret_from_var("pii_key", "GONGHUI_PII_KEY", 32)

ALLOWED_HOSTS = os.environ.get("GONGHUI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # For its Swagger UI files (static/ninja/), served locally: /api/docs never loads a CDN.
    "ninja",
    "gonghui.core",
    "gonghui.honors",
    "gonghui.recuperation",
    "gonghui.mutual_aid",
    "gonghui.relief",
    "gonghui.workplace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so it also marks responses made by the middleware below (redirects, CSRF 403s).
    "gonghui.core.security.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.middleware.CurrentUserMiddleware",
    "gonghui.core.middleware.IdleTimeoutMiddleware",
    "gonghui.core.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
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
                "gonghui.core.context_processors.menu",
            ],
        },
    },
]
WSGI_APPLICATION = "gonghui.wsgi.application"

# An empty DATABASE_URL (as `make test-sqlite` passes) means the SQLite default.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Created 0600 before SQLite opens it (an empty file is an empty database); SQLite gives
    # its -wal/-shm files the database file's mode.
    _sqlite_file = Path(str(DATABASES["default"]["NAME"]))
    if _sqlite_file.parent.is_dir() and not str(_sqlite_file).startswith(":memory:"):
        _private_file(_sqlite_file)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file too, not Django's shared-cache in-memory database: there a background
    # job's thread and the live server fail at once on each other's table locks ("database
    # table is locked") instead of waiting on the busy timeout as they do in production.
    # One file per test process (pid), in the temp folder: parallel runs in one checkout never
    # share it; Django deletes it when the run ends.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"gonghui-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# WhiteNoise serves static files (runserver does not when DEBUG is off). `make run` runs
# collectstatic into STATIC_ROOT; outside production the source tree is served as well, so a
# checkout works without it. Production (manifest storage) needs collectstatic after each update.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_ROOT.mkdir(mode=0o700, exist_ok=True)
MEDIA_ROOT.chmod(0o700)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Uploads: imports are capped at 50 MB and rejected with a Chinese message beyond that.
IMPORT_MAX_BYTES = 50 * 1024 * 1024
# Uploaded files (personal data) previewed but never confirmed are deleted after this.
IMPORT_KEEP_HOURS = 24
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Staff sessions end after this many idle minutes (职工本人: the browser session's lifetime).
IDLE_TIMEOUT_MINUTES = int(os.environ.get("GONGHUI_IDLE_MINUTES", "30"))

# Login lockout: after this many failures within the window the account is locked.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_MINUTES = 15

# Background jobs: embedded thread by default, Redis (huey) when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
JOBS_BACKEND = "redis" if REDIS_URL else os.environ.get("GONGHUI_JOBS", "thread")
HUEY_NAME = os.environ.get("GONGHUI_HUEY_NAME", "gonghui")  # the Redis queue's name
# With Redis configured, the cache (e.g. the progress-query limit) is shared by every
# server process; otherwise each process keeps its own in memory.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "gonghui.core.security.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("GONGHUI_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Unhandled errors (with their traceback, never the request body) go to stderr and to a
# rotating file under var/logs/ (directory 0700, files 0600).
LOG_FILE = VAR_DIR / "logs" / "gonghui.log"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "file": {
            "class": "gonghui.core.security.PrivateRotatingFileHandler",
            "filename": str(LOG_FILE),
            "maxBytes": 10 * 1024 * 1024,
            "backupCount": 5,
            "encoding": "utf-8",
            "delay": True,
            "formatter": "plain",
        },
    },
    "loggers": {
        "gonghui": {"handlers": ["console", "file"], "level": "INFO"},
        # 5xx with traceback; Django's own config would print them only when DEBUG is on.
        "django.request": {"handlers": ["console", "file"], "level": "ERROR", "propagate": False},
        "django.security": {
            "handlers": ["console", "file"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}
