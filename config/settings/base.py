"""Settings shared by every mode. Everything that differs between machines comes
from the environment (12-factor); the defaults run the whole product on a laptop:
SQLite, Celery in eager mode, console e-mail.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdef")
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for the project-wide FORM_RENDERER
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "accounts",
    "hiring",
    "candidates",
    "assessments",
    "rubrics",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.NumberTooLargeMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Forms render through TEMPLATES, every field group through templates/forms/field.html.
FORM_RENDERER = "config.form_renderer.FormRenderer"

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
                "core.access.workspace",
            ],
        },
    },
]

# --- Content-Security-Policy (django-csp) --------------------------------------------
# Every page: scripts and styles from our own origin only, so no inline script, no
# inline style attribute and no eval (htmx runs with allowEval off, see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Data stores -----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Sessions are read from the cache (Redis in production) and written through to the
# database: one query less on every signed-in request, autosaves included.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An autosave and a time report arriving together: the second waits for the first's
    # write lock instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A Redis outage degrades to no cache (sessions from the database, rate limits from
    # empty) instead of failing requests; short timeouts keep a dead Redis from stalling
    # each request. See config/cache.py.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "calibrate",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 1,
                "RETRY_AFTER": 5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ------------------------------------------------------------------------
# No broker configured means eager mode: tasks run in-process, so the embedded
# product needs neither Redis nor a worker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
# Redis hands a message that was delivered but not acknowledged (acks_late: a worker killed
# whole, SIGKILL or a lost machine) to another worker once this many seconds have passed.
# kombu's default is an hour, during which a run waits for its lost chunks. It must exceed
# the longest a message legitimately stays unacknowledged — a task's hard time limit, and
# a countdown or retry delay (retry_backoff_max 300 s in config.celery), since the worker
# holds an ETA task unacknowledged — or a slow task would be delivered twice: the time limit
# plus 5 minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60}
CELERY_TIMEZONE = "UTC"

# --- Scoring runs (assessments.scoring.runs) ----------------------------------------------
# A run none of whose chunks has started or reported for this long has lost its messages:
# no chunk runs longer than the task time limit, so after it (plus a margin) the beat
# re-enqueues the unfinished chunks, at most SCORING_RUN_MAX_RESUMES times, then fails the
# run with the unscored attempts listed, ready for "Retry failed".
SCORING_RUN_STALL_SECONDS = env.int(
    "SCORING_RUN_STALL_SECONDS", default=CELERY_TASK_TIME_LIMIT + 120
)
SCORING_RUN_MAX_RESUMES = env.int("SCORING_RUN_MAX_RESUMES", default=3)
# A submitted attempt still without a report this long after its submission (broker down at
# submit, a lost task) is scored by the beat's sweep, at most this many per sweep.
SCORING_SWEEP_GRACE_SECONDS = env.int("SCORING_SWEEP_GRACE_SECONDS", default=5 * 60)
SCORING_SWEEP_BATCH = env.int("SCORING_SWEEP_BATCH", default=1_000)
CELERY_BEAT_SCHEDULE = {
    "submit-overdue-attempts": {
        "task": "assessments.tasks.attempts_submit_overdue_task",
        "schedule": 60.0,
    },
    "watch-scoring-runs": {
        "task": "assessments.tasks.scoring_runs_watch_task",
        "schedule": 60.0,
    },
    "score-unscored-attempts": {
        "task": "assessments.tasks.attempts_unscored_sweep_task",
        "schedule": 120.0,
    },
    # Weekly audits of hired trainers: hourly, so a trainer hired mid-week or a plan set
    # mid-week gets this week's batch within the hour; a second run in a week issues none.
    "issue-audit-batches": {
        "task": "assessments.tasks.audit_batches_issue_task",
        "schedule": 3_600.0,
    },
    "close-overdue-audits": {
        "task": "assessments.tasks.audits_close_overdue_task",
        "schedule": 300.0,
    },
    # Quality alerts after each week's batches are scored: hourly and idempotent (an open
    # alert is updated, never raised twice), so a late scoring run is picked up within the hour.
    "raise-quality-alerts": {
        "task": "assessments.tasks.quality_alerts_raise_task",
        "schedule": 3_600.0,
    },
}

# --- Accounts (django-allauth, e-mail login) ----------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
# allauth's default rate limits stay on (login failures, sign-ups, password resets).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# Where the file backend (django.core.mail.backends.filebased.EmailBackend) writes each
# e-mail, one file per message: see the README's "Where e-mails go in development".
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default="/tmp/calibrate-emails")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Calibrate <hiring@calibrate.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in e-mails point: the public address of the site.
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
# Invitation e-mails (sends and resends) one organisation may send in 24 hours; counted
# from the team's record, so the cap holds across workers (hiring/teams/services.py).
TEAM_INVITATIONS_PER_DAY = env.int("TEAM_INVITATIONS_PER_DAY", default=50)

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (served by whitenoise; no CDN anywhere) -------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

# --- REST API --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # ``Authorization: Bearer <key>``: personal API tokens (accounts/tokens/). First,
        # because DRF answers 401 (not 403) only with the first class's challenge: a bad
        # token is a 401 with ``WWW-Authenticate: Bearer ...``, while a request without a
        # Bearer header (anonymous) is still answered 403, as the session scheme does.
        "accounts.tokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "config.json_input.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.NewestFirstPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
    # A list field's item errors stay a list with one entry per item ({} where the item
    # is fine), as before DRF 3.18 changed its default to a dict keyed by index: the
    # API's error shape is a contract (tests/candidates/test_profile_api.py holds it).
    # DRF 3.20 drops this setting; that upgrade must change the shape on purpose.
    "LIST_SERIALIZER_ERRORS_AS_DICT": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Calibrate API",
    "DESCRIPTION": "Hire AI trainers on evidence. Every page's action, with the same permissions.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ItemKindEnum": "assessments.models.Item.Kind",
        "SuccessMetricKindEnum": "hiring.models.SuccessMetric.Kind",
        "ApplicationStageEnum": "hiring.models.Application.Stage",
        "QualityAlertStateEnum": "assessments.models.QualityAlert.State",
        "MembershipRoleEnum": "hiring.models.Membership.Role",
        "InvitationRoleEnum": "hiring.models.INVITATION_ROLE_CHOICES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
