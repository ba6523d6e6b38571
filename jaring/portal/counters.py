"""Rate-limit counters for Cek Bansos: one Redis round trip each, or django-ratelimit elsewhere.

With Redis as the cache (settings.REDIS_URL), a counter is INCR + EXPIRE NX + TTL in one
server-side script (EVALSHA): atomic, exact under any concurrency, and a single round trip of one
command — django-ratelimit's generic path costs three (add, exists, incr) through Django's cache
API, and one script call costs the worker less than packing and parsing a three-command
pipeline. The window is fixed and starts at the counter's first hit; its TTL is the
Retry-After. Without Redis the counters live in the configured Django cache through
django-ratelimit (the database cache on a bare machine).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django_ratelimit.core import _split_rate, get_usage
from redis.commands.core import Script

_clients: dict[str, redis.Redis] = {}
_scripts: dict[tuple[str, str], Script] = {}
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


def redis_script(cache: RedisCache, source: str) -> tuple[redis.Redis, Script]:
    """The client and a server-side script on it (EVALSHA, loaded again by redis-py if the
    server forgot it), registered once per process and server."""
    client = redis_client(cache)
    with _clients_lock:
        script = _scripts.get((cache._servers[0], source))
        if script is None:
            script = _scripts[cache._servers[0], source] = client.register_script(source)
        return client, script


def counter_key(prefix: str, group: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:24]  # no client address in clear
    return f"{prefix}:rl:{group}:{digest}"


def hit(request: HttpRequest, *, group: str, value: str, rate: str) -> Usage:
    """Count one hit of `value` in `group` against `rate` ("20/m"); the usage after it."""
    limit, period = _split_rate(rate)
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    if isinstance(cache, RedisCache):
        client, script = redis_script(cache, _HIT)
        count, ttl = script(
            keys=[counter_key(cache.key_prefix, group, value)], args=[period], client=client
        )
        return Usage(count=int(count), limit=limit, retry_after=max(1, int(ttl)))
    usage = get_usage(
        request, group=group, key=lambda _group, _request: value, rate=rate, increment=True
    )
    if usage is None:  # RATELIMIT_ENABLE off
        return Usage(count=0, limit=limit, retry_after=1)
    return Usage(count=int(usage["count"]), limit=limit, retry_after=int(usage["time_left"]))
