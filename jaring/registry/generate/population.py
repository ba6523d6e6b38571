"""The synthetic population generator: households in the interchange format, one after another.

Plain Python (no Django), deterministic for a seed: one `random.Random(seed)` stream drawn in
household order, so the output does not depend on how a caller chunks it. Households come as
plain dicts shaped like a line of households.jsonl (dates as `datetime.date`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from random import Random
from typing import Any

from jaring.registry.generate import attributes as attr
from jaring.registry.generate.composition import YEAR, Person, compose
from jaring.registry.generate.geography import Geography, is_kelurahan, load_geography
from jaring.registry.generate.name_pools import HAMLETS, STREETS
from jaring.registry.generate.names import person_name, pick_tradition
from jaring.registry.generate.numbering import Numbering

# Ages are taken at this date unless told otherwise: a fixed day keeps output byte-identical
# whenever it is generated (pass `as_of` to move the population in time).
DEFAULT_AS_OF = date(2025, 7, 1)
_STREETS = tuple(s.replace("_", " ") for s in STREETS)
_HAMLETS = tuple(s.replace("_", " ") for s in HAMLETS)
_RURAL_PREFIX = {"sunda": "Kp.", "bali": "Banjar", "minang": "Jorong", "betawi_melayu": "Kampung"}
_DESIL_WEIGHTS = {
    "base": (15, 14, 13, 12, 10, 9, 8, 7, 6, 6),
    "remote": (22, 18, 15, 12, 9, 7, 6, 5, 3, 3),
    "jakarta": (8, 9, 10, 11, 11, 11, 11, 11, 9, 9),
}
_DESIL = {
    key: attr.Weighted({str(i + 1): w for i, w in enumerate(ws)})
    for key, ws in _DESIL_WEIGHTS.items()
}
_STATUS = attr.Weighted({"aktif": 88, "nonaktif": 7, "usulan": 5})
_BANK = attr.Weighted({"BRI": 45, "BNI": 25, "MANDIRI": 20, "BTN": 10})
# Made-up card prefixes (not real BINs): KKS numbers only need to be unique and bank-shaped.
_KKS_PREFIX = {
    "BRI": "601301",
    "BNI": "601302",
    "MANDIRI": "601303",
    "BTN": "601304",
    "BSI": "601305",
}
_ORDER = {
    "kepala_keluarga": 0,
    "suami": 1,
    "istri": 1,
    "anak": 2,
    "menantu": 3,
    "cucu": 4,
    "orang_tua": 5,
    "mertua": 5,
    "famili_lain": 6,
    "lainnya": 7,
}
_MOVED_IN = {
    "istri": 0.3,
    "suami": 0.3,
    "menantu": 0.5,
    "orang_tua": 0.4,
    "mertua": 0.6,
    "famili_lain": 0.4,
}


@dataclass(frozen=True)
class GenerateOptions:
    households: int
    seed: int
    regions: tuple[str, ...] = ()  # desa code prefixes; empty = the whole country
    as_of: date = DEFAULT_AS_OF
    chunk_size: int = 50_000
    # Share of people copied into a second family with typos (jaring.registry.generate.duplicates).
    duplicates: float = 0.0
    # Share of those copies that come with their family, as a household registered again.
    duplicate_families: float = 0.0

    def __post_init__(self) -> None:
        if self.households < 0 or self.chunk_size < 1:
            raise ValueError("jumlah keluarga tidak boleh negatif dan ukuran potongan minimal 1")
        if not 0 <= self.duplicates < 1:
            raise ValueError("bagian duplikat harus antara 0 dan 1")
        if not 0 <= self.duplicate_families <= 1:
            raise ValueError("bagian duplikat sekeluarga harus antara 0 dan 1")


@cache
def _place_name(kabupaten: str) -> str:
    from jaring.regions.codes import region_name

    name = region_name(kabupaten) or ""
    for prefix in ("KABUPATEN ", "KAB. ", "KOTA ", "ADMINISTRASI "):
        if name.upper().startswith(prefix):
            name = name[len(prefix) :]
    return name.title() if name.isupper() else name


class PopulationGenerator:
    def __init__(self, options: GenerateOptions) -> None:
        self.options = options
        self.geography: Geography = load_geography(options.regions)
        self.numbering = Numbering(self.geography.kecamatan)
        # The region selection is part of the seed, so that two demos of different regions do
        # not repeat the same families.
        self.rng = Random(
            f"{options.seed}:{','.join(options.regions)}" if options.regions else options.seed
        )
        self.as_of = options.as_of
        self.as_of_ordinal = options.as_of.toordinal()
        self.index = 0

    def households(self) -> Iterator[dict[str, Any]]:
        """All households, one at a time (nothing is kept)."""
        for _ in range(self.options.households):
            yield self.household()

    def chunks(self) -> Iterator[list[dict[str, Any]]]:
        """All households, in lists of at most `chunk_size`."""
        remaining = self.options.households
        while remaining > 0:
            size = min(self.options.chunk_size, remaining)
            yield [self.household() for _ in range(size)]
            remaining -= size

    # -- one household --------------------------------------------------------------------
    def household(self) -> dict[str, Any]:
        rng = self.rng
        self.index += 1
        desa = self.geography.pick_desa(rng)
        province, kecamatan = desa[:2], desa[:6]
        urban = is_kelurahan(desa)
        remote = province in attr.REMOTE_PROVINCES
        tradition = pick_tradition(rng, province)
        table = "remote" if remote else ("jakarta" if province == "31" else "base")
        desil = None if rng.random() < 0.04 else int(_DESIL[table].pick(rng))
        quality = 0.5 if desil is None else (desil - 1) / 9
        people = compose(rng, tradition, desil)
        people.sort(key=lambda p: _ORDER[p.relationship])  # stable: children stay oldest first
        has_husband = any(p.relationship == "suami" for p in people)
        has_in_law = any(p.relationship == "menantu" for p in people)
        context = _Context(
            kecamatan=kecamatan,
            tradition=tradition,
            quality=quality,
            band=attr.band_of(desil),
            urban=urban,
            maritime=province in attr.MARITIME_PROVINCES,
            jakarta=province == "31",
        )
        members = []
        for person in people:
            married = person.sex == "P" and (
                person.relationship in ("istri", "menantu")
                or (person.relationship == "kepala_keluarga" and has_husband)
                or (person.relationship == "anak" and has_in_law and person.children > 0)
            )
            members.append(self._member(rng, person, context, married))

        youngest = max(m["birth_date"] for m in members).toordinal()
        head_adult = members[0]["birth_date"].toordinal() + int(17 * YEAR)
        low = max(youngest, head_adult, self.as_of_ordinal - int(15 * YEAR))
        issued = date.fromordinal(rng.randint(min(low, self.as_of_ordinal), self.as_of_ordinal))
        kk = self.numbering.kk(kecamatan, issued)

        channel = "POS" if rng.random() < (0.35 if remote else 0.1) else "KKS"
        bank = None
        if channel == "KKS":
            bank = "BSI" if province == "11" and rng.random() < 0.9 else _BANK.pick(rng)
        if urban:
            street = _STREETS[int(rng.random() * len(_STREETS))]
            lane = "Gg." if rng.random() < 0.3 else "Jl."
            address = f"{lane} {street} No. {rng.randint(1, 150)}"
        else:
            hamlet = _HAMLETS[int(rng.random() * len(_HAMLETS))]
            address = f"{_RURAL_PREFIX.get(tradition, 'Dusun')} {hamlet}"
        fishing = any(m["occupation"] == "nelayan" for m in members)
        housing = attr.housing(
            rng, quality=quality, urban=urban, remote=remote, size=len(members), fishing=fishing
        )
        return {
            "kk": kk,
            "region": desa,
            "desil": desil,
            "registry_status": _STATUS.pick(rng),
            "channel": channel,
            "bank": bank,
            "address": address,
            "rt": f"{1 + int(rng.random() * (12 if urban else 8)):03d}",
            "rw": f"{1 + int(rng.random() * (15 if urban else 6)):03d}",
            "kks_number": f"{_KKS_PREFIX[bank]}{self.index:010d}" if bank else None,
            "housing": housing,
            "members": members,
        }

    def _member(self, rng: Random, person: Person, ctx: _Context, married: bool) -> dict[str, Any]:
        as_of = self.as_of
        birth_ordinal = self.as_of_ordinal - person.age_days
        birth = date.fromordinal(birth_ordinal)
        age = as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
        moved = _MOVED_IN.get(person.relationship, 0.0)
        origin = (
            self.geography.pick_origin_kecamatan(rng, ctx.kecamatan)
            if moved and rng.random() < moved
            else ctx.kecamatan
        )
        sex = person.sex
        name = person_name(
            rng,
            ctx.tradition,
            sex,
            birth.year,
            family_name=person.family_name,
            birth_order=person.order,
        )
        school = attr.schooling(rng, age, birth.year, ctx.quality)
        work = attr.occupation(
            rng,
            age=age,
            sex=sex,
            school=school,
            urban=ctx.urban,
            maritime=ctx.maritime,
            band=ctx.band,
        )
        status = attr.employment(rng, work, age=age, sex=sex)
        alive, died = True, None
        if person.relationship != "kepala_keluarga":
            chance = (
                0.08
                if person.relationship in ("orang_tua", "mertua")
                else (0.04 if age >= 70 else 0.003)
            )
            if rng.random() < chance:
                alive = False
                lowest = max(birth_ordinal + 1, self.as_of_ordinal - 3 * 365)
                died = date.fromordinal(
                    rng.randint(min(lowest, self.as_of_ordinal), self.as_of_ordinal)
                )
        pregnant = (
            alive
            and married
            and 16 <= age <= 45
            and person.children <= 3
            and rng.random() < (0.07 if 20 <= age <= 35 else 0.025)
        )
        return {
            "nik": self.numbering.nik(origin, birth, sex),
            "name": name,
            "sex": sex,
            "birth_place": _place_name(origin[:4]),
            "birth_date": birth,
            "relationship": person.relationship,
            "citizenship": "WNA" if moved and rng.random() < 0.003 else "WNI",
            "alive": alive,
            "date_of_death": died,
            "pregnant": pregnant,
            "pregnancy_order": person.children + 1 if pregnant else None,
            "disability": attr.disability(rng, age),
            "schooling": school,
            "occupation": work,
            "employment": status,
            "monthly_income": attr.monthly_income(rng, work, ctx.quality, ctx.jakarta),
            "bpjs_ketenagakerjaan": attr.has_bpjs(rng, work, status),
        }


@dataclass(frozen=True, slots=True)
class _Context:
    kecamatan: str
    tradition: str
    quality: float
    band: int
    urban: bool
    maritime: bool
    jakarta: bool
