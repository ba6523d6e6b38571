"""Builders of valid household records for the registry tests (real region codes, valid NIKs)."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from tests.factories import make_kk, make_nik


def desa_codes_in(prefix: str, count: int = 1) -> list[str]:
    """Real current desa codes under a prefix, taken from the loaded region tree."""
    from jaring.regions.codes import desa_codes

    codes = sorted(c for c in desa_codes() if c.startswith(prefix))[:count]
    assert len(codes) == count, f"region tree lacks {count} desa under {prefix}"
    return codes


def member(
    region: str,
    serial: int,
    *,
    name: str = "Siti Aminah",
    sex: str = "P",
    birth: date = date(1985, 4, 2),
    relationship: str = "kepala_keluarga",
    **extra: Any,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "nik": make_nik(region, birth, sex, serial),
        "name": name,
        "sex": sex,
        "birth_date": birth.isoformat(),
        "relationship": relationship,
        "citizenship": "WNI",
        "alive": True,
        "pregnant": False,
        "pregnancy_order": None,
        "disability": "tidak",
        "schooling": "tidak_sekolah",
        "occupation": "ibu_rumah_tangga",
        "employment": "tidak_bekerja",
        "monthly_income": 0,
        "bpjs_ketenagakerjaan": False,
    }
    record.update(extra)
    return record


def household(region: str, serial: int, **extra: Any) -> dict[str, Any]:
    """A two-member household (mother as head, one child) with a unique KK and NIKs."""
    record: dict[str, Any] = {
        "kk": make_kk(region, serial),
        "region": region,
        "desil": 3,
        "registry_status": "aktif",
        "channel": "KKS",
        "bank": "BRI",
        "housing": {"floor_material": "semen", "floor_area_m2": 36, "assets": ["motor"]},
        "members": [
            member(region, serial * 2 + 1, name=f"Ibu Nomor {serial}"),
            member(
                region,
                serial * 2 + 2,
                name=f"Anak Nomor {serial}",
                sex="L",
                birth=date(2015, 7, 9),
                relationship="anak",
                schooling="sd",
                occupation="pelajar",
            ),
        ],
    }
    record.update(extra)
    return record


def write_jsonl(path: Any, records: list[Any]) -> Any:
    with open(path, "wb") as handle:
        for record in records:
            handle.write(record if isinstance(record, bytes) else orjson.dumps(record))
            handle.write(b"\n")
    return path
