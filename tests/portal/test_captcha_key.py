"""Captcha keys travel in public pages and answers, which the leak checks scan for 16-digit runs
(a NIK or KK): a key must never contain one."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from jaring.portal import guard


@pytest.mark.django_db
def test_a_key_with_sixteen_digits_in_a_row_is_drawn_again(monkeypatch) -> None:
    drawn = iter(["1234567890123456" + "a" * 24, "0123456789abcdef" * 2 + "01234567"])
    # guard's own `secrets`, not the shared module: redis-py draws from secrets.token_hex when
    # it opens its first connection, which this test may be the one to do.
    monkeypatch.setattr(guard, "secrets", SimpleNamespace(token_hex=lambda _n: next(drawn)))
    key = guard.captcha_new()
    assert key == "0123456789abcdef" * 2 + "01234567"
    assert not re.search(r"\d{16}", key)


@pytest.mark.django_db
def test_keys_are_forty_hex_digits() -> None:
    for _ in range(50):
        key = guard.captcha_new()
        assert re.fullmatch(r"[0-9a-f]{40}", key)
        assert not re.search(r"\d{16}", key)


@pytest.mark.django_db
def test_without_redis_expired_captchas_are_swept_now_and_then(settings, monkeypatch) -> None:
    """Without Redis the captcha rows live in a table; a share of new challenges and of uses
    (`EXPIRED_SWEEP_CHANCE`) deletes the expired ones, so the table does not grow."""
    from datetime import timedelta

    from captcha.models import CaptchaStore
    from django.utils import timezone

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"}
    }
    old = timezone.now() - timedelta(hours=1)
    CaptchaStore.objects.create(challenge="A", response="a", hashkey="e" * 40, expiration=old)
    monkeypatch.setattr(guard, "EXPIRED_SWEEP_CHANCE", 0.0)
    kept = guard.captcha_new()
    assert CaptchaStore.objects.filter(hashkey="e" * 40).exists()
    monkeypatch.setattr(guard, "EXPIRED_SWEEP_CHANCE", 1.0)
    fresh = guard.captcha_new()
    assert not CaptchaStore.objects.filter(hashkey="e" * 40).exists()
    assert set(CaptchaStore.objects.values_list("hashkey", flat=True)) == {kept, fresh}
    CaptchaStore.objects.create(challenge="B", response="b", hashkey="f" * 40, expiration=old)
    with pytest.raises(guard.CaptchaInvalid):
        guard.check_captcha(key=kept, value="wrong")  # a use sweeps too
    assert set(CaptchaStore.objects.values_list("hashkey", flat=True)) == {fresh}
