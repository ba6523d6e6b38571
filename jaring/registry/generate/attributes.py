"""Socio-economic attributes of synthetic people and homes, drawn to be mutually plausible.

`quality` throughout is a 0..1 welfare position (desil 1 → 0, desil 10 → 1, unknown → middle);
schooling, occupations, incomes, housing and assets all lean on it so that a poor family looks
poor in every column, with noise.
"""

from __future__ import annotations

from itertools import accumulate
from random import Random

# Provinces where fishing is a common livelihood (long coastlines, islands) — an approximation:
# the region tree carries no coastline flag.
MARITIME_PROVINCES = frozenset(
    {"19", "21", "53", "71", "72", "73", "74", "75", "76", "81", "82", "92", "96"}
)
# Remote provinces: poorer on average, fewer bank accounts (more payment through PT Pos),
# weaker infrastructure.
REMOTE_PROVINCES = frozenset({"52", "53", "76", "81", "82", "91", "92", "93", "94", "95", "96"})

_FORMAL = ("asn", "tni", "polri", "guru_sertifikasi")
_PENSION = {
    "asn": "pensiunan_asn",
    "tni": "pensiunan_tni",
    "polri": "pensiunan_polri",
    "guru_sertifikasi": "pensiunan_asn",
}
# Median monthly income (rupiah) of a middle household per occupation; scaled by welfare.
_BASE_INCOME = {
    "petani": 1_300_000,
    "nelayan": 1_600_000,
    "buruh": 2_100_000,
    "pedagang": 2_200_000,
    "wiraswasta": 2_800_000,
    "karyawan_swasta": 3_800_000,
    "asn": 5_200_000,
    "tni": 5_000_000,
    "polri": 5_300_000,
    "guru_sertifikasi": 5_000_000,
    "pensiunan_asn": 2_900_000,
    "pensiunan_tni": 2_800_000,
    "pensiunan_polri": 2_900_000,
    "lainnya": 1_700_000,
}
_ALWAYS_PERMANENT = frozenset(_FORMAL)
_SALARIED = frozenset((*_FORMAL, *_PENSION.values()))
_NOT_WORKING = frozenset(
    {
        "tidak_bekerja",
        "ibu_rumah_tangga",
        "pelajar",
        "pensiunan_asn",
        "pensiunan_tni",
        "pensiunan_polri",
    }
)
_BPJS_SHARE = {  # (occupation, permanent) → share with BPJS Ketenagakerjaan
    ("karyawan_swasta", True): 0.8,
    ("karyawan_swasta", False): 0.2,
    ("buruh", True): 0.6,
    ("buruh", False): 0.1,
    ("guru_sertifikasi", True): 0.2,
    ("wiraswasta", False): 0.05,
    ("pedagang", False): 0.03,
    ("nelayan", False): 0.04,
}


