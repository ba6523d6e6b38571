"""Penetapan: decide a batch of validated proposals for a program and period, in ONE transaction.

`penetapan_batch_create` gathers the validated proposals in the decider's scope (each decided
"ditetapkan" unless the officer marks it "ditolak" with a reason). `penetapan_batch_apply`
changes the registry, closes the proposals, writes their history and audit events and queues
every family's notification, all or nothing: a crash leaves the registry as it was, and running
it again applies the batch once (a decided batch is a no-op). The SK PDF is written after commit
(and again by a re-run if it is missing).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record, audit_record_many
from jaring.core.scope import AccessScope, OutOfScope
from jaring.usulan.models import (
    Kind,
    Outcome,
    PenetapanBatch,
    PenetapanItem,
    Status,
    Usulan,
    UsulanStep,
)
from jaring.usulan.policy import usulan_policy
from jaring.usulan.registry_apply import apply_chunk
from jaring.usulan.services import TransitionRefused, sync_citizen_request

CHUNK = 2000
Progress = Callable[[int, int], None]


def _may_decide(scope: AccessScope) -> None:
    if scope.role in ("superuser", "system"):
        return
    if scope.role not in usulan_policy().penetapan_roles:
        raise TransitionRefused("Peran Anda tidak berwenang menetapkan usulan (penetapan).")


def penetapan_batch_create(
    *, scope: AccessScope, program: str, period: str, region_prefix: str = ""
) -> PenetapanBatch:
    """A draft batch of every validated, undecided proposal for the program in the region."""
    _may_decide(scope)
    if region_prefix and not scope.covers(region_prefix):
        raise OutOfScope(region_prefix)
    if len(period) != 7 or period[4] != "-":
        raise TransitionRefused("Periode harus berbentuk TTTT-BB, misalnya 2025-07.")
    with transaction.atomic():
        candidates = scope.filter(
            Usulan.objects.filter(
                status=Status.TERVALIDASI,
                program=program,
                batch__isnull=True,
                region_code__startswith=region_prefix,
            ),
            field="region_code",
        )
        if not candidates.exists():
            raise TransitionRefused("Tidak ada usulan tervalidasi untuk program dan wilayah ini.")
        batch = PenetapanBatch.objects.create(
            sk_number=f"draf-{uuid.uuid4().hex}",
            program=program,
            period=period,
            region_prefix=region_prefix,
            created_by=scope.username or scope.role,
        )
        # Numbered by the row id: sequential, and unique even when two officers build at once.
        batch.sk_number = (
            f"{usulan_policy().sk_prefix}/{program}/{period}/{batch.pk:05d}"
            f"{'-' + region_prefix if region_prefix else ''}"
        )
        batch.save(update_fields=["sk_number"])
        ids = list(candidates.values_list("pk", "region_code"))
        Usulan.objects.filter(pk__in=[pk for pk, _ in ids]).update(batch=batch)
        PenetapanItem.objects.bulk_create(
            [
                PenetapanItem(batch=batch, usulan_id=pk, region_code=code, outcome="ditetapkan")
                for pk, code in ids
            ],
            batch_size=5000,
        )
        audit_record(
            scope=scope,
            change=Change(
                "usulan.penetapan_draf",
                "penetapanbatch",
                batch.sk_number,
                region_prefix,
                None,
                {"program": program, "period": period, "usulan": len(ids)},
            ),
        )
    return batch


def penetapan_item_set(
    *, scope: AccessScope, batch_id: int, usulan_id: int, outcome: str, reason: str = ""
) -> PenetapanItem:
    """Before the batch is decided: mark one proposal ditolak (with reason) or ditetapkan."""
    _may_decide(scope)
    if outcome not in Outcome.values:
        raise TransitionRefused("Keputusan harus 'ditetapkan' atau 'ditolak'.")
    if outcome == Outcome.DITOLAK and not reason.strip():
        raise TransitionRefused("Tuliskan alasan penolakan.")
    with transaction.atomic():
        item = (
            PenetapanItem.objects.select_for_update()
            .select_related("batch")
            .filter(batch_id=batch_id, usulan_id=usulan_id)
            .first()
        )
        if item is None or not scope.covers(item.region_code):
            raise OutOfScope(str(usulan_id))
        if item.batch.status != PenetapanBatch.BatchStatus.DRAF:
            raise TransitionRefused("Batch sudah ditetapkan; keputusan tidak dapat diubah.")
        before = {"outcome": item.outcome, "reason": item.reason}
        item.outcome, item.reason = outcome, reason.strip()[:300]
        item.save(update_fields=["outcome", "reason"])
        audit_record(
            scope=scope,
            change=Change(
                "usulan.penetapan_item",
                "usulan",
                str(item.usulan_id),
                item.region_code,
                before,
                {"outcome": outcome, "reason": item.reason},
            ),
        )
    return item


def _message(usulan: Usulan, outcome: str, reason: str, batch: PenetapanBatch) -> str:
    program = "DTKS" if usulan.program == "DTKS" else f"program {usulan.program}"
    if outcome == Outcome.DITOLAK:
        return (
            f"Usulan {usulan.reference} tidak ditetapkan dalam SK {batch.sk_number}. "
            f"Alasan: {reason or 'tidak memenuhi syarat'}. Tanyakan ke kantor desa/kelurahan atau "
            "call centre 1500-111."
        )
    what = {
        Kind.BARU: f"Keluarga Anda ditetapkan masuk {program}",
        Kind.PERUBAHAN: "Perubahan data keluarga Anda telah ditetapkan di DTKS",
        Kind.HAPUS: "Keluarga ditetapkan keluar dari DTKS",
        Kind.SANGGAH: "Sanggahan Anda diterima; data penerima telah ditetapkan ulang",
    }[Kind(usulan.kind)]
    return (
        f"{what} (usulan {usulan.reference}, SK {batch.sk_number}, periode {batch.period}). "
        "Bansos tidak dipungut biaya apa pun; laporkan pungutan ke 1500-111."
    )


def _pause() -> None:
    # Crash drills (tests, benchmark) kill the process between chunks; this gives them time.
    pause = float(os.environ.get("JARING_USULAN_CHUNK_PAUSE", "0") or 0)
    if pause > 0:
        time.sleep(pause)


def penetapan_batch_apply(
    *, scope: AccessScope, batch_id: int, progress: Progress | None = None
) -> PenetapanBatch:
    """Decide the batch; idempotent. Returns the batch (status ditetapkan)."""
    _may_decide(scope)
    with transaction.atomic():
        batch = PenetapanBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or not scope.covers(batch.region_prefix):
            raise OutOfScope(str(batch_id))
        if batch.status == PenetapanBatch.BatchStatus.DITETAPKAN:
            return batch
        now = timezone.now()
        item_ids = list(
            PenetapanItem.objects.filter(batch=batch).order_by("pk").values_list("pk", flat=True)
        )
        total = len(item_ids)
        counts = {"ditetapkan": 0, "ditolak": 0}
        per_region: dict[str, int] = {}
        for start in range(0, total, CHUNK):
            chunk_ids = item_ids[start : start + CHUNK]
            items = list(
                PenetapanItem.objects.filter(pk__in=chunk_ids)
                .select_related("usulan", "usulan__citizen_request")
                .order_by("pk")
            )
            if any(not scope.covers(i.region_code) for i in items):
                raise OutOfScope(batch.sk_number)
            changes = apply_chunk(items, now=now)
            audit_record_many(scope=scope, changes=changes)
            _close_chunk(scope, batch, items, now)
            for item in items:
                counts[item.outcome] += 1
                if item.outcome == Outcome.DITETAPKAN:
                    per_region[item.region_code] = per_region.get(item.region_code, 0) + 1
            if progress:
                progress(min(start + CHUNK, total), total)
            _pause()
        batch.status = PenetapanBatch.BatchStatus.DITETAPKAN
        batch.decided_by = scope.username or scope.role
        batch.decided_at = now
        batch.summary = {**counts, "total": total, "desa": len(per_region)}
        batch.save()
        audit_record(
            scope=scope,
            change=Change(
                "usulan.penetapan",
                "penetapanbatch",
                batch.sk_number,
                batch.region_prefix,
                {"status": "draf"},
                {"status": batch.status, **batch.summary},
            ),
        )
    penetapan_sk_ensure(batch=batch)
    return batch


def _close_chunk(
    scope: AccessScope, batch: PenetapanBatch, items: list[PenetapanItem], now: Any
) -> None:
    from jaring.notify.models import OutboxMessage

    steps: list[UsulanStep] = []
    outbox: list[OutboxMessage] = []
    by_outcome: dict[str, list[int]] = {"ditetapkan": [], "ditolak": []}
    for item in items:
        usulan = item.usulan
        before = usulan.status
        usulan.status = item.outcome
        usulan.is_open = False
        by_outcome[item.outcome].append(usulan.pk)
        note = item.reason or f"SK {batch.sk_number}"
        steps.append(
            UsulanStep(
                usulan=usulan,
                action="penetapan",
                from_status=before,
                to_status=item.outcome,
                actor_name=scope.username or scope.role,
                actor_role=scope.role,
                note=note,
                data={"sk": batch.sk_number},
                at=now,
            )
        )
        body = _message(usulan, item.outcome, item.reason, batch)
        for channel, recipient in (("email", usulan.contact_email), ("sms", usulan.contact_phone)):
            if recipient:
                outbox.append(
                    OutboxMessage(
                        channel=channel,
                        recipient=recipient,
                        subject=f"Hasil usulan {usulan.reference}"[:200],
                        body=body,
                        topic="usulan.penetapan",
                        dedup_key=f"usulan:{usulan.reference}:penetapan:{channel}",
                    )
                )
        if usulan.citizen_request_id:
            sync_citizen_request(usulan, item.reason or f"SK {batch.sk_number}")
    for outcome, ids in by_outcome.items():
        if ids:
            Usulan.objects.filter(pk__in=ids).update(
                status=outcome,
                is_open=False,
                step_entered_at=now,
                updated_at=now,
            )
    rejected = [i for i in items if i.outcome == Outcome.DITOLAK]
    for item in rejected:
        Usulan.objects.filter(pk=item.usulan_id).update(outcome_reason=item.reason)
    UsulanStep.objects.bulk_create(steps, batch_size=5000)
    from jaring.usulan.decisions import decisions_notify

    decisions_notify(scope=scope, usulan_ids=[item.usulan_id for item in items])
    # The same dedup keys notify_citizen uses; a decided batch never runs twice, so no clash.
    OutboxMessage.objects.bulk_create(outbox, batch_size=5000)


def penetapan_sk_ensure(*, batch: PenetapanBatch) -> PenetapanBatch:
    """Write the SK PDF of a decided batch if it is not there yet."""
    from jaring.usulan.sk import render_sk

    if batch.status != PenetapanBatch.BatchStatus.DITETAPKAN or batch.sk_pdf:
        return batch
    from django.core.files.base import ContentFile

    pdf = render_sk(batch)
    name = batch.sk_number.replace("/", "_") + ".pdf"
    batch.sk_pdf.save(name, ContentFile(pdf), save=False)
    PenetapanBatch.objects.filter(pk=batch.pk).update(sk_pdf=batch.sk_pdf.name)
    return batch


def period_default(today: date | None = None) -> str:
    return f"{(today or date.today()):%Y-%m}"
