"""The Cek Bansos page: works without JavaScript (form steps), with htmx (fragments), safely."""

from __future__ import annotations

import re

from django.test import Client

from tests.portal.helpers import DESA, answer_of

NIK_OR_KK = re.compile(r"\d{16}")


def _captcha_from(html: str) -> tuple[str, str]:
    key = re.search(r'name="captcha_key" value="([0-9a-f]+)"', html).group(1)
    return key, answer_of(key)


def _form(html: str, **values: str) -> dict[str, str]:
    key, answer = _captcha_from(html)
    data = {"captcha_key": key, "captcha_value": answer}
    data.update(values)
    return data


def test_page_is_small_indonesian_and_accessible(registry: dict, client: Client) -> None:
    response = client.get("/cek-bansos/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 100_000
    assert '<html lang="id">' in html and "Cari Data" in html
    for field in ("id_wilayah_provinsi", "id_name", "id_captcha_value"):
        assert f'for="{field}"' in html  # every input has a label
    assert "gratis" in html  # the standing warning


def test_no_javascript_steps_then_found(registry: dict, client: Client) -> None:
    page = client.get("/cek-bansos/").content.decode()
    assert 'name="wilayah_kabupaten"' not in page
    step = client.post("/cek-bansos/", _form(page, wilayah_provinsi="32", wilayah_lanjut="1"))
    assert 'name="wilayah_kabupaten"' in step.content.decode()
    picked = {"wilayah_provinsi": "32", "wilayah_kabupaten": "3273"}
    step = client.post("/cek-bansos/", _form(step.content.decode(), wilayah_lanjut="1", **picked))
    html = step.content.decode()
    assert 'name="wilayah_kecamatan"' in html
    picked |= {"wilayah_kecamatan": "327301", "wilayah_desa": DESA}
    found = client.post("/cek-bansos/", _form(html, name="HJ. SITI AMINAH", **picked))
    html = found.content.decode()
    assert found.status_code == 200
    assert "H** Si** Am***** S.**" in html and "PKH" in html and "Rp650.000" in html
    assert "Bank BRI (KKS)" in html
    assert not NIK_OR_KK.search(html)


def test_not_found_page(registry: dict, client: Client) -> None:
    page = client.get(f"/cek-bansos/?region={DESA}").content.decode()
    response = client.post("/cek-bansos/", _form(page, region=DESA, name="Nama Tidak Ada"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Data tidak ditemukan" in html and "RT/RW" in html and "1500-111" in html


def test_htmx_answers_with_a_fragment(registry: dict, client: Client) -> None:
    page = client.get(f"/cek-bansos/?region={DESA}").content.decode()
    response = client.post(
        "/cek-bansos/", _form(page, region=DESA, name="Siti Aminah"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="cek">')
    assert "Si** Am*****" in html
    assert 'value="3273011001" selected' in html  # the chosen desa stays chosen


def test_wrong_captcha_keeps_the_input(registry: dict, client: Client) -> None:
    page = client.get(f"/cek-bansos/?region={DESA}").content.decode()
    data = _form(page, region=DESA, name="Siti Aminah")
    data["captcha_value"] = "salah"
    response = client.post("/cek-bansos/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kode keamanan salah" in html
    assert 'value="Siti Aminah"' in html  # nothing typed is lost
    assert data["captcha_key"] not in html  # a fresh captcha replaces the burnt one


def test_script_in_the_name_is_escaped(registry: dict, client: Client) -> None:
    page = client.get(f"/cek-bansos/?region={DESA}").content.decode()
    evil = '"><script>alert(1)</script>'
    response = client.post("/cek-bansos/", _form(page, region=DESA, name=evil))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_form_post_without_csrf_token_is_refused(registry: dict) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/cek-bansos/", {"region": DESA, "name": "Siti Aminah"})
    assert response.status_code == 403


def test_rate_limited_page_says_so(registry: dict, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CEK_BANSOS_RATE_IP = "1/m"
    page = client.get(f"/cek-bansos/?region={DESA}").content.decode()
    first = client.post("/cek-bansos/", _form(page, region=DESA, name="Siti Aminah"))
    second = client.post(
        "/cek-bansos/", _form(first.content.decode(), region=DESA, name="Siti Aminah")
    )
    assert second.status_code == 429 and second["Retry-After"]
    assert "Terlalu banyak pencarian" in second.content.decode()