class Weighted:
    """A fixed weighted choice, precomputed for speed (one random number per draw)."""

    __slots__ = ("cumulative", "total", "values")

    def __init__(self, weights: dict[str, float]) -> None:
        self.values = tuple(weights)
        self.cumulative = tuple(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def pick(self, rng: Random) -> str:
        point = rng.random() * self.total
        for value, edge in zip(self.values, self.cumulative, strict=True):
            if point < edge:
                return value
        return self.values[-1]


def _adult_mix(sex: str, urban: bool, maritime: bool, band: int) -> Weighted:
    formal = (0.3, 1.0, 3.0)[band]  # government jobs are rare in the poorest households
    if sex == "L":
        weights = {
            "petani": 3 if urban else 34,
            "nelayan": (1 if urban else 12) if maritime else 1,
            "buruh": 28 if urban else 20,
            "pedagang": 17 if urban else 9,
            "wiraswasta": 13 if urban else 7,
            "karyawan_swasta": 20 if urban else 5,
            "lainnya": 6,
            "tidak_bekerja": 6,
            "asn": 1.5 * formal,
            "tni": 0.5 * formal,
            "polri": 0.5 * formal,
            "guru_sertifikasi": 0.8 * formal,
        }
    else:
        weights = {
            "ibu_rumah_tangga": 42,
            "petani": 1 if urban else 15,
            "buruh": 10,
            "pedagang": 13,
            "wiraswasta": 5,
            "karyawan_swasta": 7 if urban else 2,
            "lainnya": 3,
            "tidak_bekerja": 4,
            "asn": 1.0 * formal,
            "guru_sertifikasi": 1.5 * formal,
            "nelayan": 0.5 if maritime else 0,
        }
    return Weighted(weights)


_ADULT = {
    (sex, urban, maritime, band): _adult_mix(sex, urban, maritime, band)
    for sex in "LP"
    for urban in (False, True)
    for maritime in (False, True)
    for band in (0, 1, 2)
}
_YOUTH_WORK = {
    False: Weighted({"buruh": 35, "petani": 25, "tidak_bekerja": 30, "pedagang": 10}),
    True: Weighted({"buruh": 45, "petani": 2, "tidak_bekerja": 38, "pedagang": 15}),
}
_DISABILITY = Weighted({"ringan": 45, "sedang": 35, "berat": 20})


def band_of(desil: int | None) -> int:
    if desil is None:
        return 1
    return 0 if desil <= 3 else (1 if desil <= 7 else 2)


def schooling(rng: Random, age: int, birth_year: int, quality: float) -> str:
    if age <= 3:
        return "belum_sekolah"
    if age <= 6:
        return "paud" if rng.random() < 0.5 + 0.3 * quality else "belum_sekolah"
    if age <= 12:
        return "sd" if rng.random() < 0.975 else "tidak_sekolah"
    if age <= 15:
        return "smp" if rng.random() < 0.86 + 0.1 * quality else "tidak_sekolah"
    if age <= 18:
        draw = rng.random()
        if draw < 0.66 + 0.25 * quality:
            return "sma"
        return "paket_c" if draw < 0.72 + 0.25 * quality else "tidak_sekolah"
    if age <= 23 and rng.random() < 0.04 + 0.4 * quality:
        return "kuliah"
    completed = (0.12 + 0.45 * quality) if birth_year < 1975 else (0.35 + 0.5 * quality)
    return "tamat_sma" if rng.random() < completed else "tidak_sekolah"


def occupation(
    rng: Random, *, age: int, sex: str, school: str, urban: bool, maritime: bool, band: int
) -> str:
    if age < 15:
        return "pelajar" if school in ("sd", "smp") else "tidak_bekerja"
    if school in ("smp", "sma", "paket_c", "kuliah"):
        return "pelajar"
    if age < 19:
        return _YOUTH_WORK[urban].pick(rng)
    if age >= 58:
        work = _ADULT[sex, urban, maritime, band].pick(rng)
        if work in _FORMAL:
            return _PENSION[work]
        keeps_working = rng.random() < max(0.05, 0.75 - (age - 58) * 0.03)
        if keeps_working and work not in ("karyawan_swasta", "ibu_rumah_tangga"):
            return work
        return "ibu_rumah_tangga" if sex == "P" and rng.random() < 0.5 else "tidak_bekerja"
    return _ADULT[sex, urban, maritime, band].pick(rng)


def employment(rng: Random, work: str, *, age: int, sex: str) -> str:
    if work in _NOT_WORKING:
        if (
            work == "tidak_bekerja"
            and 20 <= age <= 55
            and rng.random() < (0.3 if sex == "L" else 0.1)
        ):
            return "phk"
        return "tidak_bekerja"
    if work in _ALWAYS_PERMANENT:
        return "bekerja_tetap"
    if work == "karyawan_swasta":
        return "bekerja_tetap" if rng.random() < 0.7 else "bekerja_tidak_tetap"
    if work == "buruh":
        return "bekerja_tetap" if rng.random() < 0.2 else "bekerja_tidak_tetap"
    return "bekerja_tidak_tetap"


def monthly_income(rng: Random, work: str, quality: float, jakarta: bool) -> int:
    base = _BASE_INCOME.get(work)
    if base is None:
        return 0
    # Salaried and pension incomes follow pay scales; informal earnings follow welfare closely.
    if work in _SALARIED:
        scale = 0.8 + 0.5 * quality
    else:
        scale = (0.45 + 2.0 * quality) * (1.35 if jakarta else 1.0)
    amount = base * scale * rng.lognormvariate(0.0, 0.3)
    return max(100_000, round(amount / 50_000) * 50_000)  # reported in round figures


def has_bpjs(rng: Random, work: str, status: str) -> bool:
    share = _BPJS_SHARE.get((work, status == "bekerja_tetap"), 0.0)
    return share > 0 and rng.random() < share


def disability(rng: Random, age: int) -> str:
    chance = 0.025 + (0.06 if age >= 60 else 0.0)
    return _DISABILITY.pick(rng) if rng.random() < chance else "tidak"


# Housing options ordered worst → best; a household's position follows its welfare.
_FLOOR = ("tanah", "bambu", "kayu", "semen", "semen", "ubin", "keramik", "keramik")
_WALL = ("lainnya", "bambu", "bambu", "kayu", "plesteran_anyaman", "tembok", "tembok", "tembok")
_ROOF = ("ijuk_rumbia", "seng", "asbes", "genteng", "genteng", "genteng", "genteng", "beton")
_WATER = (
    "sungai_hujan",
    "sumur_tak_terlindung",
    "sumur_terlindung",
    "sumur_terlindung",
    "sumur_bor",
    "sumur_bor",
    "ledeng",
    "air_kemasan",
)
_SANITATION = ("tidak_ada", "umum", "bersama", "sendiri", "sendiri", "sendiri")
_ELECTRICITY = (
    "tidak_ada",
    "non_pln",
    "pln_450",
    "pln_450",
    "pln_900",
    "pln_900",
    "pln_1300_lebih",
)
_COOKING = (
    "kayu_arang",
    "kayu_arang",
    "minyak_tanah",
    "lpg_3kg",
    "lpg_3kg",
    "lpg_3kg",
    "listrik_gas",
)


def _grade(rng: Random, options: tuple[str, ...], position: float) -> str:
    index = int((position + rng.gauss(0.0, 0.15)) * len(options))
    return options[min(len(options) - 1, max(0, index))]


def housing(
    rng: Random, *, quality: float, urban: bool, remote: bool, size: int, fishing: bool
) -> dict[str, object]:
    position = 0.3 + 0.55 * quality + (0.1 if urban else 0.0) - (0.2 if remote else 0.0)
    rural = not urban
    assets = []
    for asset, chance in (
        ("motor", 0.35 + 0.55 * quality),
        ("tv", 0.25 + 0.6 * quality),
        ("kulkas", 0.08 + 0.75 * quality),
        ("mobil", 0.01 + 0.45 * quality * quality),
        ("ac", 0.005 + (0.45 if urban else 0.2) * quality * quality),
        ("komputer", 0.02 + 0.5 * quality * quality),
        ("emas", 0.05 + 0.35 * quality),
        ("lahan", (0.15 + 0.4 * quality) if rural else 0.03 + 0.2 * quality),
        ("ternak", (0.12 + 0.2 * quality) if rural else 0.0),
        ("perahu_motor", 0.45 if fishing else 0.0),
    ):
        if rng.random() < chance:
            assets.append(asset)
    return {
        "floor_material": _grade(rng, _FLOOR, position),
        "wall_material": _grade(rng, _WALL, position),
        "roof_material": _grade(rng, _ROOF, position),
        "floor_area_m2": int(14 + 8 * size + 70 * position * rng.uniform(0.6, 1.4)),
        "drinking_water": _grade(rng, _WATER, position + (0.1 if urban else 0.0)),
        "sanitation": _grade(rng, _SANITATION, position + 0.1),
        "electricity": _grade(rng, _ELECTRICITY, position + (0.0 if remote else 0.15)),
        "cooking_fuel": "tidak_memasak"
        if rng.random() < 0.005
        else _grade(rng, _COOKING, position + (0.2 if urban else 0.0)),
        "assets": sorted(assets),
    }
