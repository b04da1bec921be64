"""The Redis cache, degrading to "no cache" while Redis is unreachable or failing.

Everything the product keeps in the cache can be rebuilt: sessions are written through to
the database (``cached_db``), allauth's rate limits start again from empty, the cohort
debounce only saves work. So a Redis outage must not fail a request: while Redis is down
(refuses, times out, or answers with an error such as a full memory) a read is a miss, a
write is dropped, and ``add`` reports success (as on an empty cache). The first failure is
logged; then the process leaves Redis alone for ``RETRY_AFTER`` seconds, so a dead or
unroutable Redis costs one short socket timeout, not one per cache call.

A write that was dropped would leave Redis holding the value from before the outage, e.g. the
session of someone who signed out meanwhile. The keys of dropped writes are remembered (up to
``UNSYNCED_MAX``) and deleted from Redis as soon as it answers again.
"""

import inspect
import logging
import threading
import time
from functools import wraps
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisError, ConnectionError, TimeoutError)
UNSYNCED_MAX = 10_000


class CacheUnavailable(Exception):
    """Redis did not answer, or answered too recently that it is down."""


def _degrades(fallback, *, writes: bool = False):
    """Runs the cache call; while Redis is unavailable returns ``fallback(arguments)``
    instead, remembering the keys a dropped write touched."""

    def decorate(method):
        signature = inspect.signature(method)

        @wraps(method)
        def call(self, *args, **kwargs):
            try:
                return self._guarded(method, *args, **kwargs)
            except CacheUnavailable:
                arguments = signature.bind(self, *args, **kwargs)
                arguments.apply_defaults()
                arguments = arguments.arguments
                if writes:
                    self._remember_unsynced(arguments)
                return fallback(arguments)

        return call

    return decorate


def _missing(key):
    """What ``incr`` does on an empty cache."""
    raise ValueError(f"Key '{key}' not found (the cache is unavailable).")


class DegradingRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that never raises on an outage.

    OPTIONS take ``RETRY_AFTER`` (seconds, default 5) besides redis-py's connection
    options; set ``socket_connect_timeout`` and ``socket_timeout`` short."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._unsynced: set[str] = set()
        self._lock = threading.Lock()

    # --- availability ----------------------------------------------------------------
    def _guarded(self, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            raise CacheUnavailable
        try:
            if self._unsynced:
                self._resync()
            return method(self, *args, **kwargs)
        except UNAVAILABLE as error:
            if time.monotonic() >= self._down_until:
                logger.warning(
                    "Cache unavailable, serving without it for %s s: %s", self.retry_after, error
                )
            self._down_until = time.monotonic() + self.retry_after
            raise CacheUnavailable from error

    def _remember_unsynced(self, arguments: dict) -> None:
        if "key" in arguments:
            keys = [arguments["key"]]
        else:
            keys = list(arguments.get("data") or arguments.get("keys") or ())
        with self._lock:
            for key in keys:
                if len(self._unsynced) >= UNSYNCED_MAX:
                    logger.error("Cache unavailable: too many dropped writes to clean up later")
                    return
                self._unsynced.add(self.make_and_validate_key(key, version=arguments["version"]))

    def _resync(self) -> None:
        """Deletes the values Redis kept from before an outage in which they changed."""
        with self._lock:
            keys, self._unsynced = list(self._unsynced), set()
        try:
            self._cache.delete_many(keys)
        except Exception:
            with self._lock:
                self._unsynced.update(keys)
            raise
        logger.info("Cache back: dropped %s values that changed while it was down", len(keys))

    def ping(self) -> bool:
        """Whether Redis answers now (for the readiness check); an answer ends the pause
        after an outage."""
        try:
            answered = bool(self._cache.get_client(write=True).ping())
        except UNAVAILABLE:
            return False
        self._down_until = 0.0
        return answered

    # --- the cache API -----------------------------------------------------------------
    @_degrades(lambda arguments: arguments["default"])
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_degrades(lambda arguments: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_degrades(lambda arguments: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_degrades(lambda arguments: True, writes=True)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_degrades(lambda arguments: None, writes=True)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_degrades(lambda arguments: False, writes=True)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_degrades(lambda arguments: False, writes=True)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_degrades(lambda arguments: list(arguments["data"]), writes=True)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_degrades(lambda arguments: None, writes=True)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_degrades(lambda arguments: _missing(arguments["key"]), writes=True)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_degrades(lambda arguments: False)
    def clear(self):
        return super().clear()
