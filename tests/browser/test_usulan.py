"""A desa operator on a 360×640 phone works the usulan queue: bulk musyawarah decision, then the
proposal page with its history and eligibility preview. Screenshots go to var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.seed_usulan import OPERATOR_PASSWORD, OPERATOR_USERNAME

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 360, "height": 640}


def test_operator_decides_the_musdes_in_bulk_and_reads_the_history(  # type: ignore[no-untyped-def]
    served: dict, browser, screenshots: Path
) -> None:
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(served["url"] + "/masuk/?next=/staf/usulan/")
    page.fill("#id_username", OPERATOR_USERNAME)
    page.fill("#id_password", OPERATOR_PASSWORD)
    page.press("#id_password", "Enter")  # the header holds the language switcher's button
    page.wait_for_url(lambda url: urlparse(url).path == "/staf/usulan/")
    assert "Antrean usulan" in page.content()
    boxes = page.locator("input[name=ids]")
    assert boxes.count() == 2
    page.screenshot(path=screenshots / "usulan-antrean.png", full_page=True)
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("#bulk-action", "musdes_terima")
    page.fill("#bulk-note", "Musdes 3 Juni 2025: disetujui 21 peserta.")
    page.click("text=Proses")
    page.wait_for_load_state()
    assert "2 usulan diproses." in page.content()
    page.goto(served["url"] + "/staf/usulan/?status=verifikasi_desa")
    page.locator("table a[href^='/staf/usulan/']").first.click()
    page.wait_for_load_state()
    body = page.content()
    assert "Musdes 3 Juni 2025" in body and "Pratinjau kelayakan" in body
    assert "Dokumen belum lengkap" not in body
    page.screenshot(path=screenshots / "usulan-detail.png", full_page=True)
    # Nothing scrolls sideways on a 360 px phone: neither this page nor the shared staff pages.
    width = page.evaluate("document.documentElement.scrollWidth")
    page.goto(served["url"] + "/staf/")
    home = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 361 and home <= 361, f"usulan page {width}px wide, staff home {home}px"
    context.close()
