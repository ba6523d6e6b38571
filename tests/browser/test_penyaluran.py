"""Disbursement pages on a 360×640 phone: send the SI of a batch with the plain form, then the
reconciliation of the tahap. Screenshots go to var/screenshots/penyaluran-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.seed_penyaluran import PASSWORD, USERNAME

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 360, "height": 640}


def test_send_si_and_reconcile_on_a_phone(served: dict, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(served["url"] + "/masuk/?next=/staf/penyaluran/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('Penyaluran bantuan')")
    page.click("a:has-text('BPNT-2025-Q3-BRI')")
    page.wait_for_selector("text=Siap dikirim")
    page.screenshot(path=screenshots / "penyaluran-batch.png", full_page=True)
    page.click("button:has-text('Kirim SI ke BRI')")
    page.wait_for_selector("text=2 pembayaran dikirim")
    page.goto(served["url"] + "/staf/penyaluran/rekonsiliasi/?program=BPNT&tahap=2025-Q3")
    assert page.locator("text=Saldo cocok").count() == 1
    page.screenshot(path=screenshots / "penyaluran-rekonsiliasi.png", full_page=True)
    context.close()
