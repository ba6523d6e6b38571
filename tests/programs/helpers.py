"""Builders for the programs tests: regions and families stored directly, with valid NIKs.

Families are created with the models (not the registry importer) so these tests depend only on
the registry's tables; region rows are ensured with get_or_create, so they work whether or not
the session fixture has loaded the full tree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jaring.registry.models import Anggota, Keluarga
from tests.factories import ensure_region, make_kk, make_nik

# Real Kemendagri codes: Kota Bandung, Kec. Sukasari / Kec. Coblong; Kota Bekasi.
DESA_A = "3273011001"
DESA_B = "3273011002"
DESA_C = "3273021001"
DESA_OTHER_KOTA = "3275011001"


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
