"""Builders for the programs tests: regions and families stored directly, with valid NIKs.

Families are created with the models (not the registry importer) so these tests depend only on
the registry's tables; region rows are ensured with get_or_create, so they work whether or not
the session fixture has loaded the full tree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jaring.regions.models import Level, Region
from jaring.registry.models import Anggota, Keluarga

# Real Kemendagri codes: Kota Bandung, Kec. Sukasari / Kec. Coblong; Kota Bekasi.
DESA_A = "3273011001"
DESA_B = "3273011002"
DESA_C = "3273021001"
DESA_OTHER_KOTA = "3275011001"


def ensure_region(code: str) -> Region:
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


def make_nik(region: str, birth: date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region[:6]}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def make_kk(region: str, serial: int) -> str:
    return f"{region[:6]}150320{serial:04d}"


def person(
    region: str,
    serial: int,
    *,
    name: str,
    sex: str = "P",
    birth: date = date(1985, 4, 2),
    relationship: str = "kepala_keluarga",
    **extra: Any,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "nik": make_nik(region, birth, sex, serial),
        "name": name,
        "name_normalized": name.lower(),
        "sex": sex,
        "birth_date": birth,
        "relationship": relationship,
        "schooling": "tidak_sekolah",
        "occupation": "ibu_rumah_tangga",
    }
    values.update(extra)
    return values


def family(region: str, serial: int, members: list[dict[str, Any]], **extra: Any) -> Keluarga:
    """Store one family: the region, the Keluarga, its Anggota in the given order."""
    ensure_region(region)
    values: dict[str, Any] = {
        "kk": make_kk(region, serial),
        "region_id": region,
        "desil": 3,
        "registry_status": "aktif",
        "channel": "KKS",
        "bank": "BRI",
        "floor_material": "semen",
        "floor_area_m2": 36,
        "assets": ["motor"],
    }
    values.update(extra)
    keluarga = Keluarga.objects.create(**values)
    Anggota.objects.bulk_create(
        Anggota(keluarga=keluarga, position=i, **m) for i, m in enumerate(members)
    )
    return keluarga


def mother_and_pupil(region: str, serial: int, **extra: Any) -> Keluarga:
    """A mother (head) and a primary-school child: PKH component SD when poor."""
    return family(
        region,
        serial,
        [
            person(region, serial * 10 + 1, name=f"Ibu Nomor {serial}"),
            person(
                region,
                serial * 10 + 2,
                name=f"Anak Nomor {serial}",
                sex="L",
                birth=date(2015, 7, 9),
                relationship="anak",
                schooling="sd",
                occupation="pelajar",
            ),
        ],
        **extra,
    )
