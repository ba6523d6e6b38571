"""Write use-cases of the registry: one transaction each, audited, inside the caller's scope.

History lives in the audit log: object_type "keluarga" with the row's pk as object_id (never the
KK, to keep identities out of the log's keys); before/after hold the canonical record
(jaring.registry.records), which the access-controlled log may carry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from jaring.core.audit import Change, audit_record
from jaring.core.names import normalize_name
from jaring.core.scope import AccessScope
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.records import (
    HOUSING_TEXT_KEYS,
    MEMBER_FIELDS,
    content_hash,
    household_record,
    keluarga_record,
)
from jaring.registry.validation import HouseholdIn

_DATE_FIELDS = frozenset({"birth_date", "date_of_death"})


def _keluarga_values(record: dict[str, Any]) -> dict[str, Any]:
    housing = record["housing"]
    values: dict[str, Any] = {
        "region_id": record["region"],
        "desil": record["desil"],
        "registry_status": record["registry_status"],
        "channel": record["channel"],
        "bank": record["bank"] or "",
        "kks_number": record["kks_number"],
        "address": record["address"],
        "rt": record["rt"],
        "rw": record["rw"],
        "floor_area_m2": housing["floor_area_m2"],
        "assets": list(housing["assets"]),
    }
    for key in HOUSING_TEXT_KEYS:
        values[key] = housing[key] or ""
    return values


def _anggota_values(member: dict[str, Any], position: int) -> dict[str, Any]:
    values = {key: member[key] for key in MEMBER_FIELDS}
    for key in _DATE_FIELDS:
        if values[key] is not None:
            values[key] = date.fromisoformat(values[key])
    values["name_normalized"] = normalize_name(member["name"])
    values["position"] = position
    return values


def apply_record(
    keluarga: Keluarga | None, anggota: list[Anggota], record: dict[str, Any]
) -> Keluarga:
    """Make the stored household equal to `record`; members matched by NIK keep their pk.

    Callers hold the transaction and write the audit event; this only touches the two tables.
    """
    values = _keluarga_values(record)
    digest = content_hash(record)
    if keluarga is None:
        keluarga = Keluarga.objects.create(kk=record["kk"], content_hash=digest, **values)
    else:
        for key, value in values.items():
            setattr(keluarga, key, value)
        keluarga.content_hash = digest
        keluarga.save()
    by_nik = {a.nik: a for a in anggota}
    wanted = {m["nik"] for m in record["members"]}
    gone = [a.pk for nik, a in by_nik.items() if nik not in wanted]
    if gone:
        Anggota.objects.filter(pk__in=gone).delete()
    to_create: list[Anggota] = []
    to_update: list[Anggota] = []
    update_fields = [*MEMBER_FIELDS, "name_normalized", "position"]
    for position, member in enumerate(record["members"]):
        member_values = _anggota_values(member, position)
        existing = by_nik.get(member["nik"])
        if existing is None:
            to_create.append(Anggota(keluarga=keluarga, **member_values))
        elif any(getattr(existing, k) != v for k, v in member_values.items()):
            for key, value in member_values.items():
                setattr(existing, key, value)
            to_update.append(existing)
    if to_update:
        Anggota.objects.bulk_update(to_update, update_fields)
    if to_create:
        Anggota.objects.bulk_create(to_create)
    return keluarga


def stored_record(keluarga: Keluarga) -> tuple[list[Anggota], dict[str, Any]]:
    anggota = list(keluarga.anggota.order_by("position", "pk"))
    return anggota, keluarga_record(keluarga, anggota)


def household_upsert(*, scope: AccessScope, data: HouseholdIn) -> Keluarga:
    """Create or update the household with this KK. Nothing changes (and nothing is audited)
    when the stored household already equals `data`. Raises OutOfScope outside the scope."""
    scope.check(data.region)
    record = household_record(data)
    with transaction.atomic():
        keluarga = Keluarga.objects.select_for_update().filter(kk=data.kk).first()
        if keluarga is None:
            keluarga = apply_record(None, [], record)
            audit_record(
                scope=scope,
                change=Change(
                    "keluarga.create", "keluarga", str(keluarga.pk), data.region, None, record
                ),
            )
            return keluarga
        scope.check(keluarga.region_id)  # moving a household needs both regions in scope
        anggota, before = stored_record(keluarga)
        if before == record:
            if keluarga.content_hash != content_hash(record):
                Keluarga.objects.filter(pk=keluarga.pk).update(content_hash=content_hash(record))
            return keluarga
        keluarga = apply_record(keluarga, anggota, record)
        audit_record(
            scope=scope,
            change=Change(
                "keluarga.update", "keluarga", str(keluarga.pk), data.region, before, record
            ),
        )
        return keluarga


def household_import(
    *,
    scope: AccessScope,
    source: Path,
    report: Path | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> Any:
    """Import a JSONL file or CSV/XLSX template, all or nothing (see jaring.registry.importer).

    Returns an ImportResult; `result.ok` is False (and nothing is stored) when any row is bad.
    """
    from jaring.registry.importer.run import run_import

    return run_import(scope=scope, source=source, report=report, progress=progress)


def household_export(
    *,
    scope: AccessScope,
    region_prefix: str,
    fmt: str,
    out: Path,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> int:
    """Write the households of a region (inside the scope) as xlsx, csv (a .zip, a .csv with
    its members file beside it, or a folder) or jsonl; returns how many households."""
    from jaring.registry.exporter import export_households

    return export_households(
        scope=scope, region_prefix=region_prefix, fmt=fmt, out=out, progress=progress
    )
