"""The operator commands: `jaring setup`, `jaring demo`, `jaring serve`.

setup and serve run as real subprocesses against a fresh SQLite database in a temporary folder
(the way `make demo` runs them); demo runs in-process against the test database (SQLite or
PostgreSQL).
"""

from __future__ import annotations

import http.client
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
from django.core.management.base import CommandError

from jaring.accounts.models import Role, User
from jaring.core.audit import audit_verify
from jaring.core.management.commands.serve import refuse_port_in_use
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
        # Announced only once the port accepts: the first request must be answered.
        status, home = _get(base + "/")
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


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("JARING_THREADS", "delapan", "JARING_THREADS='delapan' tidak sah: harus bilangan bulat."),
        ("JARING_WORKERS", "0", "JARING_WORKERS=0 tidak sah: paling kecil 1."),
        ("JARING_WORKER_MAX_RSS", "1G", "JARING_WORKER_MAX_RSS='1G' tidak sah"),
        ("JARING_WORKER_MAX_RSS", "-5", "JARING_WORKER_MAX_RSS=-5 tidak sah: paling kecil 0."),
        ("JARING_WORKER_RSS_CHECK", "0", "JARING_WORKER_RSS_CHECK=0 tidak sah: paling kecil 1."),
        ("PORT", "http", "PORT='http' tidak sah: harus bilangan bulat."),
        ("PORT", "70000", "Port 70000 tidak sah."),
        ("JARING_SERVER", "nginx", "Server 'nginx' tidak dikenal (JARING_SERVER)"),
    ],
)
def test_serve_refuses_a_mistyped_setting_in_indonesian(
    variable: str, value: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked before anything else: no database, no static files, no server started."""
    monkeypatch.setenv(variable, value)
    with pytest.raises(CommandError) as refused:
        # JARING_SERVER is read as the option's default when the parser is built.
        call_command("serve")
    assert message in str(refused.value)


@pytest.mark.django_db
def test_serve_refuses_a_port_another_program_listens_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JARING_PLAIN_STATIC", "1")
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(CommandError) as refused:
            call_command("serve", "--host", "127.0.0.1", "--port", str(port))
    assert f"Port {port} di 127.0.0.1 sudah dipakai program lain" in str(refused.value)
    # Once the other program has gone the same port is free again (its socket may linger in
    # TIME_WAIT, which does not count).
    refuse_port_in_use("127.0.0.1", port)


@pytest.mark.slow
def test_serve_replaces_a_worker_over_its_memory_limit_without_failing_a_request(
    installed: tuple[Path, list[str]],
) -> None:
    """JARING_WORKER_MAX_RSS=1 (MiB) puts every granian worker over the limit at every check:
    each is replaced by a fresh one, started before the old one stops, while requests go on."""
    var_dir, _ = installed
    port = _free_port()
    env = {
        **_env(var_dir),
        "JARING_WORKERS": "2",
        "JARING_WORKER_MAX_RSS": "1",
        "JARING_WORKER_RSS_CHECK": "1",
    }
    server = subprocess.Popen(
        [JARING, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in server.stdout or []], daemon=True
    ).start()
    seen: list[str] = []
    statuses: list[int] = []
    resets = 0
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            while not lines.empty():
                seen.append(lines.get())
            out = "".join(seen)
            if "Jaring berjalan di" in out:
                try:
                    statuses.append(_get(f"http://127.0.0.1:{port}/")[0])
                except (urllib.error.URLError, ConnectionError, http.client.HTTPException):
                    # Without the net.ipv4.tcp_migrate_req sysctl (granian warns at start) a
                    # connection still queued on a stopping worker's socket is reset.
                    resets += 1
                if "Stopped old worker-1" in out and "Stopped old worker-2" in out:
                    break
            time.sleep(0.1)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=40)
    out = "".join(seen)
    assert "RSS over threshold, gracefully respawning" in out, out
    assert "Stopped old worker-1" in out and "Stopped old worker-2" in out, out
    assert len(statuses) > 10 and set(statuses) == {200}, statuses
    assert resets <= 2, f"{resets} requests reset, {len(statuses)} answered"
