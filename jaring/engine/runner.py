"""Running a compiled plan on DuckDB: the national batch over Parquet, and chunks of records.

The same statements serve both paths; only the inputs differ (Parquet views vs Arrow tables) and
how a family without a desil gets one (national NTILE ranking vs the stored cut-points).
"""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jaring.core.periods import parse_period
from jaring.engine import reasons
from jaring.engine.compiler import lit
from jaring.engine.policy import PolicySet
from jaring.engine.records import records_to_tables
from jaring.engine.sql import Plan, batch_sql, build_plan, lines_sql, pmt_rank_sql
from jaring.engine.sql_output import person_columns

Progress = Callable[[str, float], None]

# Stages read more than once are materialised; the rest stay views that DuckDB inlines.
_TABLES = ("hh", "mm", "magg", "fam", "fam_d", "pp")


def _is_table(name: str) -> bool:
    return name in _TABLES or name.endswith(("_pc", "_pca"))


def connect(*, threads: int | None = None, memory_limit: str | None = None) -> Any:
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def reference_tables(con: Any, policy: PolicySet) -> None:
    from jaring.regions.codes import kecamatan_codes  # plain Python, no Django

    codes = sorted(kecamatan_codes())
    con.register("kecamatan_src", pa.table({"code": pa.array(codes, pa.string())}))
    con.execute("CREATE OR REPLACE TEMP TABLE kecamatan AS SELECT * FROM kecamatan_src")
    ump = pa.table(
        {
            "province": pa.array(list(policy.ump), pa.string()),
            "amount": pa.array(list(policy.ump.values()), pa.int64()),
        }
    )
    con.register("ump_src", ump)
    con.execute("CREATE OR REPLACE TEMP TABLE ump AS SELECT * FROM ump_src")


def execute_plan(con: Any, plan: Plan, progress: Progress | None = None) -> None:
    total = len(plan.statements)
    for index, (name, sql) in enumerate(plan.statements):
        kind = "TABLE" if _is_table(name) else "VIEW"
        prefix = "TEMP " if kind == "TABLE" else ""
        con.execute(f"CREATE OR REPLACE {prefix}{kind} {name} AS {sql}")
        if progress:
            progress(name, (index + 1) / (total + 1))


@dataclass
class BatchSummary:
    period: str
    programs: dict[str, dict[str, int]] = field(default_factory=dict)
    cut_points: list[float] = field(default_factory=list)
    partitions: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.period, "programs": self.programs}


def _cut_points(con: Any) -> list[float]:
    """Score boundaries of the national PMT ranking just made (for single-family assessment)."""
    rows = con.execute(
        "SELECT desil_pmt, MIN(pmt_score) FROM pmt_rank GROUP BY desil_pmt ORDER BY desil_pmt"
    ).fetchall()
    return [float(score) for d, score in rows if d > 1]


def _partitions(con: Any, source: str, families: int) -> list[str]:
    """KK ranges of about `families` households each, as SQL filters on `kk`.

    Families are cut by KK prefix (4 digits: the KK's kabupaten), so each family's members fall
    in the same partition as the family, and consecutive prefixes are grouped. Snapshots sorted
    by KK let DuckDB skip the other row groups of both Parquet files.
    """
    counts = con.execute(
        f"SELECT substr(kk, 1, 4) AS p, count(*) FROM {source} GROUP BY 1 ORDER BY 1"
    ).fetchall()
    bounds: list[str] = []
    size = 0
    for prefix, n in counts:
        if size and size + n > families and prefix is not None:
            bounds.append(prefix)
            size = 0
        size += n
    if not bounds:
        return ["TRUE"]
    filters = [f"(kk < {lit(bounds[0])} OR kk IS NULL)"]
    filters += [f"(kk >= {lit(lo)} AND kk < {lit(hi)})" for lo, hi in pairwise(bounds)]
    filters.append(f"kk >= {lit(bounds[-1])}")
    return filters


def _has_quota(policy: PolicySet, month: date) -> bool:
    return any(p.quota for p in policy.programs_in_force(month))


