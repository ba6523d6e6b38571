"""Staff pages and API of the disbursement, as a Kemensos officer and as regional staff, and the
payment statuses that Cek Bansos and the citizen profile show."""

from __future__ import annotations

import csv
import io
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test import Client

from jaring.accounts.services import user_create
from jaring.penyaluran import files, responses, services
from jaring.penyaluran.models import (
    Batch,
    KksCard,
    Payment,
    ResponseImport,
    ResponseUpload,
    SiFile,
)
from jaring.portal.status import decision_statuses
from jaring.programs.models import Decision
from tests.penyaluran.helpers import (
    DESA_A,
    DESA_C,
    SYSTEM,
    decide,
    make_family,
    response_file,
    seed_sent_batch,
)
from tests.pg import prepared_statements

pytestmark = pytest.mark.django_db
PASSWORD = "uji-kata-sandi-123"


def _client(username: str, role: str, region: str | None) -> Client:
    user = user_create(username=username, password=PASSWORD, role=role, region_code=region)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def regions() -> None:
    """The region tree (a transactional test elsewhere may have flushed it)."""
    from jaring.regions.loader import load_regions
    from jaring.regions.models import Region

    if not Region.objects.filter(name="Jawa Barat").exists():
        load_regions()


@pytest.fixture
def world(regions: None) -> dict[str, object]:
    bandung = [make_family(DESA_A, i) for i in range(1, 4)]
    bekasi = [make_family(DESA_C, i) for i in range(4, 6)]
    decide([*bandung, *bekasi], programs=("PKH",))
    return {
        "pusat": _client("pusat", "kemensos_pusat", None),
        "bekasi": _client("bekasi", "dinsos_kabkota", "3275"),
        "bandung": bandung,
    }


def _upload_and_wait(client: Client, batch: Batch, rows: list[dict]) -> str:
    """Upload a response file on the batch page, wait for its background job, give its page."""
    posted = client.post(f"/staf/penyaluran/batch/{batch.pk}/jawaban/", {"file": _upload(rows)})
    assert posted.status_code == 302 and "/staf/penyaluran/unggahan/" in posted["Location"]
    for thread in threading.enumerate():
        if thread.name.startswith("response-upload-"):
            thread.join(timeout=120)
    return client.get(posted["Location"]).content.decode()


@pytest.mark.django_db(transaction=True)
def test_national_officer_runs_a_tahap_from_the_pages(
    world: dict, settings: object, tmp_path: Path
) -> None:
    settings.JARING_RUN_LAUNCHER = "thread"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    pusat: Client = world["pusat"]
    assert pusat.get("/staf/penyaluran/").status_code == 200
    r = pusat.post("/staf/penyaluran/tahap/buat/", {"program": "PKH", "year": "2025"})
    assert r.status_code == 302
    r = pusat.post(
        "/staf/penyaluran/batch/buat/", {"program": "PKH", "tahap": "2025-T3"}, follow=True
    )
    assert "5 pembayaran baru" in r.content.decode()
    bad = pusat.post("/staf/penyaluran/batch/buat/", {"program": "PKH", "tahap": "T3"}, follow=True)
    assert "Tulis tahap seperti 2025-T3" in bad.content.decode()
    batch = Batch.objects.get(channel="BRI")
    page = pusat.get(f"/staf/penyaluran/batch/{batch.pk}/").content.decode()
    assert "Siap dikirim: <strong>5</strong>" in page
    pusat.post(f"/staf/penyaluran/batch/{batch.pk}/kirim-si/")
    si = SiFile.objects.get()
    download = pusat.get(f"/staf/penyaluran/berkas-si/{si.pk}/")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 5 and rows[0]["nominal"] == "150000"

    bad_row = {"referensi": rows[0]["referensi"], "status": "TERSALUR", "nominal": "abc",
               "tanggal": "2025-05-10"}  # fmt: skip
    rejected = _upload_and_wait(pusat, batch, [bad_row])
    assert "Berkas ditolak seluruhnya" in rejected and "Baris 2:" in rejected
    assert Payment.objects.filter(status="tersalur").count() == 0
    answer = [
        {"referensi": rows[0]["referensi"], "status": "TERSALUR", "nominal": 150000,
         "tanggal": "2025-05-10"},
        {"referensi": rows[1]["referensi"], "status": "GAGAL", "nominal": 150000,
         "tanggal": "2025-05-10", "kode_alasan": "KARTU_DIBLOKIR"},
        {"referensi": "PKH-X", "status": "TERSALUR", "nominal": 1, "tanggal": "2025-05-10"},
    ]  # fmt: skip
    text = _upload_and_wait(pusat, batch, answer)
    assert "Selesai" in text and "2 diterapkan" in text, text[text.find("<main") :][:2000]
    assert "Referensi pembayaran tidak dikenal" in text and "hx-trigger" not in text
    job = ResponseUpload.objects.get(status="selesai")
    assert Path(job.stored_path).parent == tmp_path / "penyaluran" / "jawaban"
    assert Path(job.stored_path).read_bytes() == _upload(answer).getvalue()
    again = pusat.post(
        f"/staf/penyaluran/batch/{batch.pk}/jawaban/", {"file": _upload(answer)}, follow=True
    )
    assert "Berkas yang sama sudah diunggah sebelumnya" in again.content.decode()
    assert ResponseUpload.objects.count() == 2 and ResponseImport.objects.count() == 1
    page = pusat.get(f"/staf/penyaluran/batch/{batch.pk}/").content.decode()
    assert f"/staf/penyaluran/unggahan/{job.pk}/" in page

    recon = pusat.get("/staf/penyaluran/rekonsiliasi/?program=PKH&tahap=2025-T3").content.decode()
    assert "Saldo cocok" in recon, recon[recon.find("<main>") :][:3000]
    assert "Jawa Barat" in recon  # the country's view lists provinces
    listing = pusat.get("/staf/penyaluran/pembayaran/?program=PKH&tahap=2025-T3&angka=failed")
    assert rows[1]["referensi"] in listing.content.decode()
    assert rows[0]["referensi"] not in listing.content.decode()
    xlsx = pusat.get("/staf/penyaluran/rekonsiliasi/unduh/?program=PKH&tahap=2025-T3")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    listed = list(book["pembayaran"].iter_rows(min_row=2, values_only=True))
    assert len(listed) == 5 and all("•" in row[1] for row in listed)  # KK masked

    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    detail = pusat.get(f"/staf/penyaluran/pembayaran/{rows[1]['referensi']}/").content.decode()
    assert "Terbitkan ulang" in detail and "KARTU_DIBLOKIR" in detail
    pusat.post(
        f"/staf/penyaluran/pembayaran/{rows[1]['referensi']}/terbit-ulang/",
        {"tahap": "2025-T4", "note": "rekening diaktifkan lagi"},
    )
    assert Payment.objects.get(reference=rows[1]["referensi"]).status == "ditetapkan"


