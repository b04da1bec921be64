"""The Redis cache with nothing listening: every call answers as an empty cache would."""

import pytest

from config.cache import DegradingRedisCache


@pytest.fixture
def dead_cache():
    # Port 1: connection refused at once.
    return DegradingRedisCache(
        "redis://127.0.0.1:1/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, "RETRY_AFTER": 60}},
    )


def test_reads_miss_and_writes_are_dropped_without_raising(dead_cache):
    assert dead_cache.get("session", "default") == "default"
    assert dead_cache.get_many(["a", "b"]) == {}
    assert dead_cache.has_key("a") is False
    assert dead_cache.set("a", 1) is None
    assert dead_cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys not stored
    assert dead_cache.delete("a") is False
    assert dead_cache.delete_many(["a", "b"]) is None
    assert dead_cache.touch("a") is False
    assert dead_cache.get_or_set("c", 3) == 3
    assert dead_cache.clear() is False
    assert dead_cache.ping() is False


def test_add_succeeds_as_on_an_empty_cache_so_locks_and_debounces_go_ahead(dead_cache):
    assert dead_cache.add("lock", True) is True


def test_incr_says_the_key_is_missing_as_on_an_empty_cache(dead_cache):
    with pytest.raises(ValueError, match="not found"):
        dead_cache.incr("counter")


def test_dropped_writes_are_remembered_for_deletion_when_redis_answers(dead_cache):
    dead_cache.set("a", 1)
    dead_cache.delete("b", version=2)
    dead_cache.set_many({"c": 1})
    dead_cache.get("d")  # a read changes nothing in Redis: nothing to clean up

    assert dead_cache._unsynced == {":1:a", ":2:b", ":1:c"}
