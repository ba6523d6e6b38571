"""The operator commands: `jaring setup`, `jaring demo`, `jaring serve`.

setup and serve run as real subprocesses against a fresh SQLite database in a temporary folder
(the way `make demo` runs them); demo runs in-process against the test database (SQLite or
PostgreSQL).
"""

from __future__ import annotations

import io
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from jaring.accounts.models import Role, User
from jaring.core.audit import audit_verify
from jaring.core.scope import AccessScope
from jaring.registry.models import Keluarga

JARING = str(Path(sys.executable).with_name("jaring"))


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "JARING_"))}
    env["JARING_VAR_DIR"] = str(var_dir)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A fresh installation after two `jaring setup` runs; returns the folder and both outputs."""
    var_dir = tmp_path_factory.mktemp("var")
    outputs = []
    for _ in range(2):
        started = time.monotonic()
        done = subprocess.run(
            [JARING, "setup"], env=_env(var_dir), capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        outputs.append(f"{done.stdout}\nSECONDS={time.monotonic() - started:.1f}")
    return var_dir, outputs


@pytest.mark.slow
def test_setup_is_idempotent_and_quick_the_second_time(installed: tuple[Path, list[str]]) -> None:
    var_dir, (first, second) = installed
    assert "wilayah dimuat" in first
    assert "tidak berubah" in second
    assert float(second.rsplit("SECONDS=", 1)[1]) < 15
    assert (var_dir / "static" / "staticfiles.json").exists()
    assert (var_dir / "jaring.sqlite3").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _get_when_listening(url: str, deadline: float) -> tuple[int, bytes]:
    """The first answer once the server accepts connections: granian announces itself when its
    socket is set up, and on a busy machine its workers may take a moment more to accept."""
    while True:
        try:
            return _get(url)
        except urllib.error.URLError as error:
            refused = isinstance(error.reason, ConnectionRefusedError)
            if not refused or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# What each server writes when it starts, and once it has stopped every worker gracefully.
STARTED = {"granian": "Starting granian", "gunicorn": "Starting gunicorn"}
STOPPED = {"granian": "Granian shutdown completed", "gunicorn": "Shutting down: Master"}


@pytest.mark.slow
@pytest.mark.parametrize("server_name", ["granian", "gunicorn"])
def test_serve_runs_with_static_files_and_stops_gracefully(
    installed: tuple[Path, list[str]], server_name: str
) -> None:
    var_dir, _ = installed
    port = _free_port()
    env = {**_env(var_dir), "PORT": str(port), "JARING_WORKERS": "2"}
    # granian is the default: no option for it, so the default is what is tested.
    option = [] if server_name == "granian" else ["--server", server_name]
    server = subprocess.Popen(
        [JARING, "serve", "--host", "127.0.0.1", *option],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Read the output in a thread: a silent, stuck server must fail the test, not hang it.
        lines: queue.Queue[str] = queue.Queue()
        seen: list[str] = []
        threading.Thread(
            target=lambda: [lines.put(line) for line in server.stdout or []], daemon=True
        ).start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            if "Jaring berjalan di" in seen[-1]:
                break
        assert f"http://127.0.0.1:{port}/" in "".join(seen), "".join(seen)
        base = f"http://127.0.0.1:{port}"
        status, home = _get_when_listening(base + "/", time.monotonic() + 30)
        assert status == 200 and "jaring pengaman sosial" in home.decode()
        css = home.decode().split('href="/static/jaring/', 1)[1].split('"', 1)[0]
        assert css != "jaring.css"  # hashed name from the manifest: cacheable forever
        assert _get(f"{base}/static/jaring/{css}")[0] == 200
        status, page = _get(base + "/tidak-ada-halaman-ini/")
        assert status == 404 and b"Traceback" not in page and b"URLconf" not in page  # DEBUG off
        assert _get(base + "/staf/")[0] == 200  # followed the redirect to the login page
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert server.returncode == 0
    time.sleep(0.2)  # let the reader thread drain the last lines
    while not lines.empty():
        seen.append(lines.get())
    out = "".join(seen)
    assert "Handling signal: term" in out and STOPPED[server_name] in out
    assert '"GET / HTTP/1.1" 200' in out  # access log
    assert STARTED[server_name] in out


@pytest.mark.django_db
def test_demo_fills_an_empty_registry_once_and_prints_the_accounts() -> None:
    out = io.StringIO()
    call_command("demo", "--households", "60", "--region", "3273,5171", stdout=out)
    assert Keluarga.objects.count() == 60
    assert not Keluarga.objects.exclude(region__code__regex=r"^(3273|5171)").exists()
    text = out.getvalue()
    for username in ("admin", "operator", "dinsos_bandung", "dinsos_jabar", "kemensos"):
        assert username in text
    assert "HANYA untuk demo" in text
    roles = dict(User.objects.values_list("username", "role"))
    assert roles["operator"] == Role.OPERATOR_DESA
    operator = User.objects.get(username="operator")
    assert operator.check_password("operator-demo-jaring")
    scope = AccessScope.for_user(operator)
    assert len(scope.region_prefix) == 10
    assert Keluarga.objects.filter(region__code=scope.region_prefix).exists()
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.filter(is_staff=True, is_superuser=False).exists()
    assert list(audit_verify()) == []

    again = io.StringIO()
    started = time.monotonic()
    call_command("demo", stdout=again)
    assert time.monotonic() - started < 10
    assert Keluarga.objects.count() == 60
    assert "Registri sudah berisi 60 keluarga" in again.getvalue()
    assert "operator-demo-jaring" in again.getvalue()


def test_serve_refuses_a_database_that_was_never_set_up(tmp_path: Path) -> None:
    done = subprocess.run(
        [JARING, "serve", "--port", str(_free_port())],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "jalankan dulu `jaring setup`" in done.stderr
