"""Staff pages: programs in force, decisions by region, one family's explanation, runs.

Views stay thin: they read the request, call selectors/services with the caller's scope, and
render. Anything outside the scope is the same 404 as anything missing.
"""

from __future__ import annotations

from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jaring.core.scope import AccessScope, OutOfScope
from jaring.programs import explanation, selectors
from jaring.programs.background import launch_run
from jaring.programs.models import EligibilityRun
from jaring.programs.periods import PeriodError, format_period, parse_period
from jaring.programs.policy import current_policy
from jaring.programs.services import RunRefused, eligibility_run_start
from jaring.regions.models import Region
from jaring.registry.models import Keluarga
from jaring.registry.selectors import household_get
from jaring.web.access import not_found, scope_from_request, staff_required

PAGE_SIZE = 50


class _BadRequest(Exception):
    """A query parameter the page cannot use; shown as the Indonesian 404 page."""


def _period_arg(request: HttpRequest, default: date | None) -> date | None:
    text = request.GET.get("period", "").strip()
    if not text:
        return default
    try:
        return parse_period(text)
    except PeriodError as error:
        raise _BadRequest(str(error)) from error


def _friendly_404(view: Any) -> Any:
    """Bad periods and regions outside the scope become the same 404 as anything missing."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _BadRequest as error:
            return not_found(request, str(error))
        except (OutOfScope, Keluarga.DoesNotExist):
            return not_found(request)

    return wrapper


def _region_trail(prefix: str) -> list[tuple[str, str]]:
    """(code, name) from the country down to `prefix`, for the breadcrumb."""
    codes = [prefix[:n] for n in (2, 4, 6, 10) if len(prefix) >= n]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [("", "Indonesia"), *((c, names.get(c, c)) for c in codes)]


@staff_required
@_friendly_404
def program_list(request: HttpRequest) -> HttpResponse:
    period = _period_arg(request, date.today().replace(day=1))
    assert period is not None
    policy = current_policy()
    programs = [policy.describe(code, period) for code in _codes(policy, period)]
    return render(
        request,
        "programs/program_list.html",
        {"programs": programs, "period": format_period(period), "digest": policy.digest[:12]},
    )


def _codes(policy: Any, period: date) -> list[str]:
    return [getattr(p, "code", p) for p in policy.programs_in_force(period)]


@staff_required
@_friendly_404
def decision_index(request: HttpRequest) -> HttpResponse:
    scope: AccessScope = scope_from_request(request)
    periods = selectors.decision_periods()
    period = _period_arg(request, periods[0] if periods else None)
    context: dict[str, Any] = {"periods": [format_period(p) for p in periods]}
    if period is None:
        return render(request, "programs/decision_index.html", context)
    prefix = selectors.effective_prefix(scope=scope, region_prefix=request.GET.get("region", ""))
    by_program = selectors.decision_totals_by_program(
        scope=scope, period=period, region_prefix=prefix
    )
    program = request.GET.get("program") or (next(iter(by_program), "") if by_program else "")
    only_eligible = request.GET.get("layak") == "1"
    children = selectors.decision_totals_by_child_region(
        scope=scope, period=period, region_prefix=prefix, program=program or None
    )
    decisions = selectors.current_decisions(
        scope=scope, period=period, region_prefix=prefix, program=program or None
    )
    if only_eligible:
        decisions = decisions.filter(eligible=True)
    page = Paginator(decisions.order_by("region_code", "kk", "nik"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context.update(
        period=format_period(period),
        program=program,
        only_eligible=only_eligible,
        region=prefix,
        scope_prefix=scope.region_prefix,
        trail=[
            t
            for t in _region_trail(prefix)
            if t[0].startswith(scope.region_prefix) or scope.region_prefix.startswith(t[0])
        ],
        by_program=by_program,
        children=children,
        page=page,
        rows=explanation.decision_rows(page.object_list),
    )
    return render(request, "programs/decision_index.html", context)


@staff_required
@_friendly_404
def family_explanation(request: HttpRequest, keluarga_id: int) -> HttpResponse:
    scope: AccessScope = scope_from_request(request)
    keluarga = household_get(scope=scope, keluarga_id=keluarga_id)
    periods = selectors.decision_periods()
    period = _period_arg(request, periods[0] if periods else date.today().replace(day=1))
    assert period is not None
    context = explanation.family_explanation(keluarga=keluarga, period=period)
    context["periods"] = [format_period(p) for p in periods]
    return render(request, "programs/family_explanation.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    scope: AccessScope = scope_from_request(request)
    if request.method == "POST":
        try:
            run = eligibility_run_start(scope=scope, period=request.POST.get("period", ""))
        except RunRefused as error:
            messages.error(request, str(error))
        else:
            launch_run(run)
            messages.success(request, f"Penilaian periode {format_period(run.period)} dimulai.")
        return redirect("programs:run-list")
    runs = selectors.eligibility_runs()
    context = {
        "runs": runs,
        "polling": any(r.status == EligibilityRun.Status.RUNNING for r in runs),
        "can_start": scope.is_national,
        "default_period": format_period(date.today().replace(day=1)),
    }
    if getattr(request, "htmx", False):
        return render(request, "programs/_run_table.html", context)
    return render(request, "programs/run_list.html", context)
