"""Penetapan of a 100,000-proposal batch in one transaction, with a crash drill.

    flock /tmp/jaring-bench.lock .venv/bin/python bench/bench_usulan.py [--families N] [--pg URL]

On a fresh database (a temporary SQLite file, or the PostgreSQL server given by --pg, where a
scratch database `jaring_usulan_bench` is created and dropped): migrate, seed N validated
"keluarga baru" proposals in one draft batch, start `jaring usulan tetapkan`, SIGKILL it once
half of the batch is written (inside the open transaction), check that nothing changed, run it
again to completion (timed), run it a third time (a no-op), and print the figures as JSON.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
JARING = str(Path(sys.executable).with_name("jaring"))


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{args} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def tool(env: dict[str, str], *args: str) -> str:
    return run(env, sys.executable, "-m", "tests.usulan.crash_tool", *args).splitlines()[-1]


def drill(env: dict[str, str], families: int) -> dict[str, object]:
    figures: dict[str, object] = {"families": families}
    started = time.monotonic()
    run(env, JARING, "migrate", "--skip-checks", "--no-input")
    figures["migrate_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    batch = tool(env, "seed", str(families))
    figures["seed_s"] = round(time.monotonic() - started, 1)
    before = orjson.loads(tool(env, "state"))

    started = time.monotonic()
    process = subprocess.Popen(
        [JARING, "usulan", "tetapkan", "--batch", batch],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        done, total = (int(x) for x in line.split(":")[1].strip().split("/"))
        if done * 2 >= total:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    figures["killed_after_s"] = round(time.monotonic() - started, 1)
    figures["killed_at"] = f"{done}/{total}"
    after_crash = orjson.loads(tool(env, "state"))
    figures["registry_unchanged_after_kill"] = after_crash == before

    started = time.monotonic()
    result = orjson.loads(run(env, JARING, "usulan", "tetapkan", "--batch", batch))
    figures["apply_s"] = round(time.monotonic() - started, 1)
    applied = orjson.loads(tool(env, "state"))
    figures["applied"] = applied
    figures["summary"] = result["summary"]
    started = time.monotonic()
    run(env, JARING, "usulan", "tetapkan", "--batch", batch)
    figures["rerun_noop_s"] = round(time.monotonic() - started, 1)
    figures["unchanged_after_rerun"] = orjson.loads(tool(env, "state")) == applied
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--pg", default="", help="postgresql://user@host:port (no database)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JARING_", "DATABASE_"))}
        env.update(JARING_VAR_DIR=tmp, PYTHONPATH=str(ROOT))
        if args.pg:
            import psycopg

            server = args.pg.rstrip("/")
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS jaring_usulan_bench WITH (FORCE)")
                conn.execute("CREATE DATABASE jaring_usulan_bench")
            env["DATABASE_URL"] = f"{server}/jaring_usulan_bench"
            try:
                figures = drill(env, args.families)
            finally:
                with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                    conn.execute("DROP DATABASE IF EXISTS jaring_usulan_bench WITH (FORCE)")
            figures["backend"] = "postgresql"
        else:
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            figures = drill(env, args.families)
            figures["backend"] = "sqlite"
    print(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
