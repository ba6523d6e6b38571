"""Write use-cases of the proposal workflow: submit, move a step, attach documents, escalate.

Each is one transaction, audited through jaring.core.audit (object_type "usulan", object_id the
reference), and records a visible UsulanStep. Citizens' proposals keep their portal request
(reference and status page) in step with the proposal.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.names import normalize_name
from jaring.core.scope import AccessScope, OutOfScope
from jaring.notify.services import notify_citizen
from jaring.registry.models import Anggota
from jaring.usulan.checks import check_proposal, eligibility_preview, registry_record_for
from jaring.usulan.models import (
    FINAL_STATUSES,
    DocumentType,
    Kind,
    Source,
    Status,
    Usulan,
    UsulanDocument,
    UsulanStep,
)
from jaring.usulan.policy import usulan_policy
from jaring.usulan.workflow import TransitionRefused, check_transition

PREFIX = {Kind.BARU: "USB", Kind.PERUBAHAN: "USP", Kind.HAPUS: "USH", Kind.SANGGAH: "SGH"}
# No 0/O or 1/I: references are read out over the phone to the call centre.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class SubmissionRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def new_reference(kind: str) -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX[Kind(kind)]}-{timezone.localdate():%Y}-{code}"


def _citizen_status(status: str) -> str:
    if status == Status.DITETAPKAN:
        return "selesai"
    if status == Status.DITOLAK:
        return "ditolak"
    if status in (Status.DIAJUKAN, Status.PERLU_PERBAIKAN):
        return "diterima"
    return "diverifikasi"


def sync_citizen_request(usulan: Usulan, note: str) -> None:
    """The citizen's portal request mirrors the proposal (same reference, plain status)."""
    request = usulan.citizen_request
    if request is None:
        return
    label = Status(usulan.status).label
    request.status = _citizen_status(usulan.status)
    request.status_note = (f"{label}. {note}".strip() if note else label)[:300]
    request.save(update_fields=["status", "status_note", "updated_at"])


def _step(
    usulan: Usulan,
    *,
    scope: AccessScope,
    action: str,
    before: str,
    note: str,
    data: dict[str, Any] | None,
    at: datetime,
) -> UsulanStep:
    return UsulanStep(
        usulan=usulan,
        action=action,
        from_status=before,
        to_status=usulan.status,
        actor_name=scope.username or scope.role,
        actor_role=scope.role,
        note=note,
        data=data or {},
        at=at,
    )


def _audit(scope: AccessScope, usulan: Usulan, action: str, before: Any, after: Any, note: str):
    audit_record(
        scope=scope,
        change=Change(
            action=f"usulan.{action}",
            object_type="usulan",
            object_id=usulan.reference,
            region_code=usulan.region_code,
            before=before,
            after=after,
            note=note[:500],
        ),
    )


