"""Settings, read from the environment.

Defaults are the production ones: with DEBUG off (the default) there is no fallback secret key
(the web and worker processes refuse to start without SECRET_KEY: ``config.production``), HTTP is
redirected to HTTPS, cookies are secure, mail goes out by SMTP and ``load_demo`` refuses. The
embedded development run sets DEBUG=1 (``scripts/run.sh``): a local key, no HTTPS redirect, mail
printed to the console. Every variable read here is in the README's settings table.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# No fallback in production: with DEBUG off an unset SECRET_KEY stays empty, the web and worker
# processes refuse to start naming the variable (config.production.require_secret_key) and Django
# refuses to sign anything with it. Only the development run (DEBUG=1) has a local key.
SECRET_KEY = os.environ.get("SECRET_KEY", "") or ("django-insecure-local-development-key-debug-only" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.ComplianceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "rest_framework",
    "config.apps.ApiTokensConfig",
    "config.apps.ProjectConfig",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "django_fsm",
    "django_otp",
    "registries.third_party_apps.TOTPDevicesConfig",
    "registries.third_party_apps.StaticTokensConfig",
    "registries.third_party_apps.AxesConfig",
    "registries",
    "registries.stafflists",
    "registries.sweeps",
    "cases",
    "cases.violations",
    "cases.platforms",
    "cases.devices",
    "cases.egov",
    "cases.monitoring",
    "cases.inbox",
    "cases.search",
    "cases.exports",
    "forms_kz",
    "manual",
    "django.forms",
]

# Widgets are drawn from the project's templates first (templates/django/forms/widgets/): the file
# input carries a labelled button in the interface language instead of the browser's "Choose File".
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "registries.language.LanguagePreferenceMiddleware",
    "config.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "registries.sweeps.middleware.ActivityMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "manual.context_processors.manual",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Kazakh first, Russian second, English for developers.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["registries.formats"]
# Quantities are grouped "1 234 567,5" (registries/formats/kk). Ids, years, case and line numbers
# are names, not quantities: |unlocalize in templates, registries.fields.plain_number_column in lists.
USE_THOUSAND_SEPARATOR = True
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (screenshots, evidence) and issued letters: the local folder MEDIA_ROOT (the embedded
# default; with several web nodes and workers it must be one folder shared by all of them), or an
# S3-compatible object store when S3_BUCKET is set (django-storages). Either way the files are
# private: they are streamed only by the permission-checked views (cases.uploads.GuardedStorage,
# the letters' downloads), never by a public or pre-signed bucket URL.
S3_BUCKET = os.environ.get("S3_BUCKET", "").strip()
if S3_BUCKET:
    _file_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL", "").strip() or None,
            "region_name": os.environ.get("S3_REGION", "").strip() or "us-east-1",
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", "") or None,
            "location": os.environ.get("S3_PREFIX", "").strip().strip("/"),
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path").strip() or None,
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket's own (private) policy; objects are never made public
            "querystring_auth": True,
            "file_overwrite": False,  # a taken name gets a suffix, as on the local folder
        },
    }
else:
    _file_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _file_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads (screenshots, letters) live outside the static tree and are served only through views
# that check the user's right to the case.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Bodies larger than these are refused (413) from their Content-Length, before anything is read
# (config.middleware): the public verification page takes one PDF of at most 20 MB.
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", str(64 * 1024 * 1024)))
REQUEST_BODY_LIMITS = {
    "/verify/": 21 * 1024 * 1024,
    "/admin/login/": 64 * 1024,
}

# E-mail: SMTP from the variables below; the development run (DEBUG=1) prints mail to the console.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@compliance.kz")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis in production; with no broker configured the jobs run as management commands.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE

# Public base URL, printed on letters' verification QR codes (required in production:
# config.production.require_production_settings).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# /healthz (config.health): each check (database, broker, file store) gives up after this many seconds.
HEALTHZ_TIMEOUT_SECONDS = float(os.environ.get("HEALTHZ_TIMEOUT_SECONDS", "2"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "registries.security.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON within bounds (depth, values, no NUL: config.json_limits); no HTML forms in the
    # browsable API (their related-field choices would list records of every organisation).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "config.renderers.BrowsableAPIWithoutForms"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "cases.api.exception_handler",
}
# API tokens (django-rest-knox): "Authorization: Token <token>"; only a hash is stored; each token
# expires after API_TOKEN_TTL_HOURS and dies with a password change or a deactivation
# (registries.security). People issue and revoke theirs in Admin → API tokens.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=float(os.environ.get("API_TOKEN_TTL_HOURS", str(30 * 24)))),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Telecom compliance back office API",
    "DESCRIPTION": "Integrations of state bodies, the State Technical Service, operators and the portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DeviceDemandKindEnum": "cases.devices.models.DemandKind",
        "ViolationReportStateEnum": "cases.violations.choices.ReportState",
        "ViolationReportChannelEnum": "cases.violations.choices.Channel",
    },
}

# Staff lists (seed 001 p. 5): remind state bodies this many days before the half-year ends.
STAFF_LIST_REMINDER_DAYS_BEFORE = int(os.environ.get("STAFF_LIST_REMINDER_DAYS_BEFORE", "14"))
# Deadline reminders (cases.monitoring): the points at which the awaiting organisation is reminded.
DEADLINE_REMINDER_POINTS = env_list("DEADLINE_REMINDER_POINTS", "half,one_working_hour_left,overdue")
# A reminder run waits this long for an overlapping run still creating reminders, then only sends.
DEADLINE_REMINDER_LOCK_TIMEOUT_SECONDS = float(os.environ.get("DEADLINE_REMINDER_LOCK_TIMEOUT_SECONDS", "10"))

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Export needs the model's view permission (import-export otherwise lets every staff user export).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Cells starting with = + - @ (after blanks too) are exported as text, never as live formulas.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# django-fsm: the admin shows only transitions marked custom={"admin": True}.
FSM_ADMIN_FORCE_PERMIT = True  # only steps marked custom["admin"] are buttons

LOGIN_URL = "admin:login"

# Log-in: lock-out after repeated failures (django-axes), TOTP for the authorised body (django-otp).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
# Locked is the pair (user name, address): nobody locks a victim out by name from another address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind TRUSTED_PROXY_COUNT reverse proxies (X-Forwarded-For counted from the
# right; 0: the peer's address, the header ignored).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "registries.security.client_ip_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
OTP_REQUIRED_FOR_AUTHORISED_BODY = env_bool("OTP_REQUIRED_FOR_AUTHORISED_BODY", True)
OTP_TOTP_ISSUER = "Telecom compliance KZ"

# Security: production values come from the environment; with DEBUG off every hardening is on.
# HTTP is redirected to HTTPS unless SECURE_SSL_REDIRECT=0 (a TLS-terminating proxy that redirects
# itself). Behind such a proxy, SECURE_PROXY_SSL_HEADER names the header it sets, e.g.
# "HTTP_X_FORWARDED_PROTO=https"; unset, no client-sent header is believed.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The health check answers the load balancer's plain-HTTP probe on the node itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = tuple(part.strip() for part in _proxy_ssl_header.split("=", 1)) if "=" in _proxy_ssl_header else None
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# Sessions end after 30 minutes without a request (renewed on every request).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_SAVE_EVERY_REQUEST = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
