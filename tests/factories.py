"""Identity and region builders shared by every test package's helpers."""

from __future__ import annotations

from datetime import date

from jaring.regions.models import Level, Region


def make_nik(region: str, birth: date, sex: str, serial: int) -> str:
    """A NIK that passes the foundation rules: kecamatan, DDMMYY (+40 for women), serial."""
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region[:6]}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def make_kk(region: str, serial: int) -> str:
    """A KK issued in the region's kecamatan on 15 March 2020."""
    return f"{region[:6]}150320{serial:04d}"


def ensure_region(code: str) -> Region:
    """The region and its parents (already there when the session loaded the full tree)."""
    parent = None
    for length, level in ((2, Level.PROVINSI), (4, Level.KABUPATEN_KOTA), (6, Level.KECAMATAN)):
        parent, _ = Region.objects.get_or_create(
            code=code[:length],
            defaults={"name": f"Wilayah {code[:length]}", "level": level, "parent": parent},
        )
    region, _ = Region.objects.get_or_create(
        code=code, defaults={"name": f"Desa {code[6:]}", "level": Level.DESA, "parent": parent}
    )
    return region
