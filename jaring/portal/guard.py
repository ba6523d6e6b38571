"""The gate in front of every Cek Bansos lookup: rate limits and a single-use captcha.

Order matters: the per-client limit counts every attempt (so guessing captchas is throttled), the
captcha comes next, and only lookups with a solved captcha count against the per-desa limit (so
nobody can lock a desa out without solving captchas). Counters: `jaring.portal.counters` (Redis, or
the shared cache through django-ratelimit); captchas are django-simple-captcha's, deleted on first
use, right or wrong.
"""

from __future__ import annotations

import random
from datetime import UTC

from captcha.models import CaptchaStore
from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, gettext_lazy, ngettext

from jaring.portal.counters import hit

EXPIRED_SWEEP_CHANCE = 0.01
_CONSUME_SQL = (
    f"DELETE FROM {CaptchaStore._meta.db_table} WHERE hashkey = %s RETURNING response, expiration"
)
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
        cursor.execute(_CONSUME_SQL, [key])
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
    """A fresh challenge's key."""
    from jaring.portal.durability import relaxed_commits

    with relaxed_commits():
        if random.random() < EXPIRED_SWEEP_CHANCE:
            CaptchaStore.remove_expired()  # pages that are only viewed must not grow the table
        return CaptchaStore.generate_key()


def guard_lookup(request: HttpRequest, *, desa: str, captcha_key: str, captcha_value: str) -> None:
    """Raise LookupRefused unless this lookup may run."""
    check_client_rate(request)
    check_captcha(key=captcha_key, value=captcha_value)
    check_desa_rate(request, desa=desa)
