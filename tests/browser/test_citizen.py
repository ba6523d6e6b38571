"""Citizen registration with photo uploads, in Chromium on a 360×640 screen."""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from tests.portal.helpers import DESA, make_nik

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 360, "height": 640}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 50), (20, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def test_register_with_photos(served: dict, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served["url"] + "/warga/daftar/")
    page.screenshot(path=screenshots / "halaman-daftar-warga.png", full_page=True)
    # Siti from tests/browser/seed.py: first member of family 1 in the desa.
    page.fill("#id_nik", make_nik(DESA, date(1985, 4, 2), "P", 11))
    page.fill("#id_kk", f"{DESA[:6]}1503200001")
    page.fill("#id_full_name", "Siti Aminah")
    page.fill("#id_email", "siti.browser@example.id")
    page.fill("#id_password", "Kuat-sekali-2025!")
    page.fill("#id_password_again", "Kuat-sekali-2025!")
    page.set_input_files(
        "#id_ktp_photo", {"name": "ktp.png", "mimeType": "image/png", "buffer": _png()}
    )
    fake = {"name": "swafoto.jpg", "mimeType": "image/jpeg", "buffer": b"bukan gambar"}
    page.set_input_files("#id_selfie", fake)
    page.click("button.primary")
    assert "bukan berkas gambar yang sah" in page.inner_text("main")
    page.screenshot(path=screenshots / "daftar-warga-foto-palsu.png", full_page=True)
    # Files are never kept across a failed submit: choose both again, correctly this time.
    page.fill("#id_password", "Kuat-sekali-2025!")
    page.fill("#id_password_again", "Kuat-sekali-2025!")
    page.set_input_files(
        "#id_ktp_photo", {"name": "ktp.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.set_input_files("#id_selfie", {"name": "s.png", "mimeType": "image/png", "buffer": _png()})
    page.click("button.primary")
    page.wait_for_selector("text=Pendaftaran diterima")
    page.screenshot(path=screenshots / "daftar-warga-diterima.png", full_page=True)
    with sqlite3.connect(served["db"]) as connection:
        count = connection.execute("SELECT count(*) FROM portal_citizenaccount").fetchone()[0]
    assert count == 1
    context.close()
