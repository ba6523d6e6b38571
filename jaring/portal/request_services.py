"""Citizen requests (usul, sanggah) become proposals of the usulan workflow.

The portal's CitizenRequest stays the citizen's handle (reference number, plain status shown on
the account page); the proposal (jaring.usulan.models.Usulan, same reference) carries the
workflow, and every step updates the request in the same transaction.
"""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

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


def citizen_scope(account: CitizenAccount) -> AccessScope:
    """A citizen acts within their own desa, under the role the workflow knows as "warga"."""
    return AccessScope(
        role="warga", region_prefix=account.region_code, user_id=account.user_id, username="warga"
    )


def citizen_request_create(
    *,
    account: CitizenAccount,
    kind: str,
    subject_name: str,
    reason: str,
    document: ContentFile | None = None,
    phone: str = "",
) -> CitizenRequest:
    """Store the request and its proposal together. A usul is a proposal of a new family whose
    data the desa operator completes at the musyawarah; a sanggah objects to a family registered
    in the citizen's own desa (found by the member's full name)."""
    from jaring.usulan.models import DocumentType, Kind, Source
    from jaring.usulan.services import SubmissionRefused, usulan_submit, usulan_submit_pending

    if account.status != CitizenAccount.Status.TERVERIFIKASI or not account.region_code:
        raise RequestRefused("Akun Anda harus terverifikasi sebelum mengajukan usulan/sanggahan.")
    if not normalize_name(subject_name) or not reason.strip():
        raise RequestRefused("Isi nama dan alasan.")
    kk = ""
    if kind == CitizenRequest.Kind.SANGGAH:
        # Only a person registered in the citizen's own desa, matched by the full name.
        kk = (
            Anggota.objects.filter(
                keluarga__region_id=account.region_code,
                name_normalized=normalize_name(subject_name),
                alive=True,
            )
            .values_list("keluarga__kk", flat=True)
            .first()
            or ""
        )
        if not kk:
            raise RequestRefused(
                "Nama tersebut tidak tercatat di desa/kelurahan Anda. Tulis nama lengkap sesuai "
                "data penerima."
            )
    scope = citizen_scope(account)
    contact = {"contact_email": account.user.email, "contact_phone": phone}
    try:
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
            if kind == CitizenRequest.Kind.SANGGAH:
                usulan = usulan_submit(
                    scope=scope,
                    kind=Kind.SANGGAH,
                    source=Source.WARGA,
                    reason=reason,
                    kk=kk,
                    citizen_request=request,
                    reference=request.reference,
                    **contact,
                )
            else:
                usulan = usulan_submit_pending(
                    scope=scope,
                    region_code=account.region_code,
                    subject_name=subject_name.strip(),
                    reason=reason,
                    citizen_request=request,
                    reference=request.reference,
                    **contact,
                )
            if document is not None:
                from jaring.usulan.models import UsulanDocument

                UsulanDocument.objects.create(
                    usulan=usulan,
                    doc_type=DocumentType.LAINNYA,
                    file=request.document.name,
                    original_name="dokumen warga",
                    uploaded_by="warga",
                )
    except SubmissionRefused as refused:
        raise RequestRefused(" ".join(refused.problems)) from refused
    return request
