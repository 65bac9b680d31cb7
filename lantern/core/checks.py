"""Deploy checks: ``lantern check --deploy`` fails (errors, not warnings) on unsafe settings.

Django's own deploy checks only warn; a partnership's casework must not go live with any of
these, so each is an Error here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def unsafe_production_settings(app_configs, **kwargs) -> list:
    errors: list = []

    def error(id_: str, msg: str, hint: str) -> None:
        errors.append(Error(msg, hint=hint, id=f"lantern.{id_}"))

    if settings.DEBUG:
        error("E001", "DEBUG is on.", "Unset DEBUG (or set DEBUG=false) in production.")
    key = settings.SECRET_KEY or ""
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
        error("E002", "SECRET_KEY is too short or too simple.", "Set a random key of 50+ chars.")
    if getattr(settings, "LANTERN_ENV", "") != "production":
        error(
            "E003",
            "The production settings are not in use.",
            "Set DJANGO_SETTINGS_MODULE=config.settings.production.",
        )
    if "*" in settings.ALLOWED_HOSTS:
        error("E004", "ALLOWED_HOSTS allows any host.", "List the service's host names.")
    if not settings.SESSION_COOKIE_SECURE or not settings.CSRF_COOKIE_SECURE:
        error("E005", "Cookies may be sent without TLS.", "Set SECURE_COOKIES=true.")
    if not settings.SECURE_HSTS_SECONDS:
        error("E006", "HSTS is off.", "Set SECURE_HSTS_SECONDS (31536000 is usual).")
    tasks: dict = settings.TASKS
    if tasks["default"]["BACKEND"].endswith("ImmediateBackend"):
        error(
            "E007",
            "Background work runs inside web requests.",
            "Set TASK_BACKEND=database or rq.",
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        errors.append(
            Warning(
                "SQLite is in use: fine on one machine, not for several web processes.",
                hint="Set DATABASE_URL to PostgreSQL when running at scale (docs/deploy.md).",
                id="lantern.W001",
            )
        )
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        errors.append(
            Warning(
                "Emails are printed to the console, not sent.",
                hint="Set EMAIL_BACKEND to django.core.mail.backends.smtp.EmailBackend.",
                id="lantern.W002",
            )
        )
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        errors.append(
            Warning(
                "The cache is local memory: limits on failed attempts count per web process.",
                hint="Set CACHE_URL to Redis when running several web processes "
                "(docs/settings.md#cache).",
                id="lantern.W003",
            )
        )
    return errors
