"""Assembles plausible Indonesian names from the pools in name_pools.py."""

from __future__ import annotations

from itertools import accumulate
from random import Random

from jaring.registry.generate.name_pools import (
    MODERN_FEMALE,
    MODERN_MALE,
    NATIONAL_MIX,
    PROVINCE_MIX,
    TRADITIONS,
    Tradition,
)

# Balinese birth-order names (the fifth child starts the cycle again).
_BALI_ORDER = {
    "L": (("Wayan", "Putu", "Gede"), ("Made", "Kadek", "Nengah"), ("Nyoman", "Komang"), ("Ketut",)),
    "P": (("Wayan", "Putu", "Luh"), ("Made", "Kadek", "Nengah"), ("Nyoman", "Komang"), ("Ketut",)),
}
_CHRISTIAN_STYLES = frozenset({"clan", "female_clan"})


class _Mix:
    __slots__ = ("cumulative", "names")

    def __init__(self, weights: dict[str, int]) -> None:
        self.names = tuple(weights)
        self.cumulative = tuple(accumulate(weights.values()))

    def pick(self, rng: Random) -> str:
        return rng.choices(self.names, cum_weights=self.cumulative)[0]


_MIXES = {code: _Mix(weights) for code, weights in PROVINCE_MIX.items()}
_NATIONAL = _Mix(NATIONAL_MIX)


def pick_tradition(rng: Random, province: str) -> str:
    return _MIXES.get(province, _NATIONAL).pick(rng)


def pick_family_name(rng: Random, tradition: str) -> str:
    """The clan/family name a father passes on ('' where names carry none)."""
    family = TRADITIONS[tradition].family
    return family[int(rng.random() * len(family))] if family else ""


def _given(rng: Random, pool: tuple[str, ...]) -> str:
    return pool[int(rng.random() * len(pool))]  # faster than randrange


def person_name(
    rng: Random,
    tradition: str,
    sex: str,
    birth_year: int,
    *,
    family_name: str = "",
    birth_order: int = 1,
) -> str:
    """A full name for someone of this tradition, sex and generation.

    `family_name` is the clan/family name inherited from the father (Batak, Minahasa, NTT...);
    Batak women keep their own marga (written "br." for boru); Balinese names follow birth order.
    """
    t: Tradition = TRADITIONS[tradition]
    pool = t.male if sex == "L" else t.female
    modern = birth_year >= 1995 and t.style not in _CHRISTIAN_STYLES and t.style != "bali"
    if t.style == "bali":
        prefix = "I" if sex == "L" else "Ni"
        order = _BALI_ORDER[sex][(birth_order - 1) % 4]
        middle = " Ayu" if sex == "P" and rng.random() < 0.3 else ""
        return f"{prefix} {_given(rng, order)}{middle} {_given(rng, pool)}"
    if t.style in _CHRISTIAN_STYLES:
        family = family_name or pick_family_name(rng, tradition)
        first = _given(rng, pool)
        if rng.random() < 0.35:
            second = _given(rng, pool)
            if second != first:
                first = f"{first} {second}"
        if t.style == "female_clan" and sex == "P":
            return f"{first} br. {family}" if rng.random() < 0.6 else f"{first} {family}"
        if tradition == "tionghoa" and rng.random() < 0.3:
            return first  # many Chinese-Indonesian names carry no family name on the KTP
        return f"{first} {family}"
    # Given-name traditions: one to three names; single names are common among older Javanese.
    if modern and rng.random() < 0.75:
        # Younger people mostly carry two or three names from the modern pool.
        modern_pool = MODERN_MALE if sex == "L" else MODERN_FEMALE
        parts = [_given(rng, modern_pool)]
        for _ in range(rng.choice((1, 1, 2))):
            part = _given(rng, modern_pool)
            if part not in parts:
                parts.append(part)
        if sex == "L" and rng.random() < 0.25 and parts[0] != "Muhammad":
            parts.insert(0, "Muhammad")
    else:
        single_share = 0.1 if modern else (0.55 if t.style == "single" else 0.25)
        parts = [_given(rng, pool)]
        if rng.random() >= single_share:
            part = _given(rng, pool)
            if part != parts[0]:
                parts.append(part)
    if sex == "P" and t.female_prefixes and rng.random() < 0.25:
        prefix = _given(rng, t.female_prefixes)
        if prefix not in parts:
            parts.insert(0, prefix)
    titles = t.male_titles if sex == "L" else t.female_titles
    if titles and rng.random() < 0.06:
        parts.insert(0, _given(rng, titles))
    return " ".join(parts)
