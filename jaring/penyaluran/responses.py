"""Importing the response files of banks and PT Pos: all or nothing, idempotent, set-based.

1. The file is read once, streamed, into a TEMP work table (jaring.penyaluran.staging: raw
   lines by COPY and checked in SQL on PostgreSQL, checked in Python otherwise): every line is
   checked (columns, status, amount, date, required fields). Any malformed line rejects the
   whole file with a line-numbered report.
2. A repeated (reference, status) rejects the file too.
3. Each line is classified in SQL: unknown reference, another penyalur's payment, an amount
   that differs, a payment already withdrawn, an illegal transition — reported, nothing changed
   for it — or applied. Statuses are applied in a fixed order (account opened, credited, failed,
   withdrawn, returned), each as one UPDATE … FROM guarded by the expected current status;
   the work table is classified in one pass per status present in the file.
4. The reported lines are kept as ResponseRow with their reason (one INSERT … SELECT); applied
   lines are traced by their PaymentEvent, lines already recorded are counted.
5. The batches touched are locked (SELECT … FOR UPDATE) before classification, so two imports at
   once serialise on PostgreSQL; SQLite serialises every writer (transactions begin IMMEDIATE).
The whole import is one transaction: a crash at any point leaves nothing half-applied.
"""

from __future__ import annotations

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
from jaring.penyaluran.staging import (
    STAGE,
    Progress,
    common_classification,
    drop_stage,
    stage_file,
)

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
    fast_path: bool = False  # staged by COPY and checked in SQL (PostgreSQL, a clean file)


class _Rejected(Exception):
    pass


