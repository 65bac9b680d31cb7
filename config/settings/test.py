"""The test suite: base settings on the database named by LANTERN_TEST_DATABASE_URL
(SQLite when unset), tasks run immediately, a fast password hasher."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, _tune_database, env

DATABASES = {
    "default": _tune_database(
        env.db_url("LANTERN_TEST_DATABASE_URL", default="sqlite:///:memory:")
    ),
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
INSTALLED_APPS = [*INSTALLED_APPS, "lantern.audit.testing"]
AXES_FAILURE_LIMIT = 3
# Local memory whatever CACHE_URL says, so that emptying it between tests (conftest.py) can
# never touch a shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A fresh audit signing key for each test process, so the suite never writes var/'s key file.
import base64  # noqa: E402
import os  # noqa: E402

AUDIT_SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()

# The live server in browser tests serves static files from the finders (the npm build);
# WhiteNoise would only look in STATIC_ROOT, which the suite never collects.
from .base import MIDDLEWARE  # noqa: E402

MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]

# Partial uploads of the test suite go to throwaway folders, never into var/; each process
# that loads these settings removes its own when it exits.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

LANTERN_UPLOAD_DIR = Path(tempfile.mkdtemp(prefix="lantern-test-uploads-"))
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lantern-test-media-"))
for _folder in (LANTERN_UPLOAD_DIR, MEDIA_ROOT):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
