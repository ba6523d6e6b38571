"""Staff pages of the proposal workflow: work queue, list, new proposal, detail with actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jaring.core.scope import OutOfScope
from jaring.usulan import selectors
from jaring.usulan.checks import registry_record_for
from jaring.usulan.forms import ActionForm, BulkActionForm, DocumentForm, ProposalForm, UploadForm
from jaring.usulan.models import DocumentType, Kind, Status
from jaring.usulan.policy import usulan_policy
from jaring.usulan.services import (
    SubmissionRefused,
    usulan_document_add,
    usulan_household_set,
    usulan_submit,
    usulan_transition,
    usulan_transition_many,
)
from jaring.usulan.workflow import TransitionRefused, actions_for
from jaring.web.access import forbidden, not_found, scope_from_request, staff_required
from jaring.web.forms import HouseholdForm, MemberFormSet, household_initial, member_initial
from jaring.web.staff_views import shows_full_identity

SUBMITTERS = frozenset({"operator_desa", "superuser"})


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    rows = selectors.work_queue(scope=scope)
    status = request.GET.get("status") or (rows[0].status if rows else "")
    if status not in selectors.queue_statuses(scope.role):
        status = rows[0].status if rows else ""
    items = selectors.queue_items(scope=scope, status=status) if status else []
    context = {
        "rows": rows,
        "status": status,
        "status_label": Status(status).label if status else "",
        "items": items,
        "actions": actions_for(status=status, role=scope.role) if status else [],
        "escalated": selectors.escalated_to_me(scope=scope),
        "can_submit": scope.role in SUBMITTERS,
    }
    return render(request, "usulan/queue.html", context)


@staff_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    raw_ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    form = BulkActionForm(request.POST, ids=raw_ids)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("usulan:queue")
    done, refused = usulan_transition_many(
        scope=scope,
        usulan_ids=form.cleaned_data["ids"],
        action=form.cleaned_data["action"],
        note=form.cleaned_data["note"],
    )
    if done:
        messages.success(request, f"{len(done)} usulan diproses.")
    for usulan_id, message in refused:
        messages.error(request, f"Usulan #{usulan_id}: {message}")
    status = request.POST.get("status", "")
    return redirect(f"{reverse('usulan:queue')}?status={status if status in Status.values else ''}")


@staff_required
@require_GET
def usulan_index(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    items = selectors.usulan_list(
        scope=scope,
        status=status if status in Status.values else "",
        kind=kind if kind in Kind.values else "",
        query=request.GET.get("q", ""),
    )[:500]
    context = {"items": items, "statuses": Status.choices, "kinds": Kind.choices}
    return render(request, "usulan/list.html", {**context, "status": status, "kind": kind})


def _household_forms(request: HttpRequest, record: dict[str, Any] | None) -> tuple[Any, Any]:
    if request.method == "POST":
        return HouseholdForm(request.POST), MemberFormSet(request.POST, prefix="anggota")
    if record:
        return (
            HouseholdForm(initial=household_initial(record)),
            MemberFormSet(initial=[member_initial(m) for m in record["members"]], prefix="anggota"),
        )
    return HouseholdForm(), MemberFormSet(prefix="anggota")


def _record_from(form: Any, formset: Any, region: str) -> dict[str, Any]:
    members = [
        f.record()
        for f in formset.forms
        if f.is_valid() and not f.is_blank() and not f.cleaned_data.get("DELETE")
    ]
    return {**form.record(), "region": region, "members": members}


def _prefill(scope: Any, kind: str, kk: str) -> dict[str, Any] | None:
    """A change of data starts from the family as registered (only inside the caller's scope)."""
    if kind != Kind.PERUBAHAN or not kk.isdigit():
        return None
    record = registry_record_for(kk)
    return record if record and scope.covers(record["region"]) else None


@staff_required
@require_http_methods(["GET", "POST"])
def usulan_new(request: HttpRequest, kind: str) -> HttpResponse:
    scope = scope_from_request(request)
    if kind not in Kind.values:
        return not_found(request)
    if scope.role not in SUBMITTERS or len(scope.region_prefix) not in (0, 10):
        return forbidden(request, "Usulan dientri oleh operator desa/kelurahan.")
    with_household = kind in (Kind.BARU, Kind.PERUBAHAN)
    form = ProposalForm(request.POST or None, kind=kind)
    household_form, formset = (
        _household_forms(request, _prefill(scope, kind, request.GET.get("kk", "")))
        if with_household
        else (None, None)
    )
    problems: list[str] = []
    if request.method == "POST":
        valid = form.is_valid() and (
            not with_household or (household_form.is_valid() and formset.is_valid())
        )
        if valid:
            data = form.cleaned_data
            try:
                usulan = usulan_submit(
                    scope=scope,
                    kind=kind,
                    source="operator",
                    reason=data["reason"],
                    household=(
                        _record_from(household_form, formset, scope.region_prefix)
                        if with_household
                        else None
                    ),
                    kk=data.get("kk", ""),
                    change_type=data.get("change_type", ""),
                    program=data["program"],
                    contact_phone=data.get("contact_phone", ""),
                    submitted_by=request.user,
                )
            except SubmissionRefused as refused:
                problems = refused.problems
            else:
                messages.success(request, f"Usulan {usulan.reference} tersimpan.")
                return redirect("usulan:detail", usulan_id=usulan.pk)
        else:
            problems = ["Periksa isian yang ditandai."]
    context = {
        "form": form,
        "household_form": household_form,
        "formset": formset,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "problems": problems,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "usulan/new.html", context, status=status)


@staff_required
@require_GET
def usulan_detail(request: HttpRequest, usulan_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    usulan = selectors.usulan_get(scope=scope, usulan_id=usulan_id)
    if usulan is None:
        return not_found(request)
    policy = usulan_policy()
    wanted = policy.required_documents(
        kind=usulan.kind, change_type=usulan.change_type, program=usulan.program
    )
    have = set(usulan.documents.values_list("doc_type", flat=True))
    context = {
        "usulan": usulan,
        "full_identity": shows_full_identity(scope),
        "steps": usulan.steps.all(),
        "documents": usulan.documents.all(),
        "required": [(DocumentType(d).label, d in have) for d in wanted],
        "actions": actions_for(status=usulan.status, role=scope.role),
        "checklist": policy.checklist,
        "action_form": ActionForm(),
        "document_form": DocumentForm(),
        "can_edit_household": scope.role in SUBMITTERS
        and usulan.kind in (Kind.BARU, Kind.PERUBAHAN)
        and usulan.status in (Status.DIAJUKAN, Status.VERIFIKASI_DESA, Status.PERLU_PERBAIKAN),
    }
    return render(request, "usulan/detail.html", context)


@staff_required
@require_POST
def usulan_act(request: HttpRequest, usulan_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tindakan tidak dikenal.")
        return redirect("usulan:detail", usulan_id=usulan_id)
    checklist = {
        item: request.POST.get(f"cek_{i}", "") for i, item in enumerate(usulan_policy().checklist)
    }
    data: dict[str, Any] = {}
    if form.cleaned_data["action"] == "dinsos_lulus":
        data = {"checklist": checklist, "temuan": form.cleaned_data["temuan"]}
    try:
        usulan_transition(
            scope=scope,
            usulan_id=usulan_id,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
            data=data,
        )
    except OutOfScope:
        return not_found(request)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Status usulan diperbarui.")
    return redirect("usulan:detail", usulan_id=usulan_id)


@staff_required
@require_POST
def usulan_document(request: HttpRequest, usulan_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    if selectors.usulan_get(scope=scope, usulan_id=usulan_id) is None:
        return not_found(request)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("usulan:detail", usulan_id=usulan_id)
    try:
        usulan_document_add(
            scope=scope,
            usulan_id=usulan_id,
            doc_type=form.cleaned_data["doc_type"],
            content=form.cleaned_data["file"],
            name=request.FILES["file"].name,
        )
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Dokumen tersimpan.")
    return redirect("usulan:detail", usulan_id=usulan_id)


@staff_required
@require_GET
def usulan_document_file(request: HttpRequest, usulan_id: int, document_id: int) -> HttpResponse:
    from jaring.core.uploads import private_file_response

    scope = scope_from_request(request)
    usulan = selectors.usulan_get(scope=scope, usulan_id=usulan_id)
    document = usulan.documents.filter(pk=document_id).first() if usulan else None
    if document is None:
        return not_found(request)
    return private_file_response(document.file)


@staff_required
@require_http_methods(["GET", "POST"])
def usulan_household(request: HttpRequest, usulan_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    usulan = selectors.usulan_get(scope=scope, usulan_id=usulan_id)
    if usulan is None:
        return not_found(request)
    if scope.role not in SUBMITTERS:
        return forbidden(request, "Data keluarga dilengkapi oleh operator desa.")
    household_form, formset = _household_forms(request, usulan.household or None)
    problems: list[str] = []
    if request.method == "POST":
        if household_form.is_valid() and formset.is_valid():
            record = _record_from(household_form, formset, usulan.region_code)
            try:
                usulan_household_set(scope=scope, usulan_id=usulan.pk, household=record)
            except (SubmissionRefused, TransitionRefused) as refused:
                problems = getattr(refused, "problems", None) or [refused.message]
            else:
                messages.success(request, "Data keluarga usulan tersimpan.")
                return redirect("usulan:detail", usulan_id=usulan.pk)
        else:
            problems = ["Periksa isian yang ditandai."]
    context = {
        "usulan": usulan,
        "household_form": household_form,
        "formset": formset,
        "problems": problems,
    }
    status = 400 if problems else 200
    return render(request, "usulan/household.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def usulan_upload(request: HttpRequest) -> HttpResponse:
    from jaring.usulan.bulk import usulan_bulk_import

    scope = scope_from_request(request)
    if scope.role not in SUBMITTERS and scope.role != "dinsos_kabkota":
        return forbidden(request, "Unggah usulan oleh operator desa atau Dinas Sosial.")
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = request.FILES["file"]
        if upload.size > 50 * 1024 * 1024:
            form.add_error("file", "Berkas terlalu besar (paling besar 50 MB).")
        else:
            result = usulan_bulk_import(scope=scope, stream=upload, submitted_by=request.user)
            if result.ok:
                messages.success(request, f"{len(result.created)} usulan tersimpan.")
                return redirect("usulan:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "usulan/upload.html", {"form": form, "result": result}, status=status)
