"""Every Lantern setting, read from the environment through one reader (django-environ).

Each variable read here is listed in docs/settings.md; ``lantern/core/tests/test_docs.py``
fails when one is missing. Defaults are safe for the embedded, one-machine case.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

VAR_DIR = Path(env.str("LANTERN_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

LANTERN_ENV = "development"  # config.settings.production sets "production"


def _local_secret_key() -> str:
    """The embedded install keeps a generated key under var/; never a constant fallback."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
LANTERN_BASE_URL = env.str("LANTERN_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "lantern.core",
    "lantern.audit",
    "lantern.accounts",
    "lantern.frontend",
    "lantern.places",
    "lantern.reports",
    "lantern.evidence",
    "lantern.cases",
    "lantern.safeguarding",
    "lantern.intelligence",
    "lantern.analytics",
    "lantern.disclosure",
    "lantern.subjectaccess",
    "lantern.notifications",
    "lantern.dataprotection",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "govuk_frontend_django",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lantern.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lantern.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantern.core.csp.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "lantern.core.refusals.ServiceRefusalsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lantern.frontend.context_processors.navigation",
                "lantern.frontend.context_processors.branding",
                "lantern.frontend.context_processors.back_link",
            ],
            # In every template without {% load %}: the date filters and the page tags
            # (title, back link) of lantern/frontend (docs/frontend.md).
            "builtins": [
                "lantern.frontend.templatetags.govuk_dates",
                "lantern.frontend.templatetags.govuk_pages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lantern.sqlite3'}"),
}


def _tune_database(db: dict) -> dict:
    if db["ENGINE"] == "django.db.backends.sqlite3":
        options = db.setdefault("OPTIONS", {})
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN,
        # so two writers can never both read the audit chain head before one of them writes.
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        )
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
    else:
        # Connections are kept between requests and checked (Django's SELECT 1) before a
        # request's first query, so a restarted server costs nobody an error.
        db.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        db.setdefault("CONN_HEALTH_CHECKS", True)
    db["ATOMIC_REQUESTS"] = False
    return db


DATABASES["default"] = _tune_database(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, two-factor, lockout --------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "lantern.accounts.views.axes_username"

OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Lantern")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True

# --- Security headers -----------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# Limits and lockouts count the client, not the load balancer: behind proxies the client's
# address comes from X-Forwarded-For, trusting exactly as many proxies as stand in front of
# Lantern (lantern/core/client_address.py); otherwise it is REMOTE_ADDR.
LANTERN_TRUSTED_PROXY_COUNT = 0
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    LANTERN_TRUSTED_PROXY_COUNT = max(1, env.int("TRUSTED_PROXY_COUNT", default=1))
AXES_CLIENT_IP_CALLABLE = "lantern.core.client_address.client_address"

LANTERN_TILE_URL = env.str(
    "LANTERN_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)

# Branding (docs/settings.md#branding): Lantern is the partnership's service, not GOV.UK's.
LANTERN_SERVICE_NAME = env.str("LANTERN_SERVICE_NAME", default="Lantern")
LANTERN_OPERATOR_NAME = env.str("LANTERN_OPERATOR_NAME", default="")
LANTERN_LOGO_URL = env.str("LANTERN_LOGO_URL", default="")
LANTERN_FOOTER_LINKS = env.str("LANTERN_FOOTER_LINKS", default="")
_LOGO_ORIGIN = LANTERN_LOGO_URL.split("/")[2] if LANTERN_LOGO_URL.startswith("https://") else ""

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            LANTERN_TILE_URL.split("/{")[0].replace("{s}.", ""),
            *([f"https://{_LOGO_ORIGIN}"] if _LOGO_ORIGIN else []),
        ],
        "font-src": [SELF],
        "media-src": [SELF],  # evidence playback (evidence:item-play)
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Internationalisation: stored in UTC, shown in Europe/London ------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files and storage -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "lantern" / "frontend" / "build"]
LANTERN_STORAGE = env.str("LANTERN_STORAGE", default="local")
MEDIA_ROOT = Path(env.str("LANTERN_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Evidence uploads (tus): the largest file accepted, and where partial bytes wait.
LANTERN_UPLOAD_MAX_BYTES = env.int("LANTERN_UPLOAD_MAX_BYTES", default=4 * 1024**3)
LANTERN_UPLOAD_DIR = VAR_DIR / "uploads"
# The plain file input (the upload page without JavaScript): the largest file it takes.
LANTERN_PLAIN_UPLOAD_MAX_BYTES = env.int("LANTERN_PLAIN_UPLOAD_MAX_BYTES", default=200 * 1024**2)
# What a file says about itself beside what the resident said (docs/evidence.md): the device's
# time (after its declared clock offset) further than this from the report's is flagged, and
# its location further than this from the report's place; a location within it of the place a
# resident reported is personal data.
LANTERN_METADATA_TIME_GAP_HOURS = env.float("LANTERN_METADATA_TIME_GAP_HOURS", default=2.0)
LANTERN_METADATA_PLACE_GAP_METRES = env.int("LANTERN_METADATA_PLACE_GAP_METRES", default=250)

STORAGES: dict[str, dict] = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if LANTERN_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "file_overwrite": False,
        },
    }
