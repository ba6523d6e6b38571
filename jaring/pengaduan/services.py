"""Write use-cases of the complaint service; one transaction each, every change audited.

Filing (`complaint_submit`) is open to anyone; the handling use-cases take the caller's Desk and
refuse anything outside it with `ComplaintNotFound` (shown as the same 404 as a missing one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope
from jaring.notify.services import notify_citizen
from jaring.pengaduan.access import Desk
from jaring.pengaduan.models import (
    Complaint,
    ComplaintEvidence,
    ComplaintReporter,
    Entry,
    Source,
    Status,
)
from jaring.pengaduan.policy import complaint_policy
from jaring.pengaduan.reference import new_reference
from jaring.pengaduan.routing import route
from jaring.pengaduan.uploads import CheckedFile

OBJECT_TYPE = "pengaduan.complaint"

# Status workflow: diterima → diverifikasi → ditindaklanjuti → selesai, or ditolak (with a reason)
# before the follow-up starts. Closed complaints stay closed; a new complaint can be filed.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DITERIMA: frozenset({Status.DIVERIFIKASI, Status.DITOLAK}),
    Status.DIVERIFIKASI: frozenset({Status.DITINDAKLANJUTI, Status.DITOLAK}),
    Status.DITINDAKLANJUTI: frozenset({Status.SELESAI}),
    Status.SELESAI: frozenset(),
    Status.DITOLAK: frozenset(),
}


class ComplaintRefused(Exception):
    """A request that cannot be carried out; `message` is shown to the user (Indonesian)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ComplaintNotFound(ComplaintRefused):
    def __init__(self) -> None:
        super().__init__("Pengaduan tidak ditemukan di wilayah Anda.")


@dataclass(frozen=True, slots=True)
class ComplaintInput:
    category: str
    region_code: str
    description: str
    occurred_on: date | None = None
    involved: str = ""
    reported_office: str = ""
    kk: str = ""
    usulan_ref: str = ""
    penyaluran_ref: str = ""


@dataclass(frozen=True, slots=True)
class ReporterInput:
    name: str = ""
    email: str = ""
    phone: str = ""
    citizen_account_id: int | None = None


def _notify(complaint: Complaint, *, subject: str, body: str, key: str) -> None:
    """Message the reporter through the outbox; the identity never leaves this function."""
    reporter = ComplaintReporter.objects.filter(complaint=complaint).first()
    if reporter is None:
        return
    notify_citizen(
        email=reporter.email,
        phone=reporter.phone,
        subject=subject,
        body=body,
        topic="pengaduan",
        key=key,
    )


def _entry(complaint: Complaint, scope: AccessScope, kind: str, **fields: Any) -> Entry:
    return Entry.objects.create(
        complaint=complaint, kind=kind, author=scope.username or scope.role, **fields
    )


def _audit(scope: AccessScope, complaint: Complaint, action: str, **change: Any) -> None:
    audit_record(
        scope=scope,
        change=Change(
            action=f"pengaduan.{action}",
            object_type=OBJECT_TYPE,
            object_id=complaint.reference,
            region_code=complaint.region_code,
            **change,
        ),
    )


def _save_evidence(complaint: Complaint, files: list[CheckedFile]) -> list[str]:
    stored: list[str] = []
    for item in files:
        evidence = ComplaintEvidence(complaint=complaint, kind=item.kind, size=item.content.size)
        evidence.file.save(item.content.name, item.content, save=False)
        stored.append(evidence.file.name)
        evidence.save()
    return stored


def _save_with_fresh_reference(complaint: Complaint, attempts: int = 5) -> None:
    """50 random bits make a clash very unlikely; should one happen, draw again."""
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                complaint.save()
            return
        except IntegrityError:
            if (
                attempt == attempts - 1
                or not Complaint.objects.filter(reference=complaint.reference).exists()
            ):
                raise
            complaint.reference = new_reference()


