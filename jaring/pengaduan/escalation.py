"""Escalating overdue complaints to the level above, and granting the inspectorate role.

`jaring pengaduan eskalasi` runs `complaints_escalate_overdue` (schedule it hourly with cron or a
systemd timer). Each complaint moves in its own transaction, so one failure stops nothing else.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope
from jaring.pengaduan.models import OPEN_STATUSES, Complaint, Entry, Investigator
from jaring.pengaduan.policy import complaint_policy
from jaring.pengaduan.routing import escalation_target


def complaints_escalate_overdue(*, now: datetime | None = None, limit: int = 10_000) -> int:
    """Move every open complaint past its deadline to the office above; returns how many moved.
    Complaints already at the top (Kemensos, Inspektorat Jenderal) stay and remain overdue."""
    now = now or timezone.now()
    policy = complaint_policy(timezone.localdate(now))
    scope = AccessScope.system("eskalasi-pengaduan")
    ids = list(
        Complaint.objects.filter(status__in=OPEN_STATUSES, due_at__lt=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    moved = 0
    for complaint_id in ids:
        with transaction.atomic():
            complaint = (
                Complaint.objects.select_for_update()
                .filter(pk=complaint_id, status__in=OPEN_STATUSES, due_at__lt=now)
                .first()
            )
            if complaint is None:
                continue
            target = escalation_target(
                policy,
                office_kind=complaint.office_kind,
                region_code=complaint.region_code,
                reported_office=complaint.reported_office,
            )
            if target is None:
                continue
            before = {
                "office": f"{complaint.office_kind}:{complaint.office_code}",
                "due_at": complaint.due_at.isoformat(),
                "assigned_to": complaint.assigned_to_id,
            }
            complaint.office_kind, complaint.office_code = target.kind, target.code
            complaint.escalation_level += 1
            complaint.escalated_at = now
            complaint.due_at = now + timedelta(days=policy.escalation_sla_days)
            complaint.assigned_to = None  # the new office assigns its own officer
            complaint.save()
            Entry.objects.create(
                complaint=complaint,
                kind=Entry.Kind.ESCALATE,
                author=scope.username,
                body=(
                    f"Melewati batas waktu; dieskalasi ke {target.label} "
                    f"({target.code or 'pusat'})."
                ),
            )
            audit_record(
                scope=scope,
                change=Change(
                    action="pengaduan.escalate",
                    object_type="pengaduan.complaint",
                    object_id=complaint.reference,
                    region_code=complaint.region_code,
                    before=before,
                    after={
                        "office": f"{target.kind}:{target.code}",
                        "due_at": complaint.due_at.isoformat(),
                        "level": complaint.escalation_level,
                    },
                ),
            )
            moved += 1
    return moved


def investigator_grant(*, scope: AccessScope, user: Any, region_prefix: str) -> Investigator:
    """Make a user an inspectorate officer for a region ("" national, 2 or 4 digits)."""
    if region_prefix and (not region_prefix.isdigit() or len(region_prefix) not in (2, 4)):
        raise ValueError("wilayah inspektorat harus kosong (pusat), 2 digit, atau 4 digit")
    if not scope.covers(region_prefix) or len(region_prefix) < len(scope.region_prefix):
        raise PermissionError("wilayah inspektorat di luar cakupan Anda")
    with transaction.atomic():
        investigator, _ = Investigator.objects.update_or_create(
            user=user,
            defaults={
                "region_prefix": region_prefix,
                "is_active": True,
                "granted_by": scope.username or scope.role,
            },
        )
        audit_record(
            scope=scope,
            change=Change(
                action="pengaduan.investigator_grant",
                object_type="pengaduan.investigator",
                object_id=str(user.pk),
                region_code=region_prefix,
                after={"username": user.username, "region_prefix": region_prefix},
            ),
        )
    return investigator


def investigator_revoke(*, scope: AccessScope, user: Any) -> None:
    with transaction.atomic():
        updated = Investigator.objects.filter(user=user, is_active=True)
        if not scope.is_national:
            updated = updated.filter(region_prefix__startswith=scope.region_prefix)
        if updated.update(is_active=False):
            audit_record(
                scope=scope,
                change=Change(
                    action="pengaduan.investigator_revoke",
                    object_type="pengaduan.investigator",
                    object_id=str(user.pk),
                    after={"username": user.username},
                ),
            )
