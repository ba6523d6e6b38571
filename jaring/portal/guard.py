"""The gate in front of every Cek Bansos lookup: rate limits and a single-use captcha.

Order matters: the per-client limit counts every attempt (so guessing captchas is throttled), the
captcha comes next, and only lookups with a solved captcha count against the per-desa limit (so
nobody can lock a desa out without solving captchas).

Where the captchas and counters live follows the cache (settings.CACHES, see docs/portal.md):
- Redis: a captcha is one key holding its answer and challenge, written with the captcha's
  lifetime as its TTL (Redis expires it; no sweep). A lookup's whole gate — per-address counter,
  the captcha's check and deletion (GETDEL: valid once, right or wrong, and two concurrent uses
  of one key cannot both pass), per-desa counter — is ONE server-side script (`_GATE`): one round
  trip, atomic, and no database statement.
- Otherwise (the database cache on a machine without Redis, or a process-local cache in tests):
  django-simple-captcha's table, each captcha consumed by one `DELETE … RETURNING`, and the
  counters through `jaring.portal.counters` (django-ratelimit).
Both draw django-simple-captcha's challenges; the image and audio views
(`jaring.portal.captcha_views`) read whichever store issued the key.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, gettext_lazy, ngettext
from django_ratelimit.core import _split_rate

from jaring.portal.counters import command, counter_key, hit, run_script

EXPIRED_SWEEP_CHANCE = 0.01
_CAPTCHA_TABLE = CaptchaStore._meta.db_table
# A captcha row is bookkeeping, not data: on PostgreSQL its insert and its deletion commit without
# waiting for the write-ahead log to reach the disk (synchronous_commit off for that one implicit
# transaction, set in the same statement: no extra round trip). A crash can at worst forget the
# last few captchas issued (the visitor asks for a new one) or resurrect a few used ones (each
# still expires within CAPTCHA_TIMEOUT, and is single-use again). Waiting for the disk was two
# fsyncs per lookup, 10+ ms each on a busy disk, and nothing else on this path writes.
_ASYNC_COMMIT = "WITH _async AS (SELECT set_config('synchronous_commit', 'off', true)) "
_SIXTEEN_DIGITS = re.compile(r"\d{16}")
_SELECT_SQL = f"SELECT challenge, response, expiration FROM {_CAPTCHA_TABLE} WHERE hashkey = %s"
_CONSUME_SQL = f"DELETE FROM {_CAPTCHA_TABLE} WHERE hashkey = %s RETURNING response, expiration"
_CONSUME_SQL_PG = (
    f"{_ASYNC_COMMIT}DELETE FROM {_CAPTCHA_TABLE} c USING _async WHERE c.hashkey = %s "
    "RETURNING c.response, c.expiration"
)
_INSERT_SQL = (
    f"INSERT INTO {_CAPTCHA_TABLE} (challenge, response, hashkey, expiration) "
    "VALUES (%s, %s, %s, %s)"
)
_INSERT_SQL_PG = (
    f"{_ASYNC_COMMIT}INSERT INTO {_CAPTCHA_TABLE} (challenge, response, hashkey, expiration) "
    "SELECT %s, %s, %s, %s FROM _async"
)


def _relaxed(pg_sql: str, plain_sql: str) -> str:
    """The statement with the relaxed commit on PostgreSQL outside a transaction; inside one
    (tests, or a caller's atomic block) set_config would relax the caller's whole transaction."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return pg_sql
    return plain_sql


# One lookup's gate in Redis. KEYS: the per-address counter, the captcha, the per-desa counter.
# ARGV: per-address limit and window (seconds; limit -1: no limit), the typed answer (lower
# case), 1 when test mode accepts it whatever the captcha, per-desa limit and window.
# → {0, 0} may run; {1, seconds left} per-address limit; {2, 0} captcha wrong, used or expired;
# {3, seconds left} per-desa limit. A counter is INCR + EXPIRE NX (the window starts at its first
# hit) + TTL, as `counters._HIT`. A captcha's value is "<answer>\n<challenge>". Refused at the
# per-address limit, the captcha is left for the next attempt (as in the database path).
_GATE = """
local function over(key, limit, window)
  if limit < 0 then return false, 0 end
  local count = redis.call('INCR', key)
  redis.call('EXPIRE', key, window, 'NX')
  if count > limit then return true, redis.call('TTL', key) end
  return false, 0
end
local refused, wait = over(KEYS[1], tonumber(ARGV[1]), ARGV[2])
if refused then return {1, wait} end
local stored = redis.call('GETDEL', KEYS[2])
local solved = ARGV[4] == '1'
if not solved and stored and ARGV[3] ~= '' then
  local cut = string.find(stored, '\\n', 1, true)
  solved = cut ~= nil and string.sub(stored, 1, cut - 1) == ARGV[3]
end
if not solved then return {2, 0} end
refused, wait = over(KEYS[3], tonumber(ARGV[5]), ARGV[6])
if refused then return {3, wait} end
return {0, 0}
"""


@dataclass(frozen=True, slots=True)
class Captcha:
    """An issued captcha: what its image and audio show, and the answer (lower case)."""

    challenge: str
    response: str


CAPTCHA_WRONG = gettext_lazy(
    "Kode keamanan salah atau sudah kedaluwarsa. Silakan isi kode yang baru."
)


class LookupRefused(Exception):
    """A lookup that must not run; `status` is the HTTP status to answer with."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CaptchaInvalid(LookupRefused):
    status = 400

    def __init__(self) -> None:
        super().__init__(str(CAPTCHA_WRONG))


class TooManyLookups(LookupRefused):
    status = 429

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        minutes = -(-self.retry_after // 60)
        wait = self._wait_text(self.retry_after, minutes)
        super().__init__(
            gettext(
                "Terlalu banyak pencarian dalam waktu singkat. Silakan coba lagi dalam %(wait)s."
            )
            % {"wait": wait}
        )

    @staticmethod
    def _wait_text(seconds: int, minutes: int) -> str:
        if seconds < 60:
            return ngettext("%(n)d detik", "%(n)d detik", seconds) % {"n": seconds}
        return ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes}


def _limit(request: HttpRequest, *, group: str, key: str, rate: str) -> None:
    if not rate:
        return  # an empty rate switches this limit off (benchmarks behind one address)
    usage = hit(request, group=group, value=key, rate=rate)
    if usage.exceeded:
        raise TooManyLookups(usage.retry_after)


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def check_client_rate(request: HttpRequest) -> None:
    _limit(
        request,
        group="cek-bansos:ip",
        key=client_address(request),
        rate=settings.CEK_BANSOS_RATE_IP,
    )


def check_desa_rate(request: HttpRequest, *, desa: str) -> None:
    _limit(request, group="cek-bansos:desa", key=desa, rate=settings.CEK_BANSOS_RATE_DESA)


def _redis() -> RedisCache | None:
    """The Redis cache when captchas and counters live there (settings.CACHES), else None."""
    cache_ = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    return cache_ if isinstance(cache_, RedisCache) else None


def _captcha_key(prefix: str, key: str) -> str:
    return f"{prefix}:captcha:{key}"


def _clean(key: str, value: str) -> tuple[str, str]:
    return (key or "").strip()[:40], (value or "").strip().lower()


def _test_pass(answer: str) -> bool:
    """CAPTCHA_TEST_MODE (JARING_TEST_MODE, refused with DEBUG off) accepts "PASSED"."""
    return bool(settings.CAPTCHA_TEST_MODE) and answer == "passed"


@cache
def _rate(rate: str) -> tuple[int, int]:
    """(limit, window in seconds) of "20/m"; (-1, 0) for an empty rate (that limit is off)."""
    return _split_rate(rate) if rate else (-1, 0)


def _expired(expiration: object) -> bool:
    if isinstance(expiration, str):
        expiration = parse_datetime(expiration)
    if not isinstance(expiration, datetime):
        return True
    if timezone.is_naive(expiration):
        expiration = timezone.make_aware(expiration, UTC)  # SQLite hands back naive UTC
    return expiration <= timezone.now()


def _check_stored(row: tuple | None, answer: str) -> None:
    """A consumed database row (response, expiration) against the typed answer."""
    if _test_pass(answer):
        return
    if row is None or not answer:
        raise CaptchaInvalid()
    response, expiration = row
    if _expired(expiration) or response != answer:
        raise CaptchaInvalid()


def check_captcha(*, key: str, value: str) -> None:
    """Valid once. The challenge is deleted on any attempt, right or wrong, in the same operation
    that reads it (Redis GETDEL, or DELETE … RETURNING), so two concurrent uses of one key cannot
    both succeed (the library's own field reads, then deletes). CAPTCHA_TEST_MODE accepts
    "PASSED". (A Cek Bansos lookup does this inside `guard_lookup`'s one Redis script.)"""
    key, answer = _clean(key, value)
    if (redis_cache := _redis()) is not None:
        stored = command(redis_cache, "GETDEL", _captcha_key(redis_cache.key_prefix, key))
        response = stored.decode().split("\n", 1)[0] if stored is not None else None
        if not _test_pass(answer) and (response is None or not answer or response != answer):
            raise CaptchaInvalid()
        return
    with connection.cursor() as cursor:
        cursor.execute(_relaxed(_CONSUME_SQL_PG, _CONSUME_SQL), [key])
        row = cursor.fetchone()
    if random.random() < EXPIRED_SWEEP_CHANCE:
        CaptchaStore.remove_expired()  # housekeeping, not on every lookup's path
    _check_stored(row, answer)


def _fresh_key() -> str:
    """40 random hex digits, as long as the library's own key (a SHA-1 of random input), never
    with 16 decimal digits in a row: pages carrying it must not look as if they showed a NIK or
    KK (about 1 key in 80 would, and the leak checks would rightly flag it)."""
    key = secrets.token_hex(20)
    while _SIXTEEN_DIGITS.search(key):
        key = secrets.token_hex(20)
    return key


@cache
def _challenge_function(path: str) -> Callable[[], tuple[str, str]]:
    """django-simple-captcha's challenge function, imported once (its get_challenge() imports
    the dotted path again at every call)."""
    return captcha_settings.get_challenge(path)


def captcha_new() -> str:
    """A fresh challenge's key (django-simple-captcha's challenge function). In Redis: one SET
    with the captcha's lifetime as TTL. Otherwise the library's row, written by one plain INSERT
    (its `generate_key` goes through the ORM's save, several times the CPU)."""
    challenge, response = _challenge_function(captcha_settings.CAPTCHA_CHALLENGE_FUNCT)()
    key = _fresh_key()
    lifetime = timedelta(minutes=int(captcha_settings.CAPTCHA_TIMEOUT))
    if (redis_cache := _redis()) is not None:
        command(
            redis_cache,
            "SET",
            _captcha_key(redis_cache.key_prefix, key),
            f"{response.lower()}\n{challenge}",
            "EX",
            int(lifetime.total_seconds()),
        )
        return key
    if random.random() < EXPIRED_SWEEP_CHANCE:
        CaptchaStore.remove_expired()  # pages that are only viewed must not grow the table
    with connection.cursor() as cursor:
        cursor.execute(
            _relaxed(_INSERT_SQL_PG, _INSERT_SQL),
            [
                challenge,
                response.lower(),
                key,
                connection.ops.adapt_datetimefield_value(timezone.now() + lifetime),
            ],
        )
    return key


def captcha_issued(key: str) -> Captcha | None:
    """The captcha behind a key, without using it up (its image and audio), or None when the key
    is unknown, used or expired."""
    key = (key or "").strip()[:40]
    if (redis_cache := _redis()) is not None:
        stored = command(redis_cache, "GET", _captcha_key(redis_cache.key_prefix, key))
        if stored is None:
            return None
        response, challenge = stored.decode().split("\n", 1)
        return Captcha(challenge=challenge, response=response)
    with connection.cursor() as cursor:
        cursor.execute(_SELECT_SQL, [key])
        row = cursor.fetchone()
    if row is None or _expired(row[2]):  # expired rows wait for the sweep
        return None
    return Captcha(challenge=row[0], response=row[1])


def _guard_in_redis(
    redis_cache: RedisCache, request: HttpRequest, *, desa: str, key: str, answer: str
) -> None:
    ip_limit, ip_window = _rate(settings.CEK_BANSOS_RATE_IP)
    desa_limit, desa_window = _rate(settings.CEK_BANSOS_RATE_DESA)
    prefix = redis_cache.key_prefix
    outcome, wait = run_script(
        redis_cache,
        _GATE,
        [
            counter_key(prefix, "cek-bansos:ip", client_address(request)),
            _captcha_key(prefix, key),
            counter_key(prefix, "cek-bansos:desa", desa),
        ],
        [ip_limit, ip_window, answer, int(_test_pass(answer)), desa_limit, desa_window],
    )
    if outcome == 2:
        raise CaptchaInvalid()
    if outcome:
        raise TooManyLookups(int(wait))


def guard_lookup(request: HttpRequest, *, desa: str, captcha_key: str, captcha_value: str) -> None:
    """Raise LookupRefused unless this lookup may run."""
    if (redis_cache := _redis()) is not None:
        key, answer = _clean(captcha_key, captcha_value)
        _guard_in_redis(redis_cache, request, desa=desa, key=key, answer=answer)
        return
    check_client_rate(request)
    check_captcha(key=captcha_key, value=captcha_value)
    check_desa_rate(request, desa=desa)
