"""The test suite: fast hashing, e-mail kept in memory, tasks run in-process.

The database still follows ``DATABASE_URL``, so CI runs the same suite on
PostgreSQL. Integration tests start a real Celery worker themselves.
"""

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# CALIBRATE_TEST_DB names the PostgreSQL test database, so that two checkouts on one
# machine can run their suites side by side.
_test_db = env("CALIBRATE_TEST_DB", default="test_calibrate")  # noqa: F405
DATABASES["default"]["TEST"] = {"NAME": _test_db}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live server reads it from another thread.
    DATABASES["default"]["TEST"]["NAME"] = BASE_DIR / ".test-db.sqlite3"  # noqa: F405
# Serve static files from the app folders, as in development: nothing is collected.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
