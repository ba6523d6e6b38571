"""Known duplicates with Indonesian-style errors, for measuring record linkage.

`jaring generate --duplicates R` copies a share R of the people into a second family of the
same province, with the errors a registry really has: another NIK (issued where the copy
registered again) or a mistyped one, Muhammad/Siti variants, the old spelling (oe, dj, tj),
honorifics, dropped or swapped letters, a shifted birth date, a birth place left out or spelt
another way (`place_variant`). Two registration patterns:

- a person alone in a second KK, as `famili_lain` of a later household (a married child still
  on the parents' KK, a relative taken in): the default, and the only one before 2026-12-02;
- with `--duplicate-families F`, a share F of the copies come as **a family registered again**:
  a household that moved within the province and made a new KK there without the old one being
  closed (or was enumerated again at the new address) — its head and most of its living
  members (each other member stays behind with probability 0.1) in a new household with a new
  KK, next to a later household of the province. One NIK pattern for the whole family (the
  NIKs kept, typed again with slips, or new NIKs issued by the new kecamatan); names and birth
  dates are misspelt member by member.

Each copied person is a row of `duplicates.csv` (the ground truth; a family copy keeps its
relationship, a lone copy is `famili_lain`). The copies use their own random stream, so the
population itself (and the output without the option) is unchanged.
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


def place_variant(rng: Random, place: str) -> str:
    """The birth place as typed at another registration: the old spelling (Soerabaja), a slip
    of one letter, or the same place written with its kind or in capitals (Kab. Garut, GARUT).
    Without these every copy that gives its birth place would give it letter for letter."""
    kind = rng.random()
    words = place.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))  # the name itself, not "Kep."
    if kind < 0.4:
        old, new = rng.choice(_OLD_SPELLING)
        lower = words[i].lower()
        words[i] = words[i].replace(old, new, 1) if old in lower else _typo(rng, words[i])
    elif kind < 0.75:
        words[i] = _typo(rng, words[i])
    elif kind < 0.9:
        words.insert(0, rng.choice(("Kab.", "Kota", "Kabupaten")))
    else:
        words = [word.upper() for word in words]
    return " ".join(words)


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


# A member of a family registered again stays behind (married, working elsewhere) this often.
_STAYS_BEHIND = 0.1
# Members copied per eligible member of a family copy (the head always comes).
_FAMILY_COPIED = 1 - _STAYS_BEHIND


def _family_nik_mode(rng: Random) -> str:
    """How the NIKs of a family registered again relate to the first registration: kept
    (the cards were shown), typed again from the old KK with slips, or new NIKs issued by the
    new kecamatan (the same shares as for one person)."""
    kind = rng.random()
    return "nik_sama" if kind < 0.4 else ("nik_salah_ketik" if kind < 0.7 else "nik_lain")


class DuplicateInjector:
    """Wraps a household stream; writes the ground truth as it goes."""

    def __init__(
        self, rate: float, seed: int, as_of: date, truth: Path, families: float = 0.0
    ) -> None:
        if not 0 <= rate < 1:
            raise ValueError("--duplicates harus antara 0 dan 1")
        if not 0 <= families <= 1:
            raise ValueError("--duplicate-families harus antara 0 dan 1")
        self.rate = rate
        self.families = families
        # Per household, so that about rate x families of the people come in family copies.
        self.family_rate = min(1.0, rate * families / _FAMILY_COPIED)
        self.person_rate = rate * (1 - families)
        self.rng = Random(f"duplicates:{seed}")
        self.as_of = as_of
        self.truth = truth
        self.pending: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.pending_families: dict[str, list[dict[str, Any]]] = {}
        # KK serials of family copies count down from 9999 per kecamatan and issue month, away
        # from the population's own serials (which count up from 1).
        self.kk_serials: dict[tuple[str, int, int], int] = {}
        self.count = 0

    def _copy(
        self, member: dict[str, Any], *, nik_mode: str | None = None
    ) -> tuple[dict[str, Any], str]:
        rng = self.rng
        birth = member["birth_date"]
        age = self.as_of.year - birth.year
        if nik_mode is None:
            nik, kind = _other_nik(rng, member["nik"])
        elif nik_mode == "nik_salah_ketik" and rng.random() < 0.5:
            nik, kind = member["nik"], "nik_sama"  # this card was typed right
        elif nik_mode == "nik_salah_ketik":
            at = rng.randrange(12, 16)
            digit = str((int(member["nik"][at]) + rng.randrange(1, 10)) % 10)
            nik, kind = member["nik"][:at] + digit + member["nik"][at + 1 :], nik_mode
        elif nik_mode == "nik_lain":
            nik, kind = member["nik"][:12] + f"{rng.randrange(9000, 10000):04d}", nik_mode
        else:
            nik, kind = member["nik"], "nik_sama"
        copy = dict(member)
        copy.update(
            nik=nik,
            name=misspell(rng, member["name"], age),
            birth_date=_shift_birth(rng, birth),
            pregnant=False,
            pregnancy_order=None,
        )
        if nik_mode is None:  # alone in another family
            copy["relationship"] = "famili_lain"
        place = rng.random()
        if place < 0.15:
            copy["birth_place"] = ""
        elif place < 0.30 and copy.get("birth_place"):
            copy["birth_place"] = place_variant(rng, copy["birth_place"])
        return copy, kind

    def _family_copy(self, household: dict[str, Any]) -> dict[str, Any] | None:
        """The household as registered again after a move (members chosen, errors made now;
        KK, desa and NIKs issued there are set when it is placed)."""
        rng = self.rng
        living = [
            m for m in household["members"] if m["alive"] and m["relationship"] != "famili_lain"
        ]
        if not living or living[0]["relationship"] != "kepala_keluarga":
            return None
        mode = _family_nik_mode(rng)
        members = []
        for position, member in enumerate(living):
            if position and rng.random() < _STAYS_BEHIND:
                continue
            copy, kind = self._copy(member, nik_mode=mode)
            copy["_origin_nik"] = member["nik"]
            copy["_kind"] = kind
            members.append(copy)
        return {**household, "_origin_kk": household["kk"], "members": members}

    def _place_family(self, family: dict[str, Any], host: dict[str, Any]) -> dict[str, Any]:
        """A family copy as a new household next to `host`: its desa, street and RT/RW, a new KK
        issued there, and (for new NIKs) NIKs of the host's kecamatan."""
        rng = self.rng
        kecamatan = host["region"][:6]
        youngest = max(m["birth_date"] for m in family["members"]).toordinal()
        low = max(youngest, self.as_of.toordinal() - 3 * 365)
        issued = date.fromordinal(
            rng.randint(min(low, self.as_of.toordinal()), self.as_of.toordinal())
        )
        slot = (kecamatan, issued.year % 100, issued.month)
        serial = self.kk_serials.get(slot, 10_000) - 1
        self.kk_serials[slot] = serial
        kk = f"{kecamatan}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"
        for member in family["members"]:
            if member["_kind"] == "nik_lain":
                member["nik"] = _second_nik(
                    member["nik"], kecamatan, member["birth_date"], member["sex"]
                )
        placed = {key: value for key, value in family.items() if not key.startswith("_")}
        placed.update(
            kk=kk,
            region=host["region"],
            address=host["address"],
            rt=host["rt"],
            rw=host["rw"],
            kks_number=None,  # no card is issued to the second registration
            housing=dict(family["housing"]),
        )
        return placed

    def wrap(self, households: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        with self.truth.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(_FIELDS)
            for household in households:
                province = household["region"][:2]
                for family in self.pending_families.pop(province, []):
                    placed = self._place_family(family, household)
                    for member in placed["members"]:
                        origin_nik, kind = member.pop("_origin_nik"), member.pop("_kind")
                        writer.writerow(
                            (family["_origin_kk"], origin_nik, placed["kk"], member["nik"], kind)
                        )
                        self.count += 1
                    yield placed
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
                if self.families and self.rng.random() < self.family_rate:
                    family = self._family_copy(household)
                    if family is not None:
                        self.pending_families.setdefault(province, []).append(family)
                        yield household
                        continue
                rate = self.person_rate
                for member in list(household["members"]):
                    # Copies (and real famili_lain members) are not copied again.
                    if member["relationship"] == "famili_lain" or self.rng.random() >= rate:
                        continue
                    copy, kind = self._copy(member)
                    copy["_origin_nik"] = member["nik"]
                    self.pending.setdefault(province, []).append((household["kk"], (copy, kind)))
                yield household
