"""Citizen account use-cases: register, confirm the e-mail, verify against the registry.

Each runs in one transaction and is audited with masked identity numbers.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.identity import mask_identity
from jaring.core.names import normalize_name
from jaring.core.scope import AccessScope, OutOfScope
from jaring.portal.models import CitizenAccount
from jaring.registry.models import Anggota

EMAIL_SALT = "jaring.portal.citizen-email"
EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600


class TokenInvalid(Exception):
    """The e-mail confirmation link is broken or expired."""


def _citizen_scope(account: CitizenAccount) -> AccessScope:
    return AccessScope(role="warga", region_prefix="-", user_id=account.user_id, username="warga")


def email_token(account: CitizenAccount) -> str:
    return signing.dumps({"id": account.pk, "email": account.user.email}, salt=EMAIL_SALT)


def citizen_register(
    *,
    nik: str,
    kk: str,
    full_name: str,
    email: str,
    password: str,
    ktp_photo: ContentFile,
    selfie: ContentFile,
    confirm_base_url: str,
) -> CitizenAccount:
    """Create the login (inactive until the e-mail is confirmed) and the account; mail the link."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=email, email=email, password=password, is_active=False
        )
        account = CitizenAccount(user=user, nik=nik, kk=kk, full_name=full_name)
        account.ktp_photo.save(ktp_photo.name, ktp_photo, save=False)
        account.selfie.save(selfie.name, selfie, save=False)
        account.save()
        audit_record(
            scope=_citizen_scope(account),
            change=Change(
                action="portal.citizen_register",
                object_type="portal.citizenaccount",
                object_id=str(account.pk),
                after={"nik": mask_identity(nik), "kk": mask_identity(kk)},
            ),
        )
        link = confirm_base_url + reverse("portal:citizen-confirm", args=[email_token(account)])
        transaction.on_commit(
            lambda: send_mail(
                "Konfirmasi e-mail akun Jaring",
                f"Halo {full_name},\n\nBuka tautan ini untuk mengaktifkan akun Anda:\n{link}\n\n"
                "Tautan berlaku 3 hari. Pendaftaran gratis; jangan berikan kata sandi, kartu KKS, "
                "atau PIN kepada siapa pun.",
                None,
                [email],
            )
        )
    return account


def citizen_confirm_email(*, token: str) -> CitizenAccount:
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=EMAIL_TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise TokenInvalid from error
    with transaction.atomic():
        account = CitizenAccount.objects.select_related("user").filter(pk=data.get("id")).first()
        if account is None or account.user.email != data.get("email"):
            raise TokenInvalid
        if account.email_verified_at is None:
            account.email_verified_at = timezone.now()
            account.save(update_fields=["email_verified_at"])
            account.user.is_active = True
            account.user.save(update_fields=["is_active"])
            audit_record(
                scope=_citizen_scope(account),
                change=Change(
                    action="portal.citizen_confirm_email",
                    object_type="portal.citizenaccount",
                    object_id=str(account.pk),
                ),
            )
    return account


def citizen_verify(*, scope: AccessScope, account: CitizenAccount) -> CitizenAccount:
    """Match the account to the registry: the NIK must be a living member of the KK it named,
    with the same normalised name. Verified or rejected, with the reason in Indonesian."""
    member = (
        Anggota.objects.select_related("keluarga")
        .filter(nik=account.nik, keluarga__kk=account.kk, alive=True)
        .first()
    )
    if member is not None and not scope.covers(member.keluarga.region_id):
        raise OutOfScope(member.keluarga.region_id)
    if member is None and not scope.is_national:
        raise OutOfScope(account.kk[:6])  # only national staff may reject an unknown NIK
    with transaction.atomic():
        before = account.status
        if member is None:
            account.status = CitizenAccount.Status.DITOLAK
            account.status_note = "NIK tidak tercatat sebagai anggota KK tersebut di registri."
        elif member.name_normalized != normalize_name(account.full_name):
            account.status = CitizenAccount.Status.DITOLAK
            account.status_note = "Nama tidak sama dengan nama di registri."
        else:
            account.status = CitizenAccount.Status.TERVERIFIKASI
            account.status_note = ""
            account.region_code = member.keluarga.region_id
        account.verified_by = scope.username or scope.role
        account.verified_at = timezone.now()
        account.save()
        audit_record(
            scope=scope,
            change=Change(
                action="portal.citizen_verify",
                object_type="portal.citizenaccount",
                object_id=str(account.pk),
                region_code=account.region_code,
                before={"status": before},
                after={"status": account.status, "note": account.status_note},
            ),
        )
    return account
