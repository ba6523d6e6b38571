"""Changes to registry households made by matching (merges, deaths, moves), and their undo.

Each change goes through the registry's own `apply_record` on the canonical household record and
is audited like any registry edit ("keluarga.update", before and after), so the household's
history shows it; the caller keeps `before`/`after` to undo it exactly. Must run inside the
caller's transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope
from jaring.registry.models import Keluarga
from jaring.registry.services import apply_record, stored_record

Record = dict[str, Any]


class RegistryConflict(Exception):
    """The household changed since; the message (Indonesian) says what to do."""


def household_change(
    *, scope: AccessScope, keluarga_id: int, change: Callable[[Record], Record], note: str
) -> tuple[Record, Record]:
    """Apply `change` to the household's record; returns (before, after). OutOfScope if the
    household (or the region it moves to) is outside the scope; Keluarga.DoesNotExist if gone."""
    keluarga = Keluarga.objects.select_for_update().get(pk=keluarga_id)
    scope.check(keluarga.region_id)
    anggota, before = stored_record(keluarga)
    after = change(copy.deepcopy(before))
    scope.check(after["region"])
    if after == before:
        return before, after
    apply_record(keluarga, anggota, after)
    audit_record(
        scope=scope,
        change=Change(
            "keluarga.update", "keluarga", str(keluarga.pk), after["region"], before, after, note
        ),
    )
    return before, after


def household_restore(
    *, scope: AccessScope, keluarga_id: int, expected: Record, restore: Record, note: str
) -> None:
    """Put `restore` back, refusing if the household is no longer `expected`."""
    keluarga = Keluarga.objects.select_for_update().filter(pk=keluarga_id).first()
    if keluarga is None:
        raise RegistryConflict("Keluarga sudah dihapus dari registri; tidak dapat dikembalikan.")
    scope.check(keluarga.region_id)
    scope.check(restore["region"])
    anggota, current = stored_record(keluarga)
    if current != expected:
        raise RegistryConflict(
            "Data keluarga sudah berubah sejak perubahan ini diterapkan; "
            "batalkan perubahan yang lebih baru terlebih dahulu."
        )
    apply_record(keluarga, anggota, restore)
    audit_record(
        scope=scope,
        change=Change(
            "keluarga.update",
            "keluarga",
            str(keluarga.pk),
            restore["region"],
            current,
            restore,
            note,
        ),
    )