def run_batch(
    *,
    households: Path,
    members: Path,
    period: str,
    policy: PolicySet,
    out_dir: Path,
    progress: Progress | None = None,
    national_ranking: bool = True,
    threads: int | None = None,
    memory_limit: str | None = None,
    partition_families: int | None = None,
) -> BatchSummary:
    """Assess every family of a Parquet snapshot; writes out_dir/decisions.parquet.

    The national PMT ranking is made first over the whole country (narrow: household facts and
    living-member counts); then the families are assessed in partitions of about
    `partition_families` (KK ranges), so memory stays bounded at any national size. Regional
    quotas rank across a whole region, so a policy with quotas runs in one partition.
    """
    month = parse_period(period)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = connect(
        threads=threads or int(os.environ.get("JARING_ENGINE_THREADS", "0")) or None,
        memory_limit=memory_limit or os.environ.get("JARING_ENGINE_MEMORY"),
    )
    temp = out_dir / ".duckdb-tmp"
    con.execute(f"SET temp_directory = '{temp.as_posix()}'")
    size = partition_families or int(os.environ.get("JARING_ENGINE_PARTITION", "1000000"))
    hh_src = f"read_parquet('{Path(households).as_posix()}')"
    # `ord` (input order, unique per household) is the row's number in the file: the plan
    # joins and groups families on it (`fid`), an integer, instead of the KK text.
    hh_view = (
        "SELECT * EXCLUDE (file_row_number), file_row_number AS ord FROM "
        f"read_parquet('{Path(households).as_posix()}', file_row_number = true)"
    )
    mm_src = f"read_parquet('{Path(members).as_posix()}')"
    target = out_dir / "decisions.parquet"
    try:
        reference_tables(con, policy)
        con.execute(f"CREATE VIEW households AS {hh_view}")
        con.execute(f"CREATE VIEW members AS SELECT * FROM {mm_src}")
        cut_points: list[float] = []
        if national_ranking:
            con.execute(f"CREATE OR REPLACE TEMP TABLE pmt_rank AS {pmt_rank_sql(policy)}")
            cut_points = _cut_points(con)
        filters = ["TRUE"] if _has_quota(policy, month) else _partitions(con, hh_src, size)
        plan = build_plan(policy, month, national_ranking=national_ranking, coded_reasons=True)
        query = batch_sql(plan)  # bound anew per partition, to that partition's views
        total = len(filters) + 1
        sink = _DecisionSink(target, plan, month)
        try:
            for number, where in enumerate(filters):
                con.execute(f"CREATE OR REPLACE VIEW households AS {hh_view} WHERE {where}")
                con.execute(
                    f"CREATE OR REPLACE VIEW members AS SELECT * FROM {mm_src} WHERE {where}"
                )
                sink.put_all(con.sql(query).to_arrow_reader(262_144))
                if progress:
                    progress(f"keputusan ({number + 1}/{len(filters)})", (number + 1) / total)
        finally:
            totals = sink.close()
        summary = BatchSummary(period=f"{month:%Y-%m}", partitions=len(filters))
        for program in plan.programs:
            eligible, amount = totals.get(program.code, (0, 0))
            summary.programs[program.code] = {
                "eligible": eligible,
                "amount_per_tahap_total": amount,
            }
        if national_ranking:
            summary.cut_points = cut_points
            (out_dir / "pmt_cut_points.json").write_text(
                json.dumps({"period": summary.period, "cut_points": summary.cut_points}) + "\n"
            )
        if progress:
            progress("selesai", 1.0)
        return summary
    finally:
        con.close()


