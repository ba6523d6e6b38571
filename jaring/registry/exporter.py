"""Streaming export of a region's households: XLSX (write-only), CSV pair or zip, JSONL.

The rows are the canonical records (jaring.registry.records) in the template layout
(jaring.registry.templates_io), so an export re-imports with no change.
"""

from __future__ import annotations

import csv
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import orjson

from jaring.core.scope import AccessScope, OutOfScope
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.records import keluarga_record
from jaring.registry.templates_io import (
    FAMILY_COLUMNS,
    FAMILY_SHEET,
    HOUSING_COLUMNS,
    MEMBER_COLUMNS,
    MEMBER_SHEET,
    members_path_for,
)

EXPORT_FORMATS = ("xlsx", "csv", "jsonl")
CHUNK = 1000
Progress = Callable[[str, int, int | None], None]


def _records(queryset: Any, progress: Progress | None) -> Iterator[dict[str, Any]]:
    """Canonical records in pk order, a chunk at a time (memory stays flat)."""
    total = queryset.count() if progress else None
    last, done = 0, 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            break
        members: dict[int, list[Anggota]] = {}
        for anggota in Anggota.objects.filter(keluarga_id__in=[k.pk for k in chunk]).order_by(
            "keluarga_id", "position", "pk"
        ):
            members.setdefault(anggota.keluarga_id, []).append(anggota)
        for keluarga in chunk:
            yield keluarga_record(keluarga, members.get(keluarga.pk, []))
        last = chunk[-1].pk
        done += len(chunk)
        if progress:
            progress("ekspor", done, total)


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def family_row(record: dict[str, Any]) -> list[Any]:
    housing = record["housing"]
    row = []
    for column in FAMILY_COLUMNS:
        value = housing[column] if column in HOUSING_COLUMNS else record[column]
        if column == "assets":
            value = ",".join(value)
        row.append(value)
    return row


def member_rows(record: dict[str, Any]) -> Iterator[list[Any]]:
    for member in record["members"]:
        yield [record["kk"], *(_text(member[c]) for c in MEMBER_COLUMNS[1:])]


def _write_csv(records: Iterator[dict[str, Any]], families: Path, members: Path) -> int:
    count = 0
    with ExitStack() as stack:
        f = csv.writer(stack.enter_context(families.open("w", newline="", encoding="utf-8")))
        m = csv.writer(stack.enter_context(members.open("w", newline="", encoding="utf-8")))
        f.writerow(FAMILY_COLUMNS)
        m.writerow(MEMBER_COLUMNS)
        for record in records:
            f.writerow(["" if v is None else v for v in family_row(record)])
            m.writerows(["" if v is None else v for v in row] for row in member_rows(record))
            count += 1
    return count


def _write_xlsx(records: Iterator[dict[str, Any]], out: Path) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    families = workbook.create_sheet(FAMILY_SHEET)
    members = workbook.create_sheet(MEMBER_SHEET)
    families.append(list(FAMILY_COLUMNS))
    members.append(list(MEMBER_COLUMNS))
    count = 0
    for record in records:
        families.append(family_row(record))
        for row in member_rows(record):
            members.append(row)
        count += 1
    workbook.save(out)
    return count


def export_households(
    *,
    scope: AccessScope,
    region_prefix: str,
    fmt: str,
    out: Path,
    progress: Progress | None = None,
) -> int:
    """Write the households under `region_prefix` (within the scope); returns how many."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format ekspor '{fmt}' tidak dikenal; pilih {', '.join(EXPORT_FORMATS)}")
    if region_prefix.startswith(scope.region_prefix):
        prefix = region_prefix
    elif scope.region_prefix.startswith(region_prefix):
        prefix = scope.region_prefix  # asked for more than the scope: give the scope
    else:
        raise OutOfScope(region_prefix)
    queryset = (
        Keluarga.objects.filter(region__code__startswith=prefix) if prefix else Keluarga.objects
    )
    records = _records(queryset.all(), progress)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        count = 0
        with out.open("wb") as handle:
            for record in records:
                handle.write(orjson.dumps(record) + b"\n")
                count += 1
        return count
    if fmt == "xlsx":
        return _write_xlsx(records, out)
    if out.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory(prefix="jaring-export-") as tmp:
            families, members = Path(tmp) / f"{FAMILY_SHEET}.csv", Path(tmp) / f"{MEMBER_SHEET}.csv"
            count = _write_csv(records, families, members)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(families, families.name)
                archive.write(members, members.name)
        return count
    if out.suffix.lower() == ".csv":
        return _write_csv(records, out, members_path_for(out))
    out.mkdir(parents=True, exist_ok=True)
    return _write_csv(records, out / f"{FAMILY_SHEET}.csv", out / f"{MEMBER_SHEET}.csv")
