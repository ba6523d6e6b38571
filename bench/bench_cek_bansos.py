"""Benchmark Cek Bansos lookups against `jaring serve` (CONTRACTS.md POST /api/v1/cek-bansos/).

    .venv/bin/python bench/bench_cek_bansos.py \
        --database-url postgresql://postgres@127.0.0.1:5432/jaring_bench_portal \
        --compare-url postgresql://postgres@127.0.0.1:5432/jaring_bench_portal_10k \
        --households 1000000 --clients 50,200,500 --seconds 20

Prepares the database when it holds fewer households than asked (migrate, region tree,
`jaring generate` + `jaring import`, and `jaring run-eligibility` when the engine can), starts
`jaring serve` with captcha test mode (JARING_TEST_MODE=1 JARING_ALLOW_TEST_MODE=1: the answer
"PASSED" is accepted, so the figures are the lookup, not a person reading an image; the captcha
row is still consumed by its DELETE on every lookup) and both rate limits RAISED, not removed
(JARING_CEK_BANSOS_RATE_IP / _DESA = 100000000/m: wrk is one address, and every lookup still
increments both counters), and drives it with wrk (apt-get install wrk; one Lua script cycling
through real desa + name pairs, 20% of them names nobody has). Prints one JSON object per client
count: throughput, p50/p99 latency, non-2xx answers and socket errors. With --compare-url the
same runs go against a second registry (e.g. 10,000 families) and the p50/p99 ratios are
printed. Results: docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JARING = str(ROOT / ".venv" / "bin" / "jaring")
PYTHON = str(ROOT / ".venv" / "bin" / "python")

LUA = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i %% #bodies + 1
  return wrk.format(nil, "/api/v1/cek-bansos/", nil, bodies[i])
end
"""

SAMPLE = """
import json, random, sys
from jaring.registry.models import Anggota, Keluarga
rng = random.Random(7)
n = Keluarga.objects.count()
top = Anggota.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
pairs = []
for pk in rng.sample(range(1, top + 1), min(4000, top)):
    rows = Anggota.objects.filter(pk=pk, alive=True)
    row = rows.values_list("keluarga__region_id", "name").first()
    if row:
        pairs.append(row)
print(json.dumps({"households": n, "pairs": pairs[:2000]}))
"""


def _env(url: str, **extra: str) -> dict[str, str]:
    return os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "jaring.settings"} | extra


