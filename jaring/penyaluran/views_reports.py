"""Staff pages: the reconciliation report (page and XLSX) and KKS cards (block, replace)."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jaring.core.identity import mask_identity
from jaring.core.scope import OutOfScope
from jaring.penyaluran import lifecycle, selectors
from jaring.penyaluran.errors import DisbursementError
from jaring.penyaluran.forms import CardBlockForm, CardReplaceForm, KkSearchForm
from jaring.penyaluran.models import KksCard, Tahap
from jaring.penyaluran.reports import reconciliation_xlsx
from jaring.penyaluran.views import _guarded
from jaring.web.access import not_found, scope_from_request


def _report_args(request: HttpRequest) -> dict[str, str]:
    tahap = Tahap.objects.order_by("-start").first()
    return {
        "program": request.GET.get("program", "") or (tahap.program if tahap else "PKH"),
        "tahap": request.GET.get("tahap", "") or (tahap.label if tahap else ""),
        "region_prefix": request.GET.get("wilayah", "").strip(),
    }


@_guarded
def reconciliation(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    args = _report_args(request)
    if args["region_prefix"] and not args["region_prefix"].isdigit():
        return not_found(request, "Kode wilayah harus angka.")
    total, children = selectors.reconciliation(scope=scope, **args)
    return render(
        request,
        "penyaluran/reconciliation.html",
        {
            **args,
            "total": total,
            "children": children,
            "figures": selectors.FIGURES,
            "tahap_choices": Tahap.objects.order_by("-start", "program")[:60],
        },
    )


@_guarded
def reconciliation_download(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    args = _report_args(request)
    if args["region_prefix"] and not args["region_prefix"].isdigit():
        return not_found(request, "Kode wilayah harus angka.")
    selectors.region_prefix_in_scope(scope=scope, region_prefix=args["region_prefix"])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    reconciliation_xlsx(scope=scope, out=spool, **args)
    spool.seek(0)
    name = (
        f"rekonsiliasi-{args['program']}-{args['tahap']}-{args['region_prefix'] or 'nasional'}.xlsx"
    )
    return FileResponse(spool, as_attachment=True, filename=name)


@_guarded
def cards(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    form = KkSearchForm(request.GET or None)
    found: list[KksCard] = []
    if form.is_valid():
        found = list(
            scope.filter(
                KksCard.objects.filter(kk=form.cleaned_data["kk"]), "region_code"
            ).order_by("-pk")
        )
    return render(
        request,
        "penyaluran/cards.html",
        {
            "form": form,
            "cards": [(c, mask_identity(c.kk), mask_identity(c.card_number)) for c in found],
            "block_form": CardBlockForm(),
            "replace_form": CardReplaceForm(),
            "searched": form.is_bound,
        },
    )


def _card_redirect(card_id: int) -> HttpResponse:
    card = KksCard.objects.filter(pk=card_id).first()
    return redirect(f"/staf/penyaluran/kks/?kk={card.kk}" if card else "/staf/penyaluran/kks/")


@require_POST
@_guarded
def card_block(request: HttpRequest, card_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    form = CardBlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih alasan pemblokiran.")
        return redirect("penyaluran:cards")
    try:
        lifecycle.card_block(scope=scope, card_id=card_id, reason=form.cleaned_data["reason"])
    except DisbursementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Kartu diblokir; tidak ada SI ke kartu ini sampai diganti.")
    return _card_redirect(card_id)


@require_POST
@_guarded
def card_replace(request: HttpRequest, card_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    form = CardReplaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nomor KKS baru harus 8–20 angka.")
        return redirect("penyaluran:cards")
    try:
        lifecycle.card_replace(
            scope=scope, card_id=card_id, card_number=form.cleaned_data["card_number"]
        )
    except DisbursementError as error:
        messages.error(request, str(error))
    except OutOfScope:
        raise
    else:
        messages.success(request, "Kartu baru dicatat; pembayaran yang belum dikirim mengikutinya.")
    return _card_redirect(card_id)
