"""Files to penyalur: SI per bank, the PT Pos payment list, account-opening lists.

Sending an SI (or the Pos list) moves the batch's ready payments to `si` in one transaction and
records them in an SiFile; the file's content is always regenerated from the ledger rows of that
SiFile, so downloading it again gives the same bytes. Rows are read in keyset pages: memory stays
flat for any batch size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope
from jaring.penyaluran import db
from jaring.penyaluran.errors import DisbursementError, require_national
from jaring.penyaluran.layouts import POS_COLUMNS, SI_COLUMNS, csv_lines
from jaring.penyaluran.models import Batch, KksCard, Payment, PaymentEvent, PaymentStatus, SiFile
from jaring.regions.models import Region
from jaring.registry.models import Anggota, Keluarga

PAGE = 20_000


def ready_payments(batch: Batch) -> Any:
    """Payments of a batch that may go out now: decided, and (for banks) on an active card."""
    ready = Payment.objects.filter(batch=batch, status=PaymentStatus.DITETAPKAN)
    if batch.channel != "POS":
        ready = ready.filter(card__status=KksCard.Status.AKTIF)
    return ready


def si_send(*, scope: AccessScope, batch_id: int) -> SiFile | None:
    """Move the batch's ready payments to SI in a new file; None when nothing is ready."""
    require_national(scope)
    now = timezone.now()
    actor = scope.username or scope.role
    with transaction.atomic():
        batch = (
            Batch.objects.select_for_update().select_related("tahap").filter(pk=batch_id).first()
        )
        if batch is None:
            raise DisbursementError("Batch tidak ditemukan.")
        ready = ready_payments(batch)
        if not ready.exists():
            return None
        sequence = (batch.si_files.aggregate(m=Max("sequence"))["m"] or 0) + 1
        kind = SiFile.Kind.POS if batch.channel == "POS" else SiFile.Kind.SI
        si_file = SiFile.objects.create(batch=batch, kind=kind, sequence=sequence, created_by=actor)
        t_pay, t_card = Payment._meta.db_table, KksCard._meta.db_table
        db.bulk_session()
        if batch.channel == "POS":
            moved = db.execute(
                f"""UPDATE {t_pay} SET status = 'si', si_at = %s, si_file_id = %s, updated_at = %s
                    WHERE batch_id = %s AND status = 'ditetapkan'""",
                [now, si_file.pk, now, batch.pk],
            )
        else:  # the account is taken from the (active) card at the moment the SI leaves
            moved = db.execute(
                f"""UPDATE {t_pay} SET status = 'si', si_at = %s, si_file_id = %s,
                        account_number = c.account_number, updated_at = %s
                    FROM {t_card} c
                    WHERE c.id = {t_pay}.card_id AND c.status = 'aktif'
                      AND {t_pay}.batch_id = %s AND {t_pay}.status = 'ditetapkan'""",
                [now, si_file.pk, now, batch.pk],
            )
        db.execute(
            f"""INSERT INTO {PaymentEvent._meta.db_table}
                    (payment_id, at, from_status, to_status, actor, si_file_id, note)
                SELECT id, %s, 'ditetapkan', 'si', %s, %s, '' FROM {t_pay}
                WHERE batch_id = %s AND si_file_id = %s""",
            [now, actor, si_file.pk, batch.pk, si_file.pk],
        )
        db.analyze(t_pay)  # the file is read right after, by (batch, si_file) in id order
        total = (
            Payment.objects.filter(batch=batch, si_file=si_file).aggregate(s=Sum("amount"))["s"]
            or 0
        )
        si_file.rows, si_file.amount = moved, total
        si_file.save(update_fields=["rows", "amount"])
        audit_record(
            scope=scope,
            change=Change(
                action="penyaluran.si_send",
                object_type="penyaluran.SiFile",
                object_id=si_file.name,
                after={"rows": moved, "amount": total},
            ),
        )
    return si_file


def _recipient_sql() -> str:
    t_pay, t_kel, t_ang = (
        Payment._meta.db_table,
        Keluarga._meta.db_table,
        Anggota._meta.db_table,
    )
    # The recipient: the person for person programs, the head of the family otherwise.
    pick = (
        f"FROM {t_ang} a WHERE a.keluarga_id = k.id AND ((p.nik = '' AND "
        f"a.relationship = 'kepala_keluarga') OR (p.nik <> '' AND a.nik = p.nik)) "
        f"ORDER BY a.position LIMIT 1"
    )
    return f"""SELECT p.id, p.reference, p.program, p.tahap_label, p.channel, p.account_number,
                  p.region_code, p.amount, p.pickup_location, k.address, k.rt, k.rw,
                  (SELECT a.nik {pick}), (SELECT a.name {pick}),
                  (SELECT c.card_number FROM {KksCard._meta.db_table} c WHERE c.id = p.card_id),
                  (SELECT r.name FROM {Region._meta.db_table} r WHERE r.code = p.region_code)
               FROM {t_pay} p LEFT JOIN {t_kel} k ON k.kk = p.kk
               WHERE p.batch_id = %s AND p.si_file_id = %s AND p.id > %s
               ORDER BY p.id LIMIT {PAGE}"""


def si_file_rows(si_file: SiFile) -> Iterator[tuple[object, ...]]:
    """The rows of an SI file (bank layout) or a Pos list (Pos layout), in keyset pages."""
    sql = _recipient_sql()
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [si_file.batch_id, si_file.pk, last])
            page = cursor.fetchall()
        if not page:
            return
        for (
            pk, ref, program, tahap, channel, account, region, amount, pickup,
            address, rt, rw, nik, name, card, desa,
        ) in page:  # fmt: skip
            if si_file.kind == SiFile.Kind.POS:
                yield (
                    ref, program, tahap, nik or "", name or "", address or "", rt or "",
                    rw or "", region, desa or "", pickup, amount,
                )  # fmt: skip
            else:
                yield (ref, program, tahap, channel, card or "", account, nik or "", name or "",
                       region, amount)  # fmt: skip
            last = pk


