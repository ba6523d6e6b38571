"""Repeated, concurrent and interrupted imports, with real processes of `jaring penyaluran
import-response`: one payment each, one event each, nothing half-applied after a SIGKILL.

On PostgreSQL the processes share the test database (the test commits its data); on SQLite the
in-memory test database is invisible to other processes, so the test migrates a scratch SQLite
file and seeds it in a subprocess. Two imports at once serialise on the batch rows they lock
(PostgreSQL) or on SQLite's single writer (transactions begin IMMEDIATE, busy_timeout 30 s).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from jaring.penyaluran import responses
from jaring.penyaluran.models import Payment, PaymentEvent, ResponseImport
from tests.penyaluran.helpers import SYSTEM, seed_sent_batch

ROOT = Path(__file__).resolve().parents[2]
JARING = str(Path(sys.executable).with_name("jaring"))
FAMILIES = 40


def test_same_file_twice_changes_nothing_the_second_time(db: None, tmp_path: Path) -> None:
    path = tmp_path / "jawaban.csv"
    refs = seed_sent_batch(8, str(path))
    first = responses.response_import(
        scope=SYSTEM, channel="BRI", stream=path.open("rb"), filename="jawaban.csv"
    )
    second = responses.response_import(
        scope=SYSTEM, channel="BRI", stream=path.open("rb"), filename="jawaban.csv"
    )
    assert (first.applied, first.unchanged) == (8, 0)
    assert (second.applied, second.unchanged, second.rejected) == (0, 8, 0)
    assert second.earlier_import_id == first.import_id
    assert Payment.objects.filter(reference__in=refs, status="tersalur").count() == 8
    assert PaymentEvent.objects.filter(to_status="tersalur").count() == 8


class Ledger:
    """Runs the CLI against a database other processes can see, and reads that database."""

    def __init__(self, env: dict[str, str], count: Callable[[str], int]) -> None:
        self.env = env
        self.count = count

    def run(self, *args: str, extra: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [JARING, *args],
            cwd=ROOT,
            env={**self.env, **(extra or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    response = tmp_path / "jawaban.csv"
    if connection.vendor == "postgresql":
        seed_sent_batch(FAMILIES, str(response))
        s = connection.settings_dict
        env["DATABASE_URL"] = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"

        def count(sql: str) -> int:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()[0]

    else:
        database = tmp_path / "ledger.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{database}"
        for args in (
            ["migrate", "-v0", "--skip-checks"],
            ["shell", "-c", "from tests.penyaluran.helpers import seed_sent_batch; "
             f"seed_sent_batch({FAMILIES}, {str(response)!r})"],
        ):  # fmt: skip
            done = subprocess.run([JARING, *args], cwd=ROOT, env=env, capture_output=True)
            assert done.returncode == 0, done.stderr.decode()[-2000:]

        def count(sql: str) -> int:
            with sqlite3.connect(database) as db:
                return db.execute(sql).fetchone()[0]

    ledger = Ledger(env, count)
    ledger.response = str(response)  # type: ignore[attr-defined]
    return ledger


def _state(ledger: Ledger) -> tuple[int, int, int]:
    return (
        ledger.count(f"SELECT COUNT(*) FROM {Payment._meta.db_table} WHERE status = 'tersalur'"),
        ledger.count(
            f"SELECT COUNT(*) FROM {PaymentEvent._meta.db_table} WHERE to_status = 'tersalur'"
        ),
        ledger.count(f"SELECT COUNT(*) FROM {ResponseImport._meta.db_table}"),
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("point", ["staged", "applied:TERSALUR", "before_commit"])
def test_killed_import_leaves_nothing_and_rerun_completes(ledger: Ledger, point: str) -> None:
    args = ("penyaluran", "import-response", ledger.response, "--channel", "BRI")  # type: ignore[attr-defined]
    crashed = ledger.run(*args, extra={responses.CRASH_ENV: point})
    crashed.wait(timeout=120)
    assert crashed.returncode == -9  # SIGKILL: no handler, no cleanup, no rollback code ran
    assert _state(ledger) == (0, 0, 0)
    rerun = ledger.run(*args)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()[-2000:]
    assert b'"applied": 40' in out
    assert _state(ledger) == (FAMILIES, FAMILIES, 1)


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_pay_once(ledger: Ledger) -> None:
    args = ("penyaluran", "import-response", ledger.response, "--channel", "BRI")  # type: ignore[attr-defined]
    pause = {responses.PAUSE_ENV: "1.5"}  # both stage their rows, then race for the locks
    first, second = ledger.run(*args, extra=pause), ledger.run(*args, extra=pause)
    outputs = [p.communicate(timeout=180) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], [
        e.decode()[-1500:] for _, e in outputs
    ]
    applied = sorted(b'"applied": 40' in out for out, _ in outputs)
    assert applied == [False, True]  # exactly one of them applied the file
    assert all(b'"rejected": 0' in out for out, _ in outputs)
    assert _state(ledger) == (FAMILIES, FAMILIES, 2)
