"""Staff pages of Dukcapil change actions and results, overlaps, dead recipients and the XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jaring.core.scope import OutOfScope
from jaring.matching import selectors, services
from jaring.matching.models import ChangeAction
from jaring.matching.views import PAGE_SIZE, _period, _prefix
from jaring.matching.xlsx import results_workbook
from jaring.programs.periods import format_period
from jaring.programs.selectors import decision_periods
from jaring.web.access import not_found, scope_from_request, staff_required


@staff_required
@require_http_methods(["GET", "POST"])
def actions(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    if request.method == "POST":
        op, note = request.POST.get("op", ""), request.POST.get("catatan", "")
        try:
            action_id = int(request.POST.get("action", ""))
        except ValueError:
            return not_found(request)
        operations = {
            "terapkan": (services.action_apply, "Perubahan diterapkan ke registri."),
            "tolak": (services.action_reject, "Perubahan ditolak."),
            "batalkan": (services.action_revert, "Perubahan dibatalkan; registri seperti semula."),
        }
        if op not in operations:
            messages.error(request, "Tindakan tidak dikenal.")
        else:
            service, done = operations[op]
            try:
                service(scope=scope, action_id=action_id, note=note)
                messages.success(request, done)
            except services.ReviewRefused as error:
                messages.error(request, str(error))
            except OutOfScope:
                return not_found(request)
        return redirect(f"{request.path}?status={request.POST.get('status', '')}")
    services.proposals_sync(scope=scope)  # proposals decided in the workflow since
    status = request.GET.get("status", ChangeAction.Status.MENUNGGU)
    if status not in ChangeAction.Status.values:
        status = ChangeAction.Status.MENUNGGU
    try:
        found = selectors.action_list(scope=scope, status=status, region_prefix=_prefix(request))
    except OutOfScope:
        return not_found(request)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/actions.html",
        {"page": page, "status": status, "statuses": ChangeAction.Status.choices},
    )


@staff_required
@require_GET
def dukcapil(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    try:
        results = selectors.dukcapil_problems(scope=scope, region_prefix=_prefix(request))
    except OutOfScope:
        return not_found(request)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/dukcapil.html", {"page": page})


@staff_required
@require_GET
def overlap(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    try:
        findings = selectors.overlap_findings(scope=scope, region_prefix=_prefix(request))
    except OutOfScope:
        return not_found(request)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/overlap.html", {"page": page})


@staff_required
@require_GET
def dead(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    periods = decision_periods()
    period = _period(request) or (periods[0] if periods else None)
    try:
        found = (
            selectors.dead_recipients(scope=scope, period=period, region_prefix=_prefix(request))
            if period
            else []
        )
    except OutOfScope:
        return not_found(request)
    return render(
        request,
        "matching/dead.html",
        {
            "items": found,
            "period": format_period(period) if period else "",
            "periods": [format_period(p) for p in periods],
        },
    )


@staff_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    prefix = _prefix(request)
    try:
        content = results_workbook(scope=scope, region_prefix=prefix, period=_period(request))
    except OutOfScope:
        return not_found(request)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"kualitas-data-{prefix or 'nasional'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