def usulan_submit(
    *,
    scope: AccessScope,
    kind: str,
    source: str,
    reason: str,
    household: dict[str, Any] | None = None,
    kk: str = "",
    change_type: str = "",
    program: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    submitted_by: Any = None,
    citizen_request: Any = None,
    reference: str = "",
) -> Usulan:
    """Check and store a proposal; SubmissionRefused lists every problem (nothing stored)."""
    if not reason.strip():
        raise SubmissionRefused(["Tuliskan alasan usulan."])
    if source not in Source.values:
        raise SubmissionRefused([f"Sumber usulan '{source}' tidak dikenal."])
    checked = check_proposal(
        scope=scope,
        kind=kind,
        household=household,
        kk=kk,
        change_type=change_type,
        program=program,
    )
    if checked.errors:
        raise SubmissionRefused(checked.errors)
    preview_record = checked.household or registry_record_for(checked.kk)
    preview = eligibility_preview([preview_record])[0] if preview_record else {}
    now = timezone.now()
    try:
        with transaction.atomic():
            usulan = Usulan.objects.create(
                reference=reference or new_reference(kind),
                kind=kind,
                change_type=change_type,
                program=program or "DTKS",
                source=source,
                region_code=checked.region_code,
                kk=checked.kk,
                subject_nik=checked.subject_nik,
                subject_name=checked.subject_name,
                reason=reason.strip(),
                household=checked.household,
                checks=checked.warnings,
                eligibility=preview,
                status=Status.DIAJUKAN,
                step_entered_at=now,
                submitted_by=submitted_by,
                citizen_request=citizen_request,
                contact_email=contact_email,
                contact_phone=contact_phone,
            )
            UsulanStep.objects.create(
                usulan=usulan,
                action="ajukan",
                to_status=usulan.status,
                actor_name=scope.username or scope.role,
                actor_role=scope.role,
                note=reason.strip()[:2000],
                data={"peringatan": checked.warnings},
                at=now,
            )
            _audit(scope, usulan, "ajukan", None, {"kind": kind, "status": usulan.status}, "")
            sync_citizen_request(usulan, "")
    except IntegrityError as error:  # a concurrent twin won the one-open-per-KK constraint
        raise SubmissionRefused(["Sudah ada usulan terbuka untuk KK ini."]) from error
    return usulan