def complaint_submit(
    *,
    data: ComplaintInput,
    reporter: ReporterInput | None,
    evidence: list[CheckedFile],
    source: str = Source.PUBLIK,
    track_url: str = "",
) -> Complaint:
    """File a complaint: route it, store evidence and (unless anonymous) the reporter, confirm
    by e-mail/SMS. Nothing is stored, files included, when any step fails."""
    policy = complaint_policy()
    if data.category not in policy.categories:
        raise ComplaintRefused("Pilih kategori pengaduan.")
    if data.reported_office and data.reported_office not in policy.reported_offices:
        raise ComplaintRefused("Pilihan pihak terlapor tidak dikenal.")
    if len(evidence) > policy.max_files:
        raise ComplaintRefused(f"Paling banyak {policy.max_files} berkas bukti.")
    target = route(
        policy,
        category=data.category,
        region_code=data.region_code,
        reported_office=data.reported_office,
    )
    from jaring.registry.models import Keluarga

    keluarga = Keluarga.objects.filter(kk=data.kk).first() if data.kk else None
    now = timezone.now()
    scope = AccessScope(role="publik", region_prefix=data.region_code, username="publik")
    stored: list[str] = []
    try:
        with transaction.atomic():
            complaint = Complaint(
                reference=new_reference(),
                category=data.category,
                region_code=data.region_code,
                description=data.description.strip(),
                occurred_on=data.occurred_on,
                involved=data.involved.strip(),
                reported_office=data.reported_office,
                office_kind=target.office.kind,
                office_code=target.office.code,
                anonymous=reporter is None,
                source=source,
                keluarga=keluarga,
                usulan_ref=data.usulan_ref.strip(),
                penyaluran_ref=data.penyaluran_ref.strip(),
                policy_version=target.policy_version,
                sla_days=target.sla_days,
                due_at=now + timedelta(days=target.sla_days),
            )
            _save_with_fresh_reference(complaint)
            if reporter is not None:
                ComplaintReporter.objects.create(
                    complaint=complaint,
                    name=reporter.name.strip(),
                    email=reporter.email.strip().lower(),
                    phone=reporter.phone.strip(),
                    citizen_account_id=reporter.citizen_account_id,
                )
            stored = _save_evidence(complaint, evidence)
            _entry(complaint, scope, Entry.Kind.STATUS, is_public=True, status_to=Status.DITERIMA)
            _audit(
                scope,
                complaint,
                "submit",
                after={
                    "category": complaint.category,
                    "office": f"{complaint.office_kind}:{complaint.office_code}",
                    "anonymous": complaint.anonymous,
                    "evidence": len(stored),
                    "source": source,
                },
            )
            _notify(
                complaint,
                subject=f"Pengaduan {complaint.reference} diterima",
                body=(
                    f"Pengaduan Anda diterima dengan nomor {complaint.reference}. Simpan nomor "
                    f"ini untuk melacak tindak lanjutnya{': ' + track_url if track_url else ''}. "
                    "Layanan ini gratis."
                ),
                key=f"pengaduan:{complaint.reference}:diterima",
            )
    except BaseException:
        from django.core.files.storage import default_storage

        for name in stored:  # the rows rolled back; do not leave their files behind
            default_storage.delete(name)
        raise
    return complaint


def _check_handler(desk: Desk, complaint: Complaint) -> None:
    if desk.superuser or desk.works_in(complaint.office_kind, complaint.office_code):
        return
    if desk.user_id is not None and complaint.assigned_to_id == desk.user_id:
        return
    raise ComplaintRefused("Hanya kantor penanggung jawab yang dapat menangani pengaduan ini.")


def _locked(desk: Desk, complaint_id: int) -> Complaint:
    complaint = (
        Complaint.objects.select_for_update().filter(desk.visible_q(), pk=complaint_id).first()
    )
    if complaint is None:
        raise ComplaintNotFound()
    _check_handler(desk, complaint)
    return complaint


def complaint_set_status(
    *, desk: Desk, complaint_id: int, status: str, reason: str = "", track_url: str = ""
) -> Complaint:
    """Move a complaint along the workflow. `reason` is public: the reporter reads it."""
    reason = reason.strip()
    with transaction.atomic():
        complaint = _locked(desk, complaint_id)
        before = complaint.status
        if status not in TRANSITIONS.get(before, frozenset()):
            raise ComplaintRefused(
                f"Status tidak dapat diubah dari '{Status(before).label}' ke "
                f"'{Status(status).label if status in Status.values else status}'."
            )
        if status == Status.DITOLAK and not reason:
            raise ComplaintRefused("Tulis alasan penolakan; alasan ini dikirim kepada pelapor.")
        now = timezone.now()
        complaint.status = status
        complaint.status_reason = reason[:1000]
        if status == Status.DIVERIFIKASI:
            complaint.verified_at = now
        if status in (Status.SELESAI, Status.DITOLAK):
            complaint.resolved_at = now
        complaint.save()
        _entry(
            complaint, desk.scope, Entry.Kind.STATUS, is_public=True, status_to=status, body=reason
        )
        _audit(
            desk.scope,
            complaint,
            "status",
            before={"status": before},
            after={"status": status, "reason": reason},
        )
        label = Status(status).label.lower()
        _notify(
            complaint,
            subject=f"Pengaduan {complaint.reference}: {label}",
            body=(
                f"Status pengaduan {complaint.reference} sekarang: {label}."
                + (f" Keterangan: {reason}" if reason else "")
                + (f" Lacak: {track_url}" if track_url else "")
            ),
            key=f"pengaduan:{complaint.reference}:{status}",
        )
    return complaint


def complaint_reply(*, desk: Desk, complaint_id: int, body: str, track_url: str = "") -> Entry:
    """A public reply: shown on the tracking page and sent to the reporter."""
    body = body.strip()
    if not body:
        raise ComplaintRefused("Tulis isi balasan.")
    with transaction.atomic():
        complaint = _locked(desk, complaint_id)
        entry = _entry(complaint, desk.scope, Entry.Kind.REPLY, is_public=True, body=body[:4000])
        _audit(desk.scope, complaint, "reply", after={"entry": entry.pk})
        _notify(
            complaint,
            subject=f"Balasan atas pengaduan {complaint.reference}",
            body=body[:1000] + (f" Lacak: {track_url}" if track_url else ""),
            key=f"pengaduan:{complaint.reference}:balasan:{entry.pk}",
        )
    return entry


