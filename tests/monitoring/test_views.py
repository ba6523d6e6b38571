"""Staff dashboard, reports (PDF text and XLSX cells checked) and the public page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from jaring.accounts.models import Role
from jaring.accounts.services import user_create
from tests.monitoring.population import DESA_A, DESA_C

PASSWORD = "uji-kata-sandi-123"
pytestmark = pytest.mark.django_db


def client_for(role: str, region: str | None) -> Client:
    user = user_create(
        username=f"u{role}{region}", password=PASSWORD, role=role, region_code=region
    )
    client = Client()
    client.force_login(user)
    return client


def test_national_dashboard_shows_figures_map_and_tables(population: dict[str, str]) -> None:
    client = client_for(Role.KEMENSOS_PUSAT, None)
    page = client.get("/staf/monitoring/", {"program": "PKH", "tahap": "2025-T3"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "66,7%" in html  # coverage 4 ÷ 6
    assert "Rp2.850.000" in html and "Rp1.450.000" in html
    assert html.count("<path") >= 30  # the province choropleth
    assert 'data-code="32"' in html and "wilayah=32" in html  # Jawa Barat is drawn and linked
    assert "Jawa Barat" in html and "Perbarui agregat" in html
    assert "belum tersedia" in html  # matching (data quality) is not built yet


def test_drill_down_to_desa(population: dict[str, str]) -> None:
    client = client_for(Role.KEMENSOS_PUSAT, None)
    for code in ("32", "3273", "327301", DESA_A):
        page = client.get(
            "/staf/monitoring/", {"program": "PKH", "tahap": "2025-T3", "wilayah": code}
        )
        assert page.status_code == 200, code
    html = page.content.decode()
    assert "75,0%" in html  # desa A: 3 paid of 4 eligible


def test_dinsos_sees_only_its_region(population: dict[str, str]) -> None:
    client = client_for(Role.DINSOS_KABKOTA, "3273")
    page = client.get("/staf/monitoring/", {"program": "PKH", "tahap": "2025-T3"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kota Bandung" in html and "Perbarui agregat" not in html
    assert "Kabupaten Bandung" not in html  # 3204, the neighbouring kabupaten
    assert "Rp2.850.000" not in html and "Rp2.250.000" in html
    for code in ("", "32", "3204", DESA_C, "35"):
        if code:
            response = client.get("/staf/monitoring/", {"wilayah": code})
            assert response.status_code == 404, code
            response = client.get("/staf/monitoring/laporan.pdf", {"wilayah": code})
            assert response.status_code == 404, code
    assert client.post("/staf/monitoring/perbarui/").status_code == 403


def test_pdf_report_text_has_the_figures(population: dict[str, str]) -> None:
    client = client_for(Role.KEMENSOS_PUSAT, None)
    response = client.get(
        "/staf/monitoring/laporan.pdf", {"program": "PKH", "tahap": "2025-T3", "wilayah": "32"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    for heading in (
        "Ringkasan",
        "Latar belakang program",
        "Metode",
        "Temuan",
        "Analisis",
        "Rekomendasi",
    ):
        assert heading in text
    assert "Program Keluarga Harapan" in text
    assert "6 keluarga di Jawa Barat layak" in text
    assert "4 keluarga telah dibayar (cakupan 66,7%)" in text
    assert "Rp2.850.000" in text and "Rp1.450.000" in text
    assert "Realisasi anggaran 50,9%" in text  # 1.450.000 ÷ 2.850.000
    assert "Kesalahan inklusi 25,0% belum memenuhi" in text
    assert (
        "Cakupan terendah di Kabupaten Bandung (50,0%), tertinggi di Kota Bandung (75,0%)" in text
    )


def test_xlsx_report_cells(population: dict[str, str]) -> None:
    client = client_for(Role.KEMENSOS_PUSAT, None)
    response = client.get(
        "/staf/monitoring/laporan.xlsx", {"program": "PKH", "tahap": "2025-T3", "wilayah": "32"}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Wilayah", "Tren", "Definisi"]
    rows = list(book["Wilayah"].iter_rows(values_only=True))
    header = rows[0]
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_code["32"]["Keluarga layak"] == 6 and by_code["32"]["Anggaran (Rp)"] == 2_850_000
    assert by_code["3273"]["Kesalahan eksklusi (keluarga)"] == 1
    assert by_code["3204"]["Cakupan"] == pytest.approx(0.5)
    tahaps = [r[0] for r in book["Tren"].iter_rows(min_row=2, values_only=True)]
    assert tahaps == ["2025-T1", "2025-Q2", "2025-T3"]


def test_public_page_suppresses_small_cells(population: dict[str, str]) -> None:
    client = Client()
    page = client.get("/transparansi/", {"program": "PKH", "tahap": "2025-T3"})
    assert page.status_code == 200
    html = page.content.decode()
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert cells and all(c in ("&lt;10", "–") for c in cells)  # every count here is under 10
    response = client.get("/transparansi/data.csv", {"program": "PKH", "tahap": "2025-T3"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["kode_wilayah"] for r in rows} == {"", "32", "3204", "3273"}
    for r in rows:
        for column in ("keluarga_layak", "keluarga_dibayar", "anggaran_rupiah"):
            assert r[column] == "<10"
    assert client.get("/transparansi/", {"wilayah": "3273"}).status_code == 404


def test_api_is_scoped(population: dict[str, str]) -> None:
    client = client_for(Role.DINSOS_KABKOTA, "3204")
    data = client.get("/api/v1/monitoring/indikator/", {"program": "PKH", "tahap": "2025-T3"})
    assert data.status_code == 200
    body = data.json()
    assert body["total"]["region"]["code"] == "3204"
    assert body["total"]["eligible"] == 2 and body["total"]["coverage"] == pytest.approx(0.5)
    assert {c["region"]["code"][:4] for c in body["children"]} == {"3204"}
    denied = client.get("/api/v1/monitoring/indikator/", {"program": "PKH", "wilayah": "3273"})
    assert denied.status_code == 404
    assert Client().get("/api/v1/monitoring/indikator/", {"program": "PKH"}).status_code == 401


def test_desa_operator_sees_its_desa(population: dict[str, str]) -> None:
    client = client_for(Role.OPERATOR_DESA, DESA_A)
    page = client.get("/staf/monitoring/", {"program": "PKH", "tahap": "2025-T3"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "75,0%" in html and "Rp2.250.000" in html
    assert client.get("/staf/monitoring/", {"wilayah": "327301"}).status_code == 404


def test_public_province_page_and_openapi(population: dict[str, str]) -> None:
    client = Client()
    page = client.get("/transparansi/", {"program": "PKH", "tahap": "2025-T3", "wilayah": "32"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kota Bandung" in html and "Kabupaten Bandung" in html
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert cells and set(cells) == {"&lt;10"}
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/monitoring/indikator/" in schema["paths"]
