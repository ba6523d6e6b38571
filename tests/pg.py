"""PostgreSQL facts the tests read about their own connection."""

from __future__ import annotations

from django.db import connection


def prepared_statements(like: str) -> list[tuple[str, int]]:
    """Protocol-level prepared statements on this connection whose text matches the LIKE
    pattern: (statement, times executed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements "
            "WHERE from_sql = false AND statement LIKE %s",
            [like],
        )
        return cursor.fetchall()