def complaint_note(*, desk: Desk, complaint_id: int, body: str) -> Entry:
    """An internal note: never shown to the reporter."""
    body = body.strip()
    if not body:
        raise ComplaintRefused("Tulis isi catatan.")
    with transaction.atomic():
        complaint = _locked(desk, complaint_id)
        entry = _entry(complaint, desk.scope, Entry.Kind.NOTE, body=body[:4000])
        _audit(desk.scope, complaint, "note", after={"entry": entry.pk})
    return entry


def complaint_assign(*, desk: Desk, complaint_id: int, assignee_id: int | None) -> Complaint:
    """Assign to an officer of the handling office, or to an investigator covering the region."""
    from jaring.pengaduan.access import investigators_covering, office_members
    from jaring.pengaduan.routing import OfficeRef

    with transaction.atomic():
        complaint = _locked(desk, complaint_id)
        office = OfficeRef(complaint.office_kind, complaint.office_code)
        allowed = {u.pk: u for u in office_members(office)}
        allowed.update({u.pk: u for u in investigators_covering(complaint.region_code)})
        if assignee_id is not None and assignee_id not in allowed:
            raise ComplaintRefused("Petugas itu tidak dapat ditugaskan untuk pengaduan ini.")
        if not complaint.is_open:
            raise ComplaintRefused("Pengaduan yang sudah ditutup tidak dapat ditugaskan ulang.")
        before = complaint.assigned_to_id
        complaint.assigned_to_id = assignee_id
        complaint.save(update_fields=["assigned_to", "updated_at"])
        name = allowed[assignee_id].username if assignee_id is not None else "-"
        _entry(complaint, desk.scope, Entry.Kind.ASSIGN, body=f"Ditugaskan kepada {name}")
        _audit(
            desk.scope,
            complaint,
            "assign",
            before={"assigned_to": before},
            after={"assigned_to": assignee_id},
        )
    return complaint


def complaint_link(
    *, desk: Desk, complaint_id: int, kk: str = "", usulan_ref: str = "", penyaluran_ref: str = ""
) -> Complaint:
    """Link the family (by KK, within the caller's region) and proposal/payment references."""
    from jaring.registry.models import Keluarga

    with transaction.atomic():
        complaint = _locked(desk, complaint_id)
        before = {
            "keluarga": complaint.keluarga_id,
            "usulan_ref": complaint.usulan_ref,
            "penyaluran_ref": complaint.penyaluran_ref,
        }
        if kk.strip():
            families = desk.scope.filter(Keluarga.objects.filter(kk=kk.strip()))
            keluarga = None if desk.scope.region_prefix == "-" else families.first()
            if keluarga is None:
                raise ComplaintRefused("Nomor KK tidak ditemukan di wilayah Anda.")
            complaint.keluarga = keluarga
        complaint.usulan_ref = usulan_ref.strip()[:40]
        complaint.penyaluran_ref = penyaluran_ref.strip()[:40]
        complaint.save()
        after = {
            "keluarga": complaint.keluarga_id,
            "usulan_ref": complaint.usulan_ref,
            "penyaluran_ref": complaint.penyaluran_ref,
        }
        _entry(complaint, desk.scope, Entry.Kind.LINK, body="Tautan diperbarui")
        _audit(desk.scope, complaint, "link", before=before, after=after)
    return complaint


def reporter_reveal(*, desk: Desk, complaint_id: int) -> ComplaintReporter | None:
    """The reporter's identity, for the investigator assigned to the complaint only; every
    opening is written to the audit log (who, when, which complaint). None when anonymous."""
    with transaction.atomic():
        complaint = Complaint.objects.filter(desk.visible_q(), pk=complaint_id).first()
        if complaint is None:
            raise ComplaintNotFound()
        if not (desk.investigator and complaint.assigned_to_id == desk.user_id):
            raise ComplaintRefused(
                "Identitas pelapor hanya dapat dibuka oleh petugas inspektorat yang ditugaskan."
            )
        reporter = ComplaintReporter.objects.filter(complaint=complaint).first()
        _audit(desk.scope, complaint, "reporter_view", after={"anonymous": reporter is None})
    return reporter


def evidence_open(*, desk: Desk, complaint_id: int, evidence_id: int) -> ComplaintEvidence:
    """An evidence file of a visible complaint; each opening is audited."""
    with transaction.atomic():
        complaint = Complaint.objects.filter(desk.visible_q(), pk=complaint_id).first()
        evidence = (
            ComplaintEvidence.objects.filter(complaint=complaint, pk=evidence_id).first()
            if complaint is not None
            else None
        )
        if complaint is None or evidence is None:
            raise ComplaintNotFound()
        _audit(desk.scope, complaint, "evidence_view", after={"evidence": evidence.pk})
    return evidence
