"""Benchmark `jaring import`: N households into a fresh SQLite and a fresh PostgreSQL database.

    .venv/bin/python bench/bench_import.py --households 100000 [--backend sqlite|postgresql|both]

The population comes from `jaring generate` when that command exists, otherwise from the small
maker below (valid NIKs for real desa codes, 1–7 members per family). Each import runs as a
child process; the figures are its wall time, households/s and members/s, and its peak RSS
(os.wait4 rusage of that one child), so memory can be compared between sizes (100k vs 1M).
Results are recorded in docs/BENCHMARKS.md under "import".
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
JARING = str(ROOT / ".venv" / "bin" / "jaring")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_SERVER = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
PG_DB = "jaring_bench_import"
LAST_BIRTH = date(2024, 12, 31)


def _env(database_url: str) -> dict[str, str]:
    return os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "jaring.settings"}


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def fresh_database(backend: str, workdir: Path) -> str:
    """Create an empty database with the schema and the region tree; returns its URL."""
    if backend == "sqlite":
        path = workdir / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        admin = ["psql", "-q", f"{PG_SERVER}/postgres", "-c"]
        subprocess.run([*admin, f"DROP DATABASE IF EXISTS {PG_DB}"], check=True)
        subprocess.run([*admin, f"CREATE DATABASE {PG_DB}"], check=True)
        url = f"{PG_SERVER}/{PG_DB}"
    env = _env(url)
    _run([JARING, "migrate", "--verbosity", "0"], env)
    loaded = _run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from jaring.regions.loader import load_regions; "
            "print(load_regions())",
        ],
        env,
    )
    print(f"  {backend}: schema migrated, {loaded.strip()} regions loaded", file=sys.stderr)
    return url


def _nik(kecamatan: str, birth: date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{kecamatan}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def make_population(households: int, out: Path, database_url: str, seed: int = 7) -> None:
    """A plain stand-in for `jaring generate`: valid households for real desa codes."""
    code = (
        "import django, json; django.setup(); from jaring.regions.codes import desa_codes; "
        "print(json.dumps(sorted(desa_codes())))"
    )
    desa = orjson.loads(_run([PYTHON, "-c", code], _env(database_url)))
    rng = random.Random(seed)
    serial: dict[str, int] = {}
    with out.open("wb") as handle:
        for n in range(households):
            region = desa[(n * 7919) % len(desa)]
            kecamatan = region[:6]
            size = rng.choice((1, 2, 3, 4, 4, 5, 6, 7))
            head_birth = date(1950, 1, 1) + timedelta(days=rng.randrange(18000))
            members = []
            for position in range(size):
                sex = "P" if position == 0 or rng.random() < 0.5 else "L"
                birth = (
                    head_birth
                    if position == 0
                    else head_birth + timedelta(days=rng.randrange(7000, 14000))
                )
                if birth > LAST_BIRTH:
                    birth -= timedelta(days=9000)
                key = f"{kecamatan}{birth:%d%m%y}{sex}"
                while serial.get(key, 0) >= 9999:  # NIK serials are 4 digits: take the next day
                    birth -= timedelta(days=1)
                    key = f"{kecamatan}{birth:%d%m%y}{sex}"
                serial[key] = serial.get(key, 0) + 1
                members.append(
                    {
                        "nik": _nik(kecamatan, birth, sex, serial[key]),
                        "name": f"Warga {n} {position}",
                        "sex": sex,
                        "birth_date": birth.isoformat(),
                        "relationship": "kepala_keluarga" if position == 0 else "anak",
                        "schooling": "tidak_sekolah",
                        "occupation": "buruh" if position == 0 else "tidak_bekerja",
                        "monthly_income": rng.randrange(0, 3_000_000, 50_000),
                    }
                )
            channel = rng.choice(("KKS", "POS"))
            record = {
                # Issue date + serial 0001..9999 (a KK serial is never 0000).
                "kk": f"{kecamatan}{150320 + n // 9999:06d}{n % 9999 + 1:04d}",
                "region": region,
                "desil": rng.randint(1, 10),
                "registry_status": "aktif",
                "channel": channel,
                "bank": rng.choice(("BRI", "BNI", "MANDIRI")) if channel == "KKS" else None,
                "members": members,
            }
            handle.write(orjson.dumps(record) + b"\n")


def population(households: int, workdir: Path, database_url: str) -> Path:
    cache = ROOT / "var" / "bench"
    cache.mkdir(parents=True, exist_ok=True)
    out = cache / f"households-{households}.jsonl"
    if out.exists():
        return out
    help_text = _run([JARING, "help"], _env(database_url))
    if "generate" in help_text:
        target = cache / f"generated-{households}"
        _run(
            [
                JARING,
                "generate",
                "--households",
                str(households),
                "--seed",
                "7",
                "--out",
                str(target),
            ],
            _env(database_url),
        )
        (target / "households.jsonl").rename(out)
    else:
        make_population(households, out, database_url)
    return out


def timed_import(source: Path, database_url: str) -> tuple[float, int, str]:
    """Run `jaring import` as a child; returns (seconds, peak RSS in KiB, summary line)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [JARING, "import", str(source), "--quiet"],
        env=_env(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    # Read before waiting so a long report cannot fill the pipe and block the child.
    out = child.stdout.read().decode()
    err = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"import failed ({child.returncode}):\n{out[-3000:]}\n{err[-3000:]}")
    return seconds, usage.ru_maxrss, out.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--reimport", action="store_true", help="time a second, no-op import")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    with tempfile.TemporaryDirectory(prefix="jaring-bench-", dir=ROOT / "var") as tmp:
        workdir = Path(tmp)
        for backend in backends:
            url = fresh_database(backend, workdir)
            source = population(args.households, workdir, url)
            members = sum(line.count(b'"nik"') for line in source.open("rb"))
            runs = ("first", "again") if args.reimport else ("first",)
            for run in runs:
                seconds, rss_kib, summary = timed_import(source, url)
                print(
                    f"{backend:10} {run:5} households={args.households:>9,} members={members:>10,} "
                    f"wall={seconds:8.1f}s  {args.households / seconds:9,.0f} households/s  "
                    f"{members / seconds:9,.0f} members/s  peak_rss={rss_kib / 1024:7.0f} MiB"
                )
                print(f"           {summary}")
            if backend == "postgresql":
                subprocess.run(
                    ["psql", "-q", f"{PG_SERVER}/postgres", "-c", f"DROP DATABASE {PG_DB}"],
                    check=False,
                )


if __name__ == "__main__":
    main()