def _run(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout


def _sample(url: str) -> dict:
    code = "import django; django.setup()\n" + SAMPLE
    return json.loads(_run([PYTHON, "-c", code], _env(url)))


def prepare(url: str, households: int, workdir: Path) -> dict:
    env = _env(url)
    _run([JARING, "migrate", "-v", "0"], env)
    _run([JARING, "createcachetable"], env)
    _run([JARING, "regions", "load"], env)
    have = _sample(url)
    if have["households"] >= households:
        return have
    t0 = time.perf_counter()
    out = workdir / "population"
    _run(
        [JARING, "generate", "--households", str(households), "--seed", "7", "--out", str(out)], env
    )
    _run([JARING, "import", str(out / "households.jsonl")], env)
    print(f"# loaded {households} households in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    # Decisions make the answers realistic; a lookup's cost does not depend on them. The run is
    # killed (with its children) if it takes too long.
    runner = subprocess.Popen(
        [JARING, "run-eligibility", "--period", "2025-06"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        if runner.wait(timeout=max(300, households // 500)) != 0:
            print("# run-eligibility failed; lookups run without decisions", file=sys.stderr)
    except subprocess.TimeoutExpired:
        os.killpg(runner.pid, signal.SIGKILL)
        runner.wait()
        print("# run-eligibility timed out; lookups run without decisions", file=sys.stderr)
    return _sample(url)


def write_bodies(pairs: list[list[str]], path: Path) -> None:
    rng = random.Random(11)
    lines = []
    for region, name in pairs:
        if rng.random() < 0.2:
            name = f"{name} Tidakada"  # a name nobody has: the "data tidak ditemukan" path
        body = {"region": region, "name": name, "captcha_key": "bench", "captcha_value": "PASSED"}
        lines.append(json.dumps(body))
    path.write_text("\n".join(lines) + "\n")


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _cpu_seconds(server_group: int, database: str) -> dict[str, float]:
    """CPU time used so far by everything that serves a lookup: the gunicorn master and workers
    (the server's process group), the PostgreSQL backends of the benchmark's database, and Redis.
    On a shared machine throughput says more about the neighbours than about the code; CPU per
    lookup does not, and 2 cores / (CPU per lookup) is what an idle machine could serve."""
    parts = {"server": 0, "postgresql": 0, "redis": 0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        pgid, ticks = int(fields[2]), int(fields[11]) + int(fields[12])
        backend = cmdline.startswith("postgres: ") and f" {database} " in cmdline
        if pgid == server_group:
            parts["server"] += ticks
        elif backend:
            parts["postgresql"] += ticks
        elif cmdline.startswith("redis-server"):
            parts["redis"] += ticks
    return {name: ticks / os.sysconf("SC_CLK_TCK") for name, ticks in parts.items()}


def run_wrk(base: str, script: Path, clients: int, seconds: int) -> dict:
    threads = min(2, clients)
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        base,
    ]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    result = {
        "clients": clients,
        "lookups_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(re.search(r"50%\s+(\S+)", out).group(1)),
        "p99_ms": _ms(re.search(r"99%\s+(\S+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(m.group(1))
        if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out))
        else 0,
        "socket_errors": sum(
            int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
        ),
    }
    return result


def serve_and_measure(url: str, args: argparse.Namespace, workdir: Path) -> list[dict]:
    sample = prepare(url, args.households if url == args.database_url else 0, workdir)
    bodies, script = workdir / "bodies.jsonl", workdir / "lookup.lua"
    write_bodies(sample["pairs"], bodies)
    script.write_text(LUA % {"bodies": bodies})
    env = _env(
        url,
        JARING_TEST_MODE="1",
        JARING_ALLOW_TEST_MODE="1",
        JARING_CEK_BANSOS_RATE_IP=args.rate,  # raised for one load-generator address, still counted
        JARING_CEK_BANSOS_RATE_DESA=args.rate,
        JARING_VAR_DIR=str(workdir),
        JARING_LOG_LEVEL="ERROR",
    )
    if args.workers:
        env["JARING_WORKERS"] = str(args.workers)
    server = subprocess.Popen(
        [JARING, "serve", "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    try:
        for _ in range(360):
            if server.poll() is not None:
                sys.exit(f"jaring serve stopped (exit {server.returncode}); see `jaring serve`")
            try:
                urllib.request.urlopen(base + "/informasi/kontak/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit("jaring serve did not answer within 3 minutes")
        # Warm-up (connections, each worker's desa memory, PostgreSQL's buffers); not kept.
        subprocess.run(["wrk", "-t2", "-c50", "-d5s", "-s", str(script), base], capture_output=True)
        for clients in (int(c) for c in args.clients.split(",")):
            database = url.rsplit("/", 1)[-1]
            cpu_before = _cpu_seconds(server.pid, database)
            figures = run_wrk(base, script, clients, args.seconds)
            cpu_after = _cpu_seconds(server.pid, database)
            per_lookup = {
                name: round(
                    (cpu_after[name] - cpu_before[name]) * 1000 / max(1, figures["requests"]), 2
                )
                for name in cpu_after
            }
            figures["cpu_ms_per_lookup"] = per_lookup
            figures["server_cpu_ms_per_lookup"] = round(sum(per_lookup.values()), 2)
            figures["idle_2_core_estimate_per_s"] = round(
                2000 / max(0.01, figures["server_cpu_ms_per_lookup"])
            )
            figures["load_average"] = os.getloadavg()[0]
            figures["households"] = sample["households"]
            figures["backend"] = url.split(":", 1)[0]
            print(json.dumps(figures), flush=True)
            rows.append(figures)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--compare-url", default="", help="a second registry, e.g. 10k families")
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--clients", default="50,200,500")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rate", default="100000000/m", help="both Cek Bansos limits")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default: serve's)"
    )
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk tidak ditemukan: pasang dengan `apt-get install wrk`.")
    workdir = Path(tempfile.mkdtemp(prefix="bench_cek_"))
    args.database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        main_rows = serve_and_measure(args.database_url, args, workdir)
        if args.compare_url:
            other_rows = serve_and_measure(args.compare_url, args, workdir)
            for big, small in zip(main_rows, other_rows, strict=True):
                ratio = {
                    "clients": big["clients"],
                    "households": [big["households"], small["households"]],
                    "p50_ratio": round(big["p50_ms"] / small["p50_ms"], 2),
                    "p99_ratio": round(big["p99_ms"] / small["p99_ms"], 2),
                    "throughput_ratio": round(big["lookups_per_s"] / small["lookups_per_s"], 2),
                }
                print(json.dumps(ratio), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
