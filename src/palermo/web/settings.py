"""Django settings for Palermo, read from the environment (see docs/admin.md for every variable).

SQLite is the embedded default; set ``DATABASE_URL=postgres://...`` for PostgreSQL in production.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PALERMO_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key from PALERMO_SECRET_KEY, or one generated once into VAR_DIR/secret_key (mode 0600)."""
    if key := os.environ.get("PALERMO_SECRET_KEY"):
        return key
    path = Path(os.environ.get("PALERMO_SECRET_KEY_FILE", VAR_DIR / "secret_key"))
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


DEBUG = _env_bool("PALERMO_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("PALERMO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
HTTPS = _env_bool("PALERMO_HTTPS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "palermo.accounts",
    "palermo.reference",
    "palermo.reporting",
    "palermo.cases",
    "palermo.caselaw",
    "palermo.fund",
    "palermo.coordination",
    "palermo.statistics",
    "palermo.estimation",
    "palermo.publishing",
    "palermo.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "palermo.web.urls"
WSGI_APPLICATION = "palermo.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "palermo.web.navigation.navigation",
            ]
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'palermo.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers work while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if redis_url := os.environ.get("PALERMO_REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Passwords, login and lockout -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "palermo.accounts.passwords.CharacterClassValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PALERMO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PALERMO_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
# Roles that must sign in with a TOTP code (e.g. "platform_admin,case_worker"); empty = optional.
PALERMO_REQUIRE_2FA_ROLES = [
    r.strip() for r in os.environ.get("PALERMO_REQUIRE_2FA_ROLES", "").split(",") if r.strip()
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Sessions, cookies, headers ---------------------------------------------------------------------
SESSION_COOKIE_AGE = int(os.environ.get("PALERMO_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("PALERMO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = HTTPS and not _env_bool("PALERMO_BEHIND_PROXY")
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
if _env_bool("PALERMO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Exact hashes of the inline styles of Swagger UI (/api/docs/) and DRF's browsable API (its
        # Pygments block and two style attributes), never 'unsafe-inline'.
        "style-src": [
            "'self'",
            "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='",
            "'sha256-1kn+agGaGZdaFPNbx228buXQB9KXcy9RVE6NMUiW4SQ='",
            "'unsafe-hashes'",
            "'sha256-OfgyIBrd+/vP79JdFMYP+re4T+fIenvkrHPD2HZ8/cs='",
            "'sha256-0V5/fLoTH6AIz3LwPzc/fJk6f/SSrUGN1hZNQXZRs2Y='",
        ],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Languages: French and English from the first page ---------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = True

# API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "palermo.web.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "palermo.web.api_errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("PALERMO_API_RATE_ANON", "6000/minute"),
        "user": os.environ.get("PALERMO_API_RATE_USER", "12000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Palermo API",
    "DESCRIPTION": "Reference data, reporting rounds, case data, estimates and statistics against "
    "trafficking in persons.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Limits (every limit explicit) -------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PALERMO_IMPORT_MAX_BYTES = int(os.environ.get("PALERMO_IMPORT_MAX_BYTES", str(200 * 1024 * 1024)))
PALERMO_IMPORT_MAX_ROWS = int(os.environ.get("PALERMO_IMPORT_MAX_ROWS", "2000000"))
PALERMO_EXPORT_MAX_ROWS = int(os.environ.get("PALERMO_EXPORT_MAX_ROWS", "1000000"))
PALERMO_IMPORT_CHUNK_ROWS = int(os.environ.get("PALERMO_IMPORT_CHUNK_ROWS", "20000"))
PALERMO_IMPORT_MAX_PROBLEMS = int(os.environ.get("PALERMO_IMPORT_MAX_PROBLEMS", "100000"))
PALERMO_IMPORT_BACKGROUND = _env_bool("PALERMO_IMPORT_BACKGROUND", True)

# Victims' identifiers: encryption keys come from configuration, never from the database.
# The first key encrypts; all decrypt (rotation: `palermo cases rotate-keys`). See docs/cases.md.
PALERMO_FIELD_KEYS = [
    k.strip() for k in os.environ.get("PALERMO_FIELD_KEYS", "").split(",") if k.strip()
]
PALERMO_FIELD_KEY_FILE = os.environ.get("PALERMO_FIELD_KEY_FILE", "")
PALERMO_BLIND_INDEX_KEY = os.environ.get("PALERMO_BLIND_INDEX_KEY", "")
# A linkage run silent for this long is shown as stopped and no longer blocks a new run.
PALERMO_LINKAGE_STALL_SECONDS = int(os.environ.get("PALERMO_LINKAGE_STALL_SECONDS", "900"))
# Estimation runs from the web (synchronous): bigger jobs go through `palermo mse estimate`.
PALERMO_MSE_MAX_UPLOAD_BYTES = int(os.environ.get("PALERMO_MSE_MAX_UPLOAD_BYTES", str(1024 * 1024)))
PALERMO_MSE_MAX_LISTS = int(os.environ.get("PALERMO_MSE_MAX_LISTS", "10"))
PALERMO_MSE_MAX_BOOTSTRAP = int(os.environ.get("PALERMO_MSE_MAX_BOOTSTRAP", "2000"))
PALERMO_MSE_WORKERS = int(os.environ.get("PALERMO_MSE_WORKERS", "1"))

# Audit -------------------------------------------------------------------------------------
PALERMO_AUDIT_RETENTION_DAYS = int(os.environ.get("PALERMO_AUDIT_RETENTION_DAYS", str(365 * 7)))

EMAIL_BACKEND = os.environ.get(
    "PALERMO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("PALERMO_FROM_EMAIL", "palermo@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PALERMO_LOG_LEVEL", "WARNING")},
}
