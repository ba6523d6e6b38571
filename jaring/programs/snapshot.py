"""The registry as an engine snapshot: households.parquet + members.parquet (interchange schemas).

Export streams the two registry tables in primary-key ranges with plain SQL (keyset pagination:
each chunk is an index range scan, so the cost grows linearly and memory stays flat) into Arrow
record batches written by a ParquetWriter. The same SQL runs on SQLite and PostgreSQL; values
that the two drivers return differently (dates as text, booleans as 0/1, JSON as text) are
normalised column by column in pyarrow, never row by row in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection

from jaring.core.interchange import (
    HOUSEHOLD_SCHEMA,
    HOUSEHOLDS_PARQUET,
    MEMBER_SCHEMA,
    MEMBERS_PARQUET,
)
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.records import keluarga_record

Progress = Callable[[str, int, int | None], None]
CHUNK = 20_000

# Household columns in HOUSEHOLD_SCHEMA order; "" in the registry means "not recorded" (null).
_HOUSEHOLD_SELECT = """
SELECT k.id, k.kk, k.region_id, k.desil, k.registry_status, k.channel, NULLIF(k.bank, ''),
       k.address, k.rt, k.rw, k.kks_number,
       NULLIF(k.floor_material, ''), NULLIF(k.wall_material, ''), NULLIF(k.roof_material, ''),
       k.floor_area_m2, NULLIF(k.drinking_water, ''), NULLIF(k.sanitation, ''),
       NULLIF(k.electricity, ''), NULLIF(k.cooking_fuel, ''), k.assets
FROM {keluarga} k
WHERE k.id > %s
ORDER BY k.id
LIMIT %s
"""

# Member columns in MEMBER_SCHEMA order (kk is joined from the household chunk by id).
_MEMBER_SELECT = """
SELECT a.keluarga_id, a.position, a.nik, a.name, a.sex, a.birth_place, a.birth_date,
       a.relationship, a.citizenship, a.alive, a.date_of_death, a.pregnant, a.pregnancy_order,
       a.disability, a.schooling, a.occupation, a.employment, a.monthly_income,
       a.bpjs_ketenagakerjaan
FROM {anggota} a
WHERE a.keluarga_id >= %s AND a.keluarga_id <= %s
ORDER BY a.keluarga_id, a.position, a.id
"""


@dataclass(frozen=True, slots=True)
class SnapshotFiles:
    households: Path
    members: Path
    household_count: int
    member_count: int


def _column(values: list[Any], field: pa.Field) -> pa.Array:
    """One column as Arrow, whatever Python types the database driver returned."""
    if pa.types.is_date(field.type):
        first = next((v for v in values if v is not None), None)
        if isinstance(first, str):  # SQLite returns ISO text
            return pa.array(values, pa.string()).cast(field.type)
        return pa.array(values, field.type)
    if pa.types.is_boolean(field.type):
        return pa.array([None if v is None else bool(v) for v in values], field.type)
    if pa.types.is_list(field.type):  # assets: JSON text (SQLite, psycopg jsonb) or a list
        return pa.array(
            [orjson.loads(v) if isinstance(v, (str, bytes)) else (v or []) for v in values],
            field.type,
        )
    return pa.array(values, field.type)


def _batch(rows: list[tuple[Any, ...]], schema: pa.Schema) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.record_batch(
        [_column(list(col), field) for col, field in zip(columns, schema, strict=True)],
        schema=schema,
    )


def snapshot_export(*, out_dir: Path, progress: Progress | None = None) -> SnapshotFiles:
    """Write the whole registry as households.parquet + members.parquet under `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    households_path = out_dir / HOUSEHOLDS_PARQUET
    members_path = out_dir / MEMBERS_PARQUET
    if connection.vendor == "postgresql":
        from jaring.programs.snapshot_pg import export_by_copy

        households, members = export_by_copy(households_path, members_path, progress)
        return SnapshotFiles(households_path, members_path, households, members)
    quote = connection.ops.quote_name
    household_sql = _HOUSEHOLD_SELECT.format(keluarga=quote(Keluarga._meta.db_table))
    member_sql = _MEMBER_SELECT.format(anggota=quote(Anggota._meta.db_table))
    total = Keluarga.objects.count() if progress else None
    households = members = 0
    last_id = 0
    with (
        pq.ParquetWriter(households_path, HOUSEHOLD_SCHEMA, compression="zstd") as hh_writer,
        pq.ParquetWriter(members_path, MEMBER_SCHEMA, compression="zstd") as mem_writer,
        connection.cursor() as cursor,
    ):
        while True:
            cursor.execute(household_sql, [last_id, CHUNK])
            rows = cursor.fetchall()
            if not rows:
                break
            kk_by_id = {row[0]: row[1] for row in rows}
            hh_writer.write_batch(_batch([row[1:] for row in rows], HOUSEHOLD_SCHEMA))
            cursor.execute(member_sql, [rows[0][0], rows[-1][0]])
            member_rows = [(kk_by_id[row[0]], *row[1:]) for row in cursor.fetchall()]
            if member_rows:
                mem_writer.write_batch(_batch(member_rows, MEMBER_SCHEMA))
            households += len(rows)
            members += len(member_rows)
            last_id = rows[-1][0]
            if progress:
                progress("ekspor", households, total)
    return SnapshotFiles(households_path, members_path, households, members)


def keluarga_interchange(keluarga: Keluarga) -> dict[str, Any]:
    """One stored household (members in KK order) as an interchange record, for explain()."""
    anggota = list(keluarga.anggota.order_by("position", "pk"))
    return keluarga_record(keluarga, anggota)
