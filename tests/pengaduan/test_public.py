"""The public form (captcha, rate limit, evidence) and the tracking page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jaring.core.uploads import MAX_BYTES
from jaring.pengaduan import services
from jaring.pengaduan.models import Complaint, ComplaintEvidence, ComplaintReporter
from tests.pengaduan.helpers import DESA_A, DESCRIPTION, World, submit

pytestmark = pytest.mark.django_db


def form(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": "pungli",
        "wilayah_provinsi": DESA_A[:2],
        "wilayah_kabupaten": DESA_A[:4],
        "wilayah_kecamatan": DESA_A[:6],
        "wilayah_desa": DESA_A,
        "description": DESCRIPTION,
        "occurred_on": "2025-05-02",
        "involved": "Oknum pengurus e-warong",
        "reported_office": "",
        "name": "Rahasia Pelapor",
        "email": "pelapor@example.id",
        "phone": "0812-3456-7890",
        "captcha_key": "x",
        "captcha_value": "PASSED",
    }
    data.update(extra)
    return data


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_form_renders_with_picker_and_captcha(db: None) -> None:
    page = Client().get("/pengaduan/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "Laporkan pengaduan",
        "Pungutan liar",
        "wilayah_provinsi",
        "captcha_key",
        "bukti_3",
    ):
        assert text in html
    assert 'enctype="multipart/form-data"' in html


def test_filing_with_evidence_redirects_to_tracking(world: World, png: bytes, pdf: bytes) -> None:
    client = Client()
    files = {
        "bukti_1": SimpleUploadedFile("foto.png", png, content_type="image/png"),
        "bukti_2": SimpleUploadedFile("surat.pdf", pdf, content_type="application/pdf"),
    }
    response = client.post("/pengaduan/", {**form(), **files})
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/pengaduan/lacak/{complaint.reference}/"
    assert complaint.category == "pungli" and complaint.region_code == DESA_A
    assert sorted(ComplaintEvidence.objects.values_list("kind", flat=True)) == ["image", "pdf"]
    assert len(stored_files()) == 2
    assert all(str(settings.MEDIA_ROOT) in f and "static" not in f for f in stored_files())
    assert ComplaintReporter.objects.get().phone == "081234567890"
    page = client.get(response["Location"])
    assert complaint.reference in page.content.decode()
    assert "Simpan nomor ini" in page.content.decode()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.png", b"MZ\x90\x00 this is an exe" * 10, "bukan berkas yang diterima"),
        ("halaman.html", b"<html><script>alert(1)</script></html>", "bukan berkas yang diterima"),
        ("palsu.jpg", b"\xff\xd8\xff\xe0 not really a jpeg" * 5, "bukan berkas gambar yang sah"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_wrong_type_is_refused_and_nothing_stored(
    world: World, name: str, content: bytes, message: str
) -> None:
    upload = SimpleUploadedFile(name, content)
    response = Client().post("/pengaduan/", {**form(), "bukti_1": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert DESCRIPTION in html  # what was typed is kept
    assert not Complaint.objects.exists() and stored_files() == []


def test_oversized_upload_is_refused_and_nothing_stored(world: World, png: bytes) -> None:
    big = SimpleUploadedFile(
        "besar.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (MAX_BYTES["video"] + 1)
    )
    response = Client().post(
        "/pengaduan/", {**form(), "bukti_1": big, "bukti_2": SimpleUploadedFile("a.png", png)}
    )
    assert response.status_code == 400
    assert "terlalu besar (paling besar 20 MB)" in response.content.decode()
    assert not Complaint.objects.exists() and stored_files() == []


def test_short_video_is_accepted(world: World) -> None:
    video = SimpleUploadedFile("rekaman.mp4", b"\x00\x00\x00\x18ftypmp42" + os.urandom(2048))
    response = Client().post("/pengaduan/", {**form(), "bukti_1": video})
    assert response.status_code == 302
    assert ComplaintEvidence.objects.get().kind == "video"


def test_missing_contact_region_and_bad_values_are_explained(world: World) -> None:
    client = Client()
    no_contact = client.post("/pengaduan/", form(email="", phone=""))
    assert no_contact.status_code == 400
    assert "Isi e-mail atau nomor HP" in no_contact.content.decode()
    no_desa = client.post("/pengaduan/", form(wilayah_desa=""))
    assert "Pilih desa/kelurahan" in no_desa.content.decode()
    bad = client.post(
        "/pengaduan/", form(phone="12345", kk="123", occurred_on="2999-01-01", category="nope")
    )
    html = bad.content.decode()
    for text in ("Nomor HP tidak sah", "KK", "masa depan", "pilihan yang valid"):
        assert text in html, text
    assert not Complaint.objects.exists()


def test_anonymous_report_needs_no_contact_and_keeps_none(world: World) -> None:
    response = Client().post("/pengaduan/", form(anonymous="on", email="", phone="", name="Nama"))
    assert response.status_code == 302
    assert Complaint.objects.get().anonymous
    assert not ComplaintReporter.objects.exists()


def test_wrong_captcha_is_refused(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CAPTCHA_TEST_MODE = False
    response = Client().post("/pengaduan/", form())
    assert response.status_code == 400
    assert "Kode keamanan salah" in response.content.decode()
    assert not Complaint.objects.exists()


def test_submissions_are_rate_limited(world: World) -> None:
    client = Client()
    for _ in range(5):
        assert client.post("/pengaduan/", form()).status_code == 302
    refused = client.post("/pengaduan/", form())
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "Terlalu banyak" in refused.content.decode()
    assert Complaint.objects.count() == 5
    other = Client(REMOTE_ADDR="10.1.2.3").post("/pengaduan/", form())
    assert other.status_code == 302


def test_picker_step_without_javascript_keeps_the_text(world: World) -> None:
    data = form(wilayah_desa="", wilayah_kecamatan="", wilayah_lanjut="1")
    response = Client().post("/pengaduan/", data)
    assert response.status_code == 200
    assert DESCRIPTION in response.content.decode()
    assert not Complaint.objects.exists()


def test_tracking_shows_status_and_public_replies_only(world: World) -> None:
    complaint = submit(category="pungli", kk=world.families["a"].kk)
    other = submit(category="pungli")
    desk = world.desk("kab_3273")
    services.complaint_note(
        desk=desk, complaint_id=complaint.pk, body="CATATAN-INTERNAL saksi Pak RT"
    )
    services.complaint_assign(
        desk=desk, complaint_id=complaint.pk, assignee_id=world.users["kab_3273b"].pk
    )
    services.complaint_set_status(desk=desk, complaint_id=complaint.pk, status="diverifikasi")
    services.complaint_reply(
        desk=desk, complaint_id=complaint.pk, body="BALASAN-PUBLIK: sedang ditindak."
    )
    client = Client()
    for url in (
        f"/pengaduan/lacak/{complaint.reference}/",
        f"/pengaduan/lacak/?nomor={complaint.reference.lower().replace('-', ' ')}",
    ):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Diverifikasi" in html and "BALASAN-PUBLIK" in html
        for secret in (
            "CATATAN-INTERNAL",
            "Rahasia Pelapor",
            "pelapor@example.id",
            "081234567890",
            DESCRIPTION,
            "kab_3273",
            world.families["a"].kk,
            other.reference,
            "Pungli",
        ):
            assert secret not in html, secret
        assert page["Cache-Control"] == "private, no-store"


def test_tracking_unknown_or_mistyped_reference(world: World) -> None:
    complaint = submit()
    typo = complaint.reference[:-1] + ("A" if complaint.reference[-1] != "A" else "B")
    for value in (typo, "ADU-22222-22222-2", "<script>"):
        page = Client().get("/pengaduan/lacak/", {"nomor": value})
        assert page.status_code == 404
        assert "tidak ditemukan" in page.content.decode()
    assert Client().get("/pengaduan/lacak/").status_code == 200


def test_tracking_is_rate_limited(world: World) -> None:
    client = Client()
    statuses = [
        client.get("/pengaduan/lacak/", {"nomor": "ADU-22222-22222-2"}).status_code
        for _ in range(31)
    ]
    assert statuses[-1] == 429 and set(statuses[:30]) == {404}


def test_citizen_account_prefills_and_lists_own_complaints(world: World) -> None:
    from datetime import date

    from jaring.portal.models import CitizenAccount
    from tests.factories import make_nik

    user = world.users["warga"]
    account = CitizenAccount.objects.create(
        user=user,
        nik=make_nik(DESA_A, date(1990, 1, 1), "L", 9),
        kk=world.families["a"].kk,
        full_name="Warga Teladan",
        ktp_photo="warga/ktp/x.jpg",
        selfie="warga/swafoto/x.jpg",
        region_code=DESA_A,
    )
    client = Client()
    client.force_login(user)
    html = client.get("/pengaduan/").content.decode()
    assert "Warga Teladan" in html and world.families["a"].kk in html
    assert f'value="{DESA_A}" selected' in html
    response = client.post("/pengaduan/", form(name="Warga Teladan"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.source == "akun_warga"
    assert ComplaintReporter.objects.get().citizen_account == account
    mine = client.get("/pengaduan/saya/").content.decode()
    assert complaint.reference in mine
    assert Client().get("/pengaduan/saya/").status_code == 302  # sign-in first
