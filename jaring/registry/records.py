"""Canonical interchange records of a household, from validated input or from the database.

The same canonical dict is the audit snapshot (before/after), the export row, and the input of
`content_hash`. Equal households give equal dicts whichever side they come from, so an import
can tell "unchanged" by comparing a stored hash, and an export re-imports with no change.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import orjson

from jaring.core import vocab
from jaring.core.interchange import MEMBER_FIELDS as MEMBER_FIELDS  # re-exported: one definition
from jaring.registry.validation import HouseholdIn, MemberIn

HOUSING_TEXT_KEYS = tuple(vocab.HOUSING_FIELDS)
KELUARGA_FIELDS = (
    "kk",
    "region",
    "desil",
    "registry_status",
    "channel",
    "bank",
    "kks_number",
    "address",
    "rt",
    "rw",
    *HOUSING_TEXT_KEYS,
    "floor_area_m2",
    "assets",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def member_record(m: MemberIn | Any) -> dict[str, Any]:
    """Works for MemberIn and for registry.Anggota (same attribute names)."""
    return {
        "nik": m.nik,
        "name": m.name,
        "sex": m.sex,
        "birth_place": m.birth_place,
        "birth_date": _iso(m.birth_date),
        "relationship": m.relationship,
        "citizenship": m.citizenship,
        "alive": bool(m.alive),
        "date_of_death": _iso(m.date_of_death),
        "pregnant": bool(m.pregnant),
        "pregnancy_order": m.pregnancy_order,
        "disability": m.disability,
        "schooling": m.schooling,
        "occupation": m.occupation,
        "employment": m.employment,
        "monthly_income": int(m.monthly_income),
        "bpjs_ketenagakerjaan": bool(m.bpjs_ketenagakerjaan),
    }


def _household(h: Any, region: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    housing: dict[str, Any] = {key: getattr(h, key) or None for key in HOUSING_TEXT_KEYS}
    housing["floor_area_m2"] = h.floor_area_m2
    housing["assets"] = sorted(h.assets or [])
    return {
        "kk": h.kk,
        "region": region,
        "desil": h.desil,
        "registry_status": h.registry_status,
        "channel": h.channel,
        "bank": h.bank or None,
        "kks_number": h.kks_number,
        "address": h.address,
        "rt": h.rt,
        "rw": h.rw,
        "housing": housing,
        "members": members,
    }


def household_record(data: HouseholdIn) -> dict[str, Any]:
    """The canonical record of validated input."""
    return _household(data, data.region, [member_record(m) for m in data.members])


def keluarga_record(keluarga: Any, anggota: list[Any]) -> dict[str, Any]:
    """The canonical record of a stored Keluarga and its Anggota (in KK order)."""
    return _household(keluarga, keluarga.region_id, [member_record(a) for a in anggota])


def record_json(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


def json_hash(canonical_json: bytes) -> str:
    """content_hash of a record already serialised by record_json."""
    return hashlib.blake2b(canonical_json, digest_size=16).hexdigest()


def content_hash(record: dict[str, Any]) -> str:
    return json_hash(record_json(record))
