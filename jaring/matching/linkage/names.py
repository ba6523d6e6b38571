"""Canonical forms of Indonesian person names, so spelling variants compare equal.

`normalize_name` (jaring.core.names) lowercases and drops honorifics and degrees; this module
goes further for linkage: the many spellings of Muhammad, Siti/Sitti, the pre-1972 spelling
(ejaan lama: oe→u, dj→j, tj→c, sj→sy, nj→ny, ch→kh) and doubled letters all meet in one form.
Plain Python, no Django.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jaring.core.names import normalize_name

# Whole-token variants, applied before the spelling rules (keys are normalised tokens).
_TOKEN_VARIANTS: dict[str, str] = {
    **dict.fromkeys(
        (
            "muhammad",
            "muhamad",
            "muhammat",
            "muhamat",
            "mohammad",
            "mohamad",
            "mohammed",
            "mohamed",
            "mochammad",
            "mochamad",
            "mokhammad",
            "mokhamad",
            "muhamed",
            "muchammad",
            "muchamad",
            "moehammad",
            "moehamad",
            "mhd",
            "moh",
            "mochd",
            "muh",
            "much",
            "mch",
            "mokh",
            "mukh",
            "mokhd",
            "m",  # "M. Yusuf": a lone M before a name is Muhammad in Indonesian usage
        ),
        "muhamad",
    ),
    **dict.fromkeys(("siti", "sitti", "sity", "st"), "siti"),
    **dict.fromkeys(("nurul", "noerul"), "nurul"),
    **dict.fromkeys(("abd", "abdul", "abdoel"), "abdul"),
}
# Ejaan lama (Van Ophuijsen / Soewandi) digraphs → EYD, longest first.
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("nj", "ny"), ("ch", "kh"))
_DOUBLED = re.compile(r"([a-z])\1+")


def _canonical_token(token: str) -> str:
    token = _TOKEN_VARIANTS.get(token, token)
    for old, new in _OLD_SPELLING:
        token = token.replace(old, new)
    token = _DOUBLED.sub(r"\1", token)
    # Final "h" after a vowel is often dropped or added ("Fatimah"/"Fatima", "Abdulah").
    if len(token) > 3 and token.endswith("h") and token[-2] in "aiueo":
        token = token[:-1]
    return _TOKEN_VARIANTS.get(token, token)


@lru_cache(maxsize=200_000)
def canonical_name(name: str) -> str:
    """The comparable form of a person's name: "Hj. Sitti Djoeariah" → "siti juaria"."""
    return " ".join(_canonical_token(token) for token in normalize_name(name).split())


def name_parts(canonical: str) -> tuple[str, str]:
    """First and last token of a canonical name (the same token when there is one)."""
    tokens = canonical.split()
    if not tokens:
        return "", ""
    return tokens[0], tokens[-1]
