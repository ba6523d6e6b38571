"""Streaming readers that turn an import file into household records with their line numbers.

JSONL: one household per line, line numbers as in an editor. CSV/XLSX templates
(jaring.registry.templates_io): the members table is first indexed by KK in a temporary SQLite
file on disk, then the families table is streamed and each family picks up its members, so
memory stays flat however big the file is. Line numbers are those a spreadsheet shows
(header = line 1).
"""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from jaring.registry.templates_io import (
    FAMILY_COLUMNS,
    FAMILY_SHEET,
    HOUSING_COLUMNS,
    MEMBER_COLUMNS,
    MEMBER_SHEET,
    members_path_for,
)

Progress = Callable[[str, int, int | None], None]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, missing sheet, unknown columns)."""


@dataclass
class SourceRecord:
    source: str  # file or sheet name the line belongs to
    line: int
    record: dict[str, Any] | None  # None when the line itself is unreadable
    problem: str = ""  # Indonesian reason when record is None
    member_source: str = ""
    member_lines: list[int] = field(default_factory=list)


@dataclass
class OrphanMember:
    source: str
    line: int


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix in {".csv", ".xlsx", ".zip"}:
        return suffix[1:]
    raise ImportFileError(
        f"jenis berkas '{path.name}' tidak dikenal; gunakan .jsonl, .csv, .xlsx, atau .zip"
    )


def jsonl_lines(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes) of each non-blank line, reporting bytes read."""
    total = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            done += len(raw)
            if progress and number % 2000 == 0:
                progress("baca", done, total)
            if raw.strip():
                yield number, raw
    if progress:
        progress("baca", total, total)


def jsonl_record(source: str, number: int, raw: bytes) -> SourceRecord:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return SourceRecord(source, number, None, f"baris bukan JSON yang sah ({exc})")
    if not isinstance(value, dict):
        return SourceRecord(source, number, None, "baris harus berupa objek JSON {...}")
    return SourceRecord(source, number, value)


def read_jsonl(path: Path, progress: Progress | None = None) -> Iterator[SourceRecord]:
    for number, raw in jsonl_lines(path, progress):
        yield jsonl_record(path.name, number, raw)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def _check_header(header: list[Any], allowed: tuple[str, ...], where: str) -> list[str]:
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    while names and names[-1] == "":
        names.pop()
    unknown = [n or "(kosong)" for n in names if n not in allowed]
    if unknown:
        raise ImportFileError(
            f"{where}: kolom {', '.join(unknown)} tidak dikenal; "
            f"kolom yang sah: {', '.join(allowed)}"
        )
    if "kk" not in names:
        raise ImportFileError(f"{where}: kolom kk wajib ada")
    if len(set(names)) != len(names):
        raise ImportFileError(f"{where}: ada kolom yang muncul dua kali")
    return names


Rows = Iterable[tuple[int, list[Any]]]  # (line number, cell values)


