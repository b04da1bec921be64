"""A real Celery worker (prefork) in a process of its own, on this process's database and a
Redis broker: the integration tests kill its pool child mid-task, and ``make bench`` times
scoring through it."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def worker_env(broker_url: str) -> dict:
    """The environment of a worker on the current (PostgreSQL) database, tasks not eager."""
    database = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }


def worker_start(broker_url: str, *, concurrency: int, stderr=None) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork"]
    command += ["--concurrency", str(concurrency), "--loglevel", "WARNING"]
    command += ["--without-gossip", "--without-mingle"]
    return subprocess.Popen(
        command, cwd=ROOT, env=worker_env(broker_url), stdout=subprocess.DEVNULL, stderr=stderr
    )


def worker_stop(process: subprocess.Popen) -> None:
    """A warm shutdown, or a kill after 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
