"""Backend adapter for bulk loading: staging tables, COPY on PostgreSQL, executemany on SQLite.

The import streams validated households into two temporary staging tables inside its one
transaction, then merges them into the registry with set-based SQL. Only the load step and a
few casts differ per backend; `staging_for(connection)` picks by `connection.vendor`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

import orjson
from django.db.backends.base.base import BaseDatabaseWrapper

from jaring.core.models import AuditEvent
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.records import KELUARGA_FIELDS, MEMBER_FIELDS

STAGE_H = "jaring_stage_keluarga"
STAGE_M = "jaring_stage_anggota"
STAGE_K = "jaring_stage_match"
STAGE_N = "jaring_stage_new"
# Household columns shared by the staging table and registry_keluarga (region -> region_id).
H_DATA = (*KELUARGA_FIELDS, "content_hash")
H_COLUMNS = ("line", *H_DATA, "snapshot")
M_COLUMNS = ("line", "kk", "position", "name_normalized", *MEMBER_FIELDS)
AUDIT_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "region_code",
    "before",
    "after",
    "note",
    "prev_hash",
    "hash",
)


def _json(value: Any) -> str | None:
    # JSONField(null=True) keeps Python None as SQL NULL; the same here.
    return None if value is None else orjson.dumps(value).decode()


def _audit_row(e: AuditEvent, at: Any) -> tuple[Any, ...]:
    return (
        e.seq,
        at,
        e.actor,
        e.action,
        e.object_type,
        e.object_id,
        e.region_code,
        _json(e.before),
        _json(e.after),
        e.note,
        e.prev_hash,
        e.hash,
    )


_TYPES = {
    "line": "bigint",
    "desil": "smallint",
    "floor_area_m2": "integer",
    "position": "smallint",
    "birth_date": "date",
    "date_of_death": "date",
    "alive": "boolean",
    "pregnant": "boolean",
    "bpjs_ketenagakerjaan": "boolean",
    "pregnancy_order": "smallint",
    "monthly_income": "bigint",
}


class Staging:
    """Staging tables on one connection, inside the caller's transaction.

    Temporary tables created inside the transaction vanish with a rollback on both backends, so
    a failed or crashed import leaves nothing behind; a committed one drops them explicitly.
    """

    temp_clause = "TEMP"
    json_cast = ""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.keluarga = Keluarga._meta.db_table
        self.anggota = Anggota._meta.db_table

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def create(self) -> None:
        self.drop()
        for table, columns in ((STAGE_H, H_COLUMNS), (STAGE_M, M_COLUMNS)):
            spec = ", ".join(f"{c} {_TYPES.get(c, 'text')}" for c in columns)
            self._execute(f"CREATE {self.temp_clause} TABLE {table} ({spec})")
        self._execute(f"CREATE UNIQUE INDEX {STAGE_H}_line ON {STAGE_H} (line)")
        # Matches with stored households, and the ids of the ones this import creates.
        self._execute(
            f"CREATE {self.temp_clause} TABLE {STAGE_K} "
            f"(line bigint PRIMARY KEY, keluarga_id bigint, status text)"
        )
        self._execute(
            f"CREATE {self.temp_clause} TABLE {STAGE_N} "
            f"(line bigint PRIMARY KEY, keluarga_id bigint)"
        )

    def drop(self) -> None:
        for table in (STAGE_H, STAGE_M, STAGE_K, STAGE_N):
            self._execute(f"DROP TABLE IF EXISTS {table}")

    def load(self, households: list[tuple[Any, ...]], members: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def index(self) -> None:
        self._execute(f"CREATE INDEX {STAGE_H}_kk ON {STAGE_H} (kk)")
        self._execute(f"CREATE INDEX {STAGE_M}_nik ON {STAGE_M} (nik)")
        self._execute(f"ANALYZE {STAGE_H}")
        self._execute(f"ANALYZE {STAGE_M}")

    def duplicate_kk_lines(self, limit: int) -> list[tuple[str, int]]:
        """(kk, line) of every household whose KK appears more than once, by KK then line."""
        return self._fetch(
            f"SELECT kk, line FROM {STAGE_H} WHERE kk IN "
            f"(SELECT kk FROM {STAGE_H} GROUP BY kk HAVING count(*) > 1) ORDER BY kk, line "
            f"LIMIT {int(limit)}"
        )

    def duplicate_nik_lines(self, limit: int) -> list[tuple[str, int]]:
        """(nik, household line) for NIKs listed in more than one household of the file."""
        return self._fetch(
            f"SELECT nik, line FROM {STAGE_M} "
            f"WHERE nik IN (SELECT nik FROM {STAGE_M} GROUP BY nik HAVING count(*) > 1) "
            f"ORDER BY nik, line LIMIT {int(limit)}"
        )

    def classify(self) -> dict[str, int]:
        """Match staged households to stored ones by KK: same (hash equal) or changed.

        Matches go to a narrow table rather than an UPDATE of the staging rows, which would
        rewrite every wide staged row (snapshot included) once more.
        """
        self._execute(
            f"INSERT INTO {STAGE_K} (line, keluarga_id, status) "
            f"SELECT h.line, k.id, CASE WHEN k.content_hash = h.content_hash "
            f"THEN 'same' ELSE 'changed' END "
            f"FROM {STAGE_H} h JOIN {self.keluarga} k ON k.kk = h.kk"
        )
        self._execute(f"ANALYZE {STAGE_K}")
        counts = {"new": 0, "same": 0, "changed": 0}
        counts.update(dict(self._fetch(f"SELECT status, count(*) FROM {STAGE_K} GROUP BY status")))
        (total,) = self._fetch(f"SELECT count(*) FROM {STAGE_H}")[0]
        counts["new"] = total - counts["same"] - counts["changed"]
        return counts

    def lines_moving_from_outside(self, prefix: str, limit: int) -> list[int]:
        """Lines whose KK is stored today in a region outside the scope prefix."""
        rows = self._fetch(
            f"SELECT e.line FROM {STAGE_K} e JOIN {self.keluarga} k ON k.id = e.keluarga_id "
            f"WHERE k.region_id NOT LIKE %s ORDER BY e.line LIMIT {int(limit)}",
            [prefix + "%"],
        )
        return [r[0] for r in rows]

    def insert_new(self, now: datetime) -> tuple[int, int]:
        """Insert the new households and their members; returns (households, members)."""
        data = ", ".join("region_id" if c == "region" else c for c in H_DATA)
        select = ", ".join(
            f"h.assets{self.json_cast}" if c == "assets" else f"h.{c}" for c in H_DATA
        )
        is_new = f"NOT EXISTS (SELECT 1 FROM {STAGE_K} e WHERE e.line = h.line)"
        households = self._execute(
            f"INSERT INTO {self.keluarga} ({data}, created_at, updated_at) "
            f"SELECT {select}, %s, %s FROM {STAGE_H} h WHERE {is_new} ORDER BY h.line",
            [now, now],
        )
        self._execute(
            f"INSERT INTO {STAGE_N} (line, keluarga_id) SELECT h.line, k.id "
            f"FROM {STAGE_H} h JOIN {self.keluarga} k ON k.kk = h.kk WHERE {is_new}"
        )
        self._execute(f"ANALYZE {STAGE_N}")
        member_columns = ("position", "name_normalized", *MEMBER_FIELDS)
        members = self._execute(
            f"INSERT INTO {self.anggota} (keluarga_id, {', '.join(member_columns)}) "
            f"SELECT n.keluarga_id, {', '.join('m.' + c for c in member_columns)} "
            f"FROM {STAGE_M} m JOIN {STAGE_N} n ON n.line = m.line"
        )
        return households, members

    def audit_writer(self) -> Callable[[list[AuditEvent]], None] | None:
        """A plain executemany writer for audit_record_many (bulk_create costs twice as much)."""
        table = AuditEvent._meta.db_table
        marks = ", ".join(["%s"] * len(AUDIT_COLUMNS))
        sql = f"INSERT INTO {table} ({', '.join(AUDIT_COLUMNS)}) VALUES ({marks})"
        adapt = self.connection.ops.adapt_datetimefield_value

        def write(events: list[AuditEvent]) -> None:
            with self.connection.cursor() as cursor:
                cursor.executemany(sql, [_audit_row(e, adapt(e.at)) for e in events])

        return write

    def page(self, status: str, after_line: int, limit: int) -> list[tuple[Any, ...]]:
        """(line, keluarga_id, region, snapshot) of new or changed households, keyset-paginated."""
        if status == "new":
            source, where = STAGE_N, ""
        else:
            source, where = STAGE_K, "AND e.status = %s "
        params = [after_line] + ([status] if where else [])
        return self._fetch(
            f"SELECT e.line, e.keluarga_id, h.region, h.snapshot FROM {source} e "
            f"JOIN {STAGE_H} h ON h.line = e.line WHERE e.line > %s {where}"
            f"ORDER BY e.line LIMIT {int(limit)}",
            params,
        )

    def iter_pages(self, status: str, size: int = 2000) -> Iterator[list[tuple[Any, ...]]]:
        last = 0
        while rows := self.page(status, last, size):
            yield rows
            last = rows[-1][0]


class PostgresStaging(Staging):
    json_cast = "::jsonb"

    def audit_writer(self) -> Callable[[list[AuditEvent]], None] | None:
        table = AuditEvent._meta.db_table

        def write(events: list[AuditEvent]) -> None:
            with (
                self.connection.cursor() as wrapper,
                wrapper.cursor.copy(
                    f"COPY {table} ({', '.join(AUDIT_COLUMNS)}) FROM STDIN"
                ) as copy,
            ):
                for e in events:
                    copy.write_row(_audit_row(e, e.at))

        return write

    def load(self, households: list[tuple[Any, ...]], members: list[tuple[Any, ...]]) -> None:
        with self.connection.cursor() as wrapper:
            cursor = wrapper.cursor  # the psycopg 3 cursor under Django's wrapper
            for table, columns, rows in (
                (STAGE_H, H_COLUMNS, households),
                (STAGE_M, M_COLUMNS, members),
            ):
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)


class SqliteStaging(Staging):
    def load(self, households: list[tuple[Any, ...]], members: list[tuple[Any, ...]]) -> None:
        with self.connection.cursor() as cursor:
            for table, columns, rows in (
                (STAGE_H, H_COLUMNS, households),
                (STAGE_M, M_COLUMNS, members),
            ):
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                )


def staging_for(connection: BaseDatabaseWrapper) -> Staging:
    if connection.vendor == "postgresql":
        return PostgresStaging(connection)
    if connection.vendor == "sqlite":
        return SqliteStaging(connection)
    raise NotImplementedError(f"impor massal belum mendukung basis data {connection.vendor}")
