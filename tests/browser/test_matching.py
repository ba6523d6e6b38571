"""The duplicate review queue on a 360×640 phone: open the pair, read the evidence, merge, undo.
Screenshots go to var/screenshots/matching-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.seed_matching import OFFICER_USERNAME, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 360, "height": 640}


def test_review_merge_and_undo(served: dict, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(served["url"] + "/masuk/?next=/staf/kualitas-data/antrean/")
    page.fill("#id_username", OFFICER_USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('Antrean data ganda')")
    page.screenshot(path=screenshots / "matching-antrean.png", full_page=True)
    page.locator("table a", has_text="Ibu Nomor 501").first.click()
    page.wait_for_selector("text=Bobot kecocokan")
    assert "NIK sama di dua keluarga" in page.content()
    page.screenshot(path=screenshots / "matching-pasangan.png", full_page=True)
    page.click("button[value=gabung]")
    page.wait_for_selector("text=Data digabung")
    page.click("text=Batalkan penggabungan")
    page.wait_for_selector("text=kembali seperti semula")
    assert "Menunggu tinjauan" in page.locator("h1").inner_text()
    page.screenshot(path=screenshots / "matching-dibatalkan.png", full_page=True)
    context.close()