def _add_totals(
    batch: pa.RecordBatch, totals: dict[str, list[int]], persons: reasons.Persons
) -> None:
    """Eligible rows and amount per tahap per program, summed while the rows stream past (the
    summary no longer re-reads the whole decisions file). A person row counts for each person
    program whose component it has, at that component's amount per tahap for its channel.
    Masks and counts, not a group-by on the program's text: that was 10x the CPU."""
    programs = pc.dictionary_encode(batch.column("program"))
    eligible = pc.fill_null(batch.column("eligible"), False)
    amount = batch.column("amount_per_tahap")
    for index, program in enumerate(programs.dictionary.to_pylist()):
        mine = pc.equal(programs.indices, index)
        entry = totals.setdefault(program, [0, 0])
        entry[0] += pc.sum(pc.and_(mine, eligible)).as_py() or 0
        entry[1] += pc.sum(pc.if_else(mine, amount, 0)).as_py() or 0
    channel = batch.column("channel")
    for program, spec in persons.items():
        comp = batch.column(f"{program.lower()}__comp")
        parts, taken = [], None  # (tahap per year, chosen components) by channel
        for key, tpy in spec["tpy"].items():
            here = pc.fill_null(pc.equal(channel, key), False)
            parts.append((tpy, comp.filter(here)))
            taken = here if taken is None else pc.or_(taken, here)
        rest = comp if taken is None else comp.filter(pc.invert(taken))
        parts.append((spec["tpy_default"], rest))
        entry = totals.setdefault(program, [0, 0])
        for tpy, chosen in parts:
            for item in pc.value_counts(chosen).to_pylist():
                if item["values"] is not None:
                    entry[0] += item["counts"]
                    entry[1] += item["counts"] * (spec["components"][item["values"]][1] // tpy)


class _DecisionSink:
    """Writes decision batches to one Parquet file and sums the totals, in its own thread.

    pyarrow's writer (zstd, measured 3x faster than DuckDB's COPY here) releases the GIL, so the
    previous partition's rows are encoded while DuckDB already computes the next one; the queue
    is bounded, so at most a few batches wait in memory. Reasons are coded; the file's metadata
    carries their messages (`jaring.engine.reasons`).
    """

    def __init__(self, target: Path, plan: Plan, month: date) -> None:
        self.target = target
        persons = [p.code for p in plan.programs if p.unit == "person"]
        families = {
            p.code: [[c.code, c.annual_amount] for c in p.components]
            for p in plan.programs
            if p.unit == "family" and p.components
        }
        self.persons = person_columns(plan.programs, month)
        self.metadata = reasons.metadata(plan.reasons or {}, persons, families, self.persons)
        self.totals: dict[str, list[int]] = {}
        self.queue: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.writer: pq.ParquetWriter | None = None
        self.thread = threading.Thread(target=self._run, name="jaring-decisions", daemon=True)
        self.thread.start()

    def put_all(self, reader: pa.RecordBatchReader) -> None:
        if self.writer is None:  # opened here, so that even no rows give a file with the schema
            # No dictionary pages: KK and NIK are nearly unique per row; hashing them cost more
            # than zstd saved. No column statistics: only the loader reads this file, whole,
            # and min/max of the text columns were a fifth of the writer's time.
            self.writer = pq.ParquetWriter(
                self.target,
                reader.schema.with_metadata(self.metadata),
                compression="zstd",
                use_dictionary=False,
                write_statistics=False,
            )
        for batch in reader:
            if self.error is not None:
                break
            self.queue.put(batch)
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        try:
            while (batch := self.queue.get()) is not None:
                assert self.writer is not None  # opened by put_all before the first batch
                self.writer.write_batch(batch)
                _add_totals(batch, self.totals, self.persons)
        except BaseException as error:  # re-raised in the caller's thread
            self.error = error
            while self.queue.get() is not None:  # let the producer finish
                pass

    def close(self) -> dict[str, list[int]]:
        self.queue.put(None)
        self.thread.join()
        if self.writer is not None:
            self.writer.close()
        if self.error is not None:
            raise self.error
        return self.totals


class Assessor:
    """Assesses chunks of interchange records on one DuckDB connection (plan compiled once)."""

    def __init__(self, *, period: str, policy: PolicySet, threads: int | None = None) -> None:
        self.month: date = parse_period(period)
        self.policy = policy
        self.con = connect(threads=threads)
        reference_tables(self.con, policy)
        self.plan = build_plan(policy, self.month, national_ranking=False)
        self.lines = lines_sql(self.plan, self.month)

    def load(self, records: list[dict[str, Any]], first_line: int = 1) -> None:
        households, members = records_to_tables(records, first_line=first_line)
        self.con.register("households", households)
        self.con.register("members", members)
        execute_plan(self.con, self.plan)

    def assess_lines(self, records: list[dict[str, Any]], first_line: int = 1) -> list[str]:
        self.load(records, first_line)
        return [row[0] for row in self.con.execute(self.lines).fetchall()]

    def close(self) -> None:
        self.con.close()


def assess_records(
    records: Iterable[dict[str, Any]],
    *,
    period: str,
    policy: PolicySet,
    chunk_size: int = 20000,
) -> Iterator[dict[str, Any]]:
    """Assessment output objects (CONTRACTS.md), one per record, in the same order."""
    import orjson

    for line in assess_jsonl_lines(records, period=period, policy=policy, chunk_size=chunk_size):
        yield orjson.loads(line)


def assess_jsonl_lines(
    records: Iterable[dict[str, Any]],
    *,
    period: str,
    policy: PolicySet,
    chunk_size: int = 20000,
) -> Iterator[str]:
    assessor = Assessor(period=period, policy=policy)
    try:
        chunk: list[dict[str, Any]] = []
        first = 1
        for record in records:
            chunk.append(record)
            if len(chunk) >= chunk_size:
                yield from assessor.assess_lines(chunk, first)
                first += len(chunk)
                chunk = []
        if chunk:
            yield from assessor.assess_lines(chunk, first)
    finally:
        assessor.close()
