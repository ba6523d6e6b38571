"""Known duplicates with Indonesian-style errors, for measuring record linkage.

`jaring generate --duplicates R` copies a share R of the people into a later household of the
same province (the same person registered in two families, as after a move or a marriage), with
the errors a registry really has: another NIK (issued where the copy registered again) or a
mistyped one, Muhammad/Siti variants, the old spelling (oe, dj, tj), honorifics, dropped or
swapped letters, a shifted birth date. Each copy is written to `duplicates.csv` (the ground
truth). The copies use their own random stream, so the population itself (and the output
without the option) is unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

GROUND_TRUTH = "duplicates.csv"
_FIELDS = ("kk_a", "nik_a", "kk_b", "nik_b", "kind")
_MUHAMMAD = ("Muhamad", "Mohamad", "Mohammad", "Moch.", "M.", "Muh.")
_OLD_SPELLING = (("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"))
_VOWELS = "aiueo"


def _typo(rng: Random, word: str) -> str:
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.3:
        return word[:at] + word[at + 1 :]  # a letter dropped
    if kind < 0.55:
        return word[:at] + word[at] + word[at:]  # a letter doubled
    if kind < 0.8:
        return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]  # two swapped
    if word[at].lower() in _VOWELS:
        return word[:at] + rng.choice(_VOWELS) + word[at + 1 :]  # a vowel misheard
    return word


def misspell(rng: Random, name: str, age: int) -> str:
    """One to three of the spelling changes seen between two registrations of one person."""
    tokens = name.split()
    changes = 1 + int(rng.random() < 0.5) + int(rng.random() < 0.2)
    for _ in range(changes):
        if not tokens:
            break
        kind = rng.random()
        i = rng.randrange(len(tokens))
        word = tokens[i]
        if word.lower().startswith("muham") and kind < 0.6:
            tokens[i] = rng.choice(_MUHAMMAD)
        elif word.lower() == "siti" and kind < 0.6:
            tokens[i] = "Sitti"
        elif kind < 0.35:
            old, new = rng.choice(_OLD_SPELLING)
            if old in word:
                tokens[i] = word.replace(old, new, 1)
            else:
                tokens[i] = _typo(rng, word)
        elif kind < 0.45 and age >= 35:
            tokens.insert(0, rng.choice(("H.", "Hj.", "Bpk.", "Ibu")))
        elif kind < 0.55 and len(tokens) >= 3:
            tokens.pop(rng.randrange(1, len(tokens)))  # a middle or last name left out
        elif kind < 0.6:
            tokens = [t.upper() for t in tokens]
        else:
            tokens[i] = _typo(rng, word)
    return " ".join(tokens)


def _shift_birth(rng: Random, birth: date) -> date:
    kind = rng.random()
    if kind < 0.8:
        return birth
    if kind < 0.9:
        return birth + timedelta(days=rng.choice((-3, -2, -1, 1, 2, 3)))
    if kind < 0.95 and birth.day <= 12 and birth.day != birth.month:
        try:
            return birth.replace(day=birth.month, month=birth.day)  # day and month swapped
        except ValueError:
            return birth
    try:
        return birth.replace(year=birth.year + rng.choice((-1, 1)))
    except ValueError:
        return birth


def _other_nik(rng: Random, nik: str) -> tuple[str, str]:
    kind = rng.random()
    if kind < 0.4:
        return nik, "nik_sama"
    if kind < 0.7:
        at = rng.randrange(12, 16)  # a mistyped digit of the serial
        digit = str((int(nik[at]) + rng.randrange(1, 10)) % 10)
        return nik[:at] + digit + nik[at + 1 :], "nik_salah_ketik"
    # A second NIK: kecamatan and birth part are set where the copy is registered (see wrap).
    return nik[:12] + f"{rng.randrange(9000, 10000):04d}", "nik_lain"


def _second_nik(nik: str, kecamatan: str, birth: date, sex: str) -> str:
    """The NIK a second registration would issue: the kecamatan where the person registered
    again, the birth date as declared there (day + 40 for women), and a new serial."""
    day = birth.day + (40 if sex == "P" else 0)
    return f"{kecamatan}{day:02d}{birth.month:02d}{birth.year % 100:02d}{nik[12:]}"


class DuplicateInjector:
    """Wraps a household stream; writes the ground truth as it goes."""

    def __init__(self, rate: float, seed: int, as_of: date, truth: Path) -> None:
        if not 0 <= rate < 1:
            raise ValueError("--duplicates harus antara 0 dan 1")
        self.rate = rate
        self.rng = Random(f"duplicates:{seed}")
        self.as_of = as_of
        self.truth = truth
        self.pending: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.count = 0

    def _copy(self, member: dict[str, Any]) -> tuple[dict[str, Any], str]:
        rng = self.rng
        birth = member["birth_date"]
        age = self.as_of.year - birth.year
        nik, kind = _other_nik(rng, member["nik"])
        copy = dict(member)
        copy.update(
            nik=nik,
            name=misspell(rng, member["name"], age),
            birth_date=_shift_birth(rng, birth),
            relationship="famili_lain",
            pregnant=False,
            pregnancy_order=None,
        )
        if rng.random() < 0.15:
            copy["birth_place"] = ""
        return copy, kind

    def wrap(self, households: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        with self.truth.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(_FIELDS)
            for household in households:
                province = household["region"][:2]
                waiting = self.pending.pop(province, [])
                niks = {m["nik"] for m in household["members"]}
                for origin_kk, (copy, kind) in waiting:
                    if kind == "nik_lain":
                        copy["nik"] = _second_nik(
                            copy["nik"], household["region"][:6], copy["birth_date"], copy["sex"]
                        )
                    if copy["nik"] in niks:
                        continue  # a KK cannot list one NIK twice
                    household["members"].append(copy)
                    niks.add(copy["nik"])
                    writer.writerow(
                        (origin_kk, copy["_origin_nik"], household["kk"], copy["nik"], kind)
                    )
                    del copy["_origin_nik"]
                    self.count += 1
                for member in list(household["members"]):
                    # Copies (and real famili_lain members) are not copied again.
                    if member["relationship"] == "famili_lain" or self.rng.random() >= self.rate:
                        continue
                    copy, kind = self._copy(member)
                    copy["_origin_nik"] = member["nik"]
                    self.pending.setdefault(province, []).append((household["kk"], (copy, kind)))
                yield household