elif LANTERN_STORAGE == "local":
    STORAGES["default"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("LANTERN_STORAGE must be 'local' or 's3'")

# --- Cache (docs/settings.md#cache) ------------------------------------------------------
# Counters of the limits (following a report by its tracking code). Local memory is per
# process; several web processes or machines share one Redis (redis://host:6379/1).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Background work (django-tasks) ----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
TASK_BACKEND = env.str("TASK_BACKEND", default="database")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if TASK_BACKEND not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": _TASK_BACKENDS[TASK_BACKEND]}
if TASK_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    # Workers must run django-tasks-rq's job class, or every task fails to record its result.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# --- Audit log (docs/settings.md#audit-log) ------------------------------------------------
# The Ed25519 key that signs checkpoints of the audit chain (ADR 0013): base64 of the raw 32
# bytes, or PEM. Unset outside production: generated on first use into the key file.
AUDIT_SIGNING_KEY = env.str("AUDIT_SIGNING_KEY", default="")
AUDIT_SIGNING_KEY_FILE = VAR_DIR / "audit_signing_key"
# Public keys of earlier signing keys, whose checkpoints still verify after a rotation.
AUDIT_TRUSTED_PUBLIC_KEYS = env.list("AUDIT_TRUSTED_PUBLIC_KEYS", default=[])
# A checkpoint is signed after every this many events (0: only the daily one).
AUDIT_CHECKPOINT_EVERY = env.int("AUDIT_CHECKPOINT_EVERY", default=10_000)

# --- Email ------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="lantern@localhost")

# --- Notifications (docs/notifications.md) ---------------------------------------------------
# Where residents' and staff's messages go: "console" (printed by the worker: the demo),
# "smtp" (Django's email backend above; email only) or "notify" (GOV.UK Notify).
LANTERN_NOTIFICATIONS_BACKEND = env.str("LANTERN_NOTIFICATIONS_BACKEND", default="console")
if LANTERN_NOTIFICATIONS_BACKEND not in ("console", "smtp", "notify"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("LANTERN_NOTIFICATIONS_BACKEND must be console, smtp or notify")
# GOV.UK Notify: the API key (a secret, no default) and each message's template id, as
# key=id pairs, e.g. "report_received=6f1c...,report_updated=0b2e...".
LANTERN_NOTIFY_API_KEY = env.str("LANTERN_NOTIFY_API_KEY", default="")
LANTERN_NOTIFY_TEMPLATES: dict[str, str] = env.dict("LANTERN_NOTIFY_TEMPLATES", default={})
LANTERN_NOTIFY_BASE_URL = env.str(
    "LANTERN_NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk"
)
LANTERN_NOTIFY_TIMEOUT = env.int("LANTERN_NOTIFY_TIMEOUT", default=30)
# Attempts at a message before it is recorded as failed (transient failures only).
LANTERN_NOTIFICATIONS_MAX_ATTEMPTS = env.int("LANTERN_NOTIFICATIONS_MAX_ATTEMPTS", default=5)

# --- Logging: no personal data; structured enough to grep --------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 403 or 404 is an expected refusal: one line, no traceback (lantern/core/logfilters.py).
    "filters": {"one_line_refusals": {"()": "lantern.core.logfilters.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["one_line_refusals"]},
    },
}

AXES_LOCKOUT_CALLABLE = "lantern.accounts.views.locked_out"

# --- Reports ------------------------------------------------------------------------------
LANTERN_DUPLICATE_METRES = env.int("LANTERN_DUPLICATE_METRES", default=150)
LANTERN_DUPLICATE_HOURS = env.int("LANTERN_DUPLICATE_HOURS", default=24)
# Following a report by its reference and tracking code: failed attempts allowed from one
# client address in the window, after which that address waits out the window.
LANTERN_FOLLOW_ATTEMPTS = env.int("LANTERN_FOLLOW_ATTEMPTS", default=10)
LANTERN_FOLLOW_WINDOW_MINUTES = env.int("LANTERN_FOLLOW_WINDOW_MINUTES", default=15)
# Where report maps open (latitude, longitude), and where a report given only as a typed
# address is placed (marked approximate).
LANTERN_MAP_CENTRE = tuple(
    float(part) for part in env.str("LANTERN_MAP_CENTRE", default="51.5412,0.7183").split(",")
)

# --- Places and cameras (docs/settings.md#maps) ----------------------------------------------
# How far from an incident the camera search looks for registered cameras (metres).
LANTERN_CAMERA_SEARCH_METRES = env.int("LANTERN_CAMERA_SEARCH_METRES", default=100)
# Finding places by street, postcode or name, and naming a point (lantern/places/geocoding):
# "local" reads the gazetteer table (`lantern gazetteer` fills it); "nominatim" asks a
# Nominatim-compatible service at LANTERN_GEOCODER_URL, with LANTERN_GEOCODER_KEY if it
# needs one.
LANTERN_GEOCODER = env.str("LANTERN_GEOCODER", default="local")
LANTERN_GEOCODER_URL = env.str("LANTERN_GEOCODER_URL", default="")
LANTERN_GEOCODER_KEY = env.str("LANTERN_GEOCODER_KEY", default="")
LANTERN_GEOCODER_TIMEOUT_SECONDS = env.float("LANTERN_GEOCODER_TIMEOUT_SECONDS", default=5.0)
# Searches one client address may make in a minute (the search API and the report pages).
LANTERN_PLACE_SEARCHES_PER_MINUTE = env.int("LANTERN_PLACE_SEARCHES_PER_MINUTE", default=60)

# --- Cases and enforcement (docs/settings.md#cases-and-enforcement) -------------------------
# The deployment's defaults: each local authority's enforcement policy may set its own
# (lantern/cases/policy.py, docs/adr/0014-enforcement-policy-per-authority.md).
LANTERN_CPW_MONTHS = env.int("LANTERN_CPW_MONTHS", default=6)
LANTERN_CPN_MONTHS = env.int("LANTERN_CPN_MONTHS", default=12)
LANTERN_FPN_CAP_500_FROM = env.str("LANTERN_FPN_CAP_500_FROM", default="")
LANTERN_FPN_CPN_AMOUNT = env.int("LANTERN_FPN_CPN_AMOUNT", default=100)
LANTERN_FPN_PSPO_AMOUNT = env.int("LANTERN_FPN_PSPO_AMOUNT", default=100)
LANTERN_CASE_REVIEW_INCIDENTS = env.int("LANTERN_CASE_REVIEW_INCIDENTS", default=3)
LANTERN_CASE_REVIEW_HATE_INCIDENTS = env.int("LANTERN_CASE_REVIEW_HATE_INCIDENTS", default=1)
LANTERN_CASE_REVIEW_MONTHS = env.int("LANTERN_CASE_REVIEW_MONTHS", default=6)
