"""Staff pages and API of data quality: results by region, the review queue with evidence and
its actions through the web, uploads with clear Indonesian errors, XLSX, and scope (404)."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from jaring.accounts.models import Role
from jaring.accounts.services import user_create
from jaring.matching import views
from jaring.matching.jobs import job_execute
from jaring.matching.models import CandidatePair, JobStatus, MatchingJob
from jaring.registry.models import Anggota
from tests.matching.helpers import (
    DESA_A,
    DESA_A2,
    DESA_B,
    current_decisions,
    extract_row,
    family,
    person,
    registry_state,
    run_job,
    write_extract,
)
from tests.registry.helpers import household
from tests.web.conftest import PASSWORD, store

pytestmark = pytest.mark.django_db


def _client(username: str, role: str, region: str | None) -> Client:
    user = user_create(username=username, password=PASSWORD, role=role, region_code=region)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pair() -> CandidatePair:
    family(DESA_A, 1)
    record = household(DESA_A2, 2)
    record["members"].append(
        dict(person(DESA_A, 3, name="Ibu Nomor 1"), relationship="famili_lain")
    )
    store(record)
    run_job(MatchingJob.Kind.DUPLIKAT)
    return CandidatePair.objects.get()


@pytest.fixture(autouse=True)
def _synchronous_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's background launch runs the job at once (the test database is not shared)."""

    def launch(job: MatchingJob) -> None:
        with contextlib.suppress(Exception):  # recorded on the job row, shown on the page
            job_execute(job=job)

    monkeypatch.setattr(views, "job_launch", launch)


def test_pages_render_for_staff(pair: CandidatePair) -> None:
    kota = _client("kota", Role.DINSOS_KABKOTA, "3273")
    for name in (
        "",
        "antrean/",
        "perubahan/",
        "dukcapil/",
        "tumpang-tindih/",
        "penerima-meninggal/",
        f"pasangan/{pair.pk}/",
        "?wilayah=3273",
    ):
        response = kota.get(f"/staf/kualitas-data/{name}")
        assert response.status_code == 200, name
    page = kota.get(f"/staf/kualitas-data/pasangan/{pair.pk}/").content.decode()
    assert "Bobot kecocokan" in page and "Gabungkan" in page
    assert pair.a["nik"] not in page  # masked
    assert pair.a["nik"][-4:] in page


def test_pair_outside_scope_is_404(pair: CandidatePair) -> None:
    # The pair spans two desa of kecamatan 327301: a desa operator cannot open it, and a
    # kab/kota officer of another kabupaten cannot either.
    assert (
        _client("op", Role.OPERATOR_DESA, DESA_A)
        .get(f"/staf/kualitas-data/pasangan/{pair.pk}/")
        .status_code
        == 404
    )
    other = _client("other", Role.DINSOS_KABKOTA, "3204")
    assert other.get(f"/staf/kualitas-data/pasangan/{pair.pk}/").status_code == 404
    response = other.post(
        f"/staf/kualitas-data/pasangan/{pair.pk}/", {"op": "gabung", "pertahankan": "a"}
    )
    assert response.status_code == 404
    assert CandidatePair.objects.get().status == CandidatePair.Status.TERBUKA
    assert other.get("/api/v1/kualitas-data/pasangan/").json() == []
    assert other.get(f"/api/v1/kualitas-data/pasangan/{pair.pk}/").status_code == 404


def test_merge_and_undo_through_the_pages(pair: CandidatePair) -> None:
    before = registry_state()
    kota = _client("kota", Role.DINSOS_KABKOTA, "3273")
    url = f"/staf/kualitas-data/pasangan/{pair.pk}/"
    response = kota.post(url, {"op": "gabung", "pertahankan": "a", "catatan": "sama"}, follow=True)
    assert "Data digabung" in response.content.decode()
    assert Anggota.objects.filter(nik=pair.a["nik"]).count() == 1
    merge = pair.merges.get()
    response = kota.post(f"/staf/kualitas-data/penggabungan/{merge.pk}/batalkan/", follow=True)
    assert "kembali seperti semula" in response.content.decode()
    assert registry_state() == before
    response = kota.post(url, {"op": "bukan_sama"}, follow=True)
    assert CandidatePair.objects.get().status == CandidatePair.Status.BUKAN_SAMA
    api = kota.get("/api/v1/kualitas-data/pasangan/?status=bukan_sama").json()
    assert api[0]["id"] == pair.pk and "•" in api[0]["a"]["nik"]


