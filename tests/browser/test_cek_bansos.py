"""The whole Cek Bansos lookup in Chromium on a 360×640 screen: found and not found, with
JavaScript (htmx, no full reload) and without it (plain form steps). Screenshots go to
var/screenshots/ as test artefacts."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 360, "height": 640}
DESA_PATH = [
    ("wilayah_provinsi", "32"),
    ("wilayah_kabupaten", "3273"),
    ("wilayah_kecamatan", "327301"),
    ("wilayah_desa", "3273011001"),
]


def _solve_and_search(page, served: dict, name: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#id_name", name)
    key = page.get_attribute("input[name=captcha_key]", "value")
    page.fill("#id_captcha_value", served["captcha_answer"](key))
    page.click("button.primary")


def test_lookup_with_javascript_found_and_not_found(
    served: dict,
    browser,
    screenshots: Path,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(served["url"] + "/cek-bansos/")
    page.evaluate("window.noReload = true")
    for field, code in DESA_PATH:
        page.wait_for_selector(f"select[name={field}] option[value='{code}']", state="attached")
        # htmx binds a swapped-in select once it settles (~20 ms); a person is never that fast.
        page.wait_for_timeout(150)
        if field == DESA_PATH[-1][0]:
            page.select_option(f"select[name={field}]", code)
            break
        with page.expect_response(lambda r: "/wilayah/pilih/" in r.url):
            page.select_option(f"select[name={field}]", code)
    page.wait_for_timeout(150)
    _solve_and_search(page, served, "SITI AMINAH")
    page.wait_for_selector("#hasil")
    text = page.inner_text("#hasil")
    assert "H** Si** Am****" in text and "PKH" in text and "Rp650.000" in text
    assert "3273" not in text  # no NIK or KK
    assert page.evaluate("window.noReload") is True  # htmx swapped; the page never reloaded
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "cek-bansos-ditemukan.png", full_page=True)

    _solve_and_search(page, served, "Nama Yang Tidak Ada")
    page.wait_for_selector(".notfound")
    assert "Data tidak ditemukan" in page.inner_text("#hasil")
    assert page.evaluate("window.noReload") is True
    page.screenshot(path=screenshots / "cek-bansos-tidak-ditemukan.png", full_page=True)
    context.close()


def test_lookup_without_javascript(served: dict, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(served["url"] + "/cek-bansos/")
    for field, code in DESA_PATH:
        page.select_option(f"select[name={field}]", code)
        if field != DESA_PATH[-1][0]:
            page.click("button[name=wilayah_lanjut]")
    _solve_and_search(page, served, "hj. siti aminah")
    page.wait_for_selector("#hasil")
    assert "PKH" in page.inner_text("#hasil")
    page.screenshot(path=screenshots / "cek-bansos-tanpa-js.png", full_page=True)
    context.close()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "beranda"),
        ("/cek-bansos/", "cek-bansos"),
        ("/informasi/program/", "program"),
        ("/informasi/jadwal/", "jadwal"),
        ("/informasi/pengumuman/", "pengumuman"),
        ("/informasi/tanya-jawab/", "tanya-jawab"),
        ("/informasi/kontak/", "kontak"),
        ("/informasi/cari/?q=kks", "cari"),
    ],
)
def test_public_page_screenshots(
    served: dict,
    browser,
    screenshots: Path,
    path: str,
    name: str,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    response = page.goto(served["url"] + path)
    assert response is not None and response.status == 200
    assert "gratis" in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / f"halaman-{name}.png", full_page=True)
    context.close()


def test_english_switch_and_back_on_a_phone(served: dict, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    """Chromium announces English (Accept-Language en-US): the site stays Indonesian until the
    visitor presses "English" in the header, then a lookup answers in English."""
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.goto(served["url"] + "/cek-bansos/")
    assert page.get_attribute("html", "lang") == "id"
    page.click("header form.language button")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert "Full name as on the ID card (KTP)" in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for field, code in DESA_PATH:
        page.wait_for_selector(f"select[name={field}] option[value='{code}']", state="attached")
        page.wait_for_timeout(150)  # htmx binds a swapped-in select once it settles
        if field == DESA_PATH[-1][0]:
            page.select_option(f"select[name={field}]", code)
            break
        with page.expect_response(lambda r: "/wilayah/pilih/" in r.url):
            page.select_option(f"select[name={field}]", code)
    page.wait_for_timeout(150)
    _solve_and_search(page, served, "Nama Yang Tidak Ada")
    page.wait_for_selector("#hasil")
    assert "No data found." in page.inner_text("#hasil")
    page.screenshot(path=screenshots / "cek-bansos-english.png", full_page=True)
    page.click("header form.language button")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "id"
    context.close()
