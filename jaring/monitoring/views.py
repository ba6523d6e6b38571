"""Staff pages of monitoring: the dashboard (figures, trends, map, tables) and the reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jaring.core.scope import AccessScope, OutOfScope
from jaring.monitoring import selectors
from jaring.monitoring.dashboard import Choice, build, link
from jaring.monitoring.indicators import MAP_INDICATORS
from jaring.monitoring.refresh import RefreshBusy, aggregates_refresh
from jaring.monitoring.reports import ReportRequest, report_pdf, report_xlsx
from jaring.web.access import forbidden, not_found, scope_from_request, staff_required


def choose(request: HttpRequest, scope: AccessScope) -> Choice | None:
    """Program, tahap, region and map indicator from the query string, defaulting sensibly.

    Raises OutOfScope for a region outside the scope (answered as 404)."""
    place = selectors.resolve_region(scope=scope, region_code=request.GET.get("wilayah", ""))
    programs = selectors.programs(scope=scope)
    if not programs:
        return None
    program = request.GET.get("program", "")
    program = program if program in programs else programs[0]
    tahaps = selectors.tahap_list(scope=scope, program=program)
    tahap = request.GET.get("tahap", "")
    tahap = tahap if tahap in tahaps else tahaps[-1]
    indicator = request.GET.get("indikator", "")
    indicator = indicator if indicator in MAP_INDICATORS else "cakupan"
    return Choice(program=program, tahap=tahap, place=place, indicator=indicator)


@require_GET
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    try:
        choice = choose(request, scope)
    except OutOfScope:
        return not_found(request, "Wilayah tidak ditemukan di wilayah kerja Anda.")
    context = {"choice": choice, "can_refresh": scope.is_national}
    if choice is not None:
        context |= build(scope=scope, choice=choice)
        context |= {
            "programs": selectors.programs(scope=scope),
            "tahaps": selectors.tahap_list(scope=scope, program=choice.program),
            "self_link": link(choice),
        }
    return render(request, "monitoring/dashboard.html", context)


def _report_request(request: HttpRequest) -> ReportRequest | HttpResponse:
    scope = scope_from_request(request)
    try:
        choice = choose(request, scope)
    except OutOfScope:
        return not_found(request, "Wilayah tidak ditemukan di wilayah kerja Anda.")
    if choice is None:
        return not_found(request, "Belum ada data monitoring. Jalankan pembaruan agregat.")
    return ReportRequest(
        scope=scope, program=choice.program, tahap=choice.tahap, place=choice.place
    )


@require_GET
@staff_required
def report_pdf_view(request: HttpRequest) -> HttpResponse:
    wanted = _report_request(request)
    if isinstance(wanted, HttpResponse):
        return wanted
    response = HttpResponse(report_pdf(wanted), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{wanted.filename}.pdf"'
    return response


@require_GET
@staff_required
def report_xlsx_view(request: HttpRequest) -> HttpResponse:
    wanted = _report_request(request)
    if isinstance(wanted, HttpResponse):
        return wanted
    response = HttpResponse(
        report_xlsx(wanted),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{wanted.filename}.xlsx"'
    return response


@require_POST
@staff_required
def refresh(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    if not scope.is_national:
        return forbidden(request, "Hanya Kemensos yang dapat memperbarui agregat monitoring.")
    try:
        result = aggregates_refresh(scope=scope)
    except RefreshBusy as error:
        messages.error(request, str(error))
        return redirect("monitoring:dashboard")
    messages.success(
        request,
        f"Agregat diperbarui: {len(result.refreshed)} program-tahap dihitung ulang, "
        f"{len(result.unchanged)} tidak berubah ({result.seconds:.1f} detik).",
    )
    return redirect("monitoring:dashboard")
