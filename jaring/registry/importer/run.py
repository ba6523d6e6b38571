"""`household_import`: validate a whole file, then store it in one transaction, or store nothing.

Pass 1 streams the file through `parse_household` and, while no row has failed, copies each
valid household into staging tables (jaring.registry.importer.bulk). Checks that need the whole
file (duplicate KK, a NIK on two KKs) run in SQL on the staging tables. Any problem rolls the
transaction back and the report names every bad row. Otherwise pass 2 merges: new households by
INSERT … SELECT, changed ones (content hash differs) through the same `apply_record` as the staff
forms, unchanged ones not at all; one audit event per created/changed household and one summary.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson
from django.db import connection, transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record, audit_record_many
from jaring.core.scope import AccessScope
from jaring.registry.importer.bulk import Staging, staging_for
from jaring.registry.importer.checking import checked_records
from jaring.registry.importer.readers import (
    ImportFileError,
    OrphanMember,
    Progress,
    SourceRecord,
)
from jaring.registry.models import Keluarga
from jaring.registry.records import (
    content_hash,
    keluarga_record,
)
from jaring.registry.services import apply_record
from jaring.registry.validation import RecordError

BATCH = 2000
KEEP_IN_MEMORY = 1000  # report rows kept for printing; the --report file gets all of them
SQL_LIMIT = 100_000
REPORT_HEADER = ("berkas", "baris", "kolom", "kode", "keterangan", "tingkat")
_MEMBER_FIELD = re.compile(r"^members\[(\d+)\]\.?(.*)$")


@dataclass
class ReportRow:
    source: str
    line: int | None
    field: str
    code: str
    message: str
    severity: str = "error"

    def as_text(self) -> str:
        where = f"{self.source} baris {self.line}" if self.line else self.source
        column = f" [{self.field}]" if self.field else ""
        label = "PERINGATAN" if self.severity == "warning" else "GALAT"
        return f"{label} {where}{column}: {self.message}"


@dataclass
class ImportResult:
    ok: bool = False
    households: int = 0
    members: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    warning_count: int = 0
    rows: list[ReportRow] = field(default_factory=list)  # first KEEP_IN_MEMORY report rows

    def summary(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "households": self.households,
            "members": self.members,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.error_count,
            "warnings": self.warning_count,
        }


class _Abort(Exception):
    pass


class _Report:
    def __init__(self, result: ImportResult, handle: IO[str] | None) -> None:
        self.result = result
        self.writer = csv.writer(handle) if handle else None
        if self.writer:
            self.writer.writerow(REPORT_HEADER)

    def add(self, row: ReportRow) -> None:
        if row.severity == "warning":
            self.result.warning_count += 1
        else:
            self.result.error_count += 1
        if len(self.result.rows) < KEEP_IN_MEMORY:
            self.result.rows.append(row)
        if self.writer:
            label = "peringatan" if row.severity == "warning" else "galat"
            self.writer.writerow(
                (row.source, row.line or "", row.field, row.code, row.message, label)
            )

    def record_error(self, error: RecordError, src: SourceRecord) -> None:
        match = _MEMBER_FIELD.match(error.field)
        if match and src.member_lines:
            index = int(match.group(1))
            if index < len(src.member_lines):
                self.add(
                    ReportRow(
                        src.member_source,
                        src.member_lines[index],
                        match.group(2),
                        error.code,
                        error.message,
                        error.severity,
                    )
                )
                return
        self.add(
            ReportRow(src.source, src.line, error.field, error.code, error.message, error.severity)
        )


def _mask(value: str) -> str:
    from jaring.core.identity import mask_identity

    return mask_identity(value)


def _whole_file_checks(staging: Staging, report: _Report, source: str) -> None:
    first_line: dict[str, int] = {}
    for kk, line in staging.duplicate_kk_lines(SQL_LIMIT):
        if kk in first_line:
            report.add(
                ReportRow(
                    source,
                    line,
                    "kk",
                    "kk_ganda",
                    f"KK {_mask(kk)} sudah ada di baris {first_line[kk]} berkas ini",
                )
            )
        else:
            first_line[kk] = line
    if report.result.error_count:
        return  # a repeated household repeats its NIKs too: one message is enough
    first_line.clear()
    for nik, line in staging.duplicate_nik_lines(SQL_LIMIT):
        if nik in first_line:
            report.add(
                ReportRow(
                    source,
                    line,
                    "nik",
                    "nik_ganda",
                    f"NIK {_mask(nik)} juga tercantum pada keluarga di baris {first_line[nik]}",
                )
            )
        else:
            first_line[nik] = line


def _audit_changes(
    staging: Staging, result: ImportResult, progress: Progress | None
) -> Iterator[Change]:
    """Audit events for new households; applies and audits changed ones on the way."""
    done = 0
    total = result.created
    for rows in staging.iter_pages("new"):
        for _, keluarga_id, region, snapshot in rows:
            yield Change(
                "keluarga.create",
                "keluarga",
                str(keluarga_id),
                region,
                None,
                orjson.loads(snapshot),
            )
        done += len(rows)
        if progress:
            progress("audit", done, total)
    for rows in staging.iter_pages("changed", size=500):
        ids = [r[1] for r in rows]
        stored = {k.pk: k for k in Keluarga.objects.filter(pk__in=ids).prefetch_related("anggota")}
        for _, keluarga_id, region, snapshot in rows:
            keluarga = stored[keluarga_id]
            anggota = sorted(keluarga.anggota.all(), key=lambda a: (a.position, a.pk))
            before = keluarga_record(keluarga, anggota)
            after = orjson.loads(snapshot)
            if before == after:  # only the stored hash was stale
                Keluarga.objects.filter(pk=keluarga_id).update(content_hash=content_hash(after))
                result.unchanged += 1
                continue
            apply_record(keluarga, anggota, after)
            result.updated += 1
            yield Change("keluarga.update", "keluarga", str(keluarga_id), region, before, after)


def _validate(
    scope: AccessScope,
    source: Path,
    staging: Staging,
    report: _Report,
    result: ImportResult,
    progress: Progress | None,
) -> None:
    orphans: list[OrphanMember] = []
    households: list[tuple[Any, ...]] = []
    members: list[tuple[Any, ...]] = []
    for checked in checked_records(source, orphans, progress):
        src = checked.src
        result.households += 1
        if src.problem:  # the line itself is unreadable (broken JSON)
            report.add(ReportRow(src.source, src.line, "", "json_rusak", src.problem))
            continue
        for problem in checked.problems:
            report.record_error(problem, src)
        if not checked.valid:
            continue
        result.members += checked.members
        if not scope.covers(checked.region):
            report.add(
                ReportRow(
                    src.source,
                    src.line,
                    "region",
                    "di_luar_wilayah",
                    f"desa {checked.region} di luar wilayah kewenangan Anda",
                )
            )
            continue
        if result.error_count:
            continue  # the file will be refused: keep validating, stop staging
        assert checked.household_row is not None
        households.append(checked.household_row)
        members.extend(checked.member_rows)
        if len(households) >= BATCH:
            staging.load(households, members)
            households.clear()
            members.clear()
    for orphan in orphans:
        report.add(
            ReportRow(
                orphan.source,
                orphan.line,
                "kk",
                "kk_tanpa_keluarga",
                "KK anggota ini tidak ada di lembar/berkas keluarga",
            )
        )
    if not result.error_count and households:
        staging.load(households, members)


def run_import(
    *,
    scope: AccessScope,
    source: Path,
    report: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    result = ImportResult()
    handle = report.open("w", newline="", encoding="utf-8") if report else None
    writer = _Report(result, handle)
    try:
        with transaction.atomic():
            staging = staging_for(connection)
            staging.create()
            try:
                _validate(scope, source, staging, writer, result, progress)
            except ImportFileError as exc:
                writer.add(ReportRow(source.name, None, "", "berkas_tidak_sah", str(exc)))
            if result.error_count:
                raise _Abort
            staging.index()
            _whole_file_checks(staging, writer, source.name)
            if result.error_count:
                raise _Abort
            counts = staging.classify()
            if not scope.is_national:
                for line in staging.lines_moving_from_outside(scope.region_prefix, SQL_LIMIT):
                    writer.add(
                        ReportRow(
                            source.name,
                            line,
                            "region",
                            "di_luar_wilayah",
                            "KK ini terdaftar di desa di luar wilayah kewenangan Anda",
                        )
                    )
                if result.error_count:
                    raise _Abort
            result.unchanged = counts["same"]
            if progress:
                progress("simpan", 0, None)
            result.created, _ = staging.insert_new(timezone.now())
            audit_record_many(
                scope=scope,
                changes=_audit_changes(staging, result, progress),
                insert=staging.audit_writer(),
            )
            if result.created or result.updated:
                audit_record(
                    scope=scope,
                    change=Change(
                        "registry.import",
                        "import",
                        timezone.now().strftime("%Y%m%dT%H%M%S%f"),
                        scope.region_prefix,
                        None,
                        result.summary() | {"ok": True, "file": source.name},
                        note=f"impor {source.name}",
                    ),
                )
            staging.drop()
            result.ok = True
    except _Abort:
        result.ok = False
    finally:
        if handle:
            handle.close()
    return result
