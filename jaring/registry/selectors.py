"""Reads of the registry, always through the caller's AccessScope."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from jaring.core.models import AuditEvent
from jaring.core.names import normalize_name
from jaring.core.scope import AccessScope, OutOfScope
from jaring.registry.models import Anggota, Keluarga


def household_list(
    *, scope: AccessScope, region_prefix: str | None = None, query: str | None = None
) -> QuerySet[Keluarga]:
    """Households in scope, optionally under a region prefix, optionally searched.

    `query` is a full 16-digit NIK or KK (exact), or otherwise a name: case-insensitive,
    normalised "contains" on a member's name (honorifics and punctuation ignored).
    """
    households = scope.filter(Keluarga.objects.all(), field="region__code")
    if region_prefix:
        households = households.filter(region__code__startswith=region_prefix)
    text = (query or "").strip()
    if text:
        digits = text.replace(" ", "").replace(".", "")
        if len(digits) == 16 and digits.isdigit():
            members = Anggota.objects.filter(keluarga=OuterRef("pk"), nik=digits)
            households = households.filter(Q(kk=digits) | Q(Exists(members)))
        else:
            name = normalize_name(text)
            if not name:
                return households.none()
            members = Anggota.objects.filter(
                keluarga=OuterRef("pk"), name_normalized__contains=name
            )
            households = households.filter(Exists(members))
    return households.order_by("pk")


def household_get(*, scope: AccessScope, keluarga_id: int) -> Keluarga:
    """One household with its members (in KK order) prefetched.

    Raises Keluarga.DoesNotExist when missing and OutOfScope when in another region; views show
    both as the same 404 so that nobody learns which KKs exist elsewhere.
    """
    keluarga = Keluarga.objects.select_related("region").get(pk=keluarga_id)
    if not scope.covers(keluarga.region_id):
        raise OutOfScope(keluarga.region_id)
    return keluarga


def household_members(*, scope: AccessScope, keluarga_id: int) -> list[Anggota]:
    keluarga = household_get(scope=scope, keluarga_id=keluarga_id)
    return list(keluarga.anggota.order_by("position", "pk"))


def household_history(*, scope: AccessScope, keluarga_id: int) -> list[AuditEvent]:
    """The household's audit events (and those of its current members), oldest first."""
    keluarga = household_get(scope=scope, keluarga_id=keluarga_id)
    member_ids = [str(pk) for pk in keluarga.anggota.values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(
        Q(object_type="keluarga", object_id=str(keluarga.pk))
        | Q(object_type="anggota", object_id__in=member_ids)
    )
    return list(events.order_by("seq"))


def registry_stats() -> dict[str, int]:
    return {"households": Keluarga.objects.count(), "members": Anggota.objects.count()}
