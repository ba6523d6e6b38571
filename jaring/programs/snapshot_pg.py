"""PostgreSQL fast path of the snapshot: COPY ... TO STDOUT (CSV) parsed by pyarrow's streaming
CSV reader, so no row ever becomes a Python object. Same output as the portable keyset path."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from django.db import connection

from jaring.core.interchange import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA
from jaring.registry.models import Anggota, Keluarga

Progress = Callable[[str, int, int | None], None]

_HOUSEHOLDS = """
COPY (SELECT k.kk, k.region_id, k.desil, k.registry_status, k.channel, NULLIF(k.bank, ''),
       k.address, k.rt, k.rw, k.kks_number,
       NULLIF(k.floor_material, ''), NULLIF(k.wall_material, ''), NULLIF(k.roof_material, ''),
       k.floor_area_m2, NULLIF(k.drinking_water, ''), NULLIF(k.sanitation, ''),
       NULLIF(k.electricity, ''), NULLIF(k.cooking_fuel, ''), k.assets::text
FROM {keluarga} k ORDER BY k.id) TO STDOUT WITH (FORMAT csv)
"""

_MEMBERS = """
COPY (SELECT k.kk, a.position, a.nik, a.name, a.sex, a.birth_place, a.birth_date,
       a.relationship, a.citizenship, a.alive, a.date_of_death, a.pregnant, a.pregnancy_order,
       a.disability, a.schooling, a.occupation, a.employment, a.monthly_income,
       a.bpjs_ketenagakerjaan
FROM {anggota} a JOIN {keluarga} k ON k.id = a.keluarga_id) TO STDOUT WITH (FORMAT csv)
"""


class _CopyStream(io.RawIOBase):
    """A readable file over the chunks of a psycopg COPY TO STDOUT."""

    def __init__(self, chunks: Iterator[Any]) -> None:
        self.chunks = chunks
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = bytes(chunk)
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def _csv_types(schema: pa.Schema) -> dict[str, pa.DataType]:
    # Lists cannot come through CSV: assets arrive as JSON text and are parsed per batch.
    return {f.name: pa.string() if pa.types.is_list(f.type) else f.type for f in schema}


def _copy_to_parquet(sql: str, schema: pa.Schema, path: Path) -> int:
    read = pacsv.ReadOptions(column_names=schema.names, block_size=16 << 20, use_threads=False)
    convert = pacsv.ConvertOptions(
        column_types=_csv_types(schema),
        true_values=["t"],
        false_values=["f"],
        strings_can_be_null=True,  # unquoted empty field = NULL in PostgreSQL's CSV
        quoted_strings_can_be_null=False,  # "" = the empty string
    )
    rows = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
        pq.ParquetWriter(path, schema, compression="zstd") as writer,
    ):
        stream = io.BufferedReader(_CopyStream(iter(copy)), buffer_size=1 << 20)
        reader = pacsv.open_csv(
            stream,
            read_options=read,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=convert,
        )
        for batch in reader:
            columns = []
            for field in schema:
                column = batch.column(field.name)
                if pa.types.is_list(field.type):
                    column = pa.array(
                        [orjson.loads(v) if v else [] for v in column.to_pylist()], field.type
                    )
                columns.append(column)
            writer.write_batch(pa.record_batch(columns, schema=schema))
            rows += batch.num_rows
    return rows


def export_by_copy(
    households_path: Path, members_path: Path, progress: Progress | None
) -> tuple[int, int]:
    quote = connection.ops.quote_name
    keluarga, anggota = quote(Keluarga._meta.db_table), quote(Anggota._meta.db_table)
    # Progress only between the two COPYs: while a COPY streams, the connection can run nothing
    # else, and the progress callback may write to the database (EligibilityRun.progress).
    households = _copy_to_parquet(
        _HOUSEHOLDS.format(keluarga=keluarga), HOUSEHOLD_SCHEMA, households_path
    )
    if progress:
        progress("ekspor", households // 5, households)  # members are ~4/5 of the work
    members = _copy_to_parquet(
        _MEMBERS.format(anggota=anggota, keluarga=keluarga), MEMBER_SCHEMA, members_path
    )
    if progress:
        progress("ekspor", households, households)
    return households, members
