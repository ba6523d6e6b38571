"""Authorised actions on payments and KKS cards: block and replace a card, re-issue a failed or
returned payment in a later tahap, return overdue credited funds. One transaction each, audited,
with one PaymentEvent per payment changed; repeating an action changes nothing more.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope, OutOfScope
from jaring.penyaluran import db
from jaring.penyaluran.errors import DisbursementError, require_national
from jaring.penyaluran.models import Batch, KksCard, Payment, PaymentEvent, PaymentStatus, Tahap
from jaring.registry.models import Keluarga

# Payments that have not reached the bank yet follow a replacement card; so do failed ones,
# which go out again (re-issue) on whatever card is current.
FOLLOW_CARD = (PaymentStatus.DITETAPKAN, PaymentStatus.BUKA_REKENING, PaymentStatus.GAGAL)


def _actor(scope: AccessScope) -> str:
    return scope.username or scope.role


def _card_in_scope(scope: AccessScope, card_id: int) -> KksCard:
    card = KksCard.objects.select_for_update().filter(pk=card_id).first()
    if card is None or not scope.covers(card.region_code):
        raise OutOfScope(str(card_id))
    return card


def card_block(*, scope: AccessScope, card_id: int, reason: str) -> KksCard:
    """A lost or damaged card is blocked: no SI goes to it until it is replaced."""
    reason = (reason or "").strip()
    if not reason:
        raise DisbursementError("Alasan pemblokiran wajib diisi (mis. kartu hilang atau rusak).")
    with transaction.atomic():
        card = _card_in_scope(scope, card_id)
        if card.status == KksCard.Status.DIBLOKIR:
            return card  # repeated report: nothing more to do
        if card.status != KksCard.Status.AKTIF:
            raise DisbursementError("Kartu ini sudah diganti; laporkan kartu penggantinya.")
        card.status = KksCard.Status.DIBLOKIR
        card.blocked_reason = reason[:200]
        card.blocked_at = timezone.now()
        card.save(update_fields=["status", "blocked_reason", "blocked_at"])
        audit_record(
            scope=scope,
            change=Change(
                action="penyaluran.card_block",
                object_type="penyaluran.KksCard",
                object_id=str(card.pk),
                region_code=card.region_code,
                before={"status": "aktif"},
                after={"status": "diblokir", "reason": card.blocked_reason},
            ),
        )
    return card


def card_replace(
    *, scope: AccessScope, card_id: int, card_number: str, account_number: str = ""
) -> KksCard:
    """The bank issued a new card for a blocked one; unpaid payments follow the new card."""
    card_number = (card_number or "").strip()
    if not card_number.isdigit() or not 8 <= len(card_number) <= 20:
        raise DisbursementError("Nomor KKS baru harus 8–20 angka.")
    with transaction.atomic():
        old = _card_in_scope(scope, card_id)
        if old.status == KksCard.Status.DIGANTI and old.replaced_by is not None:
            if old.replaced_by.card_number == card_number:
                return old.replaced_by  # the same replacement recorded again
            raise DisbursementError("Kartu ini sudah diganti dengan kartu lain.")
        if old.status != KksCard.Status.DIBLOKIR:
            raise DisbursementError(
                "Blokir kartu lama dulu (laporan hilang/rusak) sebelum diganti."
            )
        if KksCard.objects.filter(bank=old.bank, card_number=card_number).exists():
            raise DisbursementError("Nomor KKS baru sudah terdaftar untuk kartu lain.")
        new = KksCard.objects.create(
            kk=old.kk,
            region_code=old.region_code,
            bank=old.bank,
            card_number=card_number,
            account_number=(account_number or "").strip() or old.account_number,
        )
        old.status = KksCard.Status.DIGANTI
        old.replaced_by = new
        old.save(update_fields=["status", "replaced_by"])
        moved = Payment.objects.filter(card=old, status__in=FOLLOW_CARD).update(
            card=new, account_number=new.account_number, updated_at=timezone.now()
        )
        audit_record(
            scope=scope,
            change=Change(
                action="penyaluran.card_replace",
                object_type="penyaluran.KksCard",
                object_id=str(old.pk),
                region_code=old.region_code,
                before={"card": old.pk},
                after={"card": new.pk, "payments_moved": moved},
            ),
        )
    return new


def payment_in_scope(*, scope: AccessScope, reference: str, lock: bool = False) -> Payment:
    """The payment with this reference, or OutOfScope (404) when missing or outside the scope."""
    payments = Payment.objects.select_related("tahap", "batch", "batch__tahap", "card")
    if lock:
        payments = payments.select_for_update(of=("self",))
    payment = payments.filter(reference=reference).first()
    if payment is None or not scope.covers(payment.region_code):
        raise OutOfScope(reference)
    return payment


def payment_reissue(*, scope: AccessScope, reference: str, tahap: str, note: str) -> Payment:
    """Send a failed or returned payment again in a later tahap's batch, once the cause is fixed.

    The ledger row stays the same (the entitlement is still that of its own tahap, so it can
    never be paid twice); it moves to the later batch with the family's current channel."""
    require_national(scope)
    note = (note or "").strip()
    if not note:
        raise DisbursementError("Tuliskan perbaikan penyebabnya (mis. kartu sudah diganti).")
    with transaction.atomic():
        payment = payment_in_scope(scope=scope, reference=reference, lock=True)
        if payment.status not in (PaymentStatus.GAGAL, PaymentStatus.RETUR):
            raise DisbursementError(
                "Hanya pembayaran gagal atau retur yang dapat diterbitkan ulang."
            )
        target = Tahap.objects.filter(program=payment.program, label=tahap).first()
        if target is None or target.start <= payment.batch.tahap.start:
            raise DisbursementError("Pilih tahap yang lebih akhir dari tahap pembayaran ini.")
        family = Keluarga.objects.filter(kk=payment.kk).first()
        if family is None:
            raise DisbursementError("Keluarga tidak lagi ada di registri.")
        channel = "POS" if family.channel == "POS" else family.bank
        card = None
        if channel != "POS":
            card = KksCard.objects.filter(kk=payment.kk, bank=channel, status="aktif").first()
            if card is None:
                raise DisbursementError(
                    "Penyebab belum diperbaiki: keluarga belum punya kartu KKS aktif di bank ini."
                )
        period = (
            Batch.objects.filter(tahap=target).values_list("period", flat=True).first()
            or payment.batch.period
        )
        batch, _ = Batch.objects.get_or_create(
            tahap=target, channel=channel, defaults={"period": period, "created_by": _actor(scope)}
        )
        # Lock both batches (in id order, as every other writer does) before the move.
        list(
            Batch.objects.select_for_update()
            .filter(pk__in=[batch.pk, payment.batch_id])
            .order_by("pk")
            .values("pk")
        )
        before = {"status": payment.status, "batch": payment.batch.code, "attempt": payment.attempt}
        previous = payment.status
        payment.status = PaymentStatus.DITETAPKAN
        payment.batch = batch
        payment.channel = channel
        payment.card = card
        payment.account_number = card.account_number if card else ""
        payment.attempt += 1
        payment.si_file = None
        payment.si_at = payment.credited_at = payment.failed_at = payment.returned_at = None
        payment.failure_code = payment.failure_reason = ""
        payment.save()
        PaymentEvent.objects.create(
            payment=payment,
            at=timezone.now(),
            from_status=previous,
            to_status=payment.status,
            actor=_actor(scope),
            note=f"Terbit ulang di {batch.code}: {note}"[:200],
        )
        audit_record(
            scope=scope,
            change=Change(
                action="penyaluran.payment_reissue",
                object_type="penyaluran.Payment",
                object_id=payment.reference,
                region_code=payment.region_code,
                before=before,
                after={"status": payment.status, "batch": batch.code, "attempt": payment.attempt},
                note=note[:200],
            ),
        )
    return payment