def _crash_point(point: str) -> None:
    """Kill this process at a named point (crash tests only; never set in production)."""
    if os.environ.get(CRASH_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _classify_common(channel: str) -> None:
    """Payment, penyalur and amount of every staged line, in one pass over the work table."""
    t_pay = Payment._meta.db_table
    outcome, note, params = common_classification(channel, f"{STAGE}.status", f"{STAGE}.amount")
    # Every line's payment (or none), then what that alone decides: unknown lines join nothing,
    # so they are marked by the second statement.
    db.execute(
        f"""UPDATE {STAGE} SET payment_id = p.id, outcome = {outcome}, note = {note}
            FROM {t_pay} p WHERE p.reference = {STAGE}.reference""",
        params,
    )
    db.execute(f"UPDATE {STAGE} SET outcome = %s WHERE payment_id IS NULL", [Outcome.UNKNOWN])


def _lock_batches() -> None:
    """Lock every batch the file touches (in id order), so imports at once serialise."""
    t_pay, t_batch = Payment._meta.db_table, Batch._meta.db_table
    ids = [
        pk
        for (pk,) in db.fetch(
            f"""SELECT DISTINCT p.batch_id FROM {t_pay} p JOIN {STAGE} s ON s.payment_id = p.id
                ORDER BY p.batch_id"""
        )
    ]
    if ids and db.is_postgresql():
        db.fetch(f"SELECT id FROM {t_batch} WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [ids])


def _status_label_sql(column: str) -> str:
    cases = " ".join(f"WHEN '{s.value}' THEN 'status saat ini: {s.label}'" for s in PaymentStatus)
    return f"CASE {column} {cases} ELSE 'status saat ini: ' || {column} END"


def _apply_phase(imp: ResponseImport, status: str, actor: str, now: object) -> int:
    """Classify and apply the lines of one status, each guarded by the payment's status."""
    from_status, to_status, date_column, extras = PHASES[status]
    t_pay = Payment._meta.db_table
    db.execute(
        f"""UPDATE {STAGE} SET
                outcome = CASE WHEN p.{date_column} = {STAGE}.event_date THEN %s
                               WHEN p.status = 'dicairkan' THEN %s
                               WHEN p.status = %s THEN %s ELSE %s END,
                note = CASE WHEN p.{date_column} = {STAGE}.event_date OR p.status = 'dicairkan'
                                 OR p.status = %s THEN ''
                            ELSE {_status_label_sql("p.status")} END
            FROM {t_pay} p
            WHERE p.id = {STAGE}.payment_id AND {STAGE}.status = %s AND {STAGE}.outcome = ''""",
        [Outcome.UNCHANGED, Outcome.WITHDRAWN, from_status, Outcome.APPLIED, Outcome.TRANSITION,
         from_status, status],
    )  # fmt: skip
    sets = ", ".join(
        [f"{date_column} = s.event_date"] + [f"{col} = s.{src}" for col, src in extras.items()]
    )
    changed = db.execute(
        f"""UPDATE {t_pay} SET status = %s, {sets}, updated_at = %s FROM {STAGE} s
            WHERE s.payment_id = {t_pay}.id AND s.status = %s AND s.outcome = %s
              AND {t_pay}.status = %s""",
        [to_status, now, status, Outcome.APPLIED, from_status],
    )
    applied = db.fetch(
        f"SELECT COUNT(*) FROM {STAGE} WHERE status = %s AND outcome = %s",
        [status, Outcome.APPLIED],
    )[0][0]
    if changed != applied:  # impossible while the batches are locked; never commit a surprise
        raise DisbursementError("Data pembayaran berubah selama impor; ulangi impor.")
    if applied:
        db.execute(
            f"""INSERT INTO {PaymentEvent._meta.db_table}
                    (payment_id, at, from_status, to_status, actor, response_import_id, note)
                SELECT payment_id, %s, %s, %s, %s, %s, '' FROM {STAGE}
                WHERE status = %s AND outcome = %s""",
            [now, from_status, to_status, actor, imp.pk, status, Outcome.APPLIED],
        )
    _crash_point(f"applied:{status}")
    return applied


def _set_outcome(line: int, outcome: str, note: str = "") -> None:
    db.execute(f"UPDATE {STAGE} SET outcome = %s, note = %s WHERE line = %s", [outcome, note, line])


def _apply_account_opening(imp: ResponseImport, actor: str, now: object) -> None:
    """Account-opening answers are few (new families only): handled row by row."""
    lines = db.fetch(
        f"""SELECT line, payment_id, card_number, account_number FROM {STAGE}
            WHERE status = 'REKENING_DIBUKA' AND outcome = '' ORDER BY line"""
    )
    for line, payment_id, card_number, account_number in lines:
        payment = Payment.objects.select_related("card").get(pk=payment_id)
        if payment.status != PaymentStatus.BUKA_REKENING:
            same = payment.card is not None and payment.card.card_number == card_number
            if same:
                _set_outcome(line, Outcome.UNCHANGED)
            else:
                _set_outcome(
                    line, Outcome.TRANSITION, f"status saat ini: {payment.get_status_display()}"
                )
            continue
        card = KksCard.objects.filter(bank=payment.channel, card_number=card_number).first()
        if card is not None and card.kk != payment.kk:
            _set_outcome(line, Outcome.TRANSITION, "nomor KKS sudah dipakai keluarga lain")
            continue
        if card is None:
            card = KksCard.objects.filter(
                kk=payment.kk, bank=payment.channel, status="aktif"
            ).first()
        if card is None:
            card = KksCard.objects.create(
                kk=payment.kk, region_code=payment.region_code, bank=payment.channel,
                card_number=card_number, account_number=account_number,
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
        _set_outcome(line, Outcome.APPLIED)


def _keep_rows(imp: ResponseImport) -> dict[str, int]:
    """Store the reported lines (those that changed nothing, with the reason) as the import's
    report; returns the count of every outcome. Applied lines are traced by their PaymentEvent
    (response_import), lines already recorded are counted: a million-line answer does not write
    a million report rows that say "fine"."""
    cols = ("line", "reference", "status", "amount", "event_date", "reason_code", "reason",
            "place", "account_number", "card_number", "payment_id", "outcome", "note")  # fmt: skip
    db.execute(
        f"""INSERT INTO {ResponseRow._meta.db_table} (response_import_id, {", ".join(cols)})
            SELECT %s, {", ".join(cols)} FROM {STAGE} WHERE outcome NOT IN (%s, %s)
            ORDER BY line""",
        [imp.pk, Outcome.APPLIED, Outcome.UNCHANGED],
    )
    return dict(db.fetch(f"SELECT outcome, COUNT(*) FROM {STAGE} GROUP BY outcome"))


def response_import(
    *,
    scope: AccessScope,
    channel: str,
    stream: BinaryIO,
    filename: str,
    progress: Progress | None = None,
    size: int | None = None,
) -> ImportResult:
    """Apply one response file of a penyalur (see the module docstring).

    `progress(label, fraction)` is told how far the import is; `size` (bytes) lets it report
    the reading of the file.
    """
    require_national(scope)
    if channel not in Channel.values:
        raise DisbursementError(f"Penyalur '{channel}' tidak dikenal.")
    actor = scope.username or scope.role
    errors: list[tuple[int, str]] = []
    result = ImportResult(ok=False, filename=filename)
    now = timezone.now()
    tell = progress or (lambda label, fraction: None)
    try:
        with transaction.atomic():
            imp = ResponseImport.objects.create(
                channel=channel, filename=filename[:255], imported_by=actor
            )
            rows, digest, result.fast_path = stage_file(stream, errors, progress, size, channel)
            result.rows = rows
            if not errors:
                errors.extend(_duplicates())
            if errors:
                raise _Rejected
            db.analyze(STAGE)  # fresh rows: plan the joins below well
            _crash_point("staged")
            if os.environ.get(PAUSE_ENV):
                time.sleep(float(os.environ[PAUSE_ENV]))
            imp.sha256 = digest
            earlier = (
                ResponseImport.objects.filter(sha256=imp.sha256)
                .exclude(pk=imp.pk)
                .order_by("pk")
                .first()
            )
            tell("Mencocokkan referensi pembayaran", 0.0)
            if not result.fast_path:  # the fast path classified while staging
                _classify_common(channel)
            _lock_batches()
            _apply_account_opening(imp, actor, now)
            present = {s for (s,) in db.fetch(f"SELECT DISTINCT status FROM {STAGE}")}
            phases = [s for s in RESPONSE_STATUSES[1:] if s in present]
            for number, status in enumerate(phases):
                tell(f"Menerapkan {status}", number / max(len(phases), 1))
                _apply_phase(imp, status, actor, now)
            tell("Menyimpan hasil per baris", 1.0)
            outcomes = _keep_rows(imp)
            imp.rows = rows
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
            drop_stage()
            _crash_point("before_commit")
    except _Rejected:
        result.errors = errors[:MAX_REPORTED_ERRORS]
        result.error_count = len(errors)
        return result
    finally:
        if not db.connection.in_atomic_block and not db.is_postgresql():
            drop_stage()  # SQLite keeps TEMP tables across transactions
    result.ok = True
    result.import_id = imp.pk
    result.rows, result.applied, result.unchanged, result.rejected = (
        imp.rows, imp.applied, imp.unchanged, imp.rejected,
    )  # fmt: skip
    result.earlier_import_id = earlier.pk if earlier else None
    return result


def _duplicates() -> list[tuple[int, str]]:
    with db.connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT MAX(line), MIN(line), reference, status FROM {STAGE}
                GROUP BY reference, status HAVING COUNT(*) > 1
                ORDER BY MIN(line) LIMIT {MAX_REPORTED_ERRORS}"""
        )
        return [
            (last, f"referensi {ref} dengan status {status} sudah ada di baris {first}")
            for last, first, ref, status in cursor.fetchall()
        ]


def problem_rows(*, import_id: int) -> Iterator[ResponseRow]:
    """Lines reported with nothing changed for them (and the reason), in file order."""
    return (
        ResponseRow.objects.filter(response_import_id=import_id)
        .exclude(outcome__in=[Outcome.APPLIED, Outcome.UNCHANGED])
        .order_by("line")
        .iterator(chunk_size=5000)
    )
