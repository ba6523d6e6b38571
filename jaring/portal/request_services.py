"""Citizen requests (usul, sanggah): created by verified citizens, audited, with a reference."""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.names import normalize_name
from jaring.core.scope import AccessScope
from jaring.portal.models import CitizenAccount, CitizenRequest
from jaring.registry.models import Anggota

PREFIX = {CitizenRequest.Kind.USUL: "USL", CitizenRequest.Kind.SANGGAH: "SGH"}
# No 0/O or 1/I: references are read out over the phone to the call centre.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class RequestRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _reference(kind: str) -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX[kind]}-{timezone.localdate():%Y}-{code}"


def citizen_request_create(
    *,
    account: CitizenAccount,
    kind: str,
    subject_name: str,
    reason: str,
    document: ContentFile | None = None,
) -> CitizenRequest:
    if account.status != CitizenAccount.Status.TERVERIFIKASI or not account.region_code:
        raise RequestRefused("Akun Anda harus terverifikasi sebelum mengajukan usulan/sanggahan.")
    if not normalize_name(subject_name) or not reason.strip():
        raise RequestRefused("Isi nama dan alasan.")
    if kind == CitizenRequest.Kind.SANGGAH:
        # Only a person registered in the citizen's own desa, matched by the full name.
        exists = Anggota.objects.filter(
            keluarga__region_id=account.region_code,
            name_normalized=normalize_name(subject_name),
            alive=True,
        ).exists()
        if not exists:
            raise RequestRefused(
                "Nama tersebut tidak tercatat di desa/kelurahan Anda. Tulis nama lengkap sesuai "
                "data penerima."
            )
    scope = AccessScope(
        role="warga", region_prefix=account.region_code, user_id=account.user_id, username="warga"
    )
    with transaction.atomic():
        request = CitizenRequest(
            reference=_reference(kind),
            kind=kind,
            account=account,
            region_code=account.region_code,
            subject_name=subject_name.strip(),
            reason=reason.strip(),
        )
        if document is not None:
            request.document.save(document.name, document, save=False)
        request.save()
        audit_record(
            scope=scope,
            change=Change(
                action=f"portal.citizen_{kind}",
                object_type="portal.citizenrequest",
                object_id=request.reference,
                region_code=request.region_code,
                after={"kind": kind, "status": request.status},
            ),
        )
    return request


def citizen_request_set_status(
    *, scope: AccessScope, request: CitizenRequest, status: str, note: str = ""
) -> CitizenRequest:
    scope.check(request.region_code)
    with transaction.atomic():
        before = request.status
        request.status = CitizenRequest.Status(status).value
        request.status_note = note
        request.save(update_fields=["status", "status_note", "updated_at"])
        audit_record(
            scope=scope,
            change=Change(
                action="portal.citizen_request_status",
                object_type="portal.citizenrequest",
                object_id=request.reference,
                region_code=request.region_code,
                before={"status": before},
                after={"status": request.status, "note": note},
            ),
        )
    return request
