"""What the readiness check asks: can this process reach each service it depends on.

Each check answers within about a second and never raises; ``readiness`` names every
dependency with "ok" or "down". Pure reads: nothing is written anywhere.
"""

import logging

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 1


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.warning("Readiness: the database is unreachable", exc_info=True)
        return False


def cache_ok() -> bool:
    """Redis answers a ping (the in-process memory cache of development always does)."""
    ping = getattr(cache, "ping", None)
    return True if ping is None else ping()


def broker_ok() -> bool:
    """The Celery broker accepts a connection (eager mode's in-memory broker always does)."""
    from config.celery import app

    if app.conf.broker_url.startswith("memory://"):
        return True
    try:
        with app.connection_for_write(connect_timeout=TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(max_retries=0, timeout=TIMEOUT_SECONDS)
        return True
    except Exception:
        logger.warning("Readiness: the Celery broker is unreachable", exc_info=True)
        return False


def readiness() -> dict[str, str]:
    checks = {"database": database_ok, "cache": cache_ok, "broker": broker_ok}
    return {name: "ok" if check() else "down" for name, check in checks.items()}
