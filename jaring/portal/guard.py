"""The gate in front of every Cek Bansos lookup: rate limits and a single-use captcha.

Order matters: the per-client limit counts every attempt (so guessing captchas is throttled), the
captcha comes next, and only lookups with a solved captcha count against the per-desa limit (so
nobody can lock a desa out without solving captchas). Counters: `jaring.portal.counters` (Redis, or
the shared cache through django-ratelimit); captchas are django-simple-captcha's, deleted on first
use, right or wrong.
"""

from __future__ import annotations

import random
import re
import secrets
from datetime import UTC, timedelta

from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, gettext_lazy, ngettext

from jaring.portal.counters import hit

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


def check_captcha(*, key: str, value: str) -> None:
    """Valid once. The challenge is deleted on any attempt, right or wrong, in the same statement
    that reads it (DELETE … RETURNING), so two concurrent uses of one key cannot both succeed
    (the library's own field reads, then deletes) and a lookup pays one round trip for it.
    CAPTCHA_TEST_MODE accepts "PASSED"."""
    answer = (value or "").strip().lower()
    key = (key or "").strip()[:40]
    with connection.cursor() as cursor:
        cursor.execute(_relaxed(_CONSUME_SQL_PG, _CONSUME_SQL), [key])
        row = cursor.fetchone()
    if random.random() < EXPIRED_SWEEP_CHANCE:
        CaptchaStore.remove_expired()  # housekeeping, not on every lookup's path
    if settings.CAPTCHA_TEST_MODE and answer == "passed":
        return
    if row is None or not answer:
        raise CaptchaInvalid()
    response, expiration = row
    if isinstance(expiration, str):
        expiration = parse_datetime(expiration)
    if expiration is not None and timezone.is_naive(expiration):
        expiration = timezone.make_aware(expiration, UTC)  # SQLite hands back naive UTC
    if expiration is None or expiration <= timezone.now() or response != answer:
        raise CaptchaInvalid()


def captcha_new() -> str:
    """A fresh challenge's key: django-simple-captcha's challenge and row, written by one plain
    INSERT (the library's `generate_key` goes through the ORM's save, several times the CPU).
    The key is 40 random hex digits, as long as the library's own (a SHA-1 of random input),
    never with 16 decimal digits in a row: pages carrying it must not look as if they showed a
    NIK or KK (about 1 key in 80 would, and the leak checks would rightly flag it)."""
    if random.random() < EXPIRED_SWEEP_CHANCE:
        CaptchaStore.remove_expired()  # pages that are only viewed must not grow the table
    challenge, response = captcha_settings.get_challenge()()
    key = secrets.token_hex(20)
    while _SIXTEEN_DIGITS.search(key):
        key = secrets.token_hex(20)
    expiration = timezone.now() + timedelta(minutes=int(captcha_settings.CAPTCHA_TIMEOUT))
    with connection.cursor() as cursor:
        cursor.execute(
            _relaxed(_INSERT_SQL_PG, _INSERT_SQL),
            [
                challenge,
                response.lower(),
                key,
                connection.ops.adapt_datetimefield_value(expiration),
            ],
        )
    return key


def guard_lookup(request: HttpRequest, *, desa: str, captcha_key: str, captcha_value: str) -> None:
    """Raise LookupRefused unless this lookup may run."""
    check_client_rate(request)
    check_captcha(key=captcha_key, value=captcha_value)
    check_desa_rate(request, desa=desa)
