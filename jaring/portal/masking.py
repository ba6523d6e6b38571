"""Masks for what the public pages show about a person (never a full NIK, KK or address)."""

from __future__ import annotations


def mask_word(word: str) -> str:
    """Keep the first two letters of a word (one for a word of up to three letters)."""
    keep = 1 if len(word) <= 3 else 2
    return word[:keep] + "*" * (len(word) - keep)


def mask_name(name: str) -> str:
    """ "Siti Aminah" → "Si** Am****": enough for the person to recognise, not to harvest."""
    return " ".join(mask_word(w) for w in name.split())


def mask_identity(number: str) -> str:
    """A NIK/KK as 3273••••••••0002 (first four and last four digits)."""
    if len(number) <= 8:
        return "•" * len(number)
    return number[:4] + "•" * (len(number) - 8) + number[-4:]
