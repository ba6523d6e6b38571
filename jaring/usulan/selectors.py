"""Reads of the usulan app, always within the caller's scope: lists, one proposal, work queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from jaring.core.scope import AccessScope
from jaring.usulan.models import (
    KemnakerApplication,
    PenetapanBatch,
    PenetapanItem,
    Status,
    Usulan,
)
from jaring.usulan.policy import usulan_policy
from jaring.usulan.workflow import QUEUE_ROLE


def usulan_list(
    *, scope: AccessScope, status: str = "", kind: str = "", query: str = ""
) -> QuerySet[Usulan]:
    qs = scope.filter(Usulan.objects.all(), field="region_code")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(Q(reference__iexact=query.strip()) | Q(kk=query.strip()))
    return qs.order_by("step_entered_at", "pk")


def usulan_get(*, scope: AccessScope, usulan_id: int) -> Usulan | None:
    """None for missing and out-of-scope alike (the view answers the same 404)."""
    usulan = Usulan.objects.filter(pk=usulan_id).first()
    if usulan is None or not scope.covers(usulan.region_code):
        return None
    return usulan


def queue_statuses(role: str) -> list[str]:
    if role == "superuser":
        return list(QUEUE_ROLE)
    if role == "dinsos_provinsi":  # watches its province; acts on nothing
        return [Status.VERIFIKASI_DINSOS]
    return [status for status, owner in QUEUE_ROLE.items() if owner == role]


@dataclass(frozen=True)
class QueueRow:
    status: str
    label: str
    count: int
    overdue: int
    oldest_days: int
    sla_days: int


def work_queue(*, scope: AccessScope, now: datetime | None = None) -> list[QueueRow]:
    """Per step waiting for the caller's role: how many, how many overdue, the oldest age."""
    moment = now or timezone.now()
    policy = usulan_policy(moment.date())
    rows = []
    base = scope.filter(Usulan.objects.all(), field="region_code")
    for status in queue_statuses(scope.role):
        sla = policy.sla_days.get(status, 0)
        limit = moment - timedelta(days=sla)
        agg = base.filter(status=status).aggregate(
            count=Count("pk"),
            overdue=Count("pk", filter=Q(step_entered_at__lt=limit)),
            oldest=Min("step_entered_at"),
        )
        oldest = (moment - agg["oldest"]).days if agg["oldest"] else 0
        rows.append(
            QueueRow(status, Status(status).label, agg["count"], agg["overdue"], oldest, sla)
        )
    return rows


def queue_items(*, scope: AccessScope, status: str, limit: int = 200) -> list[Usulan]:
    """Oldest first, with `age_days`, `sla_days` and `overdue` set for the page."""
    moment = timezone.now()
    sla = usulan_policy(moment.date()).sla_days.get(status, 0)
    items = list(usulan_list(scope=scope, status=status)[:limit])
    for item in items:
        item.age_days = (moment - item.step_entered_at).days
        item.sla_days = sla
        item.overdue = bool(sla) and item.age_days >= sla
    return items


def escalated_to_me(*, scope: AccessScope, limit: int = 100) -> list[Usulan]:
    """Open proposals escalated to the caller's role (overdue at a level below)."""
    policy = usulan_policy()
    statuses = [s for s, role in policy.escalate_to.items() if role == scope.role]
    if scope.role == "superuser":
        statuses = list(policy.escalate_to)
    if not statuses:
        return []
    qs = scope.filter(
        Usulan.objects.filter(status__in=statuses, escalated_at__isnull=False, is_open=True),
        field="region_code",
    )
    return list(qs.order_by("escalated_at")[:limit])


def batch_list(*, scope: AccessScope) -> QuerySet[PenetapanBatch]:
    qs = PenetapanBatch.objects.all()
    if not scope.is_national:
        qs = qs.filter(region_prefix__startswith=scope.region_prefix).exclude(region_prefix="")
    return qs


def batch_get(*, scope: AccessScope, batch_id: int) -> PenetapanBatch | None:
    batch = PenetapanBatch.objects.filter(pk=batch_id).first()
    if batch is None or not scope.covers(batch.region_prefix):
        return None
    return batch


def batch_items(*, scope: AccessScope, batch: PenetapanBatch) -> QuerySet[PenetapanItem]:
    return scope.filter(
        PenetapanItem.objects.filter(batch=batch).select_related("usulan"), field="region_code"
    ).order_by("region_code", "pk")


def kemnaker_list(*, scope: AccessScope, program: str = "") -> QuerySet[KemnakerApplication]:
    qs = scope.filter(KemnakerApplication.objects.all(), field="region_code")
    return qs.filter(program=program) if program else qs
