"""Complaint reference numbers: ADU-XXXXX-XXXXX-C.

Ten characters from `secrets` (32 symbols: 50 bits, so guessing one is hopeless even without the
rate limit) and a Luhn mod-32 check character that catches any single typo and every swap of
neighbours but one (2Z/Z2) before the database is asked. No 0/O or 1/I: references are read out
over the phone.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RANDOM_LENGTH = 10
PREFIX = "ADU"
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}


def check_character(body: str) -> str:
    """Luhn mod N over the alphabet (N = 32)."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for ch in reversed(body):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{PREFIX}-{body[:5]}-{body[5:]}-{check_character(body)}"


def normalize_reference(text: str) -> str | None:
    """The canonical form of a typed reference, or None when it cannot be one (wrong length,
    foreign characters, or a check character that does not match)."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if cleaned.startswith(PREFIX):
        cleaned = cleaned[len(PREFIX) :]
    if len(cleaned) != RANDOM_LENGTH + 1 or any(ch not in _INDEX for ch in cleaned):
        return None
    body, check = cleaned[:RANDOM_LENGTH], cleaned[RANDOM_LENGTH]
    if check_character(body) != check:
        return None
    return f"{PREFIX}-{body[:5]}-{body[5:]}-{check}"
