"""The lookup's Redis commands on each thread's own connection (jaring.portal.counters.command):
one write and one read, a broken connection replaced, scripts loaded when Redis forgot them."""

from __future__ import annotations

import threading
import uuid

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from jaring.portal import counters


@pytest.fixture
def cache() -> RedisCache:
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        pytest.skip("no Redis configured (JARING_REDIS_URL empty or 127.0.0.1:6379 down)")
    return cache


def _key(cache: RedisCache) -> str:
    return f"{cache.key_prefix}:test:{uuid.uuid4().hex}"


def test_one_connection_per_thread_and_one_round_trip(cache: RedisCache) -> None:
    key = _key(cache)
    assert counters.command(cache, "SET", key, "a\nb", "EX", 30) == b"OK"
    mine = counters._connection(cache)
    sent: list[tuple] = []
    original = mine.send_command
    mine.send_command = lambda *args, **kw: (sent.append(args), original(*args, **kw))[1]  # type: ignore[method-assign]
    try:
        assert counters.command(cache, "GETDEL", key) == b"a\nb"
    finally:
        del mine.send_command
    assert sent == [("GETDEL", key)]
    assert counters.command(cache, "GET", key) is None  # GETDEL used it up
    theirs: list[object] = []
    worker = threading.Thread(target=lambda: theirs.append(counters._connection(cache)))
    worker.start()
    worker.join()
    assert theirs[0] is not mine  # never shared between threads (no lock on the hot path)
    assert counters._connection(cache) is mine


def test_a_broken_connection_is_replaced(cache: RedisCache) -> None:
    """As after a Redis restart: the thread's socket is dead; the command still answers, once,
    on a new connection."""
    key = _key(cache)
    counters.command(cache, "SET", key, "1", "EX", 30)
    conn = counters._connection(cache)
    conn._sock.close()  # type: ignore[union-attr]
    assert counters.command(cache, "INCR", key) == 2  # sent once more, not twice
    assert counters.command(cache, "GET", key) == b"2"


def test_a_timeout_drops_the_connection_and_raises(
    cache: RedisCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A late answer must not be read as the next command's: the connection goes."""
    conn = counters._connection(cache)
    counters.command(cache, "PING")

    def slow(*args: object, **kw: object) -> object:
        raise redis.TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(conn, "read_response", slow)
    with pytest.raises(redis.TimeoutError):
        counters.command(cache, "PING")
    monkeypatch.undo()
    assert conn._sock is None  # disconnected; the next command connects afresh
    assert counters.command(cache, "PING") in (b"PONG", "PONG", True)


def test_a_connection_is_never_used_across_a_fork(
    cache: RedisCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counters._connection(cache)
    monkeypatch.setattr(counters.os, "getpid", lambda: -1)  # as in a forked worker
    assert counters._connection(cache) is not before


def test_a_script_redis_does_not_know_is_loaded(cache: RedisCache) -> None:
    """EVALSHA of a script never loaded (or forgotten after a restart) falls back to EVAL,
    which loads it; the next call runs by its digest."""
    source = f"return {{KEYS[1], ARGV[1], '{uuid.uuid4().hex}'}}"
    digest = counters._sha1(source)
    assert counters.command(cache, "SCRIPT", "EXISTS", digest) == [0]
    first = counters.run_script(cache, source, ["k"], ["v"])
    assert first[:2] == [b"k", b"v"]
    assert counters.command(cache, "SCRIPT", "EXISTS", digest) == [1]
    assert counters.run_script(cache, source, ["k"], ["v"]) == first
