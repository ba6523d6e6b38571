"""Interchange records (dicts shaped like households.jsonl lines) into the Arrow tables.

The fast path builds plain column lists and lets Arrow check types in C. When Arrow refuses a
chunk, the records are converted one by one to name the first bad line in Bahasa Indonesia.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa

from jaring.core.interchange import HOUSEHOLD_SCHEMA, HOUSING_KEYS, MEMBER_SCHEMA

_HH_PLAIN = ("kk", "region", "desil", "registry_status", "channel", "bank")
_HH_EXTRA = ("address", "rt", "rw", "kks_number")
_M_PLAIN = tuple(
    f.name for f in MEMBER_SCHEMA if f.name not in ("kk", "position", "birth_date", "date_of_death")
)


class RecordError(ValueError):
    """A record that is not a valid interchange household (message in Bahasa Indonesia)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"Baris {line}: {message}")
        self.line = line


def _date(value: Any) -> Any:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise TypeError(value)


def _columns(records: list[dict[str, Any]], first_line: int) -> tuple[dict, dict]:
    hh: dict[str, list[Any]] = {f.name: [] for f in HOUSEHOLD_SCHEMA}
    hh["ord"] = []
    mm: dict[str, list[Any]] = {f.name: [] for f in MEMBER_SCHEMA}
    for offset, record in enumerate(records):
        line = first_line + offset
        if not isinstance(record, dict):
            raise RecordError(line, "setiap baris harus berupa objek JSON rumah tangga.")
        kk = record.get("kk")
        if not isinstance(kk, str) or not kk:
            raise RecordError(line, "nomor KK ('kk') wajib diisi sebagai teks.")
        for name in _HH_PLAIN + _HH_EXTRA:
            hh[name].append(record.get(name))
        housing = record.get("housing") or {}
        if not isinstance(housing, dict):
            raise RecordError(line, "'housing' harus berupa objek.")
        for name in HOUSING_KEYS:
            hh[name].append(housing.get(name, record.get(name)))
        hh["ord"].append(line)
        members = record.get("members") or []
        if not isinstance(members, list):
            raise RecordError(line, "'members' harus berupa daftar anggota keluarga.")
        for position, member in enumerate(members):
            if not isinstance(member, dict):
                raise RecordError(line, f"anggota ke-{position + 1} harus berupa objek.")
            mm["kk"].append(kk)
            mm["position"].append(position)
            for name in _M_PLAIN:
                mm[name].append(member.get(name))
            try:
                mm["birth_date"].append(_date(member.get("birth_date")))
                mm["date_of_death"].append(_date(member.get("date_of_death")))
            except (TypeError, ValueError):
                raise RecordError(
                    line,
                    f"tanggal anggota ke-{position + 1} tidak valid; tulis TTTT-BB-HH.",
                ) from None
    return hh, mm


def _tables(hh: dict, mm: dict) -> tuple[pa.Table, pa.Table]:
    schema = HOUSEHOLD_SCHEMA.append(pa.field("ord", pa.int64()))
    households = pa.table({f.name: pa.array(hh[f.name], f.type) for f in schema}, schema=schema)
    members = pa.table(
        {f.name: pa.array(mm[f.name], f.type) for f in MEMBER_SCHEMA}, schema=MEMBER_SCHEMA
    )
    return households, members


def records_to_tables(
    records: list[dict[str, Any]], *, first_line: int = 1
) -> tuple[pa.Table, pa.Table]:
    hh, mm = _columns(records, first_line)
    try:
        return _tables(hh, mm)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        pass
    for offset, record in enumerate(records):  # slow path, only to name the bad line
        try:
            _tables(*_columns([record], first_line + offset))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError) as e:
            raise RecordError(
                first_line + offset,
                f"nilai dengan tipe yang salah (mis. angka ditulis sebagai teks): {e}",
            ) from None
    raise RecordError(first_line, "data tidak dapat dibaca.")
