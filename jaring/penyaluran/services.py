"""Write use-cases for tahap and batches. One transaction each, audited.

Batches are made set-based (one INSERT … SELECT from the period's decisions), so making the
batches of a tahap costs the same few statements for a hundred families or ten million.
"""

from __future__ import annotations

import calendar
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.periods import TAHAP_PER_YEAR, tahap_label, tahap_start
from jaring.core.scope import AccessScope
from jaring.penyaluran import db
from jaring.penyaluran.errors import DisbursementError, require_national
from jaring.penyaluran.models import Batch, KksCard, Payment, Tahap
from jaring.penyaluran.policy import disbursement_policy
from jaring.programs.models import CurrentRun, Decision
from jaring.regions.models import Region
from jaring.registry.models import Keluarga


@dataclass(frozen=True, slots=True)
class BatchSummary:
    tahap: str
    period: date
    created: int
    without_channel: int
    batches: dict[str, dict[str, int]] = field(default_factory=dict)


def _tahap_end(start: date, per_year: int) -> date:
    last_month = start.month + 12 // per_year - 1
    return date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])


def tahap_generate(*, scope: AccessScope, program: str, year: int) -> list[Tahap]:
    """The tahap of a program's year from its schedule (PKH: T1..T6 via KKS, Q1..Q4 via POS)."""
    from jaring.programs.policy import current_policy

    require_national(scope)
    definition = current_policy().programs.get(program)
    if definition is None:
        raise DisbursementError(f"Program {program} tidak dikenal.")
    if not 2000 <= year <= 2100:
        raise DisbursementError(f"Tahun {year} tidak valid.")
    per_years = sorted(set(definition.schedule.values()))
    if any(n not in TAHAP_PER_YEAR for n in per_years):
        raise DisbursementError(f"Jadwal program {program} tidak didukung: {per_years}.")
    created: list[Tahap] = []
    with transaction.atomic():
        for per_year in per_years:
            for index in range(per_year):
                start = tahap_start(date(year, index * (12 // per_year) + 1, 1), per_year)
                end = _tahap_end(start, per_year)
                days = disbursement_policy(start).retur_days_after_tahap_end
                tahap, was_created = Tahap.objects.get_or_create(
                    program=program,
                    label=tahap_label(start, per_year),
                    defaults={
                        "tahap_per_year": per_year,
                        "start": start,
                        "end": end,
                        "retur_deadline": end + timedelta(days=days),
                    },
                )
                if was_created:
                    created.append(tahap)
        if created:
            audit_record(
                scope=scope,
                change=Change(
                    action="penyaluran.tahap_generate",
                    object_type="penyaluran.Tahap",
                    object_id=f"{program}-{year}",
                    after={"labels": [t.label for t in created]},
                ),
            )
    return created


def _decision_period(tahap: Tahap, period: date | None) -> date:
    runs = CurrentRun.objects.filter(period__gte=tahap.start, period__lte=tahap.end)
    if period is not None:
        if not tahap.start <= period <= tahap.end:
            raise DisbursementError(
                f"Periode {period:%Y-%m} tidak berada di dalam tahap {tahap.label}."
            )
        runs = runs.filter(period=period)
    chosen = runs.order_by("-period").values_list("period", flat=True).first()
    if chosen is None:
        raise DisbursementError(
            "Belum ada keputusan penetapan (run-eligibility) untuk periode dalam tahap "
            f"{tahap.label}."
        )
    return chosen


def _pickup_sql(template: str) -> tuple[str, list[str]]:
    """SQL concatenating the policy's pickup-location template with region names."""
    parts: list[str] = []
    params: list[str] = []
    columns = {"kecamatan": "COALESCE(r6.name, '')", "kabupaten": "COALESCE(r4.name, '')"}
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            parts.append("%s")
            params.append(literal)
        if name:
            parts.append(columns[name])
    return (" || ".join(parts) or "''"), params


def batches_create(
    *, scope: AccessScope, program: str, tahap: str, period: date | None = None
) -> BatchSummary:
    """Payments of a tahap from the decisions in force, one batch per penyalur. Idempotent:
    a re-run adds only decisions that have no payment yet (e.g. after a new eligibility run)."""
    require_national(scope)
    now = timezone.now()
    with transaction.atomic():
        the_tahap = Tahap.objects.select_for_update().filter(program=program, label=tahap).first()
        if the_tahap is None:
            raise DisbursementError(
                f"Tahap {tahap} program {program} belum dibuat; jalankan pembuatan tahap dulu."
            )
        chosen = _decision_period(the_tahap, period)
        run_id = CurrentRun.objects.get(period=chosen).run_id
        decisions = Decision.objects.filter(
            run_id=run_id, program=program, tahap=tahap, eligible=True, amount_per_tahap__gt=0
        )
        t_dec, t_kel = Decision._meta.db_table, Keluarga._meta.db_table
        t_pay, t_card, t_reg = Payment._meta.db_table, KksCard._meta.db_table, Region._meta.db_table
        where = (
            "d.run_id = %s AND d.program = %s AND d.tahap = %s AND d.eligible = %s "
            "AND d.amount_per_tahap > 0"
        )
        where_params: list[object] = [run_id, program, tahap, True]
        channel_sql = "CASE WHEN k.channel = 'POS' THEN 'POS' ELSE k.bank END"
        # The decisions still without a payment are staged in a temporary table first: an
        # INSERT that anti-joins the table it writes to can degrade to quadratic time.
        db.execute("DROP TABLE IF EXISTS penyaluran_src")
        db.execute("DROP TABLE IF EXISTS penyaluran_new_cards")
        db.execute(
            f"""CREATE TEMPORARY TABLE penyaluran_src AS
                SELECT d.kk, d.nik, d.region_code, d.amount_per_tahap AS amount,
                       {channel_sql} AS channel
                FROM {t_dec} d JOIN {t_kel} k ON k.kk = d.kk
                WHERE {where}
                  AND (k.channel = 'POS' OR k.bank <> '')
                  AND NOT EXISTS (SELECT 1 FROM {t_pay} p WHERE p.program = d.program
                      AND p.kk = d.kk AND p.nik = d.nik AND p.tahap_label = d.tahap)""",
            where_params,
        )
        db.analyze("penyaluran_src")
        # Cards already known to the registry become the ledger's cards (account = card number
        # until the bank says otherwise); a card once known is never re-created from the
        # registry, and a number two families claim is left for the bank to sort out.
        db.execute(
            f"""CREATE TEMPORARY TABLE penyaluran_new_cards AS
                SELECT k.kk, k.region_id, k.bank, k.kks_number
                FROM {t_kel} k
                WHERE k.channel = 'KKS' AND k.bank <> '' AND k.kks_number <> ''
                  AND k.kk IN (SELECT kk FROM penyaluran_src)
                  AND NOT EXISTS (SELECT 1 FROM {t_card} c WHERE c.kk = k.kk AND c.bank = k.bank)
                  AND NOT EXISTS (SELECT 1 FROM {t_card} c
                                  WHERE c.bank = k.bank AND c.card_number = k.kks_number)"""
        )
        db.execute(
            f"""INSERT INTO {t_card} (kk, region_code, bank, card_number, account_number,
                    status, blocked_reason, created_at)
                SELECT kk, region_id, bank, kks_number, kks_number, 'aktif', '', %s
                FROM penyaluran_new_cards
                WHERE (bank, kks_number) IN (SELECT bank, kks_number FROM penyaluran_new_cards
                                             GROUP BY bank, kks_number HAVING COUNT(*) = 1)""",
            [now],
        )
        db.analyze(t_card)
        with db.connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT channel FROM penyaluran_src")
            channels = sorted(row[0] for row in cursor.fetchall())
        batch_ids: dict[str, int] = {}
        for channel in channels:
            batch, _ = Batch.objects.get_or_create(
                tahap=the_tahap,
                channel=channel,
                defaults={"period": chosen, "created_by": scope.username or scope.role},
            )
            batch_ids[channel] = batch.pk
        created = 0
        if channels:
            sequence_base = Payment.objects.filter(tahap=the_tahap).count()
            case = " ".join("WHEN %s THEN %s" for _ in batch_ids)
            case_params = [v for item in batch_ids.items() for v in item]
            pickup, pickup_params = _pickup_sql(
                disbursement_policy(the_tahap.start).pos_pickup_location
            )
            seq = db.zero_pad_sql(
                "%s + ROW_NUMBER() OVER (ORDER BY src.region_code, src.kk, src.nik)", 8
            )
            created = db.execute(
                f"""INSERT INTO {t_pay} (reference, tahap_id, batch_id, program, tahap_label,
                        kk, nik, region_code, channel, amount, status, card_id, account_number,
                        pickup_location, attempt, failure_code, failure_reason, withdrawn_place,
                        created_at, updated_at)
                    SELECT %s || {seq}, %s, CASE src.channel {case} END, %s, %s, src.kk, src.nik,
                        src.region_code, src.channel, src.amount,
                        CASE WHEN src.channel <> 'POS' AND c.id IS NULL THEN 'buka_rekening'
                             ELSE 'ditetapkan' END,
                        c.id, COALESCE(c.account_number, ''),
                        CASE WHEN src.channel = 'POS' THEN {pickup} ELSE '' END,
                        1, '', '', '', %s, %s
                    FROM penyaluran_src src
                    LEFT JOIN {t_card} c ON c.id = (
                        SELECT MAX(c2.id) FROM {t_card} c2 WHERE c2.kk = src.kk
                          AND c2.bank = src.channel AND c2.status IN ('aktif', 'diblokir'))
                    LEFT JOIN {t_reg} r6 ON r6.code = SUBSTR(src.region_code, 1, 6)
                    LEFT JOIN {t_reg} r4 ON r4.code = SUBSTR(src.region_code, 1, 4)""",
                [
                    f"{program}-{tahap}-",
                    sequence_base,
                    the_tahap.pk,
                    *case_params,
                    program,
                    tahap,
                    *pickup_params,
                    now,
                    now,
                ],
            )
        db.execute("DROP TABLE penyaluran_src")
        db.execute("DROP TABLE penyaluran_new_cards")
        if created:
            db.analyze(t_pay)
        without_channel = (
            decisions.exclude(kk__in=Keluarga.objects.filter(channel="POS").values("kk"))
            .filter(kk__in=Keluarga.objects.filter(bank="").values("kk"))
            .count()
        )
        totals = {
            row["batch__channel"]: {"payments": row["n"], "amount": row["amount"] or 0}
            for row in Payment.objects.filter(tahap=the_tahap)
            .values("batch__channel")
            .annotate(n=Count("pk"), amount=Sum("amount"))
        }
        summary = BatchSummary(
            tahap=tahap,
            period=chosen,
            created=created,
            without_channel=without_channel,
            batches=totals,
        )
        if created:
            audit_record(
                scope=scope,
                change=Change(
                    action="penyaluran.batch_create",
                    object_type="penyaluran.Tahap",
                    object_id=f"{program}-{tahap}",
                    after={"period": f"{chosen:%Y-%m}", "created": created, "batches": totals},
                ),
            )
    return summary
