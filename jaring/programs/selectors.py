"""Reads of eligibility runs and decisions. Staff reads take the caller's AccessScope.

Only the period's current run (CurrentRun) is ever read as "the decisions", so a re-run that is
still loading is invisible until it is swapped in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

from jaring.core.scope import AccessScope, OutOfScope
from jaring.programs.models import CurrentRun, Decision, EligibilityRun
from jaring.regions.models import Region

# Region code length of the next level down: country → provinsi → kab/kota → kecamatan → desa.
CHILD_LENGTH = {0: 2, 2: 4, 4: 6, 6: 10}


@dataclass(frozen=True, slots=True)
class RegionTotals:
    code: str
    name: str
    total: int
    eligible: int
    amount_per_tahap_total: int


def current_run(*, period: date) -> EligibilityRun | None:
    link = CurrentRun.objects.select_related("run").filter(period=period).first()
    return link.run if link else None


def decision_periods() -> list[date]:
    """Periods that have decisions in force, newest first."""
    return list(CurrentRun.objects.order_by("-period").values_list("period", flat=True))


def effective_prefix(*, scope: AccessScope, region_prefix: str = "") -> str:
    """The region to look at: the requested one, never wider than the scope.

    Asking for a region outside the scope raises OutOfScope (shown as 404)."""
    prefix = region_prefix or ""
    if prefix.startswith(scope.region_prefix):
        return prefix
    if scope.region_prefix.startswith(prefix):
        return scope.region_prefix  # a wider request narrows to what the caller may see
    raise OutOfScope(prefix)


def current_decisions(
    *,
    scope: AccessScope,
    period: date,
    region_prefix: str = "",
    program: str | None = None,
) -> QuerySet[Decision]:
    """Decisions in force for a period, in scope, under a region prefix, of one program or all."""
    run = current_run(period=period)
    if run is None:
        return Decision.objects.none()
    prefix = effective_prefix(scope=scope, region_prefix=region_prefix)
    decisions = scope.filter(Decision.objects.filter(run=run), "region_code")
    if prefix:
        decisions = decisions.filter(region_code__startswith=prefix)
    if program:
        decisions = decisions.filter(program=program)
    return decisions


# Annotation names must not shadow Decision's own fields ("eligible"): the filters below refer
# to the field, and an annotation of the same name would nest one aggregate in another.
_AGGREGATES = {
    "n_total": Count("pk"),
    "n_eligible": Count("pk", filter=Q(eligible=True)),
    "amount": Coalesce(Sum("amount_per_tahap", filter=Q(eligible=True)), 0),
}


def _named(row: dict[str, int]) -> dict[str, int]:
    return {
        "total": row["n_total"],
        "eligible": row["n_eligible"],
        "amount_per_tahap_total": row["amount"],
    }


def _totals(decisions: QuerySet[Decision]) -> dict[str, int]:
    return _named(decisions.aggregate(**_AGGREGATES))


def decision_totals_by_program(
    *, scope: AccessScope, period: date, region_prefix: str = ""
) -> dict[str, dict[str, int]]:
    decisions = current_decisions(scope=scope, period=period, region_prefix=region_prefix)
    rows = decisions.values("program").annotate(**_AGGREGATES).order_by("program")
    return {row["program"]: _named(row) for row in rows}


def decision_totals_by_child_region(
    *, scope: AccessScope, period: date, region_prefix: str = "", program: str | None = None
) -> list[RegionTotals]:
    """Counts (eligible / total) and amount-per-tahap totals per region one level down."""
    prefix = effective_prefix(scope=scope, region_prefix=region_prefix)
    child_length = CHILD_LENGTH.get(len(prefix))
    if child_length is None:
        return []
    decisions = current_decisions(scope=scope, period=period, region_prefix=prefix, program=program)
    rows = (
        decisions.annotate(child=Substr("region_code", 1, child_length))
        .values("child")
        .annotate(**_AGGREGATES)
        .order_by("child")
    )
    rows = list(rows)
    names = dict(
        Region.objects.filter(code__in=[r["child"] for r in rows]).values_list("code", "name")
    )
    return [
        RegionTotals(
            r["child"],
            names.get(r["child"], r["child"]),
            r["n_total"],
            r["n_eligible"],
            r["amount"],
        )
        for r in rows
    ]


def region_totals(
    *, scope: AccessScope, period: date, region_prefix: str = "", program: str | None = None
) -> dict[str, int]:
    decisions = current_decisions(
        scope=scope, period=period, region_prefix=region_prefix, program=program
    )
    return _totals(decisions)


def decisions_for_kk(*, kk: str, period: date | None = None) -> list[Decision]:
    """The in-force decisions of one family (its family and member rows), for Cek Bansos.

    Without a period, the newest period with decisions in force. No scope: the caller (the
    public portal, after its own checks) decides what to reveal. Ordered by program, then NIK.
    """
    if period is None:
        link = CurrentRun.objects.filter(run__decisions__kk=kk).order_by("-period").first()
    else:
        link = CurrentRun.objects.filter(period=period).first()
    if link is None:
        return []
    return list(Decision.objects.filter(run_id=link.run_id, kk=kk).order_by("program", "nik"))


def eligibility_runs(*, limit: int = 30) -> list[EligibilityRun]:
    """Recent runs, newest first (runs are national: every staff role may see their status)."""
    return list(EligibilityRun.objects.order_by("-started_at", "-pk")[:limit])


def eligibility_run_get(*, run_id: int) -> EligibilityRun:
    return EligibilityRun.objects.get(pk=run_id)