def test_dukcapil_upload_runs_job_and_shows_results(tmp_path: Path) -> None:
    keluarga = family(DESA_A, 1)
    mother = keluarga.anggota.select_related("keluarga").order_by("position").first()
    path = write_extract(tmp_path / "e.csv", [extract_row(mother, jenis_kelamin="L")])
    kota = _client("kota", Role.DINSOS_KABKOTA, "3273")
    upload = SimpleUploadedFile("ekstrak.csv", path.read_bytes(), content_type="text/csv")
    response = kota.post(
        "/staf/kualitas-data/proses/jalankan/", {"kind": "dukcapil", "berkas": upload}, follow=True
    )
    assert "Pencocokan Dukcapil" in response.content.decode()
    job = MatchingJob.objects.get()
    assert job.status == JobStatus.DONE and job.region_prefix == "3273"
    page = kota.get("/staf/kualitas-data/dukcapil/").content.decode()
    assert "Jenis kelamin" in page and mother.name in page
    summary = kota.get("/staf/kualitas-data/").content.decode()
    assert "Kota Bandung" in summary or "KOTA BANDUNG" in summary


def test_bad_uploads_get_indonesian_errors(tmp_path: Path) -> None:
    kota = _client("kota", Role.DINSOS_KABKOTA, "3273")
    cases = [
        (SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0xx"), "jenis berkas harus"),
        (SimpleUploadedFile("e.parquet", b"bukan parquet"), "bukan Parquet yang sah"),
        (SimpleUploadedFile("e.csv", b""), "berkas kosong"),
    ]
    for upload, message in cases:
        response = kota.post(
            "/staf/kualitas-data/proses/jalankan/",
            {"kind": "dukcapil", "berkas": upload},
            follow=True,
        )
        assert message in response.content.decode(), message
    response = kota.post("/staf/kualitas-data/proses/jalankan/", {"kind": "dukcapil"}, follow=True)
    assert "pilih berkas" in response.content.decode()
    bad = SimpleUploadedFile("e.csv", b"nik,nama\n1,a\n")
    kota.post("/staf/kualitas-data/proses/jalankan/", {"kind": "dukcapil", "berkas": bad})
    job = MatchingJob.objects.get()
    assert job.status == JobStatus.FAILED and "Kolom wajib tidak ada" in job.error
    assert "Kolom wajib tidak ada" in kota.get("/staf/kualitas-data/").content.decode()


def test_desa_operator_cannot_start_jobs() -> None:
    operator = _client("op", Role.OPERATOR_DESA, DESA_A)
    response = operator.post(
        "/staf/kualitas-data/proses/jalankan/", {"kind": "duplikat"}, follow=True
    )
    assert "tidak dapat menjalankan" in response.content.decode()
    assert not MatchingJob.objects.exists()


def test_xlsx_by_region(pair: CandidatePair) -> None:
    keluarga = family(DESA_B, 9)
    current_decisions(
        date(2025, 7, 1),
        [
            {
                "program": "BSU",
                "kk": keluarga.kk,
                "nik": keluarga.anggota.first().nik,
                "region_code": DESA_B,
                "tahap": "2025-07",
                "amount_per_tahap": 600000,
            },
        ],
    )
    Anggota.objects.filter(pk=keluarga.anggota.first().pk).update(alive=False)
    kota = _client("kota", Role.DINSOS_KABKOTA, "3273")
    response = kota.get("/staf/kualitas-data/unduh.xlsx?wilayah=3273&periode=2025-07")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [
        "Ringkasan",
        "Pasangan duplikat",
        "Dukcapil",
        "Tumpang tindih",
        "Penerima meninggal",
    ]
    summary = list(book["Ringkasan"].values)
    assert summary[1][0] == "327301" and summary[1][2] == 1
    pairs = list(book["Pasangan duplikat"].values)
    assert len(pairs) == 2 and pair.a["nik"] not in str(pairs[1])
    dead = list(book["Penerima meninggal"].values)
    assert dead[1][1] == "BSU"
    other = _client("other", Role.DINSOS_KABKOTA, "3204")
    assert other.get("/staf/kualitas-data/unduh.xlsx?wilayah=3273").status_code == 404