def _upload(rows: list[dict]) -> io.BytesIO:
    handle = response_file(rows)
    handle.name = "jawaban.csv"
    return handle


def test_regional_staff_see_only_their_region(world: dict) -> None:
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    bekasi: Client = world["bekasi"]
    bandung_payment = Payment.objects.filter(region_code=DESA_A).first()
    assert (
        bekasi.get(f"/staf/penyaluran/pembayaran/{bandung_payment.reference}/").status_code == 404
    )
    recon = bekasi.get("/staf/penyaluran/rekonsiliasi/?program=PKH&tahap=2025-T3").content.decode()
    assert "Rp300.000" in recon and "Rp750.000" not in recon  # 2 Bekasi families of 5
    assert (
        bekasi.get(
            "/staf/penyaluran/rekonsiliasi/?program=PKH&tahap=2025-T3&wilayah=3273"
        ).status_code
        == 404
    )
    batch = Batch.objects.get(channel="BRI")
    assert (
        bekasi.get(f"/staf/penyaluran/batch/{batch.pk}/").status_code == 200
    )  # has Bekasi payments
    assert bekasi.post(f"/staf/penyaluran/batch/{batch.pk}/kirim-si/").status_code == 403
    assert not Payment.objects.filter(status="si").exists()
    listing = bekasi.get("/staf/penyaluran/pembayaran/").content.decode()
    assert bandung_payment.reference not in listing
    api = bekasi.get(f"/api/v1/penyaluran/pembayaran/{bandung_payment.reference}/")
    assert api.status_code == 404
    own = Payment.objects.filter(region_code=DESA_C).first()
    assert (
        bekasi.get(f"/api/v1/penyaluran/pembayaran/{own.reference}/").json()["status"]
        == "ditetapkan"
    )
    assert Client().get(f"/api/v1/penyaluran/pembayaran/{own.reference}/").status_code == 401
    body = bekasi.get("/api/v1/penyaluran/rekonsiliasi/?program=PKH&tahap=2025-T3").json()
    assert body["total"]["amounts"]["budget"] == 300_000 and body["total"]["identities_hold"]


