"""Where synthetic households live: real desa codes, weighted by province population.

Source of `population_2024.csv`: BPS (Badan Pusat Statistik), "Jumlah Penduduk Pertengahan Tahun
(Ribu Jiwa), 2024" — the mid-2024 projection from the 2020 census (SP2020), per province. The
figures were transcribed from that table from memory and are approximate (to within roughly ten
thousand people per province, total ≈ 281 million); they only shape a synthetic population and
must not be quoted as statistics.

BPS publishes no population per desa that we ship, so a province's weight is spread over its desa
by a simple density rule (an assumption, not data): a kelurahan in a kota counts three times a
rural desa, a kelurahan in a kabupaten (a small-town centre) one and a half times.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random

POPULATION_FILE = Path(__file__).with_name("population_2024.csv")

# Kemendagri codes: digits 3-4 of a kabupaten/kota code are 71+ for a kota; digit 7 of a desa
# code is 1 for a kelurahan (urban) and 2 for a desa.
_WEIGHT_KELURAHAN_KOTA = 3.0
_WEIGHT_KELURAHAN_KABUPATEN = 1.5
_WEIGHT_DESA = 1.0


class RegionSelectionError(ValueError):
    """The --region prefixes match no desa (message in Indonesian)."""


@cache
def province_population() -> dict[str, int]:
    with POPULATION_FILE.open(newline="", encoding="utf-8") as handle:
        return {row["province"]: int(row["population"]) for row in csv.DictReader(handle)}


def is_kota(code: str) -> bool:
    return int(code[2:4]) >= 71


def is_kelurahan(desa_code: str) -> bool:
    return desa_code[6] == "1"


def _desa_weight(code: str) -> float:
    if is_kelurahan(code):
        return _WEIGHT_KELURAHAN_KOTA if is_kota(code) else _WEIGHT_KELURAHAN_KABUPATEN
    return _WEIGHT_DESA


def _all_desa() -> tuple[str, ...]:
    from jaring.regions.codes import desa_codes  # plain Python, reads the shipped tree

    return tuple(sorted(desa_codes()))


@dataclass(frozen=True)
class Geography:
    """The desa to draw from, with cumulative population weights, and kecamatan for movers."""

    desa: tuple[str, ...]
    cumulative: tuple[float, ...]
    kecamatan: tuple[str, ...]  # every kecamatan of the country (movers come from anywhere)
    kecamatan_by_kabupaten: dict[str, tuple[str, ...]]

    def pick_desa(self, rng: Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.desa[bisect_right(self.cumulative, point)]

    def pick_origin_kecamatan(self, rng: Random, home_kecamatan: str) -> str:
        """The kecamatan where a member who moved in got the NIK: mostly nearby, else anywhere."""
        if rng.random() < 0.6:
            nearby = self.kecamatan_by_kabupaten[home_kecamatan[:4]]
            return nearby[rng.randrange(len(nearby))]
        return self.kecamatan[rng.randrange(len(self.kecamatan))]


def parse_region_prefixes(text: str) -> tuple[str, ...]:
    """'32.73, 3204' → ('3273', '3204'); raises RegionSelectionError on a non-numeric prefix."""
    prefixes = []
    for part in text.split(","):
        prefix = part.strip().replace(".", "")
        if not prefix:
            continue
        if not prefix.isdigit() or len(prefix) > 10:
            raise RegionSelectionError(
                f"awalan wilayah '{part.strip()}' tidak sah: gunakan kode angka, mis. 32 atau 32.73"
            )
        prefixes.append(prefix)
    return tuple(dict.fromkeys(prefixes))


@cache
def load_geography(prefixes: tuple[str, ...] = ()) -> Geography:
    every_desa = _all_desa()
    if prefixes:
        unknown = [p for p in prefixes if not any(code.startswith(p) for code in every_desa)]
        if unknown:
            raise RegionSelectionError(
                f"tidak ada desa/kelurahan dengan kode awalan {', '.join(unknown)}"
            )
        chosen = tuple(c for c in every_desa if c.startswith(prefixes))
    else:
        chosen = every_desa
    population = province_population()
    raw = [_desa_weight(code) for code in chosen]
    per_province: dict[str, float] = {}
    for code, weight in zip(chosen, raw, strict=True):
        per_province[code[:2]] = per_province.get(code[:2], 0.0) + weight
    # A province missing from the table (a future split) gets a small default weight.
    weights = [
        population.get(code[:2], 500_000) * weight / per_province[code[:2]]
        for code, weight in zip(chosen, raw, strict=True)
    ]
    kecamatan = tuple(sorted({code[:6] for code in every_desa}))
    by_kabupaten: dict[str, list[str]] = {}
    for kec in kecamatan:
        by_kabupaten.setdefault(kec[:4], []).append(kec)
    return Geography(
        desa=chosen,
        cumulative=tuple(accumulate(weights)),
        kecamatan=kecamatan,
        kecamatan_by_kabupaten={k: tuple(v) for k, v in by_kabupaten.items()},
    )
