"""Reads of the complaint service: the inbox, one complaint, the public tracking view.

Staff reads take a Desk (jaring.pengaduan.access); the public tracking view takes only the
reference and returns nothing but status, dates and public replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from jaring.pengaduan.access import Desk
from jaring.pengaduan.models import OPEN_STATUSES, Complaint, Entry, Office, Status
from jaring.pengaduan.policy import complaint_policy
from jaring.pengaduan.reference import normalize_reference

INBOX_MINE = "kantor"  # my office's complaints (and those assigned to me)
INBOX_REGION = "wilayah"  # everything I may see in my region


@dataclass(frozen=True, slots=True)
class InboxFilter:
    view: str = INBOX_MINE
    status: str = ""  # a Status value, "terbuka" (open) or "" (all)
    category: str = ""
    overdue: bool = False
    assigned_to_me: bool = False


def complaint_inbox(*, desk: Desk, filters: InboxFilter) -> QuerySet[Complaint]:
    if desk.is_empty and desk.scope.region_prefix == "-":
        return Complaint.objects.none()
    qs = Complaint.objects.filter(desk.visible_q())
    if filters.view == INBOX_MINE and not desk.superuser:
        mine = Complaint.objects.none()
        for office in desk.offices:
            mine |= Complaint.objects.filter(office_kind=office.kind, office_code=office.code)
        mine |= Complaint.objects.filter(assigned_to_id=desk.user_id)
        qs = qs & mine
    if filters.status == "terbuka":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
    if filters.assigned_to_me:
        qs = qs.filter(assigned_to_id=desk.user_id)
    return qs.select_related("assigned_to").order_by("due_at", "pk")


def complaint_get(*, desk: Desk, complaint_id: int) -> Complaint | None:
    """One complaint the caller may see, or None (missing and out of scope look the same)."""
    if desk.is_empty and desk.scope.region_prefix == "-":
        return None
    return (
        Complaint.objects.filter(desk.visible_q(), pk=complaint_id)
        .select_related("assigned_to", "keluarga")
        .first()
    )


def complaint_can_handle(*, desk: Desk, complaint: Complaint) -> bool:
    return (
        desk.superuser
        or desk.works_in(complaint.office_kind, complaint.office_code)
        or (desk.user_id is not None and complaint.assigned_to_id == desk.user_id)
    )


@dataclass(frozen=True, slots=True)
class LinkedReference:
    value: str
    found: bool
    label: str


def _resolve(value: str, candidates: tuple[tuple[str, str, str], ...]) -> LinkedReference:
    """Look a reference string up in whichever of the (app, model, field) candidates exist:
    the proposal and payment apps are built alongside this one."""
    if not value:
        return LinkedReference("", False, "")
    for app_label, model_name, field in candidates:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        if field not in {f.name for f in model._meta.get_fields()}:
            continue
        row = model.objects.filter(**{field: value}).first()
        if row is not None:
            return LinkedReference(value, True, f"{model._meta.verbose_name}: {row}")
    return LinkedReference(value, False, "belum ditemukan di sistem")


USULAN_MODELS = (
    ("usulan", "Usulan", "reference"),
    ("usulan", "Proposal", "reference"),
    ("portal", "CitizenRequest", "reference"),
)
PENYALURAN_MODELS = (
    ("penyaluran", "Payment", "reference"),
    ("penyaluran", "Penyaluran", "reference"),
    ("penyaluran", "Disbursement", "reference"),
)


def complaint_links(complaint: Complaint) -> dict[str, LinkedReference]:
    return {
        "usulan": _resolve(complaint.usulan_ref, USULAN_MODELS),
        "penyaluran": _resolve(complaint.penyaluran_ref, PENYALURAN_MODELS),
    }


@dataclass(frozen=True, slots=True)
class PublicEntry:
    at: datetime
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class PublicView:
    """What the tracking page may show: no description, no names, no contact, no notes."""

    reference: str
    category: str
    status: str
    status_label: str
    filed_on: date
    office: str
    due_on: date | None
    entries: list[PublicEntry]


def complaint_public_view(*, reference: str) -> PublicView | None:
    canonical = normalize_reference(reference)
    if canonical is None:
        return None
    complaint = Complaint.objects.filter(reference=canonical).first()
    if complaint is None:
        return None
    entries = []
    for entry in Entry.objects.filter(complaint=complaint, is_public=True).order_by(
        "created_at", "pk"
    ):
        if entry.kind == Entry.Kind.STATUS:
            title = f"Status: {Status(entry.status_to).label}"
        else:
            title = "Balasan petugas"
        entries.append(PublicEntry(at=entry.created_at, title=title, body=entry.body))
    return PublicView(
        reference=complaint.reference,
        category=complaint_policy().category_label(complaint.category),
        status=complaint.status,
        status_label=Status(complaint.status).label,
        filed_on=timezone.localdate(complaint.created_at),
        office=Office(complaint.office_kind).label,
        due_on=timezone.localdate(complaint.due_at) if complaint.is_open else None,
        entries=entries,
    )


def complaints_of_citizen(*, account: Any) -> QuerySet[Complaint]:
    """A citizen's own complaints (filed from the account), newest first."""
    return Complaint.objects.filter(reporter__citizen_account=account).order_by("-created_at")