def test_lost_card_blocked_and_replaced_from_the_pages(world: dict) -> None:
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    family = Payment.objects.filter(region_code=DESA_C).first()
    card = KksCard.objects.get(kk=family.kk)
    bekasi: Client = world["bekasi"]
    page = bekasi.get(f"/staf/penyaluran/kks/?kk={family.kk}").content.decode()
    assert "Blokir" in page and card.card_number not in page  # masked
    bekasi.post(f"/staf/penyaluran/kks/{card.pk}/blokir/", {"reason": "hilang"})
    batch = Batch.objects.get(channel="BRI")
    assert family.pk not in set(files.ready_payments(batch).values_list("pk", flat=True))
    bekasi.post(f"/staf/penyaluran/kks/{card.pk}/ganti/", {"card_number": "6012345678901234"})
    family.refresh_from_db()
    assert family.card.card_number == "6012345678901234" and family.card.status == "aktif"
    assert family.pk in set(files.ready_payments(batch).values_list("pk", flat=True))
    other = KksCard.objects.filter(region_code=DESA_A).first()
    assert (
        bekasi.post(f"/staf/penyaluran/kks/{other.pk}/blokir/", {"reason": "hilang"}).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == "aktif"


def test_cek_bansos_shows_payment_status(world: dict) -> None:
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    kk = world["bandung"][0].kk
    decisions = list(Decision.objects.filter(kk=kk))
    assert set(decision_statuses(kk, decisions).values()) == {"ditetapkan"}
    files.si_send(scope=SYSTEM, batch_id=Batch.objects.get(channel="BRI").pk)
    assert set(decision_statuses(kk, decisions).values()) == {"SI"}
    ref = Payment.objects.get(kk=kk).reference
    from jaring.penyaluran.responses import response_import

    response_import(
        scope=SYSTEM,
        channel="BRI",
        filename="j.csv",
        stream=response_file(
            [
                {
                    "referensi": ref,
                    "status": "TERSALUR",
                    "nominal": 150000,
                    "tanggal": "2025-05-10",
                },
                {
                    "referensi": ref,
                    "status": "DICAIRKAN",
                    "nominal": 150000,
                    "tanggal": "2025-05-11",
                    "tempat": "ATM",
                },
            ]
        ),
    )
    assert set(decision_statuses(kk, decisions).values()) == {"sudah dicairkan"}
    from jaring.portal.selectors import citizen_family_results

    profile = citizen_family_results(kk=kk)  # the citizen profile and Cek Bansos share it
    assert [p.status for p in profile[0].programs] == ["sudah dicairkan"]


def _prepared_payment_reads() -> list[tuple[str, int]]:
    """The portal's payment-state read as prepared on this connection: (statement, runs)."""
    return prepared_statements("%penyaluran_payment%")


def test_cek_bansos_payment_read_is_prepared_on_postgresql(world: dict) -> None:
    """Every found Cek Bansos lookup reads its families' payment states: on PostgreSQL that
    statement is prepared once per connection and then run by name, with the same answers."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    files.si_send(scope=SYSTEM, batch_id=Batch.objects.get(channel="BRI").pk)
    kk = world["bandung"][0].kk
    decisions = list(Decision.objects.filter(kk=kk))
    first = decision_statuses(kk, decisions)
    assert set(first.values()) == {"SI"}
    [(statement, runs)] = _prepared_payment_reads()
    assert "$1" in statement  # bound on the server, not a literal-filled copy
    for _ in range(3):
        assert decision_statuses(kk, decisions) == first
    assert _prepared_payment_reads() == [(statement, runs + 3)]


@pytest.mark.django_db(transaction=True)
def test_upload_progress_is_visible_while_the_import_runs(
    regions: None, settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.JARING_RUN_LAUNCHER = "thread"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    monkeypatch.setenv(responses.PAUSE_ENV, "4")  # the import holds after reading the file
    seed_sent_batch(3, str(tmp_path / "jawaban.csv"))
    batch = Batch.objects.get(channel="BRI")
    pusat = _client("pusat", "kemensos_pusat", None)
    with open(tmp_path / "jawaban.csv", "rb") as handle:
        posted = pusat.post(f"/staf/penyaluran/batch/{batch.pk}/jawaban/", {"file": handle})
    url = posted["Location"]
    job = ResponseUpload.objects.get()
    deadline = time.monotonic() + 30
    while job.progress_label != "Membaca berkas" or (
        connection.vendor == "postgresql" and job.progress < 1.0
    ):  # on PostgreSQL the reading's progress shows while the import's transaction is open
        assert time.monotonic() < deadline, (job.status, job.progress, job.progress_label)
        time.sleep(0.1)
        job.refresh_from_db()
    assert job.status == "berjalan" and not Payment.objects.filter(status="tersalur").exists()
    fragment = pusat.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "Sedang diimpor" in fragment
    assert "<html" not in fragment
    for thread in threading.enumerate():
        if thread.name.startswith("response-upload-"):
            thread.join(timeout=120)
    done = pusat.get(url).content.decode()
    assert "hx-trigger" not in done and "3 diterapkan" in done
    assert Payment.objects.filter(status="tersalur").count() == 3
