"""Benchmark Cek Bansos lookups against `jaring serve` (CONTRACTS.md POST /api/v1/cek-bansos/).

    .venv/bin/python bench/bench_cek_bansos.py \
        --database-url postgresql://postgres@127.0.0.1:5432/jaring_portal_1m \
        --compare-url postgresql://postgres@127.0.0.1:5432/jaring_portal_10k \
        --households 1000000 --compare-households 10000 --clients 50,200,500 --offered 500

Builds each registry when it holds fewer households than asked (migrate, region tree,
`jaring generate` + `jaring import`, and `jaring run-eligibility` when the engine can) BEFORE
taking the benchmark lock (--lock, /tmp/jaring-bench.lock), which it holds only while measuring
(--prepare-only: build and stop). Starts `jaring serve` with captcha test mode
(JARING_TEST_MODE=1 JARING_ALLOW_TEST_MODE=1: the answer "PASSED" is accepted, so the figures are
the lookup, not a person reading an image; captchas are still issued and consumed) and both rate
limits RAISED, not removed (JARING_CEK_BANSOS_RATE_IP / _DESA = 100000000/m: the generator is one
address, and every lookup still increments both counters).

Two load models, one JSON line per level:
- citizens (open model): N clients, each on its own connection, every N / --offered seconds
  (random phase) GET /api/v1/captcha/ and, half a period later, POST the lookup with that key;
  latency counts from each request's intended send time (no coordinated omission). Real desa +
  name pairs, 20% of them names nobody has ("data tidak ditemukan").
- saturation (closed loop, --saturation-clients): wrk firing lookups back to back, no think time:
  the maximum throughput.
Each level reports CPU per lookup of the server, its PostgreSQL backends and Redis. With
--compare-url the same runs go against a second registry and the 1M / 10k ratios are printed.
Results: docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JARING = str(ROOT / ".venv" / "bin" / "jaring")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
TIMEOUT_S = 10.0
DRAIN_S = 10.0  # how long citizens keep sending their late requests after the run's end

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
    # Fresh statistics before measuring: straight after a bulk import autovacuum has not analysed
    # the tables yet, and without statistics PostgreSQL planned the lookup as parallel scans
    # (70-110 ms and 12.7 ms of CPU per lookup at 1M instead of well under 1 ms).
    code = "import django; django.setup()\nfrom django.db import connection\n"
    code += "connection.cursor().execute('ANALYZE')" if url.startswith("postgres") else "pass"
    _run([PYTHON, "-c", code], env)
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
    number, unit = re.match(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60e3, "h": 3600e3}[unit]


def _cpu_ticks(server_group: int, database: str) -> dict[int, tuple[str, int]]:
    """pid → (part, CPU ticks so far) of everything that serves a lookup: the server's master
    and workers (the server's process group), the PostgreSQL backends of the benchmark's
    database, and Redis."""
    found: dict[int, tuple[str, int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        pgid, ticks = int(fields[2]), int(fields[11]) + int(fields[12])
        if pgid == server_group:
            part = "server"
        elif cmdline.startswith("postgres: ") and f" {database} " in cmdline:
            part = "postgresql"
        elif cmdline.startswith("redis-server"):
            part = "redis"
        else:
            continue
        found[int(stat.parent.name)] = (part, ticks)
    return found


class CpuMeter:
    """CPU seconds used by the server, its PostgreSQL backends and Redis during a run.

    On a shared machine throughput says more about the neighbours than about the code; CPU per
    lookup does not. Processes come and go during a run (a database connection is reopened after
    CONN_MAX_AGE, a gunicorn worker after max_requests), so /proc is sampled every half second
    and each process counts from its first sighting (0 if it started during the run) to its last:
    an exiting process loses at most its last half second, instead of its whole history."""

    def __init__(self, server_group: int, database: str) -> None:
        self.server_group, self.database = server_group, database
        self.first = _cpu_ticks(server_group, database)
        self.last = dict(self.first)
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(0.5):
            self.last.update(_cpu_ticks(self.server_group, self.database))

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.thread.join()
        self.last.update(_cpu_ticks(self.server_group, self.database))
        used = {"server": 0, "postgresql": 0, "redis": 0}
        for pid, (part, ticks) in self.last.items():
            used[part] += ticks - self.first.get(pid, (part, 0))[1]
        return {part: ticks / os.sysconf("SC_CLK_TCK") for part, ticks in used.items()}


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
        # Anchored to the line: a "+/- Stdev" figure such as "50.50%" also ends in "50%".
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(m.group(1))
        if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out))
        else 0,
        "socket_errors": sum(
            int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
        ),
    }
    return result


@dataclass
class Citizens:
    """What the open-model runs measured (latencies in ms, from each request's intended time)."""

    lookup_ms: list[float] = field(default_factory=list)
    captcha_ms: list[float] = field(default_factory=list)
    errors: int = 0
    unsent: int = 0  # lookups still due when the run stopped (DRAIN_S after its end)
    failures: dict[str, int] = field(default_factory=dict)  # HTTP status or exception → count
    late_starts: int = 0


async def _http(
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], request: bytes
) -> tuple[int, bytes]:
    reader, writer = conn
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    return status, await reader.readexactly(length)


async def _citizen(
    host: str,
    port: int,
    bodies: list[dict],
    start: float,
    period: float,
    until: float,
    first: int,
    out: Citizens,
) -> None:
    """One citizen on one keep-alive connection: every `period` seconds (from a random phase) a
    captcha, then, half a period later (reading the image, typing the answer), the lookup with
    that captcha's key. Each request has an intended send time; when the previous answer came
    late the request goes out at once and its latency still counts from the intended time, so a
    slow server cannot hide its queue (no coordinated omission)."""
    loop = asyncio.get_running_loop()
    conn = await asyncio.open_connection(host, port)
    get = f"GET /api/v1/captcha/ HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    i = first
    due = start
    try:
        while due < until:
            if loop.time() > until + DRAIN_S:
                # Far behind its schedule: the rest is counted as not sent, so an overloaded
                # server ends the run instead of stretching it for minutes.
                out.unsent += int((until - due) / period) + 1
                break
            for step in ("captcha", "lookup"):
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                else:
                    out.late_starts += 1
                try:
                    if step == "captcha":
                        key = "none"  # a failed captcha request makes the lookup fail too
                        status, body = await asyncio.wait_for(_http(conn, get), TIMEOUT_S)
                        key = json.loads(body)["key"] if status == 200 else "none"
                    else:
                        payload = json.dumps(bodies[i % len(bodies)] | {"captcha_key": key})
                        data = payload.encode()
                        request = (
                            f"POST /api/v1/cek-bansos/ HTTP/1.1\r\nHost: {host}\r\n"
                            f"Content-Type: application/json\r\nContent-Length: {len(data)}"
                            "\r\n\r\n"
                        ).encode() + data
                        status, body = await asyncio.wait_for(_http(conn, request), TIMEOUT_S)
                        i += 1
                except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                    out.failures[type(exc).__name__] = out.failures.get(type(exc).__name__, 0) + 1
                    conn[1].close()
                    conn = await asyncio.open_connection(host, port)
                    status = 0
                elapsed = (loop.time() - due) * 1000
                if status != 200:
                    out.errors += 1
                    if status:
                        out.failures[str(status)] = out.failures.get(str(status), 0) + 1
                (out.captcha_ms if step == "captcha" else out.lookup_ms).append(elapsed)
                due += period / 2
    finally:
        conn[1].close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run_citizens(port: int, bodies: list[dict], clients: int, rate: float, seconds: int) -> dict:
    """`clients` citizens offering `rate` lookups/s in total (and as many captchas)."""

    async def main() -> Citizens:
        out = Citizens()
        loop = asyncio.get_running_loop()
        period = clients / rate
        start = loop.time() + 1.0  # connections open first
        until = start + seconds
        rng = random.Random(clients)
        await asyncio.gather(
            *(
                _citizen(
                    "127.0.0.1",
                    port,
                    bodies,
                    start + rng.random() * period,
                    period,
                    until,
                    n * 997,
                    out,
                )
                for n in range(clients)
            )
        )
        return out

    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    out = asyncio.run(main())
    wall = time.perf_counter() - t0 - 1.0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    generator_cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    lookups = len(out.lookup_ms)
    return {
        "model": "open (intended send times)",
        "clients": clients,
        "offered_lookups_per_s": rate,
        "lookups_per_s": round(lookups / wall, 1),
        "p50_ms": round(_percentile(out.lookup_ms, 0.50), 1),
        "p99_ms": round(_percentile(out.lookup_ms, 0.99), 1),
        "max_ms": round(max(out.lookup_ms, default=0.0), 1),
        "captcha_p50_ms": round(_percentile(out.captcha_ms, 0.50), 1),
        "captcha_p99_ms": round(_percentile(out.captcha_ms, 0.99), 1),
        "requests": lookups,
        "errors": out.errors,
        "unsent": out.unsent,
        "failures": out.failures,
        "late_starts": out.late_starts,
        "generator_cpu_ms_per_lookup": round(generator_cpu * 1000 / max(1, lookups), 2),
    }


def serve_and_measure(
    url: str, sample: dict, args: argparse.Namespace, workdir: Path
) -> list[dict]:
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
    if args.threads:
        env["JARING_THREADS"] = str(args.threads)
    if args.server:
        env["JARING_SERVER"] = args.server
    # Migrations others committed while this run waited for the lock (serve refuses otherwise).
    _run([JARING, "migrate", "-v", "0"], _env(url))
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
        database = url.rsplit("/", 1)[-1]
        citizens = [json.loads(line) for line in bodies.read_text().splitlines()]
        levels: list[tuple[str, int]] = [("open", int(c)) for c in args.clients.split(",")]
        levels += [("closed", int(c)) for c in args.saturation_clients.split(",") if c]
        for model, clients in levels:
            meter = CpuMeter(server.pid, database)
            if model == "open":
                figures = run_citizens(args.port, citizens, clients, args.offered, args.seconds)
            else:
                figures = run_wrk(base, script, clients, args.seconds)
                figures["model"] = "closed (wrk, no think time, lookups only)"
            cpu = meter.stop()
            per_lookup = {
                name: round(seconds * 1000 / max(1, figures["requests"]), 2)
                for name, seconds in cpu.items()
            }
            figures["cpu_ms_per_lookup"] = per_lookup
            figures["server_cpu_ms_per_lookup"] = round(sum(per_lookup.values()), 2)
            figures["load_average"] = os.getloadavg()[0]
            figures["households"] = sample["households"]
            figures["backend"] = url.split(":", 1)[0]
            print(json.dumps(figures), flush=True)
            rows.append(figures)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--compare-url", default="", help="a second registry, e.g. 10k families")
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--compare-households", type=int, default=10_000)
    parser.add_argument(
        "--prepare-only", action="store_true", help="build the registries, measure nothing"
    )
    parser.add_argument(
        "--lock", default="/tmp/jaring-bench.lock", help="held during the measured runs only"
    )
    parser.add_argument("--clients", default="50,200,500")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument(
        "--offered",
        type=float,
        default=500.0,
        help="lookups/s offered in total by the citizens at each --clients level",
    )
    parser.add_argument(
        "--saturation-clients",
        default="50",
        help="closed-loop wrk levels (no think time) for the maximum throughput; empty: none",
    )
    parser.add_argument("--rate", default="100000000/m", help="both Cek Bansos limits")
    parser.add_argument(
        "--server", default="", help="granian or gunicorn (default: serve's, JARING_SERVER)"
    )
    parser.add_argument("--workers", type=int, default=0, help="server workers (default: serve's)")
    parser.add_argument(
        "--threads", type=int, default=0, help="threads per worker (default: serve's)"
    )
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk tidak ditemukan: pasang dengan `apt-get install wrk`.")
    workdir = Path(tempfile.mkdtemp(prefix="bench_cek_"))
    args.database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        # The registries are built (or found) before the benchmark lock is taken: generating and
        # importing 1M families is a quarter of an hour that must not hold up others' runs.
        main_sample = prepare(args.database_url, args.households, workdir)
        if args.compare_url:
            other_sample = prepare(args.compare_url, args.compare_households, workdir)
        if args.prepare_only:
            return
        with open(args.lock, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # only the measured runs hold it
            print(f"# lock taken, load average {os.getloadavg()}", file=sys.stderr, flush=True)
            main_rows = serve_and_measure(args.database_url, main_sample, args, workdir)
            if args.compare_url:
                other_rows = serve_and_measure(args.compare_url, other_sample, args, workdir)
        if args.compare_url:
            for big, small in zip(main_rows, other_rows, strict=True):
                ratio = {
                    "model": big["model"],
                    "clients": big["clients"],
                    "households": [big["households"], small["households"]],
                    "p50_ratio": round(big["p50_ms"] / small["p50_ms"], 2),
                    "p99_ratio": round(big["p99_ms"] / small["p99_ms"], 2),
                    "throughput_ratio": round(big["lookups_per_s"] / small["lookups_per_s"], 2),
                    "cpu_ratio": round(
                        big["server_cpu_ms_per_lookup"] / small["server_cpu_ms_per_lookup"], 2
                    ),
                }
                print(json.dumps(ratio), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
