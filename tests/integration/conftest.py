"""Real services for integration tests: PostgreSQL, Redis and a Celery worker."""

import os
import time

import pytest
import redis
from django.db import connection

from tests.conftest import require


def redis_reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def postgresql():
    require(
        connection.vendor == "postgresql",
        "needs PostgreSQL: run with DATABASE_URL=postgres://… (.ci/run does)",
    )


@pytest.fixture
def redis_broker_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    require(
        url.startswith("redis://") and redis_reachable(url),
        "needs a reachable Redis broker: set CELERY_BROKER_URL=redis://… (.ci/run does)",
    )
    return url


@pytest.fixture
def celery_broker(postgresql, redis_broker_url):
    """This process's Celery app sends tasks through the real Redis broker, not eagerly."""
    from config.celery import app

    # The app reads Django settings under the CELERY_ namespace, so overrides use those keys.
    overrides = {
        "CELERY_BROKER_URL": redis_broker_url,
        "CELERY_RESULT_BACKEND": os.environ.get("REDIS_URL") or redis_broker_url,
        "CELERY_TASK_ALWAYS_EAGER": False,
    }
    saved = {key: app.conf.get(key) for key in overrides}
    app.conf.update(overrides)
    app.control.purge()  # nothing left over from an earlier, interrupted run
    try:
        yield app
    finally:
        app.conf.update(saved)


@pytest.fixture
def celery_worker(celery_broker):
    """A real Celery worker thread consuming from the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(
        celery_broker, pool="solo", perform_ping_check=False, loglevel="WARNING"
    ) as worker:
        yield worker


def wait_until(predicate, *, timeout: float = 60, what: str = "the condition"):
    """Polls ``predicate`` until it holds: what a worker in another thread or process
    committed becomes visible on a fresh connection."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        connection.close()  # a fresh snapshot of what the worker committed
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")
