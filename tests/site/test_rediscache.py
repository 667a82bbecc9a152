"""The Redis cache backend (gvalley.rediscache) against a redis-server of the test's own.

Redis is stopped (nothing listens), frozen (SIGSTOP: it accepts connections and answers nothing,
as a hung or cut-off Redis does) and brought back; the cache must answer as a miss meanwhile.
"""

import logging

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.test import override_settings

from gvalley import rediscache
from tests.servers import RedisServer, wait_until


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def make_cache(redis, retry_seconds=0.3):
    return rediscache.RedisCache(
        redis.url, {"KEY_PREFIX": "t", "OPTIONS": {"RETRY_SECONDS": retry_seconds}}
    )


def test_a_stopped_redis_answers_every_call_as_a_miss(redis):
    cache = make_cache(redis)
    cache.set("page", "<p>쪽</p>", 60)
    assert cache.get("page") == "<p>쪽</p>"
    redis.stop()
    assert cache.get("page") is None
    assert cache.get("page", "default") == "default"
    assert cache.get_many(["page", "other"]) == {}
    assert cache.has_key("page") is False
    cache.set("page", "new", 60)  # dropped, no error
    cache.set_many({"a": 1, "b": 2}, 60)
    cache.delete("page")
    cache.delete_many(["a", "b"])
    cache.touch("page", 60)
    # add() reports success: allauth's rate-limit lock is taken, so sign-in is not refused.
    assert cache.add("lock", True, 10) is True
    with pytest.raises(ValueError):
        cache.incr("content-version")  # as for a key the cache does not have
    assert cache.get_or_set("computed", lambda: 42, 60) == 42


def test_a_frozen_redis_is_asked_once_and_then_left_alone(redis, caplog):
    cache = make_cache(redis, retry_seconds=60)
    cache.set("page", "x", 60)
    before = redis.stat("total_connections_received")
    redis.pause()
    try:
        with caplog.at_level(logging.WARNING, logger="gvalley.rediscache"):
            for _ in range(10):
                assert cache.get("page") is None
                cache.set("page", "y", 60)
    finally:
        redis.resume()
    # One connection tried while it was frozen (the one our first call timed out on), then the
    # process left Redis alone; our own INFO connection is the other one counted.
    assert redis.stat("total_connections_received") - before <= 3
    warnings = [r for r in caplog.records if r.name == "gvalley.rediscache"]
    assert len(warnings) == 1 and "cannot be reached" in warnings[0].getMessage()


def test_redis_is_used_again_once_it_answers(redis, caplog):
    cache = make_cache(redis)
    redis.stop()
    assert cache.get("page") is None
    redis.start()  # same port

    def answers():
        cache.set("probe", 1, 60)
        return cache.get("probe") == 1

    with caplog.at_level(logging.WARNING, logger="gvalley.rediscache"):
        wait_until(answers, "the cache to use Redis again", timeout=10)
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_writes_dropped_while_away_are_deleted_when_redis_is_back(redis):
    cache = make_cache(redis)
    cache.set("content-version", 41, None)
    cache.set("session", {"user": 7}, 60)
    redis.pause()
    try:
        assert cache.get("session") is None  # times out: the process leaves Redis alone
        cache.delete("session")  # a sign-out while Redis is away: dropped
        with pytest.raises(ValueError):
            cache.incr("content-version")  # a content change: dropped
        cache.set("content-version", 99, None)
    finally:
        redis.resume()
    assert redis.command("EXISTS", "t:1:session") == b":1"  # Redis kept its old entries

    def answers():
        cache.set("probe", 1, 60)
        return cache.get("probe") == 1

    wait_until(answers, "the cache to use Redis again", timeout=10)
    # Not the session from before the sign-out, nor the version from before the change.
    assert cache.get("session") is None
    assert cache.get("content-version") is None


@pytest.mark.django_db
def test_a_session_ended_while_redis_was_away_does_not_come_back(redis):
    caches = {
        "default": {
            "BACKEND": "gvalley.rediscache.RedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"RETRY_SECONDS": 0.3},
        }
    }
    with override_settings(CACHES=caches):
        from django.core.cache import caches as handler

        session = SessionStore()
        session["_auth_user_id"] = "7"
        session.create()
        key = session.session_key
        assert SessionStore(key).load() == {"_auth_user_id": "7"}
        redis.pause()
        try:
            assert SessionStore(key).load() == {"_auth_user_id": "7"}  # from the database
            SessionStore(key).delete()  # signed out: the row is deleted, the cached copy not
            assert SessionStore(key).load() == {}  # read from the database meanwhile
        finally:
            redis.resume()

        def answers():
            handler["default"].set("probe", 1, 60)
            return handler["default"].get("probe") == 1

        wait_until(answers, "the cache to use Redis again", timeout=10)
        assert SessionStore(key).load() == {}
        handler["default"].close()
