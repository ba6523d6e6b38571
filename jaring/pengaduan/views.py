"""Staff pages under /staf/pengaduan/: the office inbox, one complaint and its handling forms,
the reporter's identity (assigned investigator only, audited), evidence, statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jaring.core.identity import mask_identity
from jaring.core.uploads import private_file_response
from jaring.pengaduan import services
from jaring.pengaduan.access import Desk, desk_for, investigators_covering, office_members
from jaring.pengaduan.forms import AssignForm, LinkForm, StatusForm, TextForm
from jaring.pengaduan.models import Complaint, ComplaintEvidence, Status
from jaring.pengaduan.policy import complaint_policy
from jaring.pengaduan.routing import OfficeRef
from jaring.pengaduan.selectors import (
    INBOX_MINE,
    INBOX_REGION,
    InboxFilter,
    complaint_can_handle,
    complaint_get,
    complaint_inbox,
    complaint_links,
)
from jaring.pengaduan.stats import LEVEL_LABELS, LEVELS, complaint_statistics, statistics_xlsx
from jaring.web.access import forbidden, has_staff_role, not_found

NOT_FOUND = "Pengaduan tidak ditemukan di wilayah Anda."


def desk_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff roles and inspectorate officers; anyone else is sent to log in or refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        desk = desk_for(request.user)
        if desk.is_empty and not has_staff_role(request.user):
            return forbidden(request, "Akun Anda tidak memiliki akses ke layanan pengaduan.")
        return view(request, desk, *args, **kwargs)

    return wrapper


@require_GET
@desk_required
def inbox(request: HttpRequest, desk: Desk) -> HttpResponse:
    policy = complaint_policy()
    filters = InboxFilter(
        view=INBOX_REGION if request.GET.get("lihat") == INBOX_REGION else INBOX_MINE,
        status=request.GET.get("status", "terbuka"),
        category=request.GET.get("kategori", "")
        if request.GET.get("kategori") in policy.categories
        else "",
        overdue=request.GET.get("terlambat") == "1",
        assigned_to_me=request.GET.get("saya") == "1",
    )
    page = Paginator(complaint_inbox(desk=desk, filters=filters), 50).get_page(
        request.GET.get("hal")
    )
    for item in page.object_list:
        item.category_label = policy.category_label(item.category)
    context = {
        "page": page,
        "filters": filters,
        "categories": policy.categories,
        "statuses": Status.choices,
        "now": timezone.now(),
        "offices": sorted(o.label + (f" {o.code}" if o.code else "") for o in desk.offices),
    }
    return render(request, "pengaduan/staff/inbox.html", context)


def _track_url(request: HttpRequest, complaint: Complaint) -> str:
    return request.build_absolute_uri(
        reverse("pengaduan_publik:track-detail", args=[complaint.reference])
    )


def _assignable(complaint: Complaint) -> list[Any]:
    office = OfficeRef(complaint.office_kind, complaint.office_code)
    users = {u.pk: u for u in office_members(office)}
    users.update({u.pk: u for u in investigators_covering(complaint.region_code)})
    return sorted(users.values(), key=lambda u: u.username)


def _detail_context(desk: Desk, complaint: Complaint) -> dict[str, Any]:
    policy = complaint_policy()
    can_handle = complaint_can_handle(desk=desk, complaint=complaint)
    evidence = list(ComplaintEvidence.objects.filter(complaint=complaint))
    entries = list(complaint.entries.all())
    return {
        "complaint": complaint,
        "category": policy.category_label(complaint.category),
        "reported": policy.reported_offices.get(complaint.reported_office),
        "office": OfficeRef(complaint.office_kind, complaint.office_code),
        "can_handle": can_handle,
        "can_reveal": desk.investigator and complaint.assigned_to_id == desk.user_id,
        "evidence": evidence,
        "entries": entries if can_handle else [e for e in entries if e.is_public],
        "links": complaint_links(complaint),
        "kk_masked": mask_identity(complaint.keluarga.kk) if complaint.keluarga else "",
        "status_form": StatusForm(current=complaint.status),
        "assign_form": AssignForm(
            users=_assignable(complaint) if can_handle else [],
            initial={"assignee": complaint.assigned_to_id},
        ),
        "link_form": LinkForm(
            initial={"usulan_ref": complaint.usulan_ref, "penyaluran_ref": complaint.penyaluran_ref}
        ),
        "text_form": TextForm(),
    }


@require_GET
@desk_required
def detail(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    complaint = complaint_get(desk=desk, complaint_id=pk)
    if complaint is None:
        return not_found(request, NOT_FOUND)
    return render(request, "pengaduan/staff/detail.html", _detail_context(desk, complaint))


def _act(
    request: HttpRequest, desk: Desk, pk: int, action: Callable[[], Any], done: str
) -> HttpResponse:
    try:
        action()
    except services.ComplaintNotFound:
        return not_found(request, NOT_FOUND)
    except services.ComplaintRefused as refused:
        complaint = complaint_get(desk=desk, complaint_id=pk)
        if complaint is None:
            return not_found(request, NOT_FOUND)
        context = {**_detail_context(desk, complaint), "error": refused.message}
        return render(request, "pengaduan/staff/detail.html", context, status=400)
    messages.success(request, done)
    return redirect("pengaduan:detail", pk=pk)


def _invalid(request: HttpRequest, desk: Desk, pk: int, form: Any) -> HttpResponse:
    complaint = complaint_get(desk=desk, complaint_id=pk)
    if complaint is None:
        return not_found(request, NOT_FOUND)
    errors = "; ".join(str(m) for field in form.errors.values() for m in field)
    context = {**_detail_context(desk, complaint), "error": errors or "Isian tidak sah."}
    return render(request, "pengaduan/staff/detail.html", context, status=400)


@require_POST
@desk_required
def set_status(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    complaint = complaint_get(desk=desk, complaint_id=pk)
    if complaint is None:
        return not_found(request, NOT_FOUND)
    form = StatusForm(request.POST, current=complaint.status)
    if not form.is_valid():
        return _invalid(request, desk, pk, form)
    return _act(
        request,
        desk,
        pk,
        lambda: services.complaint_set_status(
            desk=desk,
            complaint_id=pk,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            track_url=_track_url(request, complaint),
        ),
        "Status pengaduan diperbarui.",
    )


@require_POST
@desk_required
def reply(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    complaint = complaint_get(desk=desk, complaint_id=pk)
    if complaint is None:
        return not_found(request, NOT_FOUND)
    form = TextForm(request.POST)
    if not form.is_valid():
        return _invalid(request, desk, pk, form)
    body, url = form.cleaned_data["body"], _track_url(request, complaint)
    return _act(
        request,
        desk,
        pk,
        lambda: services.complaint_reply(desk=desk, complaint_id=pk, body=body, track_url=url),
        "Balasan dikirim kepada pelapor.",
    )


@require_POST
@desk_required
def note(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    form = TextForm(request.POST)
    if not form.is_valid():
        return _invalid(request, desk, pk, form)
    body = form.cleaned_data["body"]
    return _act(
        request,
        desk,
        pk,
        lambda: services.complaint_note(desk=desk, complaint_id=pk, body=body),
        "Catatan internal disimpan.",
    )


@require_POST
@desk_required
def assign(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    complaint = complaint_get(desk=desk, complaint_id=pk)
    if complaint is None:
        return not_found(request, NOT_FOUND)
    form = AssignForm(request.POST, users=_assignable(complaint))
    if not form.is_valid():
        return _invalid(request, desk, pk, form)
    assignee = form.cleaned_data["assignee"]
    return _act(
        request,
        desk,
        pk,
        lambda: services.complaint_assign(desk=desk, complaint_id=pk, assignee_id=assignee),
        "Penugasan diperbarui.",
    )


@require_POST
@desk_required
def link(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _invalid(request, desk, pk, form)
    data = form.cleaned_data
    return _act(
        request,
        desk,
        pk,
        lambda: services.complaint_link(
            desk=desk,
            complaint_id=pk,
            kk=data["kk"],
            usulan_ref=data["usulan_ref"],
            penyaluran_ref=data["penyaluran_ref"],
        ),
        "Tautan diperbarui.",
    )


@require_POST
@desk_required
def reporter(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    """The reporter's identity: a POST (never a link that a prefetch could open), audited."""
    try:
        person = services.reporter_reveal(desk=desk, complaint_id=pk)
    except services.ComplaintNotFound:
        return not_found(request, NOT_FOUND)
    except services.ComplaintRefused as refused:
        return forbidden(request, refused.message)
    complaint = Complaint.objects.get(pk=pk)
    response = render(
        request, "pengaduan/staff/reporter.html", {"complaint": complaint, "person": person}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@desk_required
def evidence(request: HttpRequest, desk: Desk, pk: int, evidence_pk: int) -> HttpResponse:
    try:
        item = services.evidence_open(desk=desk, complaint_id=pk, evidence_id=evidence_pk)
    except services.ComplaintNotFound:
        return not_found(request, NOT_FOUND)
    return private_file_response(
        item.file, download_name=f"bukti-{pk}-{item.pk}.{item.file.name.rsplit('.', 1)[-1]}"
    )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _stats(request: HttpRequest, desk: Desk) -> Any:
    policy = complaint_policy()
    level = request.GET.get("tingkat", "kabupaten_kota")
    category = request.GET.get("kategori", "")
    return complaint_statistics(
        scope=desk.scope,
        date_from=_date(request.GET.get("dari")),
        date_to=_date(request.GET.get("sampai")),
        level=level if level in LEVELS else "kabupaten_kota",
        category=category if category in policy.categories else "",
        per_month=request.GET.get("per_bulan") == "1",
    )


@require_GET
@desk_required
def stats_page(request: HttpRequest, desk: Desk) -> HttpResponse:
    table = _stats(request, desk)
    context = {
        "table": table,
        "levels": LEVEL_LABELS,
        "categories": complaint_policy().categories,
        "query": request.GET.urlencode(),
        "category": request.GET.get("kategori", ""),
    }
    return render(request, "pengaduan/staff/stats.html", context)


@require_GET
@desk_required
def stats_xlsx(request: HttpRequest, desk: Desk) -> HttpResponse:
    content = statistics_xlsx(_stats(request, desk))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="statistik-pengaduan.xlsx"'
    return response
