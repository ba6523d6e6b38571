"""The registry side of penetapan: decided proposals become Keluarga/Anggota changes.

Runs inside the batch's transaction and returns the audit changes for the caller to append
(the same "keluarga" events, with full before/after records, that registry.services writes,
so the family page's history shows them). New families are written in bulk; changes and
removals go through registry.services.apply_record one family at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Subquery

from jaring.core.audit import Change
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.records import content_hash
from jaring.registry.services import _anggota_values, _keluarga_values, apply_record, stored_record
from jaring.usulan.models import Kind, Outcome, PenetapanItem, Status, Usulan

KK_TAKEN = "KK sudah terdaftar di DTKS saat penetapan."
NIK_TAKEN = "NIK anggota sudah terdaftar pada KK lain saat penetapan."
KK_MISSING = "KK tidak lagi terdaftar di DTKS saat penetapan."


def _refuse(item: PenetapanItem, reason: str) -> None:
    item.outcome, item.reason = Outcome.DITOLAK, reason
    item.save(update_fields=["outcome", "reason"])


def _new_families(items: list[PenetapanItem]) -> list[Change]:
    records = {i.usulan.kk: {**i.usulan.household, "registry_status": "aktif"} for i in items}
    taken = set(Keluarga.objects.filter(kk__in=list(records)).values_list("kk", flat=True))
    niks = [m["nik"] for r in records.values() for m in r["members"]]
    nik_taken = set(Anggota.objects.filter(nik__in=niks).values_list("nik", flat=True))
    ready: list[PenetapanItem] = []
    for item in items:
        record = records[item.usulan.kk]
        if item.usulan.kk in taken:
            _refuse(item, KK_TAKEN)
        elif any(m["nik"] in nik_taken for m in record["members"]):
            _refuse(item, NIK_TAKEN)
        else:
            ready.append(item)
    families = [
        Keluarga(
            kk=i.usulan.kk,
            content_hash=content_hash(records[i.usulan.kk]),
            **_keluarga_values(records[i.usulan.kk]),
        )
        for i in ready
    ]
    Keluarga.objects.bulk_create(families, batch_size=2000)
    if families and families[0].pk is None:  # a backend that cannot return ids
        by_kk = dict(
            Keluarga.objects.filter(kk__in=[f.kk for f in families]).values_list("kk", "pk")
        )
        for family in families:
            family.pk = by_kk[family.kk]
    members = [
        Anggota(keluarga=family, **_anggota_values(member, position))
        for family in families
        for position, member in enumerate(records[family.kk]["members"])
    ]
    Anggota.objects.bulk_create(members, batch_size=5000)
    changes = []
    for item, family in zip(ready, families, strict=True):
        item.usulan.keluarga_id_applied = family.pk
        changes.append(
            Change(
                "keluarga.create",
                "keluarga",
                str(family.pk),
                family.region_id,
                None,
                records[family.kk],
                f"usulan {item.usulan.reference}",
            )
        )
    return changes


def _changed_family(item: PenetapanItem) -> Change | None:
    usulan = item.usulan
    keluarga = Keluarga.objects.select_for_update().filter(kk=usulan.kk).first()
    if keluarga is None:
        _refuse(item, KK_MISSING)
        return None
    anggota, before = stored_record(keluarga)
    if usulan.kind == Kind.PERUBAHAN:
        record: dict[str, Any] = {**usulan.household, "registry_status": before["registry_status"]}
    else:  # hapus, or a sanggah upheld: the family leaves the active registry
        record = {**before, "registry_status": "nonaktif"}
    apply_record(keluarga, anggota, record)
    usulan.keluarga_id_applied = keluarga.pk
    return Change(
        "keluarga.update",
        "keluarga",
        str(keluarga.pk),
        record["region"],
        before,
        record,
        f"usulan {usulan.reference}",
    )


def apply_chunk(items: list[PenetapanItem], *, now: datetime) -> list[Change]:
    """Apply the ditetapkan items; items the registry can no longer take turn ditolak."""
    decided = [i for i in items if i.outcome == Outcome.DITETAPKAN]
    changes = _new_families([i for i in decided if i.usulan.kind == Kind.BARU])
    for item in decided:
        if item.usulan.kind != Kind.BARU:
            change = _changed_family(item)
            if change is not None:
                changes.append(change)
    applied = [i.usulan_id for i in decided if i.outcome == Outcome.DITETAPKAN]
    if applied:
        # One statement instead of a CASE per row: the family is found again by its KK.
        Usulan.objects.filter(pk__in=applied).update(
            keluarga_id_applied=Subquery(
                Keluarga.objects.filter(kk=OuterRef("kk")).values("pk")[:1]
            )
        )
    for item in items:
        changes.append(
            Change(
                "usulan.penetapan",
                "usulan",
                item.usulan.reference,
                item.region_code,
                {"status": Status.TERVALIDASI.value},
                {"status": item.outcome, "sk": item.batch_id},
                item.reason,
            )
        )
    return changes
