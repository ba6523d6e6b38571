"""Bulk load of the engine's decisions.parquet into Decision rows of one run.

PostgreSQL takes each Arrow batch as CSV through COPY (pyarrow writes the CSV in C, psycopg
streams it); SQLite takes large executemany batches. The per-program totals printed by
`run-eligibility` are summed from the very batches stored, so the JSON matches the database.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from django.db import connection, transaction

from jaring.engine.reasons import expanded_select
from jaring.programs.models import Decision, EligibilityRun

Progress = Callable[[str, int, int | None], None]
BATCH_ROWS = 50_000
COLUMNS = (
    "run_id",
    "period",
    "program",
    "kk",
    "nik",
    "region_code",
    "eligible",
    "tahap",
    "tahap_per_year",
    "annual_amount",
    "amount_per_tahap",
    "reasons",
    "components",
)


def _prepared(batch: pa.RecordBatch, run: EligibilityRun) -> pa.Table:
    """The batch in Decision's column order, nulls replaced by the model's defaults."""
    n = batch.num_rows
    col = batch.column

    def text(name: str, default: str) -> pa.Array:
        return pc.fill_null(col(name).cast(pa.string()), default)

    def number(name: str) -> pa.Array:
        return pc.fill_null(col(name).cast(pa.int64()), 0)

    return pa.table(
        [
            pa.array([run.pk] * n, pa.int64()),
            pa.array([run.period.isoformat()] * n, pa.string()),
            text("program", ""),
            text("kk", ""),
            text("nik", ""),
            text("region", ""),
            pc.fill_null(col("eligible").cast(pa.bool_()), False),
            text("tahap", ""),
            number("tahap_per_year"),
            number("annual_amount"),
            number("amount_per_tahap"),
            text("reasons", "[]"),
            text("components", "[]"),
        ],
        names=list(COLUMNS),
    )


def _copy_postgresql(table: pa.Table) -> None:
    buffer = io.BytesIO()
    # quoting_style="all_valid" quotes every string, so an empty NIK stays '' and not NULL.
    pacsv.write_csv(
        table, buffer, pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
    )
    sql = (
        f"COPY {connection.ops.quote_name(Decision._meta.db_table)} ({', '.join(COLUMNS)}) "
        "FROM STDIN WITH (FORMAT csv)"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(buffer.getvalue())


def _insert_sqlite(table: pa.Table) -> None:
    columns = [table.column(name).to_pylist() for name in COLUMNS]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(Decision._meta.db_table)} "
        f"({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    )
    # One transaction per batch: in autocommit SQLite would commit (and sync) every row.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, list(zip(*columns, strict=True)))


def decisions_sorted(*, source: Path, target: Path) -> Path:
    """Copy decisions ordered by (program, kk, nik): the uniqueness and KK indexes then grow by
    appending, which halves both this load and the later delete of the superseded run (100k
    families on SQLite: load 34 s → 17 s, delete 21 s → 7 s, for a 3 s sort). DuckDB sorts out
    of core beside `target`, so memory stays bounded at any size. The engine writes reasons as
    codes; they get their Indonesian messages back here, so the stored rows are unchanged."""
    con = duckdb.connect()
    try:
        con.execute("SET memory_limit = '1GB'")
        con.execute(f"SET temp_directory = '{(target.parent / '.sort-tmp').as_posix()}'")
        con.execute(
            f"COPY ({expanded_select(source)} ORDER BY program, kk, nik NULLS FIRST) "
            f"TO '{target.as_posix()}' (FORMAT PARQUET, COMPRESSION ZSTD)"
        )
    finally:
        con.close()
    return target


def decisions_load(
    *,
    run: EligibilityRun,
    path: Path,
    programs: list[str],
    progress: Progress | None = None,
) -> dict[str, dict[str, int]]:
    """Store every row of `path` under `run`; return per-program eligible and amount totals."""
    totals: dict[str, dict[str, int]] = {
        code: {"eligible": 0, "amount_per_tahap_total": 0} for code in programs
    }
    source = pq.ParquetFile(path)
    total_rows = source.metadata.num_rows
    write: Any = _copy_postgresql if connection.vendor == "postgresql" else _insert_sqlite
    done = 0
    if progress:
        progress("muat", 0, total_rows)
    for batch in source.iter_batches(batch_size=BATCH_ROWS):
        table = _prepared(batch, run)
        write(table)
        paid = pc.if_else(table["eligible"], table["amount_per_tahap"], 0)
        sums = (
            pa.table({"program": table["program"], "eligible": table["eligible"], "paid": paid})
            .group_by("program")
            .aggregate([("eligible", "sum"), ("paid", "sum")])
        )
        for row in sums.to_pylist():
            entry = totals.setdefault(row["program"], {"eligible": 0, "amount_per_tahap_total": 0})
            entry["eligible"] += int(row["eligible_sum"] or 0)
            entry["amount_per_tahap_total"] += int(row["paid_sum"] or 0)
        done += batch.num_rows
        if progress:
            progress("muat", done, total_rows)
    return dict(sorted(totals.items()))
