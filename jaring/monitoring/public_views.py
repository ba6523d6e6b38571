"""Public transparency pages (no login): /transparansi/ and its CSV download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jaring.monitoring.public import CSV_COLUMNS, public_choices, public_csv, public_rows


def _choice(request: HttpRequest) -> tuple[str, str, dict[str, list[str]]]:
    choices = public_choices()
    program = request.GET.get("program", "")
    if program not in choices:
        program = next(iter(choices), "")
    tahaps = choices.get(program, [])
    tahap = request.GET.get("tahap", "")
    if tahap not in tahaps:
        tahap = tahaps[-1] if tahaps else ""
    return program, tahap, choices


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    program, tahap, choices = _choice(request)
    region = request.GET.get("wilayah", "")
    lines = public_rows(program, tahap) if program else {}
    if region and (len(region) != 2 or region not in lines):
        raise Http404("Wilayah tidak ditemukan.")
    parent = lines.get(region)
    children = [line for code, line in lines.items() if len(code) == (4 if region else 2)]
    children = [line for line in children if line.code.startswith(region)]
    return render(
        request,
        "monitoring/public.html",
        {
            "program": program,
            "tahap": tahap,
            "choices": choices,
            "tahaps": choices.get(program, []),
            "region": region,
            "parent": parent,
            "parent_cells": [parent.cell(c) for c, _ in CSV_COLUMNS] if parent else [],
            "children": [(line, [line.cell(c) for c, _ in CSV_COLUMNS]) for line in children],
            "columns": CSV_COLUMNS,
        },
    )


@require_GET
def transparency_csv(request: HttpRequest) -> HttpResponse:
    program, tahap, _ = _choice(request)
    if not program:
        raise Http404("Belum ada data.")
    response = HttpResponse(public_csv(program, tahap), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="transparansi-{program}-{tahap}.csv"'
    return response
