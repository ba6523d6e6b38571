"""Escalation: open proposals past their step's SLA (policy data) are flagged once per step,
with a history line and an audit event naming the role whose queue now shows them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from jaring.core.scope import AccessScope
from jaring.usulan.models import Status, Usulan, UsulanStep
from jaring.usulan.policy import usulan_policy
from jaring.usulan.services import _audit


def usulan_escalate_overdue(*, scope: AccessScope, now: datetime | None = None) -> int:
    """Flag every open proposal past its step's SLA (once per step) and audit the escalation."""
    moment = now or timezone.now()
    policy = usulan_policy(moment.date())
    count = 0
    with transaction.atomic():
        for status, days in policy.sla_days.items():
            overdue = scope.filter(
                Usulan.objects.select_for_update().filter(
                    status=status,
                    escalated_at__isnull=True,
                    step_entered_at__lt=moment - timedelta(days=days),
                ),
                field="region_code",
            )
            for usulan in overdue:
                usulan.escalated_at = moment
                usulan.save(update_fields=["escalated_at", "updated_at"])
                target = policy.escalate_to.get(status, "")
                note = f"Melewati batas {days} hari pada tahap '{Status(status).label}'."
                UsulanStep.objects.create(
                    usulan=usulan,
                    action="eskalasi",
                    from_status=status,
                    to_status=status,
                    actor_name=scope.username or scope.role,
                    actor_role=scope.role,
                    note=note,
                    data={"eskalasi_ke": target},
                    at=moment,
                )
                _audit(scope, usulan, "eskalasi", None, {"eskalasi_ke": target}, note)
                count += 1
    return count
