"""Server-side prepared statements for the lookup's hot reads (PostgreSQL only).

Django's psycopg 3 backend binds parameters on the client (`ClientCursor`, which never prepares)
and turns psycopg's statement preparation off (`prepare_threshold=None`, for connection
poolers). So every lookup had PostgreSQL parse, analyse and plan its statement afresh: measured
at 10k families, 0.8–0.9 ms of backend CPU per statement, against 0.10 ms once prepared and
executed by name — a third of a lookup's database CPU.

`fetch_all` runs a statement through a server-binding psycopg cursor that prepares it on the
connection at its first execution and executes it by name afterwards. The cursor is wrapped in
Django's own cursor wrapper, so errors are Django's and the statement shows in
`connection.queries` / CaptureQueriesContext like any other. Only the statements passed here are
prepared: Django's own cursors keep binding on the client. Other databases (SQLite) run the same
SQL through Django's ordinary cursor.

A prepared statement lives as long as its connection (CONN_MAX_AGE) and psycopg drops them all on a
ROLLBACK; PostgreSQL re-plans it by itself when a migration changes a table it reads. Behind a
transaction-pooling pgbouncer, this needs pgbouncer ≥ 1.21 with `max_prepared_statements` set
(it tracks protocol-level prepared statements, which these are).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

# psycopg's `prepare_threshold=None` (Django's setting) disables preparation altogether,
# prepare=True included. A number far beyond any count means psycopg never prepares a statement
# by itself — only those run here, which ask for it (prepare=True) — so no other code on the
# connection changes behaviour.
_PREPARE_ONLY_WHEN_ASKED = 2**31


def _preparing_cursor_class() -> type:
    import psycopg

    class PreparingCursor(psycopg.Cursor):  # type: ignore[type-arg]
        """Every statement is prepared at its first execution on the connection."""

        def execute(  # type: ignore[override]
            self, query: Any, params: Any = None, *, prepare: bool | None = None, **kwargs: Any
        ) -> Any:
            return super().execute(query, params, prepare=True, **kwargs)

    return PreparingCursor


_cursor_class: type | None = None


def fetch_all(sql: str, params: Sequence[object]) -> list[tuple]:
    """The rows of one statement with %s placeholders, prepared on PostgreSQL."""
    # The connection object once: each attribute read through django.db.connection is a look-up
    # in asgiref's per-thread storage (seven of them here, twice a lookup).
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    global _cursor_class
    if _cursor_class is None:
        _cursor_class = _preparing_cursor_class()
    db.ensure_connection()
    db.validate_thread_sharing()
    raw = db.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _PREPARE_ONLY_WHEN_ASKED
    with db.wrap_database_errors:
        psycopg_cursor = _cursor_class(raw)
    wrapped = (
        db.make_debug_cursor(psycopg_cursor)
        if db.queries_logged
        else db.make_cursor(psycopg_cursor)
    )
    with wrapped as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
