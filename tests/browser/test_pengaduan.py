"""A complaint filed with evidence on a 360×640 phone, answered by Dinas Sosial, and followed
by its reference number. Screenshots go to var/screenshots/."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.seed_pengaduan import STAFF_PASSWORD, STAFF_USERNAME

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 360, "height": 640}
DESA_PATH = [
    ("wilayah_provinsi", "32"),
    ("wilayah_kabupaten", "3273"),
    ("wilayah_kecamatan", "327301"),
    ("wilayah_desa", "3273011001"),
]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def test_file_with_evidence_and_follow_by_reference(  # type: ignore[no-untyped-def]
    served: dict, browser, screenshots: Path
) -> None:
    citizen = browser.new_context(viewport=PHONE, locale="id-ID")
    page = citizen.new_page()
    page.goto(served["url"] + "/pengaduan/")
    page.check("input[name=category][value=pemotongan]")
    for field, code in DESA_PATH:
        page.wait_for_selector(f"select[name={field}] option[value='{code}']", state="attached")
        page.wait_for_timeout(150)  # htmx binds a swapped-in select once it settles
        if field == DESA_PATH[-1][0]:
            page.select_option(f"select[name={field}]", code)
            break
        with page.expect_response(lambda r: "/wilayah/pilih/" in r.url):
            page.select_option(f"select[name={field}]", code)
    page.fill("#id_description", "Bantuan BPNT saya dipotong Rp50.000 oleh pengurus e-warong.")
    page.fill("#id_involved", "Pengurus e-warong dekat balai desa")
    page.fill("#id_phone", "081234567890")
    page.set_input_files(
        "#id_bukti_1", {"name": "struk.png", "mimeType": "image/png", "buffer": _png()}
    )
    key = page.get_attribute("input[name=captcha_key]", "value")
    page.fill("#id_captcha_value", served["captcha_answer"](key))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "pengaduan-formulir.png", full_page=True)
    page.click("button.primary")
    page.wait_for_selector("text=Pengaduan terkirim")
    reference = re.search(r"ADU-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]", page.inner_text("body"))[0]
    assert "Diterima" in page.inner_text("#status-pengaduan")
    page.screenshot(path=screenshots / "pengaduan-terkirim.png", full_page=True)
    with sqlite3.connect(served["db"]) as connection:
        stored = connection.execute("SELECT count(*) FROM pengaduan_complaintevidence").fetchone()
    assert stored[0] == 1

    staff = browser.new_context(viewport=PHONE, locale="id-ID")
    desk = staff.new_page()
    desk.goto(served["url"] + "/masuk/?next=/staf/pengaduan/")
    desk.fill("#id_username", STAFF_USERNAME)
    desk.fill("#id_password", STAFF_PASSWORD)
    desk.click("main form button[type=submit]")
    desk.wait_for_url("**/staf/pengaduan/")
    desk.screenshot(path=screenshots / "pengaduan-staf-kotak-masuk.png", full_page=True)
    desk.click(f"text={reference}")
    desk.select_option("#id_status", "diverifikasi")
    desk.click("text=Simpan status")
    desk.wait_for_selector("text=Status pengaduan diperbarui")
    desk.fill("#id_reply_body", "Kami sudah memanggil pengurus e-warong. Uang akan dikembalikan.")
    desk.click("text=Kirim balasan")
    desk.wait_for_selector("text=Balasan dikirim")
    desk.screenshot(path=screenshots / "pengaduan-staf.png", full_page=True)
    staff.close()

    page.goto(served["url"] + "/pengaduan/lacak/")
    page.fill("#id_nomor", reference.lower())
    page.click("button.primary")
    page.wait_for_selector("#status-pengaduan")
    text = page.inner_text("#status-pengaduan")
    assert "Diverifikasi" in text and "Uang akan dikembalikan" in text
    assert "081234567890" not in page.inner_text("body")
    assert "dipotong Rp50.000" not in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "pengaduan-lacak.png", full_page=True)
    citizen.close()
