"""Per-record work of an import: validate, and turn valid households into staging rows.

Plain Python (no database), so a large JSONL file is checked by worker processes while the main
process loads staging tables: `checked_records` keeps at most a few chunks in flight, so memory
stays flat. Results come back in file order either way.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import orjson

from jaring.core.names import normalize_name
from jaring.registry.errors import RecordError
from jaring.registry.importer.readers import (
    OrphanMember,
    Progress,
    SourceRecord,
    detect_format,
    jsonl_lines,
    jsonl_record,
    read_source,
)
from jaring.registry.records import (
    HOUSING_TEXT_KEYS,
    MEMBER_FIELDS,
    household_record,
    json_hash,
    record_json,
)
from jaring.registry.validation import HouseholdIn, parse_household

# Worker processes pay ~1 s to start; below this size one process is faster.
PARALLEL_MIN_BYTES = 64 * 1024 * 1024
CHUNK_LINES = 1000


@dataclass(slots=True)
class Checked:
    src: SourceRecord  # with .record dropped: it is not needed after validation
    valid: bool
    problems: list[RecordError] = field(default_factory=list)  # errors, or warnings if valid
    region: str = ""
    members: int = 0
    household_row: tuple[Any, ...] | None = None
    member_rows: list[tuple[Any, ...]] = field(default_factory=list)


def staged_rows(line: int, data: HouseholdIn) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """Rows for the staging tables (column order of importer.bulk H_COLUMNS / M_COLUMNS)."""
    record = household_record(data)
    snapshot = record_json(record)
    housing = record["housing"]
    household = (
        line,
        data.kk,
        data.region,
        data.desil,
        data.registry_status,
        data.channel,
        data.bank,
        data.kks_number,
        data.address,
        data.rt,
        data.rw,
        *(housing[key] or "" for key in HOUSING_TEXT_KEYS),
        data.floor_area_m2,
        orjson.dumps(list(data.assets)).decode(),
        json_hash(snapshot),
        snapshot.decode(),
    )
    members = [
        (line, data.kk, position, normalize_name(m["name"]), *(m[k] for k in MEMBER_FIELDS))
        for position, m in enumerate(record["members"])
    ]
    return household, members


def check_record(src: SourceRecord) -> Checked:
    if src.record is None:
        return Checked(src, False)
    data, errors = parse_household(src.record, line=src.line)
    src.record = None
    if data is None:
        return Checked(src, False, errors)
    household, members = staged_rows(src.line, data)
    return Checked(
        src, True, list(data.warnings), data.region, len(data.members), household, members
    )


def _check_chunk(source: str, chunk: list[tuple[int, bytes]]) -> list[Checked]:
    return [check_record(jsonl_record(source, number, raw)) for number, raw in chunk]


def _chunks(path: Path, progress: Progress | None) -> Iterator[list[tuple[int, bytes]]]:
    chunk: list[tuple[int, bytes]] = []
    for item in jsonl_lines(path, progress):
        chunk.append(item)
        if len(chunk) >= CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(path: Path, progress: Progress | None, workers: int) -> Iterator[Checked]:
    # "spawn": the parent holds a database connection and threads; a clean child needs neither.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        pending: deque[Future[list[Checked]]] = deque()
        for chunk in _chunks(path, progress):
            pending.append(pool.submit(_check_chunk, path.name, chunk))
            if len(pending) > 2 * workers:  # back-pressure: a few chunks in flight at most
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def checked_records(
    path: Path, orphans: list[OrphanMember], progress: Progress | None = None
) -> Iterator[Checked]:
    """Every record of the file, checked, in file order."""
    # Opt-in (JARING_IMPORT_WORKERS=N, 0 = one per core up to 4): on the shared 2-core build
    # host the gain was lost in noise (docs/BENCHMARKS.md), so one process is the default.
    wanted = int(os.environ.get("JARING_IMPORT_WORKERS", "1"))
    workers = wanted if wanted > 0 else min(os.cpu_count() or 1, 4)
    if (
        workers > 1
        and detect_format(path) == "jsonl"
        and path.exists()
        and path.stat().st_size >= PARALLEL_MIN_BYTES
    ):
        yield from _parallel(path, progress, workers)
        return
    for src in read_source(path, orphans, progress):
        yield check_record(src)