def _copy_sql(si_file: SiFile) -> str:
    """The SI file (or Pos list) as one query for COPY … TO STDOUT (PostgreSQL).

    Its CSV is byte for byte what `layouts.csv_lines` writes from `si_file_rows`: empty values
    are NULL (PostgreSQL quotes a non-NULL empty string), quoting only where needed.
    """
    t_pay, t_kel, t_ang = (
        Payment._meta.db_table,
        Keluarga._meta.db_table,
        Anggota._meta.db_table,
    )
    recipient = f"""LEFT JOIN {t_kel} k ON k.kk = p.kk
        LEFT JOIN LATERAL (SELECT a.nik, a.name FROM {t_ang} a WHERE a.keluarga_id = k.id
            AND ((p.nik = '' AND a.relationship = 'kepala_keluarga')
                 OR (p.nik <> '' AND a.nik = p.nik))
            ORDER BY a.position LIMIT 1) h ON true"""

    def e(column: str) -> str:
        return f"NULLIF(CAST({column} AS TEXT), '')"

    if si_file.kind == SiFile.Kind.POS:
        columns = ", ".join(
            e(c) for c in ("p.reference", "p.program", "p.tahap_label", "h.nik", "h.name",
                           "k.address", "k.rt", "k.rw", "p.region_code", "r.name",
                           "p.pickup_location", "p.amount")
        )  # fmt: skip
        joins = f"{recipient} LEFT JOIN {Region._meta.db_table} r ON r.code = p.region_code"
    else:
        columns = ", ".join(
            e(c) for c in ("p.reference", "p.program", "p.tahap_label", "p.channel",
                           "c.card_number", "p.account_number", "h.nik", "h.name",
                           "p.region_code", "p.amount")
        )  # fmt: skip
        joins = f"{recipient} LEFT JOIN {KksCard._meta.db_table} c ON c.id = p.card_id"
    return (
        f"COPY (SELECT {columns} FROM {t_pay} p {joins} WHERE p.batch_id = "
        f"{int(si_file.batch_id)} AND p.si_file_id = {int(si_file.pk)} ORDER BY p.id)"
        f" TO STDOUT (FORMAT csv)"
    )


def si_file_chunks(si_file: SiFile) -> Iterator[bytes]:
    """The whole SI file (or Pos list) as UTF-8 bytes, header first, streamed.

    PostgreSQL writes the CSV itself (COPY … TO STDOUT: one query, no Python per row); other
    databases go through `si_file_rows`. Same bytes either way.
    """
    columns = POS_COLUMNS if si_file.kind == SiFile.Kind.POS else SI_COLUMNS
    if not db.is_postgresql():
        for line in csv_lines(columns, si_file_rows(si_file)):
            yield line.encode()
        return
    yield (",".join(columns) + "\n").encode()
    with connection.cursor() as cursor, cursor.cursor.copy(_copy_sql(si_file)) as copy:
        for data in copy:
            yield bytes(data)


def account_opening_rows(*, bank: str) -> Iterator[tuple[object, ...]]:
    """One row per family waiting for a KKS account at this bank (its oldest waiting payment)."""
    if bank == "POS":
        raise DisbursementError("PT Pos tidak membuka rekening.")
    t_pay, t_kel, t_ang = (
        Payment._meta.db_table,
        Keluarga._meta.db_table,
        Anggota._meta.db_table,
    )
    head = (
        f"FROM {t_ang} a WHERE a.keluarga_id = k.id AND a.relationship = 'kepala_keluarga' "
        f"ORDER BY a.position LIMIT 1"
    )
    sql = f"""SELECT w.kk, w.reference, (SELECT a.nik {head}), (SELECT a.name {head}),
                     (SELECT a.birth_date {head}), (SELECT a.sex {head}), k.address, k.rt, k.rw,
                     k.region_id,
                     (SELECT r.name FROM {Region._meta.db_table} r WHERE r.code = k.region_id)
              FROM (SELECT p.kk, MIN(p.reference) AS reference FROM {t_pay} p
                    WHERE p.channel = %s AND p.status = 'buka_rekening' AND p.kk > %s
                    GROUP BY p.kk ORDER BY p.kk LIMIT {PAGE}) w
              LEFT JOIN {t_kel} k ON k.kk = w.kk ORDER BY w.kk"""
    last = ""
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [bank, last])
            page = cursor.fetchall()
        if not page:
            return
        for kk, ref, nik, name, birth, sex, address, rt, rw, region, desa in page:
            yield (ref, bank, kk, nik or "", name or "", str(birth or ""), sex or "",
                   address or "", rt or "", rw or "", region or "", desa or "")  # fmt: skip
            last = kk


def batch_counts(batch: Batch) -> dict[str, Any]:
    """Payments and amounts of a batch by status, and how many are ready to send."""
    rows = (
        Payment.objects.filter(batch=batch).values("status").annotate(n=db_count(), s=Sum("amount"))
    )
    by_status = {r["status"]: {"n": r["n"], "amount": r["s"] or 0} for r in rows}
    blocked = Payment.objects.filter(batch=batch, status=PaymentStatus.DITETAPKAN).filter(
        ~Q(card__status=KksCard.Status.AKTIF) & Q(card__isnull=False)
    )
    return {
        "by_status": by_status,
        "ready": ready_payments(batch).count(),
        "blocked_card": blocked.count() if batch.channel != "POS" else 0,
    }


def db_count() -> Any:
    from django.db.models import Count

    return Count("pk")
