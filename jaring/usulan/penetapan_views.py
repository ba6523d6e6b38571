"""Staff pages of penetapan (batches, per-family decisions, the SK PDF) and Kemnaker selection."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jaring.core.scope import OutOfScope
from jaring.usulan import selectors
from jaring.usulan.forms import BatchForm, ItemForm, SelectionForm
from jaring.usulan.kemnaker import kemnaker_select
from jaring.usulan.models import PenetapanBatch
from jaring.usulan.penetapan import (
    penetapan_batch_apply,
    penetapan_batch_create,
    penetapan_item_set,
    penetapan_sk_ensure,
)
from jaring.usulan.policy import usulan_policy
from jaring.usulan.workflow import TransitionRefused
from jaring.web.access import not_found, scope_from_request, staff_required


def _may_decide(role: str) -> bool:
    return role == "superuser" or role in usulan_policy().penetapan_roles


@staff_required
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    form = BatchForm(request.POST or None)
    if request.method == "POST":
        if not _may_decide(scope.role):
            messages.error(request, "Peran Anda tidak berwenang menetapkan usulan.")
        elif form.is_valid():
            try:
                batch = penetapan_batch_create(scope=scope, **form.cleaned_data)
            except TransitionRefused as refused:
                messages.error(request, refused.message)
            except OutOfScope:
                messages.error(request, "Wilayah di luar wilayah kerja Anda.")
            else:
                return redirect("usulan:batch", batch_id=batch.pk)
    context = {
        "batches": selectors.batch_list(scope=scope)[:100],
        "form": form,
        "may_decide": _may_decide(scope.role),
    }
    return render(request, "usulan/batches.html", context, status=400 if form.errors else 200)


@staff_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    batch = selectors.batch_get(scope=scope, batch_id=batch_id)
    if batch is None:
        return not_found(request)
    context = {
        "batch": batch,
        "items": selectors.batch_items(scope=scope, batch=batch)[:1000],
        "may_decide": _may_decide(scope.role) and batch.status == PenetapanBatch.BatchStatus.DRAF,
        "item_form": ItemForm(),
    }
    return render(request, "usulan/batch.html", context)


@staff_required
@require_POST
def batch_item(request: HttpRequest, batch_id: int, usulan_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    if selectors.batch_get(scope=scope, batch_id=batch_id) is None:
        return not_found(request)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            penetapan_item_set(
                scope=scope, batch_id=batch_id, usulan_id=usulan_id, **form.cleaned_data
            )
        except OutOfScope:
            return not_found(request)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
    return redirect("usulan:batch", batch_id=batch_id)


@staff_required
@require_POST
def batch_apply(request: HttpRequest, batch_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    if selectors.batch_get(scope=scope, batch_id=batch_id) is None:
        return not_found(request)
    try:
        batch = penetapan_batch_apply(scope=scope, batch_id=batch_id)
    except OutOfScope:
        return not_found(request)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"{batch.sk_number} ditetapkan.")
    return redirect("usulan:batch", batch_id=batch_id)


@staff_required
@require_GET
def batch_sk(request: HttpRequest, batch_id: int) -> HttpResponse:
    from jaring.core.uploads import private_file_response

    scope = scope_from_request(request)
    batch = selectors.batch_get(scope=scope, batch_id=batch_id)
    if batch is None or batch.status != PenetapanBatch.BatchStatus.DITETAPKAN:
        return not_found(request)
    batch = penetapan_sk_ensure(batch=batch)
    return private_file_response(batch.sk_pdf, download_name=f"{batch.pk}-sk.pdf")


@staff_required
@require_http_methods(["GET", "POST"])
def kemnaker(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    form = SelectionForm(request.POST or None)
    may_select = _may_decide(scope.role) and scope.is_national
    if request.method == "POST" and may_select and form.is_valid():
        try:
            batch = kemnaker_select(scope=scope, **form.cleaned_data)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                f"{batch.reference}: {batch.selected} terpilih, {batch.not_selected} belum.",
            )
            return redirect("usulan:kemnaker")
    program = request.GET.get("program", "")
    context = {
        "applications": selectors.kemnaker_list(scope=scope, program=program)[:300],
        "form": form,
        "may_select": may_select,
    }
    return render(request, "usulan/kemnaker.html", context)
