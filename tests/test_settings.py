"""Settings follow the environment: each case runs a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICE_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ENV",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "ACCOUNT_EMAIL_VERIFICATION",
    "CELERY_RESULT_BACKEND",
)
PROBE = """
import json, django
from config.env import use_settings_module
use_settings_module()
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "email": settings.EMAIL_BACKEND,
    "verification": settings.ACCOUNT_EMAIL_VERIFICATION,
}))
"""
PRODUCTION_KEY = "k3y-" + "x9Qz!" * 12


def run(code_or_args, **env_vars):
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARS}
    env.update(env_vars)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def probe(**env_vars) -> dict:
    result = run(PROBE, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nothing_set_means_sqlite_eager_celery_debug_and_console_mail():
    found = probe()
    assert found == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "broker": "memory://",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "debug": True,
        "email": "django.core.mail.backends.console.EmailBackend",
        "verification": "optional",
    }


def test_service_urls_switch_to_postgresql_redis_broker_and_cache():
    found = probe(
        DATABASE_URL="postgres://calibrate@db.internal:5432/calibrate",
        CELERY_BROKER_URL="redis://cache.internal:6379/1",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["eager"] is False
    assert found["broker"] == "redis://cache.internal:6379/1"
    assert found["cache"] == "config.cache.DegradingRedisCache"


def test_production_refuses_to_start_without_a_secret_key():
    result = run(PROBE, DJANGO_ENV="production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_turns_debug_off_and_makes_email_verification_mandatory():
    found = probe(DJANGO_ENV="production", DJANGO_SECRET_KEY=PRODUCTION_KEY)
    assert found["debug"] is False
    assert found["verification"] == "mandatory"


def test_production_passes_the_deploy_check_with_no_warnings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_ALLOWED_HOSTS="calibrate.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_unknown_mode_is_refused_by_name():
    result = run(PROBE, DJANGO_ENV="staging")
    assert result.returncode != 0
    assert "DJANGO_ENV='staging' is not a known mode" in result.stderr


def test_every_model_change_has_a_migration():
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stdout + result.stderr
