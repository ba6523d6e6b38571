"""The monitoring dashboard and its map on a 360×640 phone: national choropleth, drill-down by
clicking a province, a provincial officer's view, and the public transparency page.
Screenshots go to var/screenshots/monitoring-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.seed_monitoring import MONITOR_USERNAME, PASSWORD, PROVINCE_USERNAME

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 360, "height": 640}


def _login(browser, served: dict, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(served["url"] + "/masuk/?next=/staf/monitoring/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('Monitoring dan evaluasi')")
    return context, page


def test_dashboard_map_and_drill_down(served: dict, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    context, page = _login(browser, served, MONITOR_USERNAME)
    assert page.locator(".figures li").count() >= 13
    assert page.locator("svg.map path").count() >= 30
    page.screenshot(path=screenshots / "monitoring-dashboard.png", full_page=True)
    page.locator("#peta").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "monitoring-peta.png")
    # Drill down: click Jawa Barat on the map.
    page.locator('svg.map a[aria-label="Jawa Barat"]').first.click()
    page.wait_for_selector("h2:has-text('Jawa Barat')")
    assert "wilayah=32" in page.url
    assert page.locator("svg.tiles rect").count() >= 1
    page.screenshot(path=screenshots / "monitoring-provinsi.png", full_page=True)
    page.locator("svg.tiles a").first.click()
    page.wait_for_selector("h2:has-text('Per Kecamatan')")
    context.close()

    context, page = _login(browser, served, PROVINCE_USERNAME)
    assert "Jawa Barat" in page.locator("h2").first.inner_text()
    assert page.goto(served["url"] + "/staf/monitoring/?wilayah=35").status == 404
    context.close()


def test_public_transparency_page(served: dict, browser, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.goto(served["url"] + "/transparansi/?program=PKH&tahap=2025-T3")
    cells = page.locator("#transparansi td.num").all_inner_texts()
    assert cells and "<10" in cells
    numbers = [int(c) for c in cells if c.isdigit()]
    assert numbers and min(numbers) >= 10
    page.screenshot(path=screenshots / "monitoring-transparansi.png", full_page=True)
    context.close()
