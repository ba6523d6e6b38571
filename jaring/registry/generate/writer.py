"""Streams a generated population to disk as JSONL or Parquet, one chunk at a time.

Memory stays flat: only the current chunk of households is held. Files are written under a
temporary name and renamed when complete, so an interrupted run never leaves a truncated file
that looks finished.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
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


@dataclass(frozen=True)
class GenerateResult:
    households: int
    members: int
    files: tuple[Path, ...]


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def _write_jsonl(
    chunks: Iterable[list[dict[str, Any]]], out: Path, progress: Progress | None
) -> tuple[int, int]:
    households = members = 0
    target = out / HOUSEHOLDS_JSONL
    with _partial(target).open("wb") as handle:
        for chunk in chunks:
            handle.write(b"".join(orjson.dumps(h, option=orjson.OPT_APPEND_NEWLINE) for h in chunk))
            households += len(chunk)
            members += sum(len(h["members"]) for h in chunk)
            if progress:
                progress(len(chunk))
    os.replace(_partial(target), target)
    return households, members


def households_table(chunk: list[dict[str, Any]]) -> pa.Table:
    columns: dict[str, list[Any]] = {key: [h[key] for h in chunk] for key in _HOUSEHOLD_SCALARS}
    for key in HOUSING_KEYS:
        columns[key] = [h["housing"][key] for h in chunk]
    return pa.Table.from_pydict(columns, schema=HOUSEHOLD_SCHEMA)


def members_table(chunk: list[dict[str, Any]]) -> pa.Table:
    columns: dict[str, list[Any]] = {"kk": [], "position": []}
    columns.update({key: [] for key in _MEMBER_FIELDS})
    kks, positions = columns["kk"], columns["position"]
    lists = [columns[key] for key in _MEMBER_FIELDS]
    for household in chunk:
        kk = household["kk"]
        for position, member in enumerate(household["members"]):
            kks.append(kk)
            positions.append(position)
            for key, values in zip(_MEMBER_FIELDS, lists, strict=True):
                values.append(member[key])
    return pa.Table.from_pydict(columns, schema=MEMBER_SCHEMA)


def _write_parquet(
    chunks: Iterable[list[dict[str, Any]]], out: Path, progress: Progress | None
) -> tuple[int, int]:
    households = members = 0
    house_path, member_path = out / HOUSEHOLDS_PARQUET, out / MEMBERS_PARQUET
    options = {"compression": "zstd", "write_statistics": True}
    with (
        pq.ParquetWriter(_partial(house_path), HOUSEHOLD_SCHEMA, **options) as house_writer,
        pq.ParquetWriter(_partial(member_path), MEMBER_SCHEMA, **options) as member_writer,
    ):
        for chunk in chunks:
            house_writer.write_table(households_table(chunk))
            table = members_table(chunk)
            member_writer.write_table(table)
            households += len(chunk)
            members += table.num_rows
            if progress:
                progress(len(chunk))
    os.replace(_partial(house_path), house_path)
    os.replace(_partial(member_path), member_path)
    return households, members


def write_population(
    options: GenerateOptions, out: Path, fmt: str = "jsonl", progress: Progress | None = None
) -> GenerateResult:
    """Generate `options.households` households into directory `out` in format `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"format '{fmt}' tidak dikenal; pilih salah satu: {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    chunks = PopulationGenerator(options).chunks()
    if fmt == "jsonl":
        households, members = _write_jsonl(chunks, out, progress)
        files: tuple[Path, ...] = (out / HOUSEHOLDS_JSONL,)
    else:
        households, members = _write_parquet(chunks, out, progress)
        files = (out / HOUSEHOLDS_PARQUET, out / MEMBERS_PARQUET)
    return GenerateResult(households=households, members=members, files=files)
