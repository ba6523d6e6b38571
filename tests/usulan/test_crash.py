"""Penetapan is all or nothing: a real `jaring usulan tetapkan` process killed (SIGKILL) midway
leaves the registry as before; running it again applies the batch exactly once; a third run
changes nothing. Runs on a fresh database of the same backend as the suite (a temporary SQLite
file, or a scratch PostgreSQL database beside the test database)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]
JARING = str(Path(sys.executable).with_name("jaring"))
FAMILIES = 3000


def _scratch_url(tmp_path: Path) -> Iterator[str]:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        return
    import psycopg

    server, _, name = base.rpartition("/")
    scratch = f"{name.split('?')[0]}_crash"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield f"{server}/{scratch}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@pytest.fixture
def scratch_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    for url in _scratch_url(tmp_path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("JARING_")}
        env.update(DATABASE_URL=url, JARING_VAR_DIR=str(tmp_path / "var"), PYTHONPATH=str(ROOT))
        (tmp_path / "var").mkdir(exist_ok=True)
        done = subprocess.run(
            [JARING, "migrate", "--skip-checks", "--no-input"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        yield env


def _tool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tests.usulan.crash_tool", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_killed_midway_leaves_the_registry_as_before_and_a_rerun_applies_once(
    scratch_env: dict[str, str],
) -> None:
    batch_id = _tool(scratch_env, "seed", str(FAMILIES))
    before = orjson.loads(_tool(scratch_env, "state"))
    assert before["keluarga"] == 0 and before["tervalidasi"] == FAMILIES

    slow = {**scratch_env, "JARING_USULAN_CHUNK_PAUSE": "2"}
    process = subprocess.Popen(
        [JARING, "usulan", "tetapkan", "--batch", batch_id],
        env=slow,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()  # the first chunk is written, the transaction still open
    assert line.startswith("tetapkan: 2000/3000"), line
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    after_crash = orjson.loads(_tool(scratch_env, "state"))
    assert after_crash == before

    started = time.monotonic()
    done = subprocess.run(
        [JARING, "usulan", "tetapkan", "--batch", batch_id],
        env=scratch_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = orjson.loads(done.stdout)
    assert result["status"] == "ditetapkan" and result["summary"]["ditetapkan"] == FAMILIES
    assert result["sk_pdf"].endswith(".pdf")
    applied = orjson.loads(_tool(scratch_env, "state"))
    assert applied["keluarga"] == FAMILIES and applied["anggota"] == 2 * FAMILIES
    assert applied["ditetapkan"] == FAMILIES and applied["tervalidasi"] == 0
    assert applied["outbox"] == FAMILIES  # one SMS each (no e-mail address in the seed)
    assert time.monotonic() - started < 300

    again = subprocess.run(
        [JARING, "usulan", "tetapkan", "--batch", batch_id],
        env=scratch_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert orjson.loads(_tool(scratch_env, "state")) == applied
