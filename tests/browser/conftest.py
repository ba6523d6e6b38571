"""A real `jaring serve` on its own SQLite file, and Debian's Chromium driven by Playwright.

The server runs in a subprocess with a database of its own (migrated, the region tree loaded, a
few families seeded), so browser tests never disturb the test database of the other suites, and
they run the same whichever DATABASE_URL the rest of the suite uses.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "var" / "screenshots"
JARING = Path(sys.executable).parent / "jaring"

SEED = """
from tests.browser.seed import seed_all
seed_all()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's chromium at /usr/bin/chromium (apt install chromium)"
        )
    pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    return CHROMIUM


@pytest.fixture(scope="session")
def served(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    var = tmp_path_factory.mktemp("served")
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{var / 'browser.sqlite3'}",
            "JARING_VAR_DIR": str(var),
            "JARING_WORKERS": "2",
            "DJANGO_SETTINGS_MODULE": "jaring.settings",
            "PYTHONPATH": str(REPO),
        }
    )
    for command in (["migrate", "-v", "0"], ["createcachetable"], ["regions", "load"]):
        subprocess.run([str(JARING), *command], env=env, cwd=REPO, check=True, capture_output=True)
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SEED],
        env=env,
        cwd=REPO,
        check=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [str(JARING), "serve", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("jaring serve did not start")
        yield {
            "url": base,
            "db": var / "browser.sqlite3",
            "captcha_answer": lambda key: _captcha_answer(env, key),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def _captcha_answer(env: dict[str, str], key: str) -> str:
    """What a person reads off the served captcha's image, from whichever store the server keeps
    captchas in (Redis when one answers, else its database)."""
    code = (
        "import django; django.setup()\n"
        "from jaring.portal.guard import captcha_issued\n"
        f"print(captcha_issued({key!r}).response)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
