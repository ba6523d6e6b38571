"""Loads the shipped Kemendagri region tree (current and retired codes) into the database."""

from __future__ import annotations

from django.db import connection, transaction

from jaring.regions import codes
from jaring.regions.models import LEVEL_BY_LENGTH, Region

BATCH_SIZE = 5000
COLUMNS = ("code", "name", "level", "parent_id", "retired", "successor")


def _parent_code(code: str) -> str | None:
    if len(code) == 2:
        return None
    return code[:-4] if len(code) == 10 else code[:-2]


def region_rows() -> list[Region]:
    """Every shipped region as unsaved rows, parents before children."""
    rows = [
        Region(
            code=code,
            name=name,
            level=LEVEL_BY_LENGTH[len(code)],
            parent_id=_parent_code(code),
        )
        for code, name in codes.current_names().items()
    ]
    rows.extend(
        Region(
            code=code,
            name=name,
            level=LEVEL_BY_LENGTH[len(code)],
            parent_id=_parent_code(code),
            retired=True,
            successor=successor,
        )
        for code, (name, successor) in codes.retired_regions().items()
    )
    rows.sort(key=lambda r: (len(r.code), r.code))
    return rows


def load_regions() -> int:
    """Insert or update every shipped region; idempotent. Returns the number of rows shipped.

    One transaction, so the foreign keys to parents (deferred on SQLite and PostgreSQL) are
    checked once at the end, and a failed load leaves the previous tree in place.
    """
    rows = region_rows()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _load_postgresql(rows)
        else:
            Region.objects.bulk_create(
                rows,
                batch_size=BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=list(COLUMNS[1:]),
            )
    return len(rows)


def _load_postgresql(rows: list[Region]) -> None:
    """COPY into a temporary table, then one upsert that rewrites only rows that changed.

    About three times faster than batched INSERTs, and a reload of an unchanged tree writes
    nothing.
    """
    table = connection.ops.quote_name(Region._meta.db_table)
    cols = ", ".join(COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:])
    current = ", ".join(f"{table}.{c}" for c in COLUMNS[1:])
    incoming = ", ".join(f"EXCLUDED.{c}" for c in COLUMNS[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE region_load (code varchar(10), name varchar(120), "
            "level varchar(16), parent_id varchar(10), retired boolean, successor varchar(10)) "
            "ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY region_load ({cols}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((r.code, r.name, r.level, r.parent_id, r.retired, r.successor))
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM region_load "
            f"ORDER BY length(code), code "
            f"ON CONFLICT (code) DO UPDATE SET {updates} "
            f"WHERE ({current}) IS DISTINCT FROM ({incoming})"
        )
