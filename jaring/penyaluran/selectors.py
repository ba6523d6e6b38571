"""Reads of the ledger, always through the caller's scope: reconciliation figures, the lists
behind them, payment statuses for Cek Bansos, aggregates for monitoring.

The reconciliation figures are computed from the payments' dates, not from their status, so the
identities below are a real check of the ledger (the check constraints make them hold):
    budget   = SI + not yet sent
    SI       = credited + failed + awaiting (sent, no answer from the penyalur yet; 0 once
               every answer is in, when the issue's SI = credited + failed holds)
    credited = withdrawn + outstanding + returned
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

from jaring.core.prepared import fetch_all
from jaring.core.scope import AccessScope, OutOfScope
from jaring.penyaluran.models import Batch, Payment, PaymentStatus, Tahap
from jaring.regions.models import Region

# figure → (label, filter on the payments)
FIGURES: dict[str, tuple[str, Q]] = {
    "budget": ("Anggaran (ditetapkan)", Q()),
    "not_sent": ("Belum dikirim", Q(si_at__isnull=True)),
    "si": ("SI dikirim", Q(si_at__isnull=False)),
    "credited": ("Tersalur", Q(credited_at__isnull=False)),
    "failed": ("Gagal", Q(failed_at__isnull=False)),
    "awaiting": (
        "Menunggu jawaban",
        Q(si_at__isnull=False, credited_at__isnull=True, failed_at__isnull=True),
    ),
    "withdrawn": ("Dicairkan", Q(withdrawn_at__isnull=False)),
    "outstanding": (
        "Belum dicairkan",
        Q(credited_at__isnull=False, withdrawn_at__isnull=True, returned_at__isnull=True),
    ),
    "returned": ("Retur", Q(returned_at__isnull=False)),
}
CHILD_LENGTH = {0: 2, 2: 4, 4: 6, 6: 10, 10: 10}


@dataclass(frozen=True, slots=True)
class Figures:
    code: str
    name: str
    counts: dict[str, int]
    amounts: dict[str, int]

    @property
    def identities_hold(self) -> bool:
        a = self.amounts
        return (
            a["budget"] == a["si"] + a["not_sent"]
            and a["si"] == a["credited"] + a["failed"] + a["awaiting"]
            and a["credited"] == a["withdrawn"] + a["outstanding"] + a["returned"]
        )


def _aggregates() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, (_label, condition) in FIGURES.items():
        out[f"n_{key}"] = Count("pk", filter=condition) if condition else Count("pk")
        out[f"a_{key}"] = Coalesce(
            Sum("amount", filter=condition) if condition else Sum("amount"), 0
        )
    return out


def region_prefix_in_scope(*, scope: AccessScope, region_prefix: str = "") -> str:
    prefix = region_prefix or ""
    if prefix.startswith(scope.region_prefix):
        return prefix
    if scope.region_prefix.startswith(prefix):
        return scope.region_prefix
    raise OutOfScope(prefix)


def payments(
    *,
    scope: AccessScope,
    program: str = "",
    tahap: str = "",
    region_prefix: str = "",
    figure: str = "",
) -> QuerySet[Payment]:
    """The payments in scope, of a program and (entitlement) tahap, behind one figure."""
    prefix = region_prefix_in_scope(scope=scope, region_prefix=region_prefix)
    qs = scope.filter(Payment.objects.all(), "region_code")
    if prefix:
        qs = qs.filter(region_code__startswith=prefix)
    if program:
        qs = qs.filter(program=program)
    if tahap:
        qs = qs.filter(tahap_label=tahap)
    if figure:
        qs = qs.filter(FIGURES[figure][1])
    return qs


def _figures(code: str, name: str, row: Mapping[str, Any]) -> Figures:
    return Figures(
        code=code,
        name=name,
        counts={k: row[f"n_{k}"] for k in FIGURES},
        amounts={k: row[f"a_{k}"] for k in FIGURES},
    )


def reconciliation(
    *, scope: AccessScope, program: str, tahap: str, region_prefix: str = ""
) -> tuple[Figures, list[Figures]]:
    """Totals of a program's tahap in a region, and the same per child region."""
    prefix = region_prefix_in_scope(scope=scope, region_prefix=region_prefix)
    qs = payments(scope=scope, program=program, tahap=tahap, region_prefix=prefix)
    total = _figures(prefix, _region_name(prefix), qs.aggregate(**_aggregates()))
    length = CHILD_LENGTH[len(prefix)]
    rows = (
        qs.annotate(child=Substr("region_code", 1, length))
        .values("child")
        .annotate(**_aggregates())
        .order_by("child")
    )
    rows = list(rows)
    names = dict(
        Region.objects.filter(code__in=[r["child"] for r in rows]).values_list("code", "name")
    )
    children = [_figures(r["child"], names.get(r["child"], r["child"]), r) for r in rows]
    return total, children


