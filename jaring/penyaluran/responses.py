"""Importing the response files of banks and PT Pos: all or nothing, idempotent, set-based.

1. The file is read once, streamed: every line is checked (columns, status, amount, date,
   required fields). Any malformed line rejects the whole file with a line-numbered report.
2. Good lines are staged as ResponseRow (COPY on PostgreSQL) inside the import's transaction.
3. Each line is classified in SQL: unknown reference, another penyalur's payment, an amount
   that differs, a payment already withdrawn, an illegal transition — reported, nothing changed
   for it — or applied. Statuses are applied in a fixed order (account opened, credited, failed,
   withdrawn, returned), each as one UPDATE … FROM guarded by the expected current status.
4. The batches touched are locked (SELECT … FOR UPDATE) before classification, so two imports at
   once serialise on PostgreSQL; SQLite serialises every writer (transactions begin IMMEDIATE).
The whole import is one transaction: a crash at any point leaves nothing half-applied.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope
from jaring.penyaluran import db
from jaring.penyaluran.errors import DisbursementError, require_national
from jaring.penyaluran.layouts import RESPONSE_STATUSES
from jaring.penyaluran.models import (
    Batch,
    Channel,
    KksCard,
    Payment,
    PaymentEvent,
    PaymentStatus,
    ResponseImport,
    ResponseRow,
)
from jaring.penyaluran.response_file import HashingReader, staged_rows

MAX_REPORTED_ERRORS = 1000
Outcome = ResponseRow.Outcome
# status in file → (payment status it applies to, new status, date column, extra columns).
PHASES: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "TERSALUR": ("si", "tersalur", "credited_at", {}),
    "GAGAL": (
        "si",
        "gagal",
        "failed_at",
        {"failure_code": "reason_code", "failure_reason": "reason"},
    ),
    "DICAIRKAN": ("tersalur", "dicairkan", "withdrawn_at", {"withdrawn_place": "place"}),
    "RETUR": ("tersalur", "retur", "returned_at", {}),
}
# Test hooks (never set in production): kill the process at a point (staged | applied:<STATUS> |
# before_commit), or pause after staging so that two imports surely overlap.
CRASH_ENV = "JARING_PENYALURAN_CRASH_AT"
PAUSE_ENV = "JARING_PENYALURAN_PAUSE_AFTER_STAGING"


@dataclass
class ImportResult:
    ok: bool
    filename: str
    import_id: int | None = None
    rows: int = 0
    applied: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    error_count: int = 0
    earlier_import_id: int | None = None


class _Rejected(Exception):
    pass


def _crash_point(point: str) -> None:
    """Kill this process at a named point (crash tests only; never set in production)."""
    if os.environ.get(CRASH_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _sql_update(sql: str, params: list[object]) -> int:
    return db.execute(sql, params)


def _classify_common(imp: ResponseImport) -> None:
    t_row, t_pay = ResponseRow._meta.db_table, Payment._meta.db_table
    base = f"{t_row}.response_import_id = %s AND {t_row}.outcome = ''"
    _sql_update(
        f"UPDATE {t_row} SET payment_id = p.id FROM {t_pay} p "
        f"WHERE p.reference = {t_row}.reference AND {t_row}.response_import_id = %s",
        [imp.pk],
    )
    _sql_update(f"UPDATE {t_row} SET outcome = %s WHERE {base} AND payment_id IS NULL",
                [Outcome.UNKNOWN, imp.pk])  # fmt: skip
    _sql_update(
        f"UPDATE {t_row} SET outcome = %s, note = p.channel FROM {t_pay} p "
        f"WHERE p.id = {t_row}.payment_id AND {base} AND p.channel <> %s",
        [Outcome.OTHER_CHANNEL, imp.pk, imp.channel],
    )
    _sql_update(
        f"UPDATE {t_row} SET outcome = %s, note = CAST(p.amount AS VARCHAR(20)) FROM {t_pay} p "
        f"WHERE p.id = {t_row}.payment_id AND {base} AND {t_row}.status <> 'REKENING_DIBUKA' "
        f"AND p.amount <> {t_row}.amount",
        [Outcome.AMOUNT, imp.pk],
    )


def _lock_batches(imp: ResponseImport) -> None:
    batch_ids = (
        Payment.objects.filter(
            pk__in=ResponseRow.objects.filter(response_import=imp).values("payment_id")
        )
        .values_list("batch_id", flat=True)
        .distinct()
    )
    list(
        Batch.objects.select_for_update().filter(pk__in=list(batch_ids)).order_by("pk").values("pk")
    )


def _apply_phase(imp: ResponseImport, status: str, actor: str, now: object) -> None:
    from_status, to_status, date_column, extras = PHASES[status]
    t_row, t_pay = ResponseRow._meta.db_table, Payment._meta.db_table
    base = (
        f"p.id = {t_row}.payment_id AND {t_row}.response_import_id = %s "
        f"AND {t_row}.status = %s AND {t_row}.outcome = ''"
    )
    mark = f"UPDATE {t_row} SET outcome = %s, note = %s FROM {t_pay} p WHERE {base}"
    _sql_update(
        f"{mark} AND p.{date_column} = {t_row}.event_date", [Outcome.UNCHANGED, "", imp.pk, status]
    )
    _sql_update(f"{mark} AND p.status = 'dicairkan'", [Outcome.WITHDRAWN, "", imp.pk, status])
    applied = _sql_update(
        f"{mark} AND p.status = %s", [Outcome.APPLIED, "", imp.pk, status, from_status]
    )
    for current in PaymentStatus:
        _sql_update(
            f"{mark} AND p.status = %s",
            [
                Outcome.TRANSITION,
                f"status saat ini: {current.label}",
                imp.pk,
                status,
                current.value,
            ],
        )
    if not applied:
        return
    sets = ", ".join(
        [f"{date_column} = r.event_date"] + [f"{col} = r.{src}" for col, src in extras.items()]
    )
    changed = _sql_update(
        f"""UPDATE {t_pay} SET status = %s, {sets}, updated_at = %s FROM {t_row} r
            WHERE r.payment_id = {t_pay}.id AND r.response_import_id = %s AND r.status = %s
              AND r.outcome = %s AND {t_pay}.status = %s""",
        [to_status, now, imp.pk, status, Outcome.APPLIED, from_status],
    )
    if changed != applied:  # impossible while the batches are locked; never commit a surprise
        raise DisbursementError("Data pembayaran berubah selama impor; ulangi impor.")
    _sql_update(
        f"""INSERT INTO {PaymentEvent._meta.db_table}
                (payment_id, at, from_status, to_status, actor, response_import_id, note)
            SELECT payment_id, %s, %s, %s, %s, response_import_id, '' FROM {t_row}
            WHERE response_import_id = %s AND status = %s AND outcome = %s""",
        [now, from_status, to_status, actor, imp.pk, status, Outcome.APPLIED],
    )
    _crash_point(f"applied:{status}")


def _apply_account_opening(imp: ResponseImport, actor: str, now: object) -> None:
    """Account-opening answers are few (new families only): handled row by row."""
    rows = ResponseRow.objects.filter(response_import=imp, status="REKENING_DIBUKA", outcome="")
    for row in rows.select_related("payment", "payment__card").order_by("line"):
        payment = row.payment
        assert payment is not None
        if payment.status != PaymentStatus.BUKA_REKENING:
            same = payment.card is not None and payment.card.card_number == row.card_number
            row.outcome = Outcome.UNCHANGED if same else Outcome.TRANSITION
            row.note = "" if same else f"status saat ini: {payment.get_status_display()}"
            row.save(update_fields=["outcome", "note"])
            continue
        card = KksCard.objects.filter(bank=payment.channel, card_number=row.card_number).first()
        if card is not None and card.kk != payment.kk:
            row.outcome, row.note = Outcome.TRANSITION, "nomor KKS sudah dipakai keluarga lain"
            row.save(update_fields=["outcome", "note"])
            continue
        if card is None:
            card = KksCard.objects.filter(
                kk=payment.kk, bank=payment.channel, status="aktif"
            ).first()
        if card is None:
            card = KksCard.objects.create(
                kk=payment.kk, region_code=payment.region_code, bank=payment.channel,
                card_number=row.card_number, account_number=row.account_number,
            )  # fmt: skip
        waiting = Payment.objects.filter(
            kk=payment.kk, channel=payment.channel, status="buka_rekening"
        )
        ids = list(waiting.values_list("pk", flat=True))
        waiting.update(
            status="ditetapkan", card=card, account_number=card.account_number, updated_at=now
        )
        PaymentEvent.objects.bulk_create(
            PaymentEvent(payment_id=pk, at=now, from_status="buka_rekening", to_status="ditetapkan",
                         actor=actor, response_import=imp, note="rekening KKS dibuka")
            for pk in ids
        )  # fmt: skip
        row.outcome = Outcome.APPLIED
        row.save(update_fields=["outcome"])


def response_import(
    *, scope: AccessScope, channel: str, stream: BinaryIO, filename: str
) -> ImportResult:
    """Apply one response file of a penyalur (see the module docstring)."""
    require_national(scope)
    if channel not in Channel.values:
        raise DisbursementError(f"Penyalur '{channel}' tidak dikenal.")
    actor = scope.username or scope.role
    reader = HashingReader(stream)
    handle = io.TextIOWrapper(io.BufferedReader(reader, 1 << 20), encoding="utf-8-sig", newline="")
    errors: list[tuple[int, str]] = []
    counter = [0]
    result = ImportResult(ok=False, filename=filename)
    now = timezone.now()
    try:
        with transaction.atomic():
            imp = ResponseImport.objects.create(
                channel=channel, filename=filename[:255], imported_by=actor
            )
            columns = ("response_import_id", "line", "reference", "status", "amount", "event_date",
                       "reason_code", "reason", "place", "account_number", "card_number",
                       "outcome", "note")  # fmt: skip
            try:
                db.copy_rows(
                    ResponseRow._meta.db_table,
                    columns,
                    staged_rows(handle, imp.pk, errors, counter),
                )
            except UnicodeDecodeError:
                errors.append((0, "berkas bukan teks UTF-8"))
            except csv.Error as error:
                errors.append((0, f"CSV rusak: {error}"))
            if not errors:
                errors.extend(_duplicates(imp))
            if errors:
                raise _Rejected
            db.analyze(ResponseRow._meta.db_table)  # fresh rows: plan the joins below well
            _crash_point("staged")
            if os.environ.get(PAUSE_ENV):
                time.sleep(float(os.environ[PAUSE_ENV]))
            imp.sha256 = reader.digest.hexdigest()
            earlier = (
                ResponseImport.objects.filter(sha256=imp.sha256)
                .exclude(pk=imp.pk)
                .order_by("pk")
                .first()
            )
            _classify_common(imp)
            _lock_batches(imp)
            _apply_account_opening(imp, actor, now)
            for status in RESPONSE_STATUSES[1:]:
                _apply_phase(imp, status, actor, now)
            outcomes = dict(
                ResponseRow.objects.filter(response_import=imp)
                .values_list("outcome")
                .annotate(n=db_count())
                .values_list("outcome", "n")
            )
            imp.rows = counter[0]
            imp.applied = outcomes.get(Outcome.APPLIED, 0)
            imp.unchanged = outcomes.get(Outcome.UNCHANGED, 0)
            imp.rejected = imp.rows - imp.applied - imp.unchanged
            imp.save()
            audit_record(
                scope=scope,
                change=Change(
                    action="penyaluran.response_import",
                    object_type="penyaluran.ResponseImport",
                    object_id=str(imp.pk),
                    after={"channel": channel, "file": filename[:255], "sha256": imp.sha256,
                           "rows": imp.rows, "applied": imp.applied, "unchanged": imp.unchanged,
                           "rejected": imp.rejected},
                ),
            )  # fmt: skip
            _crash_point("before_commit")
    except _Rejected:
        result.errors = errors[:MAX_REPORTED_ERRORS]
        result.error_count = len(errors)
        result.rows = counter[0]
        return result
    result.ok = True
    result.import_id = imp.pk
    result.rows, result.applied, result.unchanged, result.rejected = (
        imp.rows, imp.applied, imp.unchanged, imp.rejected,
    )  # fmt: skip
    result.earlier_import_id = earlier.pk if earlier else None
    return result


def _duplicates(imp: ResponseImport) -> list[tuple[int, str]]:
    t_row = ResponseRow._meta.db_table
    with db.connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT MAX(line), MIN(line), reference, status FROM {t_row}
                WHERE response_import_id = %s GROUP BY reference, status HAVING COUNT(*) > 1
                ORDER BY MIN(line) LIMIT {MAX_REPORTED_ERRORS}""",
            [imp.pk],
        )
        return [
            (last, f"referensi {ref} dengan status {status} sudah ada di baris {first}")
            for last, first, ref, status in cursor.fetchall()
        ]


def db_count():
    from django.db.models import Count

    return Count("pk")


def problem_rows(*, import_id: int) -> Iterator[ResponseRow]:
    """Lines that changed nothing (reported), in file order."""
    return (
        ResponseRow.objects.filter(response_import_id=import_id)
        .exclude(outcome=Outcome.APPLIED)
        .order_by("line")
        .iterator(chunk_size=5000)
    )
