"""Engine benchmark: the national batch, the per-family Python baseline, and `assess` vs parsing.

    .venv/bin/python -m bench.bench_engine --families 20000000 --work /tmp/jaring-bench

1. A base population of `--base` households is generated once (`jaring generate --format
   parquet`) and replicated with DuckDB SQL to `--families` households: each copy re-keys the KK
   (the copy number is appended, so KKs stay unique; the engine never checks KK numbers) and
   keeps the members' NIKs, which therefore stay valid.
2. run_batch (all programs in force, decisions and reasons written to Parquet) runs in a child
   process; its wall time and peak RSS (ru_maxrss) are reported.
3. The plain per-family Python reference (tests/engine/reference.py) assesses a sample of the
   base families; the ratio compares per-family costs.
4. `assess` over a JSONL file vs reading and parsing that file with orjson.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parents[1]
JARING = str(REPO / ".venv" / "bin" / "jaring")


def _generate(households: int, out: Path, fmt: str) -> None:
    marker = out / ("households.jsonl" if fmt == "jsonl" else "members.parquet")
    if marker.exists():
        return
    cmd = [JARING, "generate", "--households", str(households), "--seed", "20251123"]
    subprocess.run([*cmd, "--out", str(out), "--format", fmt], check=True, capture_output=True)


def replicate(base: Path, big: Path, copies: int) -> float:
    """Copies of the base population with re-keyed KK numbers, written by DuckDB sorted by KK
    (the layout the engine's KK-range partitions read without scanning the other row groups)."""
    import duckdb

    big.mkdir(parents=True, exist_ok=True)
    if (big / "members.parquet").exists():
        return 0.0
    start = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET memory_limit = '6GB'")
    con.execute(f"SET temp_directory = '{big}/.tmp'")
    copies_sql = f"(SELECT range AS c FROM range({copies}))"
    rekey = "kk || lpad(CAST(c AS VARCHAR), 2, '0')"
    con.execute(
        f"COPY (SELECT * EXCLUDE (c) REPLACE ({rekey} AS kk) FROM "
        f"read_parquet('{base}/households.parquet'), {copies_sql} r ORDER BY kk) "
        f"TO '{big}/households.parquet' (FORMAT PARQUET, COMPRESSION ZSTD)"
    )
    con.execute(
        f"COPY (SELECT * EXCLUDE (c) REPLACE ({rekey} AS kk) FROM "
        f"read_parquet('{base}/members.parquet'), {copies_sql} r ORDER BY kk, position) "
        f"TO '{big}/members.parquet' (FORMAT PARQUET, COMPRESSION ZSTD)"
    )
    con.close()
    return time.perf_counter() - start


def engine_child(args: argparse.Namespace) -> None:
    """Runs in its own process so that ru_maxrss is the engine's alone."""
    import jaring
    from jaring.engine import load_policy, run_batch

    start = time.perf_counter()
    summary = run_batch(
        households=Path(args.big) / "households.parquet",
        members=Path(args.big) / "members.parquet",
        period=args.period,
        policy=load_policy(),
        out_dir=Path(args.out),
        threads=2,
        memory_limit=args.memory_limit,
        partition_families=args.partition,
    )
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss * 1024
    cpu = usage.ru_utime + usage.ru_stime  # all threads; includes interpreter start-up
    result = {"seconds": seconds, "cpu": cpu, "peak_rss": peak, "partitions": summary.partitions}
    # Which checkout ran: `python -m` puts the working directory before PYTHONPATH, so an
    # "old code" run started from another checkout silently imports that one instead.
    result["jaring"] = str(Path(jaring.__file__).resolve().parent)
    print(json.dumps({**result, "summary": summary.as_dict()}))


def _sample_records(base: Path, n: int) -> list[dict[str, Any]]:
    import duckdb

    con = duckdb.connect()
    hh = con.sql(
        f"SELECT * FROM read_parquet('{base}/households.parquet') ORDER BY kk LIMIT {n}"
    ).to_arrow_table()
    kks = hh.column("kk").to_pylist()
    con.register("wanted", hh.select(["kk"]))
    mm = con.sql(
        f"SELECT m.* FROM read_parquet('{base}/members.parquet') m JOIN wanted w USING (kk) "
        "ORDER BY m.kk, m.position"
    ).to_arrow_table()
    by_kk: dict[str, list[dict[str, Any]]] = {k: [] for k in kks}
    for row in mm.to_pylist():
        by_kk[row["kk"]].append(row)
    records = []
    housing_keys = ("floor_material", "wall_material", "roof_material", "floor_area_m2")
    housing_keys += ("drinking_water", "sanitation", "electricity", "cooking_fuel", "assets")
    for row in hh.to_pylist():
        row["housing"] = {k: row.pop(k) for k in housing_keys}
        row["members"] = by_kk[row["kk"]]
        records.append(row)
    return records


def reference_rate(base: Path, n: int, period: str) -> float:
    """Families per second of the plain Python per-family reference."""
    sys.path.insert(0, str(REPO))
    from jaring.engine import load_policy
    from tests.engine.reference import evaluate

    policy = load_policy()
    records = _sample_records(base, n)
    start = time.perf_counter()
    for record in records:
        evaluate(record, period=period, policy=policy)
    return len(records) / (time.perf_counter() - start)


def assess_vs_parse(jsonl: Path, period: str) -> dict[str, float]:
    from jaring.engine import load_policy
    from jaring.engine.jsonl import assess_jsonl_file

    def chunks() -> Any:
        with jsonl.open("rb") as handle:
            chunk = []
            for line in handle:
                chunk.append(orjson.loads(line))
                if len(chunk) == 20000:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

    start = time.perf_counter()
    parsed = sum(len(c) for c in chunks())
    parse = time.perf_counter() - start
    policy = load_policy()
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        assess_jsonl_file(jsonl, period=period, policy=policy, write=sink.write, threads=2)
    assess = time.perf_counter() - start
    return {"households": parsed, "read_parse_s": parse, "assess_s": assess}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", type=int, default=20_000_000)
    parser.add_argument("--base", type=int, default=1_000_000)
    parser.add_argument("--work", default="/tmp/jaring-bench-engine")
    parser.add_argument("--period", default="2025-06")
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--partition", type=int, default=1_000_000, help="families per pass")
    parser.add_argument("--jsonl", type=int, default=100_000)
    parser.add_argument("--engine-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--big", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine_child:
        engine_child(args)
        return
    work = Path(args.work)
    base, big, out = work / "base", work / f"big-{args.families}", work / "out"
    _generate(args.base, base, "parquet")
    copies = max(1, args.families // args.base)
    replicate_s = replicate(base, big, copies)
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    child = subprocess.run(
        [sys.executable, "-m", "bench.bench_engine", "--engine-child", "--big", str(big),
         "--out", str(out), "--period", args.period, "--memory-limit", args.memory_limit,
         "--partition", str(args.partition)],
        check=True, capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    engine = json.loads(child.stdout.strip().splitlines()[-1])
    engine["load_after"] = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps({"engine": engine}), file=sys.stderr, flush=True)
    families = copies * args.base
    engine_rate = families / engine["seconds"]
    ref_rate = reference_rate(base, args.sample, args.period)
    _generate(args.jsonl, work / "jsonl", "jsonl")
    jsonl = assess_vs_parse(work / "jsonl" / "households.jsonl", args.period)
    decisions = out / "decisions.parquet"
    result = {
        "families": families,
        "replicate_s": round(replicate_s, 1),
        "engine_s": round(engine["seconds"], 1),
        "load_before_after": [load_before, engine["load_after"]],
        "engine_cpu_s": round(engine["cpu"], 1),
        "engine_peak_rss_gib": round(engine["peak_rss"] / 2**30, 2),
        "engine_partitions": engine["partitions"],
        "engine_families_per_s": round(engine_rate),
        "decisions_bytes": decisions.stat().st_size,
        "reference_families_per_s": round(ref_rate),
        "speedup_vs_reference": round(engine_rate / ref_rate, 1),
        "assess": {k: round(v, 2) for k, v in jsonl.items()},
        "assess_over_parse": round(jsonl["assess_s"] / jsonl["read_parse_s"], 2),
        "summary": engine["summary"],
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
