"""Staff pages: the office inbox within its scope, handling forms, identity page, evidence,
statistics page and XLSX."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from jaring.core.models import AuditEvent
from jaring.pengaduan.models import Complaint
from jaring.pengaduan.uploads import check_evidence
from tests.pengaduan.helpers import DESA_A, DESA_B, DESA_C, World, submit

pytestmark = pytest.mark.django_db


def test_anonymous_and_roleless_users_are_kept_out(world: World) -> None:
    assert Client().get("/staf/pengaduan/").status_code == 302
    from jaring.accounts.models import User

    client = Client()
    client.force_login(User.objects.create_user(username="tanpa-peran", password="x"))
    assert client.get("/staf/pengaduan/").status_code == 403


def test_inbox_shows_the_office_its_own_complaints(world: World) -> None:
    mine = submit(category="pemotongan")  # dinsos 3273
    elsewhere = submit(category="pemotongan", region=DESA_C)  # dinsos 3204
    page = world.client("kab_3273").get("/staf/pengaduan/").content.decode()
    assert mine.reference in page and elsewhere.reference not in page
    page = world.client("kab_3204").get("/staf/pengaduan/").content.decode()
    assert elsewhere.reference in page and mine.reference not in page


@pytest.mark.parametrize("user", ["op_c", "kab_3204", "insp_3204", "op_b"])
def test_another_region_cannot_open_a_complaint(world: World, user: str, png: bytes) -> None:
    evidence = [check_evidence(SimpleUploadedFile("a.png", png), label="Bukti")]
    complaint = submit(category="data_salah", evidence=evidence)  # desa A's office
    item = complaint.evidence.get()
    client = world.client(user)
    base = f"/staf/pengaduan/{complaint.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}bukti/{item.pk}/").status_code == 404
    for action, data in (
        ("status/", {"status": "diverifikasi"}),
        ("balas/", {"body": "x"}),
        ("catatan/", {"body": "x"}),
        ("tugaskan/", {"assignee": world.users[user].pk}),
        ("tautan/", {"usulan_ref": "X"}),
        ("pelapor/", {}),
    ):
        assert client.post(base + action, data).status_code == 404, action
    complaint.refresh_from_db()
    assert complaint.status == "diterima" and complaint.usulan_ref == ""
    assert complaint.entries.count() == 1
    assert (
        complaint.reference
        not in client.get("/staf/pengaduan/?lihat=wilayah&status=").content.decode()
    )


def test_region_view_hides_confidential_and_official_complaints(world: World) -> None:
    open_case = submit(category="salah_sasaran")
    pungli = submit(category="pungli")
    about_desa = submit(category="salah_sasaran", reported_office="desa")
    page = world.client("op_a").get("/staf/pengaduan/?lihat=wilayah&status=").content.decode()
    assert open_case.reference in page
    assert pungli.reference not in page and about_desa.reference not in page
    client = world.client("op_a")
    assert client.get(f"/staf/pengaduan/{about_desa.pk}/").status_code == 404
    assert client.get(f"/staf/pengaduan/{pungli.pk}/").status_code == 404
    # The desa can read the open case but not act on it (Dinas Sosial handles it).
    detail = client.get(f"/staf/pengaduan/{open_case.pk}/").content.decode()
    assert "penanganannya oleh" in detail and "Simpan status" not in detail
    assert client.post(f"/staf/pengaduan/{open_case.pk}/catatan/", {"body": "x"}).status_code == 400
    # The inspectorate sees the case about the desa; its identity stays hidden until assigned.
    insp = world.client("insp_3273")
    assert about_desa.reference in insp.get("/staf/pengaduan/").content.decode()
    assert "Rahasia Pelapor" not in insp.get(f"/staf/pengaduan/{about_desa.pk}/").content.decode()


def test_handling_through_the_pages(world: World) -> None:
    complaint = submit(category="pemotongan")
    client = world.client("kab_3273")
    base = f"/staf/pengaduan/{complaint.pk}/"
    page = client.get(base).content.decode()
    assert "Rahasia Pelapor" not in page and "pelapor@example.id" not in page
    assert "Dirahasiakan" in page
    assert client.post(base + "status/", {"status": "diverifikasi"}).status_code == 302
    assert client.post(base + "catatan/", {"body": "Cek ke e-warong."}).status_code == 302
    assert client.post(base + "balas/", {"body": "Sedang kami periksa."}).status_code == 302
    kab_b = world.users["kab_3273b"].pk
    assert client.post(base + "tugaskan/", {"assignee": kab_b}).status_code == 302
    assert client.post(base + "tautan/", {"kk": world.families["b"].kk}).status_code == 302
    refused = client.post(base + "status/", {"status": "selesai"})
    assert refused.status_code == 400 and "pilihan yang valid" in refused.content.decode()
    assert client.post(base + "status/", {"status": "ditindaklanjuti"}).status_code == 302
    assert (
        client.post(
            base + "status/", {"status": "selesai", "reason": "Uang dikembalikan."}
        ).status_code
        == 302
    )
    complaint.refresh_from_db()
    assert complaint.status == "selesai" and complaint.assigned_to_id == kab_b
    assert complaint.keluarga == world.families["b"]
    page = client.get(base).content.decode()
    assert "Cek ke e-warong." in page and "Uang dikembalikan." in page
    assert world.families["b"].kk not in page  # masked


def test_identity_page_for_the_assigned_investigator_only_and_audited(world: World) -> None:
    complaint = submit(category="pungli", reported_office="desa")
    insp = world.client("insp_3273")
    url = f"/staf/pengaduan/{complaint.pk}/pelapor/"
    assert insp.get(url).status_code == 405  # never by a link
    assert insp.post(url).status_code == 403
    insp.post(
        f"/staf/pengaduan/{complaint.pk}/tugaskan/", {"assignee": world.users["insp_3273"].pk}
    )
    assert "Buka identitas pelapor" in insp.get(f"/staf/pengaduan/{complaint.pk}/").content.decode()
    page = insp.post(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rahasia Pelapor" in html and "pelapor@example.id" in html
    assert page["Cache-Control"] == "private, no-store"
    assert (
        AuditEvent.objects.filter(action="pengaduan.reporter_view", actor="insp_3273").count() == 1
    )
    for other in ("insp_32", "kab_3273", "pusat", "admin_user"):
        if other == "admin_user":
            from jaring.accounts.models import User

            client = Client()
            client.force_login(User.objects.create_superuser("root", "r@example.id", "x"))
        else:
            client = world.client(other)
        assert client.post(url).status_code in (403, 404), other
    assert AuditEvent.objects.filter(action="pengaduan.reporter_view").count() == 1


def test_evidence_is_served_privately_and_audited(world: World, png: bytes) -> None:
    evidence = [check_evidence(SimpleUploadedFile("a.png", png), label="Bukti")]
    complaint = submit(category="pemotongan", evidence=evidence)
    item = complaint.evidence.get()
    response = world.client("kab_3273").get(f"/staf/pengaduan/{complaint.pk}/bukti/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert AuditEvent.objects.filter(action="pengaduan.evidence_view").count() == 1
    assert Client().get(f"/staf/pengaduan/{complaint.pk}/bukti/{item.pk}/").status_code == 302


def test_statistics_page_and_xlsx_within_scope(world: World) -> None:
    now = timezone.now()
    done = submit(category="pemotongan")
    Complaint.objects.filter(pk=done.pk).update(
        status="selesai", resolved_at=done.created_at + timedelta(days=4)
    )
    done2 = submit(category="pemotongan", region=DESA_B)
    Complaint.objects.filter(pk=done2.pk).update(
        status="selesai", resolved_at=done2.created_at + timedelta(days=10)
    )
    late = submit(category="pemotongan")
    Complaint.objects.filter(pk=late.pk).update(due_at=now - timedelta(days=1))
    submit(category="kks_hilang")
    submit(category="pemotongan", region=DESA_C)  # another kabupaten
    from jaring.regions.models import Region

    page = world.client("kab_3273").get("/staf/pengaduan/statistik/").content.decode()
    kota = Region.objects.get(code="3273").name
    assert "Pemotongan bantuan" in page and kota in page and "7,0" in page
    response = world.client("kab_3273").get("/staf/pengaduan/statistik.xlsx?tingkat=kabupaten_kota")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[1], rows[2:]
    assert header[:2] == ("Periode", "Kategori") and header[-1] == "Median hari penyelesaian"
    by_category = {r[1]: r[1:] for r in body}
    pemotongan = by_category["Pemotongan bantuan oleh pihak tertentu"]
    assert pemotongan[1:3] == ("3273", kota)
    assert pemotongan[3:] == (3, 1, 1, 2, 0, 7.0)  # total, open, overdue, selesai, ditolak, median
    assert by_category["Semua"][3] == 4  # DESA_C's complaint is outside Kota Bandung's scope
    assert not any(r[1] == "3204" for r in body)


def test_statistics_filters(world: World) -> None:
    submit(category="pemotongan")
    submit(category="pungli", region=DESA_B)
    client = world.client("prov_32")
    page = client.get(
        "/staf/pengaduan/statistik/?tingkat=kecamatan&kategori=pungli"
    ).content.decode()
    assert DESA_B[:6] in page and DESA_A[:6] not in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    empty = client.get(f"/staf/pengaduan/statistik/?dari={tomorrow}").content.decode()
    assert "Belum ada pengaduan" in empty
    assert client.get("/staf/pengaduan/statistik/?dari=bukan-tanggal&tingkat=x").status_code == 200


def test_statistics_per_month(world: World) -> None:
    from jaring.core.scope import AccessScope
    from jaring.pengaduan.stats import complaint_statistics

    march = timezone.make_aware(timezone.datetime(2025, 3, 10, 9, 0))
    may = timezone.make_aware(timezone.datetime(2025, 5, 31, 23, 30))  # still May in Jakarta
    for when, days in ((march, 2), (march, 6), (may, 30)):
        c = submit(category="pemotongan")
        Complaint.objects.filter(pk=c.pk).update(
            created_at=when, status="selesai", resolved_at=when + timedelta(days=days)
        )
    table = complaint_statistics(
        scope=AccessScope.system(), level="provinsi", category="pemotongan", per_month=True
    )
    assert [(r.period, r.total, r.median_days) for r in table.rows] == [
        ("2025-03", 2, 4.0),
        ("2025-05", 1, 30.0),
    ]
    page = world.client("pusat").get("/staf/pengaduan/statistik/?per_bulan=1&tingkat=provinsi")
    assert "2025-03" in page.content.decode()
    rows = world.client("pusat").get("/api/v1/pengaduan/statistik/?per_bulan=true").json()
    assert {r["period"] for r in rows} == {"2025-03", "2025-05"}
