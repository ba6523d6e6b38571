"""Citizen account: register with checked photos, confirm e-mail, staff verification, profile."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope
from jaring.portal.citizen_services import citizen_verify
from jaring.portal.models import CitizenAccount

PASSWORD = "Kuat-sekali-2025!"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploads land in a temporary MEDIA_ROOT (outside any web root), not in var/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def photo(name: str = "ktp.jpg", *, exif: bool = True) -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 40), (200, 120, 40))
    out = io.BytesIO()
    exif_data = Image.Exif()
    exif_data[0x010F] = "KameraRahasia"  # Make
    image.save(out, format="JPEG", exif=exif_data.tobytes() if exif else b"")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def form_data(registry: dict, **overrides: object) -> dict[str, object]:
    siti = registry["siti_members"][0]
    data: dict[str, object] = {
        "nik": siti.nik,
        "kk": registry["siti_family"].kk,
        "full_name": "Siti Aminah",
        "email": "Siti@Example.id",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "ktp_photo": photo(),
        "selfie": photo("selfie.png"),
    }
    data.update(overrides)
    return data


def register(client: Client, registry: dict, **overrides: object):  # type: ignore[no-untyped-def]
    return client.post("/warga/daftar/", form_data(registry, **overrides))


def test_register_confirm_verify_and_see_family(
    registry: dict,
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, registry)
    assert response.status_code == 302
    account = CitizenAccount.objects.get()
    assert not account.user.is_active and account.user.username == "siti@example.id"
    # Photos are re-encoded JPEGs without the uploaded EXIF, stored under MEDIA_ROOT.
    with account.ktp_photo.open("rb") as f:
        stored = Image.open(io.BytesIO(f.read()))
        assert stored.format == "JPEG" and not stored.getexif()
    assert "/uploads/" in account.ktp_photo.path
    # The e-mail link activates the login.
    [message] = mail.outbox
    link = re.search(r"http://testserver(/warga/konfirmasi/\S+/)", message.body).group(1)
    assert client.get(link).status_code == 200
    signed_in = client.post("/warga/masuk/", {"username": "siti@example.id", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/warga/akun/"
    before = client.get("/warga/akun/").content.decode()
    assert "Menunggu verifikasi" in before and "PKH" not in before
    citizen_verify(scope=AccessScope.system("staf"), account=account)
    page = client.get("/warga/akun/").content.decode()
    assert "Terverifikasi" in page
    assert "Aminah Binti Umar" in page and "ATENSI_LANSIA" in page and "PKH" in page
    assert account.nik not in page  # own NIK masked too
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"portal.citizen_register", "portal.citizen_confirm_email"} <= actions


def test_verification_rejects_a_nik_outside_the_kk(registry: dict, client: Client) -> None:
    namesake = registry["namesake"]
    register(client, registry, kk=namesake.kk)
    account = citizen_verify(scope=AccessScope.system("staf"), account=CitizenAccount.objects.get())
    assert account.status == CitizenAccount.Status.DITOLAK
    assert "tidak tercatat" in account.status_note


def test_broken_confirmation_link(db: None, client: Client) -> None:
    assert client.get("/warga/konfirmasi/palsu/").status_code == 400


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("ktp_photo", SimpleUploadedFile("ktp.jpg", b"MZ\x90\x00not an image"), "bukan berkas"),
        (
            "selfie",
            SimpleUploadedFile("s.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"),
            "bukan berkas",
        ),
        ("ktp_photo", SimpleUploadedFile("big.jpg", b"\xff" * (5 * 1024 * 1024 + 1)), "terlalu"),
    ],
)
def test_fake_or_oversized_uploads_are_refused(
    registry: dict, client: Client, field: str, upload: SimpleUploadedFile, message: str
) -> None:
    response = register(client, registry, **{field: upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CitizenAccount.objects.exists()


def test_bad_identity_numbers_and_passwords(registry: dict, client: Client) -> None:
    response = register(client, registry, nik="1234", password_again="lain")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kedua kata sandi tidak sama" in html
    assert 'value="Siti Aminah"' in html  # what was typed is kept


def test_registration_form_needs_csrf(registry: dict) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/warga/daftar/", form_data(registry)).status_code == 403


def test_photos_only_for_staff(registry: dict, client: Client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    register(client, registry)
    account = CitizenAccount.objects.get()
    url = f"/warga/foto/{account.pk}/ktp/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    citizen = django_user_model.objects.create_user(username="warga2", password=PASSWORD)
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    admin = django_user_model.objects.create_superuser(username="pusat", password=PASSWORD)
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
