"""Loads the shipped Kemendagri region tree (current and retired codes) into the database."""

from __future__ import annotations

from django.db import transaction

from jaring.regions import codes
from jaring.regions.models import LEVEL_BY_LENGTH, Region

BATCH_SIZE = 5000


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
        Region.objects.bulk_create(
            rows,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "retired", "successor"],
        )
    return len(rows)
