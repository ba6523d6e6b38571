"""Benchmark `jaring generate`: households/s, wall time and peak RSS per output format.

    .venv/bin/python -m bench.bench_generate --households 1000000 [--format jsonl|parquet|both]

Each format runs in a child process (so each peak RSS is its own), writing into a temporary
directory that is removed afterwards (`--keep DIR` keeps the files). Prints one JSON line per
format. Results are recorded in docs/BENCHMARKS.md under "generate".
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson


def run_one(households: int, seed: int, fmt: str, out: Path, regions: str) -> dict[str, object]:
    from tqdm import tqdm

    from jaring.registry.generate import GenerateOptions, parse_region_prefixes, write_population

    options = GenerateOptions(
        households=households, seed=seed, regions=parse_region_prefixes(regions)
    )
    started = time.perf_counter()
    with tqdm(total=households, unit="kel", file=sys.stderr, leave=False, desc=fmt) as bar:
        result = write_population(options, out, fmt, bar.update)
    seconds = time.perf_counter() - started
    return {
        "format": fmt,
        "households": result.households,
        "members": result.members,
        "seconds": round(seconds, 1),
        "households_per_s": round(result.households / seconds),
        "members_per_s": round(result.members / seconds),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "bytes": sum(path.stat().st_size for path in result.files),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("jsonl", "parquet", "both"), default="both")
    parser.add_argument("--region", default="", help="desa code prefixes, comma-separated")
    parser.add_argument("--keep", type=Path, help="write here and keep the files")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    formats = ("jsonl", "parquet") if args.format == "both" else (args.format,)
    if args.child:
        figures = run_one(args.households, args.seed, formats[0], args.keep, args.region)
        print(orjson.dumps(figures).decode(), flush=True)
        return
    for fmt in formats:
        with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
            out = (args.keep / fmt) if args.keep else Path(scratch)
            command = [
                sys.executable,
                "-m",
                "bench.bench_generate",
                "--child",
                "--format",
                fmt,
                "--households",
                str(args.households),
                "--seed",
                str(args.seed),
                "--region",
                args.region,
                "--keep",
                str(out),
            ]
            done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
            print(done.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