def usulan_submit_pending(
    *,
    scope: AccessScope,
    region_code: str,
    subject_name: str,
    reason: str,
    citizen_request: Any = None,
    reference: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Usulan:
    """A citizen's "usul": a new family known only by name; the desa operator completes the
    household data (usulan_household_set) before the desa verification can finish."""
    if not scope.covers(region_code):
        raise SubmissionRefused(["Usulan hanya untuk desa/kelurahan Anda sendiri."])
    if not subject_name.strip() or not reason.strip():
        raise SubmissionRefused(["Isi nama dan alasan."])
    warnings = ["Data keluarga (KK dan anggota) dilengkapi operator desa saat verifikasi."]
    if Anggota.objects.filter(
        keluarga__region_id=region_code, name_normalized=normalize_name(subject_name)
    ).exists():
        warnings.append("Nama yang sama sudah tercatat di DTKS desa ini; periksa apakah ganda.")
    now = timezone.now()
    with transaction.atomic():
        usulan = Usulan.objects.create(
            reference=reference or new_reference(Kind.BARU),
            kind=Kind.BARU,
            program="DTKS",
            source=Source.WARGA,
            region_code=region_code,
            subject_name=subject_name.strip(),
            reason=reason.strip(),
            checks=warnings,
            step_entered_at=now,
            citizen_request=citizen_request,
            contact_email=contact_email,
            contact_phone=contact_phone,
        )
        _step(
            usulan, scope=scope, action="ajukan", before="", note=reason.strip(), data={}, at=now
        ).save()
        _audit(scope, usulan, "ajukan", None, {"kind": usulan.kind, "status": usulan.status}, "")
        sync_citizen_request(usulan, "")
    return usulan


def usulan_household_set(
    *, scope: AccessScope, usulan_id: int, household: dict[str, Any], program: str = ""
) -> Usulan:
    """The desa operator fills in (or corrects) the proposed household while it is at the desa."""
    with transaction.atomic():
        usulan = _locked(scope, usulan_id)
        if usulan.kind not in (Kind.BARU, Kind.PERUBAHAN):
            raise TransitionRefused("Usulan ini tidak memuat data keluarga.")
        if usulan.status not in (Status.DIAJUKAN, Status.VERIFIKASI_DESA, Status.PERLU_PERBAIKAN):
            raise TransitionRefused("Data keluarga hanya dapat diubah selama usulan di desa.")
        if scope.role not in ("operator_desa", "superuser"):
            raise TransitionRefused("Data keluarga dilengkapi oleh operator desa.")
        checked = check_proposal(
            scope=scope,
            kind=usulan.kind,
            household=household,
            change_type=usulan.change_type,
            program=program if program and program != "DTKS" else "",
            region_code=usulan.region_code,
            exclude_id=usulan.pk,
        )
        if checked.errors:
            raise SubmissionRefused(checked.errors)
        if usulan.kk and checked.kk != usulan.kk:
            raise SubmissionRefused(["Nomor KK usulan tidak dapat diganti."])
        before = {"kk": usulan.kk, "household": usulan.household}
        usulan.kk = checked.kk
        usulan.subject_nik, usulan.subject_name = checked.subject_nik, checked.subject_name
        usulan.household = checked.household
        usulan.checks = checked.warnings
        usulan.program = program or usulan.program
        usulan.eligibility = eligibility_preview([checked.household])[0]
        try:
            with transaction.atomic():
                usulan.save()
        except IntegrityError as error:
            raise SubmissionRefused(["Sudah ada usulan terbuka untuk KK ini."]) from error
        _audit(scope, usulan, "data_keluarga", before, {"kk": usulan.kk}, "")
    return usulan


def _locked(scope: AccessScope, usulan_id: int) -> Usulan:
    usulan = Usulan.objects.select_for_update().filter(pk=usulan_id).first()
    if usulan is None or not scope.covers(usulan.region_code):
        raise OutOfScope(str(usulan_id))
    return usulan


def _validate_extras(usulan: Usulan, transition: Any, data: dict[str, Any]) -> None:
    policy = usulan_policy()
    needs_household = usulan.kind in (Kind.BARU, Kind.PERUBAHAN)
    if transition.needs_documents and needs_household and not usulan.household:
        raise TransitionRefused("Lengkapi data keluarga (KK dan anggota) terlebih dahulu.")
    if transition.needs_documents:
        have = set(usulan.documents.values_list("doc_type", flat=True))
        wanted = policy.required_documents(
            kind=usulan.kind, change_type=usulan.change_type, program=usulan.program
        )
        missing = [DocumentType(d).label for d in wanted if d not in have]
        if missing:
            raise TransitionRefused("Dokumen belum lengkap: " + ", ".join(missing) + ".")
    if transition.needs_field_visit:
        answers = data.get("checklist") or {}
        unanswered = [item for item in policy.checklist if answers.get(item) not in ("ya", "tidak")]
        if unanswered:
            raise TransitionRefused(
                "Lengkapi daftar periksa kunjungan lapangan: " + "; ".join(unanswered) + "."
            )
        if not str(data.get("temuan", "")).strip():
            raise TransitionRefused("Tuliskan temuan kunjungan lapangan.")


def usulan_transition(
    *,
    scope: AccessScope,
    usulan_id: int,
    action: str,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> Usulan:
    """Move one proposal a step. TransitionRefused (Indonesian) for an illegal move, OutOfScope
    (shown as 404) for a proposal outside the caller's region."""
    data = data or {}
    with transaction.atomic():
        usulan = _locked(scope, usulan_id)
        role = scope.role
        if role == "warga" and usulan.source != Source.WARGA:
            raise TransitionRefused("Usulan ini hanya dapat diperbaiki oleh operator desa.")
        transition = check_transition(action=action, status=usulan.status, role=role)
        if transition.note_required and not note.strip():
            raise TransitionRefused(f"Tuliskan alasan/catatan untuk '{transition.label}'.")
        _validate_extras(usulan, transition, data)
        before = usulan.status
        now = timezone.now()
        usulan.status = transition.target
        usulan.is_open = usulan.status not in FINAL_STATUSES
        usulan.step_entered_at = now
        usulan.escalated_at = None
        if usulan.status == Status.DITOLAK:
            usulan.outcome_reason = note.strip()
        usulan.save()
        _step(
            usulan, scope=scope, action=action, before=before, note=note, data=data, at=now
        ).save()
        _audit(scope, usulan, action, {"status": before}, {"status": usulan.status}, note)
        sync_citizen_request(usulan, note)
        if usulan.status in FINAL_STATUSES:
            from jaring.usulan.decisions import decisions_notify

            decisions_notify(scope=scope, usulan_ids=[usulan.pk])
        if usulan.status in (Status.DITOLAK, Status.PERLU_PERBAIKAN):
            _notify_step(usulan, note)
    return usulan


def _notify_step(usulan: Usulan, note: str) -> None:
    if usulan.status == Status.DITOLAK:
        body = (
            f"Usulan {usulan.reference} ({usulan.get_kind_display().lower()}) tidak dapat "
            f"dilanjutkan. Alasan: {note.strip()}. Anda dapat bertanya ke kantor desa/kelurahan "
            "atau call centre 1500-111. Pendaftaran bansos tidak dipungut biaya."
        )
    else:
        body = (
            f"Usulan {usulan.reference} perlu diperbaiki: {note.strip()}. Perbaiki lewat akun "
            "warga atau kantor desa/kelurahan."
        )
    notify_citizen(
        email=usulan.contact_email,
        phone=usulan.contact_phone,
        subject=f"Usulan {usulan.reference}",
        body=body,
        topic="usulan",
        key=f"usulan:{usulan.reference}:{usulan.status}:{usulan.steps.count()}",
    )


def usulan_transition_many(
    *, scope: AccessScope, usulan_ids: Iterable[int], action: str, note: str = ""
) -> tuple[list[Usulan], list[tuple[int, str]]]:
    """Bulk action from a work queue: each proposal moves or is listed with why it did not."""
    done: list[Usulan] = []
    refused: list[tuple[int, str]] = []
    for usulan_id in dict.fromkeys(usulan_ids):
        try:
            done.append(
                usulan_transition(scope=scope, usulan_id=usulan_id, action=action, note=note)
            )
        except TransitionRefused as error:
            refused.append((usulan_id, error.message))
        except OutOfScope:
            refused.append((usulan_id, "Usulan tidak ditemukan di wilayah Anda."))
    return done, refused


def usulan_resubmit(
    *,
    scope: AccessScope,
    usulan_id: int,
    note: str,
    household: dict[str, Any] | None = None,
) -> Usulan:
    """The submitter's repair: new data (checked again) and back to diajukan."""
    with transaction.atomic():
        usulan = _locked(scope, usulan_id)
        if household is not None and usulan.kind in (Kind.BARU, Kind.PERUBAHAN):
            checked = check_proposal(
                scope=scope,
                kind=usulan.kind,
                household=household,
                change_type=usulan.change_type,
                program=usulan.program if usulan.program != "DTKS" else "",
                exclude_id=usulan.pk,
            )
            if checked.errors:
                raise SubmissionRefused(checked.errors)
            if checked.kk != usulan.kk or checked.region_code != usulan.region_code:
                raise SubmissionRefused(["Nomor KK dan desa tidak dapat diubah saat perbaikan."])
            usulan.household = checked.household
            usulan.checks = checked.warnings
            usulan.eligibility = eligibility_preview([checked.household])[0]
            usulan.save(update_fields=["household", "checks", "eligibility", "updated_at"])
    return usulan_transition(scope=scope, usulan_id=usulan_id, action="ajukan_ulang", note=note)


def usulan_document_add(
    *, scope: AccessScope, usulan_id: int, doc_type: str, content: ContentFile, name: str
) -> UsulanDocument:
    """Attach a checked upload (jaring.core.uploads.check_upload) to an open proposal."""
    if doc_type not in DocumentType.values:
        raise TransitionRefused("Jenis dokumen tidak dikenal.")
    with transaction.atomic():
        usulan = _locked(scope, usulan_id)
        if not usulan.is_open:
            raise TransitionRefused("Usulan sudah selesai; dokumen tidak dapat ditambah.")
        document = UsulanDocument(
            usulan=usulan,
            doc_type=doc_type,
            original_name=name[:200],
            uploaded_by=scope.username or scope.role,
        )
        document.file.save(content.name or name, content, save=False)
        document.save()
        _audit(scope, usulan, "dokumen", None, {"doc_type": doc_type}, "")
    return document
