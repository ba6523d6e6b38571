"""Plain-Python access to the shipped region tree (no Django): fast lookups for imports, engine.

Everything is read once from jaring/regions/data/ and cached for the life of the process.
"""

from __future__ import annotations

import csv
import gzip
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_FILE = DATA_DIR / "wilayah-2025.csv.gz"
RETIRED_FILE = DATA_DIR / "retired-papua-2022.csv.gz"

LEVEL_BY_LENGTH: dict[int, str] = {
    2: "provinsi",
    4: "kabupaten_kota",
    6: "kecamatan",
    10: "desa_kelurahan",
}


def _rows(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)  # header
        return list(reader)


@cache
def current_names() -> dict[str, str]:
    """Every current code (2/4/6/10 digits) → its name."""
    return {code: name for code, name in _rows(CURRENT_FILE)}


@cache
def retired_regions() -> dict[str, tuple[str, str]]:
    """Retired code → (name, current successor code)."""
    return {code: (name, successor) for code, name, successor in _rows(RETIRED_FILE)}


@cache
def kecamatan_codes() -> frozenset[str]:
    """All 6-digit kecamatan codes a NIK or KK may start with: current and retired."""
    current = (c for c in current_names() if len(c) == 6)
    retired = (c for c in retired_regions() if len(c) == 6)
    return frozenset((*current, *retired))


@cache
def retired_codes() -> frozenset[str]:
    """Codes retired by a split (kabupaten and kecamatan); each has a successor."""
    return frozenset(retired_regions())


@cache
def desa_codes() -> frozenset[str]:
    """All current 10-digit desa/kelurahan codes."""
    return frozenset(c for c in current_names() if len(c) == 10)


def successor(code: str) -> str | None:
    """Current code that replaced a retired one, or None when `code` is not retired."""
    found = retired_regions().get(code)
    return found[1] if found else None


def region_name(code: str) -> str | None:
    """Name of a current or retired code (digits or dotted), or None when unknown."""
    digits = code.replace(".", "")
    name = current_names().get(digits)
    if name is not None:
        return name
    found = retired_regions().get(digits)
    return found[0] if found else None


def level_of(code: str) -> str | None:
    """Level name for a code length: provinsi, kabupaten_kota, kecamatan or desa_kelurahan."""
    return LEVEL_BY_LENGTH.get(len(code))
