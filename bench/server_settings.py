"""Settings for the server the autosave benchmark starts: production-like request handling
(DEBUG off, no static-file finders scanned per request) on the bench database, plus the
bench's URLconf with a plain JsonResponse view to compare against."""

import warnings

from config.settings.base import *  # noqa: F403

# Static files come from the app folders here; nothing was collected for the benchmark.
warnings.filterwarnings("ignore", message="No directory at")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
CELERY_TASK_ALWAYS_EAGER = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_USE_FINDERS = True
