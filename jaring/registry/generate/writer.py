"""Streams a generated population to disk as JSONL or Parquet, one chunk at a time.

Memory stays flat: JSONL is written household by household; Parquet holds one chunk
(`GenerateOptions.chunk_size` households, one row group) as columns. Files are written under a
temporary name and renamed when complete, so an interrupted run never leaves a truncated file
that looks finished.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from jaring.core.interchange import (
    HOUSEHOLD_SCHEMA,
    HOUSEHOLDS_JSONL,
    HOUSEHOLDS_PARQUET,
    HOUSING_KEYS,
    MEMBER_SCHEMA,
    MEMBERS_PARQUET,
)
from jaring.registry.generate.population import GenerateOptions, PopulationGenerator

FORMATS = ("jsonl", "parquet")
Progress = Callable[[int], None]  # called with the number of households just written

_HOUSEHOLD_SCALARS = (
    "kk",
    "region",
    "desil",
    "registry_status",
    "channel",
    "bank",
    "address",
    "rt",
    "rw",
    "kks_number",
)
_MEMBER_FIELDS = tuple(f.name for f in MEMBER_SCHEMA if f.name not in ("kk", "position"))
_PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class GenerateResult:
    households: int
    members: int
    files: tuple[Path, ...]


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def _write_jsonl(
    households: Iterator[dict[str, Any]], out: Path, progress: Progress | None
) -> tuple[int, int]:
    count = members = 0
    target = out / HOUSEHOLDS_JSONL
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    with _partial(target).open("wb", buffering=1 << 20) as handle:
        for household in households:
            handle.write(dumps(household, option=newline))
            count += 1
            members += len(household["members"])
            if progress and count % _PROGRESS_EVERY == 0:
                progress(_PROGRESS_EVERY)
    if progress:
        progress(count % _PROGRESS_EVERY)
    os.replace(_partial(target), target)
    return count, members


class ColumnBuffer:
    """Households appended row by row into column lists; `tables()` turns them into Arrow."""

    def __init__(self) -> None:
        self.house: dict[str, list[Any]] = {f.name: [] for f in HOUSEHOLD_SCHEMA}
        self.member: dict[str, list[Any]] = {f.name: [] for f in MEMBER_SCHEMA}
        self._house_scalars = [(key, self.house[key]) for key in _HOUSEHOLD_SCALARS]
        self._housing = [(key, self.house[key]) for key in HOUSING_KEYS]
        self._member_fields = [(key, self.member[key]) for key in _MEMBER_FIELDS]
        self.households = 0

    def append(self, household: dict[str, Any]) -> None:
        for key, values in self._house_scalars:
            values.append(household[key])
        housing = household["housing"]
        for key, values in self._housing:
            values.append(housing[key])
        kk = household["kk"]
        kks, positions = self.member["kk"], self.member["position"]
        for position, member in enumerate(household["members"]):
            kks.append(kk)
            positions.append(position)
            for key, values in self._member_fields:
                values.append(member[key])
        self.households += 1

    def tables(self) -> tuple[pa.Table, pa.Table]:
        return (
            pa.Table.from_pydict(self.house, schema=HOUSEHOLD_SCHEMA),
            pa.Table.from_pydict(self.member, schema=MEMBER_SCHEMA),
        )


def _write_parquet(
    households: Iterator[dict[str, Any]], out: Path, chunk_size: int, progress: Progress | None
) -> tuple[int, int]:
    count = members = 0
    house_path, member_path = out / HOUSEHOLDS_PARQUET, out / MEMBERS_PARQUET
    options: dict[str, Any] = {"compression": "zstd", "write_statistics": True}
    with (
        pq.ParquetWriter(_partial(house_path), HOUSEHOLD_SCHEMA, **options) as house_writer,
        pq.ParquetWriter(_partial(member_path), MEMBER_SCHEMA, **options) as member_writer,
    ):
        buffer = ColumnBuffer()

        def flush() -> None:
            nonlocal buffer, count, members
            house_table, member_table = buffer.tables()
            house_writer.write_table(house_table, row_group_size=chunk_size)
            member_writer.write_table(member_table, row_group_size=member_table.num_rows)
            count += buffer.households
            members += member_table.num_rows
            if progress:
                progress(buffer.households)
            buffer = ColumnBuffer()

        for household in households:
            buffer.append(household)
            if buffer.households == chunk_size:
                flush()
        if buffer.households:
            flush()
    os.replace(_partial(house_path), house_path)
    os.replace(_partial(member_path), member_path)
    return count, members


def write_population(
    options: GenerateOptions, out: Path, fmt: str = "jsonl", progress: Progress | None = None
) -> GenerateResult:
    """Generate `options.households` households into directory `out` in format `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"format '{fmt}' tidak dikenal; pilih salah satu: {', '.join(FORMATS)}")
    stream = PopulationGenerator(options).households()  # bad --region fails before any file
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        files: tuple[Path, ...] = (out / HOUSEHOLDS_JSONL,)
    else:
        files = (out / HOUSEHOLDS_PARQUET, out / MEMBERS_PARQUET)
    if options.duplicates:
        from jaring.registry.generate.duplicates import GROUND_TRUTH, DuplicateInjector

        truth = out / GROUND_TRUTH
        injector = DuplicateInjector(
            options.duplicates,
            options.seed,
            options.as_of,
            _partial(truth),
            families=options.duplicate_families,
        )
        stream = injector.wrap(stream)
        files = (*files, truth)
    try:
        if fmt == "jsonl":
            households, members = _write_jsonl(stream, out, progress)
        else:
            households, members = _write_parquet(stream, out, options.chunk_size, progress)
    except BaseException:
        for path in files:  # interrupted: leave no half-written file behind
            _partial(path).unlink(missing_ok=True)
        raise
    if options.duplicates:
        os.replace(_partial(files[-1]), files[-1])
    return GenerateResult(households=households, members=members, files=files)
