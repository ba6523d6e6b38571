"""Fixtures of the complaint tests: offices in two kabupaten, an inspectorate, evidence files."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.pengaduan.helpers import World, build_world


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Own rate-limit counters and upload directory per test; captchas accept PASSED."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    settings.CAPTCHA_TEST_MODE = True
    yield


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
