r"""Benchmark `jaring run-eligibility`: N households imported, then one run timed by phase.

    .venv/bin/python bench/bench_run_eligibility.py --households 100000 \
        [--backend sqlite|postgresql|both] [--rerun]

The registry is filled with `jaring import` of the same population as bench_import.py (from
`jaring generate` when it exists). The run itself executes in a child process that calls the
real service (`eligibility_run`) and timestamps the phases from its progress callback:
export (registry → Parquet snapshot), engine (run_batch), load (decisions into the database,
then the swap). It prints the wall time of each phase, decisions/s and the child's peak RSS.
A second run (`--rerun`) shows the cost of replacing a period. Results: docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import (  # sibling script, not a package
    PG_SERVER,
    PYTHON,
    ROOT,
    _env,
    fresh_database,
    population,
    timed_import,
)

PG_DB = "jaring_bench_run"

CHILD = r"""
import sys, time, django, orjson
django.setup()
from jaring.core.scope import AccessScope
from jaring.programs.models import Decision
from jaring.programs.services import eligibility_run

marks = {}
def progress(phase, done, total):
    marks.setdefault(phase, time.perf_counter())
start = time.perf_counter()
run = eligibility_run(scope=AccessScope.system("bench"), period=sys.argv[1], progress=progress)
end = time.perf_counter()
export, engine, load = marks["ekspor"], marks["mesin"], marks["muat"]
print(orjson.dumps({
    "export": engine - export, "engine": load - engine, "load": end - load,
    "total": end - start, "decisions": Decision.objects.filter(run=run).count(),
    "summary": run.summary,
}).decode())
"""


def timed_run(database_url: str, period: str) -> tuple[dict[str, object], int]:
    child = subprocess.Popen(
        [PYTHON, "-c", CHILD, period],
        env=_env(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    out, err = child.stdout.read().decode(), child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"run failed:\n{out[-3000:]}\n{err[-3000:]}")
    return orjson.loads(out.strip().splitlines()[-1]), usage.ru_maxrss


def report(url: str, backend: str, label: str, period: str) -> None:
    result, rss_kib = timed_run(url, period)
    decisions = int(result["decisions"])  # type: ignore[call-overload]
    total = float(result["total"])  # type: ignore[arg-type]
    print(
        f"{backend:10} {label:8} export={result['export']:.1f}s "
        f"engine={result['engine']:.1f}s load={result['load']:.1f}s "
        f"total={total:.1f}s decisions={decisions:,} "
        f"({decisions / total:,.0f}/s overall) peak_rss={rss_kib / 1024:.0f} MiB"
    )
    print(f"           {orjson.dumps(result['summary']).decode()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--period", default="2025-06")
    parser.add_argument("--rerun", action="store_true", help="time a second run (replacement)")
    parser.add_argument(
        "--database-url", help="time runs on this already-filled registry (no fresh import)"
    )
    args = parser.parse_args()
    if args.database_url:
        for label in ("first", "rerun") if args.rerun else ("first",):
            report(args.database_url, args.database_url.split(":")[0], label, args.period)
        return
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    import bench_import

    bench_import.PG_DB = PG_DB  # a database of its own, not the import benchmark's
    with tempfile.TemporaryDirectory(prefix="jaring-bench-", dir=ROOT / "var") as tmp:
        workdir = Path(tmp)
        for backend in backends:
            url = fresh_database(backend, workdir)
            source = population(args.households, workdir, url)
            seconds, _, _ = timed_import(source, url)
            print(f"{backend:10} import   households={args.households:,} wall={seconds:.1f}s")
            for label in ("first", "rerun") if args.rerun else ("first",):
                report(url, backend, label, args.period)
            if backend == "postgresql":
                subprocess.run(
                    ["psql", "-q", f"{PG_SERVER}/postgres", "-c", f"DROP DATABASE {PG_DB}"],
                    check=False,
                )


if __name__ == "__main__":
    main()