def _region_name(prefix: str) -> str:
    if not prefix:
        return "Indonesia"
    return Region.objects.filter(code=prefix).values_list("name", flat=True).first() or prefix


def payment_totals(
    *,
    scope: AccessScope,
    program: str = "",
    tahap: str = "",
    region_prefix: str = "",
    group_length: int = 2,
) -> list[dict[str, Any]]:
    """For monitoring: counts and amounts per (program, tahap, region prefix of group_length)
    for every reconciliation figure — keys program, tahap_label, region, n_<figure>, a_<figure>."""
    qs = payments(scope=scope, program=program, tahap=tahap, region_prefix=region_prefix)
    return list(
        qs.annotate(region=Substr("region_code", 1, group_length))
        .values("program", "tahap_label", "region")
        .annotate(**_aggregates())
        .order_by("program", "tahap_label", "region")
    )


def tahap_overview(*, scope: AccessScope) -> list[dict[str, Any]]:
    """Tahap that have payments, with counts in scope, newest first."""
    qs = scope.filter(Payment.objects.all(), "region_code")
    rows = qs.values("program", "tahap_label").annotate(n=Count("pk"), amount=Sum("amount"))
    tahap = {(t.program, t.label): t for t in Tahap.objects.all()}
    out = [dict(r, tahap=tahap.get((r["program"], r["tahap_label"]))) for r in rows]
    return sorted(
        out, key=lambda r: (r["tahap"].start if r["tahap"] else None, r["program"]), reverse=True
    )


def batches(*, scope: AccessScope) -> QuerySet[Batch]:
    """Batches are national objects; others see those that hold payments in their region."""
    qs = Batch.objects.select_related("tahap").order_by(
        "-tahap__start", "tahap__program", "channel"
    )
    if scope.is_national:
        return qs
    return qs.filter(pk__in=scope.filter(Payment.objects.all(), "region_code").values("batch_id"))


# Ledger status → the status shown in Cek Bansos and the citizen profile.
PORTAL_STATUS = {
    PaymentStatus.DITETAPKAN: "ditetapkan",
    PaymentStatus.BUKA_REKENING: "proses bank",
    PaymentStatus.SI: "SI",
    PaymentStatus.TERSALUR: "tersalur",
    PaymentStatus.DICAIRKAN: "sudah dicairkan",
    PaymentStatus.GAGAL: "gagal",
    PaymentStatus.RETUR: "retur",
}


def payment_statuses_for_portal(
    kk: str, decisions: Sequence[Any]
) -> dict[tuple[str, str, str], str]:
    """The payment source registered with the portal: (program, nik, tahap) → status."""
    tahap = {d.tahap for d in decisions if getattr(d, "tahap", "")}
    if not kk or not tahap:
        return {}
    # Plain SQL (index payment_kk): it runs on every found Cek Bansos lookup, and compiling the
    # ORM query cost the worker more CPU than PostgreSQL spent answering it. Prepared on
    # PostgreSQL for the same reason (planning it cost more than running it).
    labels = sorted(tahap)
    rows = fetch_all(_portal_status_sql(len(labels)), [kk, *labels])
    return {(p, n, t): PORTAL_STATUS[s] for p, n, t, s in rows}


@cache
def _portal_status_sql(labels: int) -> str:
    quote = connection.ops.quote_name
    column = {f: quote(Payment._meta.get_field(f).column) for f in _PORTAL_FIELDS}
    return (
        f"SELECT {column['program']}, {column['nik']}, {column['tahap_label']}, "
        f"{column['status']} FROM {quote(Payment._meta.db_table)} WHERE {column['kk']} = %s "
        f"AND {column['tahap_label']} IN ({', '.join(['%s'] * labels)})"
    )


_PORTAL_FIELDS = ("program", "nik", "tahap_label", "status", "kk")
