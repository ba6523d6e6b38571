"""The few places where SQLite and PostgreSQL differ for bulk ledger work.

PostgreSQL gets COPY for bulk rows; SQLite gets executemany (its writes are serialised anyway:
transactions begin IMMEDIATE, see settings). Everything else is portable SQL or the ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DatabaseError, connection, transaction


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def zero_pad_sql(expression: str, width: int) -> str:
    """SQL text of an integer expression written with leading zeros."""
    if is_postgresql():
        return f"lpad(({expression})::text, {width}, '0')"
    return f"printf('%0{width}d', {expression})"


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Append rows to a table inside the current transaction; returns the count."""
    count = 0
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        if is_postgresql():
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        chunk: list[Sequence[Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= 10_000:
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", chunk)
            count += len(chunk)
    return count


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def bulk_session() -> None:
    """Memory for one bulk statement set of this transaction (PostgreSQL): hash joins over a
    million rows in memory, and the import's TEMP work table in local buffers (settable only
    before the session's first temporary table, hence the savepoint)."""
    if not is_postgresql():
        return
    execute("SET LOCAL work_mem = '256MB'")
    try:
        with transaction.atomic():
            execute("SET LOCAL temp_buffers = '256MB'")
    except DatabaseError:
        pass


def analyze(table: str) -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL; SQLite plans without)."""
    if is_postgresql():
        execute(f"ANALYZE {table}")