def _rows_as_dicts(rows: Rows, names: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for line, values in rows:
        cells = [_cell(v) for v in values[: len(names)]]
        if all(v is None or v == "" for v in cells):
            continue  # blank spreadsheet rows
        cells += [None] * (len(names) - len(cells))
        yield line, dict(zip(names, cells, strict=True))


def _family_record(row: dict[str, Any]) -> dict[str, Any]:
    record = {k: v for k, v in row.items() if k not in HOUSING_COLUMNS}
    housing = {k: v for k, v in row.items() if k in HOUSING_COLUMNS}
    if any(v not in (None, "") for v in housing.values()):
        record["housing"] = housing
    return record


def read_tables(
    family_rows: Rows,
    member_rows: Rows,
    *,
    family_source: str,
    member_source: str,
    orphans: list[OrphanMember],
    progress: Progress | None = None,
) -> Iterator[SourceRecord]:
    """Join the two tables on kk. Members whose KK has no family row land in `orphans`."""
    member_iter = iter(member_rows)
    family_iter = iter(family_rows)
    try:
        _, member_header = next(member_iter)
    except StopIteration:
        raise ImportFileError(f"{member_source}: kosong, baris judul kolom tidak ada") from None
    try:
        _, family_header = next(family_iter)
    except StopIteration:
        raise ImportFileError(f"{family_source}: kosong, baris judul kolom tidak ada") from None
    member_names = _check_header(member_header, MEMBER_COLUMNS, member_source)
    family_names = _check_header(family_header, FAMILY_COLUMNS, family_source)
    with tempfile.TemporaryDirectory(prefix="jaring-import-") as tmp:
        index = sqlite3.connect(Path(tmp) / "members.sqlite3")
        try:
            index.execute("PRAGMA journal_mode=OFF")
            index.execute("PRAGMA synchronous=OFF")
            index.execute("CREATE TABLE m (kk TEXT, line INTEGER, row BLOB)")
            index.execute("CREATE TABLE f (kk TEXT)")
            batch: list[tuple[str, int, bytes]] = []
            for line, row in _rows_as_dicts(member_iter, member_names):
                kk = str(row.pop("kk") or "")
                batch.append((kk, line, orjson.dumps(row)))
                if len(batch) >= 10000:
                    index.executemany("INSERT INTO m VALUES (?, ?, ?)", batch)
                    batch.clear()
            index.executemany("INSERT INTO m VALUES (?, ?, ?)", batch)
            index.execute("CREATE INDEX m_kk ON m (kk, line)")
            seen: list[tuple[str]] = []
            for line, row in _rows_as_dicts(family_iter, family_names):
                kk = str(row.get("kk") or "")
                members = index.execute(
                    "SELECT line, row FROM m WHERE kk = ? ORDER BY line", (kk,)
                ).fetchall()
                record = _family_record(row)
                record["members"] = [orjson.loads(m[1]) for m in members]
                seen.append((kk,))
                if progress and line % 1000 == 0:
                    progress("baca baris", line, None)
                if len(seen) >= 10000:
                    index.executemany("INSERT INTO f VALUES (?)", seen)
                    seen.clear()
                yield SourceRecord(
                    family_source, line, record, "", member_source, [m[0] for m in members]
                )
            index.executemany("INSERT INTO f VALUES (?)", seen)
            index.execute("CREATE INDEX f_kk ON f (kk)")
            for (line,) in index.execute(
                "SELECT line FROM m WHERE NOT EXISTS (SELECT 1 FROM f WHERE f.kk = m.kk)"
                " ORDER BY line"
            ):
                orphans.append(OrphanMember(member_source, line))
                if len(orphans) >= 10000:
                    break
        finally:
            index.close()


def _csv_rows(handle: io.TextIOBase) -> Iterator[tuple[int, list[Any]]]:
    # Spreadsheet row numbers: header is row 1 whatever the quoted newlines inside cells.
    for number, values in enumerate(csv.reader(handle), start=1):
        yield number, list(values)


def read_csv_pair(
    path: Path, orphans: list[OrphanMember], progress: Progress | None = None
) -> Iterator[SourceRecord]:
    members = members_path_for(path)
    if not members.exists():
        raise ImportFileError(
            f"berkas anggota '{members.name}' tidak ditemukan di samping '{path.name}'"
        )
    with (
        path.open(newline="", encoding="utf-8-sig") as families_handle,
        members.open(newline="", encoding="utf-8-sig") as members_handle,
    ):
        yield from read_tables(
            _csv_rows(families_handle),
            _csv_rows(members_handle),
            family_source=path.name,
            member_source=members.name,
            orphans=orphans,
            progress=progress,
        )


def read_zip(
    path: Path, orphans: list[OrphanMember], progress: Progress | None = None
) -> Iterator[SourceRecord]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
        families = [n for n in names if FAMILY_SHEET in Path(n).name.lower()]
        members = [n for n in names if MEMBER_SHEET in Path(n).name.lower()]
        if len(families) != 1 or len(members) != 1:
            raise ImportFileError(
                f"{path.name}: zip harus berisi tepat satu {FAMILY_SHEET}.csv dan satu "
                f"{MEMBER_SHEET}.csv"
            )
        with ExitStack() as stack:
            f = stack.enter_context(archive.open(families[0]))
            m = stack.enter_context(archive.open(members[0]))
            yield from read_tables(
                _csv_rows(io.TextIOWrapper(f, encoding="utf-8-sig", newline="")),
                _csv_rows(io.TextIOWrapper(m, encoding="utf-8-sig", newline="")),
                family_source=Path(families[0]).name,
                member_source=Path(members[0]).name,
                orphans=orphans,
                progress=progress,
            )


def read_xlsx(
    path: Path, orphans: list[OrphanMember], progress: Progress | None = None
) -> Iterator[SourceRecord]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken workbook
        raise ImportFileError(f"{path.name}: bukan berkas XLSX yang dapat dibaca ({exc})") from exc
    try:
        missing = [s for s in (FAMILY_SHEET, MEMBER_SHEET) if s not in workbook.sheetnames]
        if missing:
            raise ImportFileError(f"{path.name}: lembar {', '.join(missing)} tidak ada")

        def rows(sheet: str) -> Iterator[tuple[int, list[Any]]]:
            for number, values in enumerate(workbook[sheet].iter_rows(values_only=True), 1):
                yield number, list(values)

        yield from read_tables(
            rows(FAMILY_SHEET),
            rows(MEMBER_SHEET),
            family_source=f"lembar {FAMILY_SHEET}",
            member_source=f"lembar {MEMBER_SHEET}",
            orphans=orphans,
            progress=progress,
        )
    finally:
        workbook.close()


def read_source(
    path: Path, orphans: list[OrphanMember], progress: Progress | None = None
) -> Iterator[SourceRecord]:
    fmt = detect_format(path)
    if not path.exists():
        raise ImportFileError(f"berkas '{path}' tidak ditemukan")
    if fmt == "jsonl":
        return read_jsonl(path, progress)
    if fmt == "csv":
        return read_csv_pair(path, orphans, progress)
    if fmt == "zip":
        return read_zip(path, orphans, progress)
    return read_xlsx(path, orphans, progress)
