"""Production: the base settings with secure defaults; refuses to start without a secret key
or an audit signing key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

LANTERN_ENV = "production"

if not env.str("SECRET_KEY", default=""):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment in production (see docs/settings.md)."
    )
SECRET_KEY = env.str("SECRET_KEY")
if not env.str("AUDIT_SIGNING_KEY", default=""):
    raise ImproperlyConfigured(
        "AUDIT_SIGNING_KEY must be set in the environment in production: "
        "make one with `lantern audit signing-key` (see docs/settings.md)."
    )

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
