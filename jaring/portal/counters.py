"""Rate-limit counters for Cek Bansos: one Redis round trip each, or django-ratelimit elsewhere.

With Redis as the cache (settings.REDIS_URL), a counter is INCR + EXPIRE NX + TTL in one
server-side script (EVALSHA): atomic, exact under any concurrency, and a single round trip of one
command — django-ratelimit's generic path costs three (add, exists, incr) through Django's cache
API, and one script call costs the worker less than packing and parsing a three-command
pipeline. The window is fixed and starts at the counter's first hit; its TTL is the
Retry-After. Without Redis the counters live in the configured Django cache through
django-ratelimit (the database cache on a bare machine).

The lookup's own commands (a counter, the gate script, the captcha's SET/GET/GETDEL) go through
`command`: one write and one read on a connection this thread keeps for itself. redis-py's
client API takes a connection from its pool, checks it for stale data with a poll, runs the
command under its retry, and gives it back, per command: a third of the worker's CPU in Redis
calls, most of it not the Redis protocol.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from functools import cache as memoize
from typing import Any

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django_ratelimit.core import _split_rate, get_usage
from redis.connection import AbstractConnection
from redis.exceptions import NoScriptError

_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()
# KEYS[1] the counter, ARGV[1] the window in seconds → {count after this hit, seconds left}.
_HIT = """
local count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
return {count, redis.call('TTL', KEYS[1])}
"""


@dataclass(frozen=True, slots=True)
class Usage:
    count: int
    limit: int
    retry_after: int

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit


def redis_client(cache: RedisCache) -> redis.Redis:
    """One client (and connection pool) per process and server; created after gunicorn's fork."""
    location = cache._servers[0]
    with _clients_lock:
        client = _clients.get(location)
        if client is None:
            client = redis.Redis.from_url(location, socket_timeout=1, socket_connect_timeout=1)
            _clients[location] = client
        return client


class _OwnConnections(threading.local):
    """Each thread's own connection to each Redis server, made after the fork (pid checked)."""

    pid = 0
    by_location: dict[str, AbstractConnection]


_own = _OwnConnections()


def _connection(cache: RedisCache) -> AbstractConnection:
    location = cache._servers[0]
    if _own.pid != (pid := os.getpid()):
        _own.pid, _own.by_location = pid, {}  # never a connection inherited over a fork
    conn = _own.by_location.get(location)
    if conn is None:
        # The client's own settings (URL, timeouts) and parser (hiredis when installed).
        conn = _own.by_location[location] = redis_client(cache).connection_pool.make_connection()
    return conn


def command(cache: RedisCache, *args: object) -> Any:
    """One Redis command on this thread's connection: one write, one read. A connection found
    broken (Redis restarted since its last use) is dropped and the command sent once more on a
    new one; a timeout drops the connection (its late answer must not be read as the next
    command's) and raises, as does a second failure."""
    conn = _connection(cache)
    try:
        conn.send_command(*args)
        return conn.read_response()
    except redis.TimeoutError:
        conn.disconnect()
        raise
    except redis.ConnectionError:
        conn.disconnect()  # the next send connects afresh
    try:
        conn.send_command(*args)
        return conn.read_response()
    except (redis.ConnectionError, redis.TimeoutError):
        conn.disconnect()
        raise


@memoize
def _sha1(source: str) -> str:
    return hashlib.sha1(source.encode()).hexdigest()


def run_script(cache: RedisCache, source: str, keys: list[str], args: list[object]) -> Any:
    """EVALSHA of a server-side script; EVAL (which also caches it) when the server does not
    know it yet (first use, or after a restart or SCRIPT FLUSH)."""
    try:
        return command(cache, "EVALSHA", _sha1(source), len(keys), *keys, *args)
    except NoScriptError:
        return command(cache, "EVAL", source, len(keys), *keys, *args)


def counter_key(prefix: str, group: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:24]  # no client address in clear
    return f"{prefix}:rl:{group}:{digest}"


def hit(request: HttpRequest, *, group: str, value: str, rate: str) -> Usage:
    """Count one hit of `value` in `group` against `rate` ("20/m"); the usage after it."""
    limit, period = _split_rate(rate)
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    if isinstance(cache, RedisCache):
        count, ttl = run_script(
            cache, _HIT, [counter_key(cache.key_prefix, group, value)], [period]
        )
        return Usage(count=int(count), limit=limit, retry_after=max(1, int(ttl)))
    usage = get_usage(
        request, group=group, key=lambda _group, _request: value, rate=rate, increment=True
    )
    if usage is None:  # RATELIMIT_ENABLE off
        return Usage(count=0, limit=limit, retry_after=1)
    return Usage(count=int(usage["count"]), limit=limit, retry_after=int(usage["time_left"]))
