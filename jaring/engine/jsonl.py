"""`assess` over a JSONL file: DuckDB reads and unnests the households itself.

The file is cut into chunks of whole lines (raw bytes, never parsed in Python) and each chunk is
read by DuckDB's JSON reader with an explicit schema, unnested into the `households` / `members`
tables in SQL and assessed by the same compiled plan as the batch; the output lines are built by
SQL too (`lines_sql`). Python only moves bytes. A chunk that DuckDB refuses (bad JSON, a value of
the wrong type, a household without KK) is redone on the per-record Python path, which names the
first bad line in Bahasa Indonesia after writing the good lines before it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from jaring.core.interchange import HOUSEHOLD_SCHEMA, HOUSING_KEYS, MEMBER_SCHEMA
from jaring.core.periods import parse_period
from jaring.engine.policy import PolicySet
from jaring.engine.records import RecordError
from jaring.engine.runner import Assessor, connect, reference_tables
from jaring.engine.sql import build_plan, lines_sql, staged_sql

Write = Callable[[str], Any]

_TYPES = {
    pa.string(): "VARCHAR",
    pa.int8(): "TINYINT",
    pa.int16(): "SMALLINT",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE",
    pa.list_(pa.string()): "VARCHAR[]",
}
_M_FIELDS = [f for f in MEMBER_SCHEMA if f.name not in ("kk", "position")]
_HOUSING = [f for f in HOUSEHOLD_SCHEMA if f.name in HOUSING_KEYS]
_HH_FIELDS = [f for f in HOUSEHOLD_SCHEMA if f.name not in HOUSING_KEYS]


def _struct(fields: list[pa.Field]) -> str:
    return "STRUCT(" + ", ".join(f'"{f.name}" {_TYPES[f.type]}' for f in fields) + ")"


def _columns() -> str:
    """The read_json `columns` argument: the interchange schema (housing nested or flat)."""
    cols = {f.name: _TYPES[f.type] for f in _HH_FIELDS}
    cols.update({f.name: _TYPES[f.type] for f in _HOUSING})
    cols["housing"] = _struct(_HOUSING)
    cols["members"] = _struct(_M_FIELDS) + "[]"
    return "{" + ", ".join(f"'{k}': '{v}'" for k, v in cols.items()) + "}"


def _load_sql(path: Path) -> tuple[str, str, str]:
    source = (
        f"read_json('{path.as_posix()}', format = 'newline_delimited', "
        f"columns = {_columns()}, auto_detect = false, maximum_object_size = 16777216)"
    )
    raw = f"SELECT *, ordinality AS ord FROM {source} WITH ORDINALITY"
    housing = ", ".join(f"COALESCE(r.housing.{k}, r.{k}) AS {k}" for k in HOUSING_KEYS)
    plain = ", ".join(f"r.{f.name}" for f in _HH_FIELDS)
    households = f"SELECT {plain}, {housing}, r.ord FROM raw r"
    fields = ", ".join(
        f"m.m.{f.name} AS {f.name}" if f.name not in ("kk", "position") else f"m.{f.name}"
        for f in MEMBER_SCHEMA
    )
    members = f"""SELECT {fields} FROM (
  SELECT r.kk, UNNEST(r.members) AS m, CAST(UNNEST(range(len(r.members))) AS SMALLINT) AS position
  FROM raw r WHERE len(r.members) > 0) m"""
    return raw, households, members


class _Refused(Exception):
    """A chunk DuckDB read but the interchange rules refuse; the record path names the line."""


def _utf8_bytes(strings: pa.Array) -> bytes:
    """The concatenated bytes of a string array without nulls, straight from its data buffer."""
    if len(strings) == 0:
        return b""
    width = 8 if pa.types.is_large_string(strings.type) else 4
    offsets = strings.buffers()[1]
    first = int.from_bytes(offsets[strings.offset * width : (strings.offset + 1) * width], "little")
    end = strings.offset + len(strings)
    last = int.from_bytes(offsets[end * width : (end + 1) * width], "little")
    return strings.buffers()[2][first:last].to_pybytes()


class JsonlAssessor:
    """One DuckDB connection and one compiled plan for every chunk of a file."""

    def __init__(self, *, period: str, policy: PolicySet, threads: int | None = None) -> None:
        self.period, self.policy, self.threads = period, policy, threads
        self.con = connect(threads=threads)
        reference_tables(self.con, policy)
        self.plan = build_plan(policy, parse_period(period), national_ranking=False)
        # One statement per chunk: the stages as CTEs, not a temp table each (staged_sql).
        self.lines = staged_sql(self.plan, lines_sql(self.plan, parse_period(period), newline=True))
        self.con.execute("SET preserve_insertion_order = true")  # WITH ORDINALITY = file order
        self._fallback: Assessor | None = None

    @property
    def fallback(self) -> Assessor:
        """The per-record path, on its own connection (its inputs are Arrow views)."""
        if self._fallback is None:
            self._fallback = Assessor(period=self.period, policy=self.policy, threads=self.threads)
        return self._fallback

    def assess_file(self, path: Path, write: Write) -> None:
        """Writes the output lines of a chunk file; raises duckdb.Error or _Refused (before writing
        anything) when DuckDB cannot take it."""
        raw, households, members = _load_sql(path)
        con = self.con
        con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS {raw}")
        missing_kk = con.execute("SELECT count(*) FROM raw WHERE kk IS NULL OR kk = ''").fetchone()
        if missing_kk and missing_kk[0]:
            raise _Refused("household without kk")
        con.execute(f"CREATE OR REPLACE TEMP VIEW households AS {households}")
        con.execute(f"CREATE OR REPLACE TEMP VIEW members AS {members}")
        column = con.sql(self.lines).to_arrow_table().column(0)
        con.execute("DROP TABLE raw")
        for chunk in column.chunks:
            write(_utf8_bytes(chunk))

    def close(self) -> None:
        self.con.close()
        if self._fallback is not None:
            self._fallback.close()


def _python_chunk(assessor: Assessor, lines: list[bytes], numbers: list[int], write: Write) -> None:
    """The per-record path: the same results, and the exact bad line when there is one."""
    records: list[Any] = []
    for raw, number in zip(lines, numbers, strict=True):
        try:
            records.append(orjson.loads(raw))
        except orjson.JSONDecodeError:
            _python_records(assessor, records, numbers, write)
            raise RecordError(number, "bukan JSON yang sah.") from None
    _python_records(assessor, records, numbers, write)


def _python_records(assessor: Assessor, records: list[Any], numbers: list[int], write: Write):
    if not records:
        return
    try:
        out = assessor.assess_lines(records)
    except RecordError as error:
        good = error.line - 1
        if good:  # the lines before the bad one are written, as the command promises
            write(("\n".join(assessor.assess_lines(records[:good])) + "\n").encode())
        message = str(error).split(": ", 1)[-1]
        raise RecordError(numbers[error.line - 1], message) from None
    write(("\n".join(out) + "\n").encode())


def assess_jsonl_file(
    path: Path,
    *,
    period: str,
    policy: PolicySet,
    write: Write,
    chunk_size: int = 100_000,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> int:
    """Assess every household of a JSONL file, writing output lines in input order.

    Returns the number of households. Raises RecordError (file line number) on the first bad
    line; every line before it has been written.
    """
    assessor = JsonlAssessor(period=period, policy=policy, threads=threads)
    if memory_limit:
        assessor.con.execute(f"SET memory_limit = '{memory_limit}'")
    total = 0
    with tempfile.TemporaryDirectory(prefix="jaring-assess-") as tmp:
        chunk_path = Path(tmp) / "chunk.jsonl"
        assessor.con.execute(f"SET temp_directory = '{(Path(tmp) / 'spill').as_posix()}'")
        try:
            with Path(path).open("rb") as handle:
                number = 0
                while True:
                    lines: list[bytes] = []
                    numbers: list[int] = []
                    for raw in handle:
                        number += 1
                        if raw.strip():
                            lines.append(raw if raw.endswith(b"\n") else raw + b"\n")
                            numbers.append(number)
                            if len(lines) >= chunk_size:
                                break
                    if not lines:
                        break
                    chunk_path.write_bytes(b"".join(lines))
                    try:
                        assessor.assess_file(chunk_path, write)
                    except (duckdb.Error, _Refused):
                        _python_chunk(assessor.fallback, lines, numbers, write)
                    total += len(lines)
        finally:
            assessor.close()
            if chunk_path.exists():
                os.unlink(chunk_path)
    return total
