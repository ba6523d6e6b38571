"""JSON API of the monitoring app, mounted under /api/v1/monitoring/.

Staff only (session login), scoped like the pages: a region outside the caller's scope is 404.
The public transparency figures are under /transparansi/ (HTML and CSV), not here.
"""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from jaring.core.scope import AccessScope, OutOfScope
from jaring.monitoring import selectors
from jaring.monitoring.indicators import Indicators
from jaring.web.access import has_staff_role

router = Router(tags=["monitoring"], auth=django_auth)


class RegionOut(Schema):
    code: str
    name: str
    level: str


class IndicatorOut(Schema):
    region: RegionOut
    eligible: int
    decided: int | None
    paid: int | None
    withdrawn: int | None
    inclusion_errors: int | None
    exclusion_errors: int | None
    budget_amount: int | None
    withdrawn_amount: int | None
    complaints: int | None
    coverage: float | None
    inclusion_error_rate: float | None
    exclusion_error_rate: float | None
    realisation: float | None
    si_to_withdrawal_days: float | None
    complaints_per_1000: float | None
    resolve_days: float | None


class DashboardOut(Schema):
    program: str
    tahap: str
    total: IndicatorOut
    children: list[IndicatorOut]
    tahap_available: list[str]


def _out(place: selectors.Place, ind: Indicators) -> IndicatorOut:
    data = ind.as_dict()
    data["region"] = RegionOut(code=place.code, name=place.name, level=place.level_name)
    return IndicatorOut(**{k: v for k, v in data.items() if k in IndicatorOut.model_fields})


@router.get("/indikator/", response=DashboardOut)
def indicators(request, program: str, tahap: str = "", wilayah: str = "") -> DashboardOut:  # type: ignore[no-untyped-def]
    """Indicators of one program and tahap for a region and its children (aggregates only)."""
    if not has_staff_role(request.user):
        raise HttpError(403, "Akun Anda tidak memiliki peran staf.")
    scope = AccessScope.for_user(request.user)
    try:
        place = selectors.resolve_region(scope=scope, region_code=wilayah)
    except OutOfScope as error:
        raise HttpError(404, "Wilayah tidak ditemukan di wilayah kerja Anda.") from error
    tahaps = selectors.tahap_list(scope=scope, program=program)
    if not tahaps:
        raise HttpError(404, f"Belum ada data monitoring untuk program {program}.")
    tahap = tahap or tahaps[-1]
    if tahap not in tahaps:
        raise HttpError(404, f"Tahap {tahap} tidak ada untuk program {program}.")
    total = selectors.indicators(scope=scope, program=program, tahap=tahap, place=place)
    children = selectors.child_indicators(scope=scope, program=program, tahap=tahap, place=place)
    return DashboardOut(
        program=program,
        tahap=tahap,
        total=_out(place, total),
        children=[_out(p, i) for p, i in children],
        tahap_available=tahaps,
    )
