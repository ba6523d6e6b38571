"""Cek Bansos page: a plain form POST that also works through htmx (partial swaps)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jaring.portal.guard import LookupRefused, TooManyLookups, captcha_new
from jaring.portal.lookup import NAME_MAX_LENGTH, LookupAnswer, cek_bansos_lookup
from jaring.regions.picker import DEFAULT_PREFIX, LEVELS, RegionPicker


def _picker_data(data: Any) -> Any:
    """Links and the JSON-style `region=<desa>` prefill the picker's levels."""
    desa = str(data.get("region") or "")
    if len(desa) != 10 or not desa.isdigit() or data.get(DEFAULT_PREFIX + "provinsi"):
        return data
    return {DEFAULT_PREFIX + suffix: desa[:length] for _, length, _, suffix in LEVELS}


def _context(request: HttpRequest, data: Any, **extra: Any) -> dict[str, Any]:
    return {
        "picker": RegionPicker(_picker_data(data)),
        "name": (data.get("name") or "")[:NAME_MAX_LENGTH],
        "captcha_key": captcha_new(),
        "audio_available": bool(settings.CAPTCHA_FLITE_PATH),
        "name_max_length": NAME_MAX_LENGTH,
        **extra,
    }


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    if request.htmx:
        # htmx does not swap 4xx answers by default; the error is in the fragment itself.
        return render(request, "portal/partials/cek.html", context)
    return render(request, "portal/cek_bansos.html", context, status=status)


@require_http_methods(["GET", "POST"])
def cek_bansos(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, _context(request, request.GET))
    data = request.POST
    picker = RegionPicker(_picker_data(data))
    if picker.step_requested or data.get("lanjut") or not picker.is_complete:
        # A "Lanjut" / "Ganti kode" step of the no-JavaScript form: re-render, search nothing.
        return _page(request, _context(request, data))
    try:
        answer: LookupAnswer = cek_bansos_lookup(
            request,
            region=picker.code,
            name=data.get("name", ""),
            captcha_key=data.get("captcha_key", ""),
            captcha_value=data.get("captcha_value", ""),
        )
    except LookupRefused as refused:
        context = _context(request, data, error=refused.message)
        response = _page(request, context, status=refused.status)
        if isinstance(refused, TooManyLookups):
            response["Retry-After"] = str(refused.retry_after)
        return response
    return _page(request, _context(request, data, answer=answer))