def payments_return_overdue(*, scope: AccessScope, today: date) -> int:
    """Credited funds not withdrawn by their tahap's retur deadline go back to the treasury.

    Set-based: the events are written from the same selection, then one guarded UPDATE."""
    require_national(scope)
    now = timezone.now()
    t_pay, t_batch, t_tahap = (
        Payment._meta.db_table,
        Batch._meta.db_table,
        Tahap._meta.db_table,
    )
    overdue = (
        f"SELECT b.id FROM {t_batch} b JOIN {t_tahap} t ON t.id = b.tahap_id "
        "WHERE t.retur_deadline < %s"
    )
    with transaction.atomic():
        list(
            Batch.objects.select_for_update()
            .filter(tahap__retur_deadline__lt=today)
            .order_by("pk")
            .values("pk")
        )
        db.execute(
            f"""INSERT INTO {PaymentEvent._meta.db_table}
                    (payment_id, at, from_status, to_status, actor, note)
                SELECT id, %s, 'tersalur', 'retur', %s, %s FROM {t_pay}
                WHERE status = 'tersalur' AND batch_id IN ({overdue})""",
            [now, _actor(scope), "Melewati batas waktu pencairan", today],
        )
        returned = db.execute(
            f"""UPDATE {t_pay} SET status = 'retur', returned_at = %s, updated_at = %s
                WHERE status = 'tersalur' AND batch_id IN ({overdue})""",
            [today, now, today],
        )
        if returned:
            audit_record(
                scope=scope,
                change=Change(
                    action="penyaluran.return_overdue",
                    object_type="penyaluran.Payment",
                    object_id=f"{today:%Y-%m-%d}",
                    after={"returned": returned},
                ),
            )
    return returned
