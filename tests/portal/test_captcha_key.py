"""Captcha keys travel in public pages and answers, which the leak checks scan for 16-digit runs
(a NIK or KK): a key must never contain one."""

from __future__ import annotations

import re

import pytest

from jaring.portal import guard


@pytest.mark.django_db
def test_a_key_with_sixteen_digits_in_a_row_is_drawn_again(monkeypatch) -> None:
    drawn = iter(["1234567890123456" + "a" * 24, "0123456789abcdef" * 2 + "01234567"])
    monkeypatch.setattr(guard.secrets, "token_hex", lambda _n: next(drawn))
    key = guard.captcha_new()
    assert key == "0123456789abcdef" * 2 + "01234567"
    assert not re.search(r"\d{16}", key)


@pytest.mark.django_db
def test_keys_are_forty_hex_digits() -> None:
    for _ in range(50):
        key = guard.captcha_new()
        assert re.fullmatch(r"[0-9a-f]{40}", key)
        assert not re.search(r"\d{16}", key)
