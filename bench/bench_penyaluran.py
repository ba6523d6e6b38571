"""Benchmark the disbursement cycle on PostgreSQL at 1M families (docs/BENCHMARKS.md).

    flock /tmp/jaring-bench.lock .venv/bin/python -m bench.bench_penyaluran \
        [--families 1000000] [--database jaring_penyaluran_bench]

or set up first without the lock (`--setup-only`), then measure under it (`--no-setup`).

What is set up directly (not measured): a scratch database (dropped and re-created), migrated,
the region tree, and N families with one head each plus their PKH decisions for 2025-05,
inserted set-based with INSERT … SELECT (the registry import and the engine have their own
benchmarks). N families bank with BRI and hold a KKS card; on top, 2% of N go through PT Pos and
1% of N have no card yet (account opening), so the BRI batch, its SI file and the response file
each have exactly N rows.

What is measured, each as a real `jaring penyaluran …` process (wall time and the process's
peak RSS from wait4): tahap, batch (payments for every decision), send-si for BRI (moves N
payments to SI and writes the N-row file), the N-row response file import (every payment
credited), the same file again (every row unchanged), and the reconciliation report (JSON).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JARING = str(Path(sys.executable).with_name("jaring"))


def run(env: dict[str, str], *args: str) -> dict[str, object]:
    started = time.perf_counter()
    process = subprocess.Popen([JARING, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)  # fmt: skip
    out, err = process.communicate()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{args} failed: {err.decode()[-3000:]}")
    return {"seconds": round(elapsed, 1), "stdout": out.decode().strip()[-400:]}


def run_measured(env: dict[str, str], *args: str) -> dict[str, object]:
    started = time.perf_counter()
    pid = os.posix_spawn(JARING, [JARING, *args], {**env, "PWD": str(ROOT)})
    load = Path("/proc/loadavg").read_text().split()[0]
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args} failed with {status}")
    return {"seconds": round(elapsed, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "load_before": load,
            "load_after": Path("/proc/loadavg").read_text().split()[0]}  # fmt: skip


def setup(env: dict[str, str], database: str, families: int) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                    f"DROP DATABASE IF EXISTS {database}"], check=True)  # fmt: skip
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                    f"CREATE DATABASE {database}"], check=True)  # fmt: skip
    run(env, "migrate", "-v0", "--skip-checks")
    run(env, "regions", "load")
    script = SEED.format(families=families)
    done = subprocess.run([JARING, "shell", "-c", script], cwd=ROOT, env=env, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr.decode()[-3000:])


# Runs inside `jaring shell`: set-based seeding of families, heads and decisions.
SEED = '''
from datetime import date, datetime, timezone
from django.db import connection, transaction
from jaring.programs.models import CurrentRun, EligibilityRun
N = {families}
now = datetime.now(timezone.utc)
with transaction.atomic(), connection.cursor() as c:
    c.execute("CREATE TEMP TABLE desa AS SELECT code, row_number() OVER (ORDER BY code) AS i "
              "FROM regions_region WHERE level = 'desa_kelurahan' AND NOT retired")
    c.execute("SELECT count(*) FROM desa"); d = c.fetchone()[0]
    total = N + N // 50 + N // 100
    c.execute(f"""INSERT INTO registry_keluarga (kk, region_id, address, rt, rw, desil,
        registry_status, channel, bank, kks_number, floor_material, wall_material, roof_material,
        drinking_water, sanitation, electricity, cooking_fuel, assets, content_hash,
        created_at, updated_at)
      SELECT left(desa.code, 6) || lpad(g::text, 10, '0'), desa.code, 'Jl. Bench ' || g, '001',
        '002', 2, 'aktif',
        CASE WHEN g > {{N}} AND g <= {{N}} + {{N}} / 50 THEN 'POS' ELSE 'KKS' END,
        CASE WHEN g > {{N}} AND g <= {{N}} + {{N}} / 50 THEN '' ELSE 'BRI' END,
        CASE WHEN g <= {{N}} THEN '60' || lpad(g::text, 14, '0') ELSE '' END,
        '', '', '', '', '', '', '', '[]'::jsonb, '', %s, %s
      FROM generate_series(1, {{total}}) g JOIN desa ON desa.i = 1 + g %% {{d}}"""
      .replace("{{N}}", str(N)).replace("{{total}}", str(total)).replace("{{d}}", str(d)),
      [now, now])
    c.execute("""INSERT INTO registry_anggota (keluarga_id, nik, name, name_normalized, sex,
        birth_place, birth_date, relationship, citizenship, alive, pregnant, disability,
        schooling, occupation, employment, monthly_income, bpjs_ketenagakerjaan, position)
      SELECT k.id, left(k.kk, 6) || '420485' || lpad((k.id % 9999 + 1)::text, 4, '0'),
        'Ibu Bench ' || k.id, 'ibu bench ' || k.id, 'P', '', DATE '1985-04-02',
        'kepala_keluarga', 'WNI', true, false, 'tidak', 'tidak_sekolah', 'ibu_rumah_tangga',
        'tidak_bekerja', 0, false, 0 FROM registry_keluarga k""")
    run = EligibilityRun.objects.create(period=date(2025, 5, 1), status="done")
    c.execute("""INSERT INTO programs_decision (run_id, period, program, kk, nik, region_code,
        eligible, tahap, tahap_per_year, annual_amount, amount_per_tahap, reasons, components)
      SELECT %s, DATE '2025-05-01', 'PKH', kk, '', region_id, true,
        CASE WHEN channel = 'POS' THEN '2025-Q2' ELSE '2025-T3' END,
        CASE WHEN channel = 'POS' THEN 4 ELSE 6 END, 1800000,
        CASE WHEN channel = 'POS' THEN 450000 ELSE 300000 END, '[]'::jsonb, '[]'::jsonb
      FROM registry_keluarga""", [run.pk])
    CurrentRun.objects.update_or_create(period=date(2025, 5, 1), defaults={{"run": run}})
    c.execute("ANALYZE")
'''


def response_from_si(si_path: Path, out: Path) -> int:
    """The bank's answer: every SI row credited (streamed, not measured)."""
    count = 0
    with si_path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["referensi", "status", "nominal", "tanggal", "kode_alasan", "alasan",
                         "tempat", "no_rekening", "no_kks"])  # fmt: skip
        for row in csv.DictReader(src):
            writer.writerow([row["referensi"], "TERSALUR", row["nominal"], "2025-05-10", "", "",
                             "", "", ""])  # fmt: skip
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", type=int, default=1_000_000)
    parser.add_argument("--database", default="jaring_penyaluran_bench")
    parser.add_argument("--setup-only", action="store_true", help="set up, measure nothing")
    parser.add_argument(
        "--no-setup", action="store_true", help="measure on a database set up before"
    )
    options = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{options.database}"}  # fmt: skip
    figures: dict[str, object] = {"families": options.families}
    started = time.perf_counter()
    if not options.no_setup:
        setup(env, options.database, options.families)
        figures["setup_seconds"] = round(time.perf_counter() - started, 1)
    if options.setup_only:
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory(prefix="bench_penyaluran_") as tmp:
        out = Path(tmp)
        figures["tahap"] = run_measured(
            env, "penyaluran", "tahap", "--program", "PKH", "--year", "2025"
        )
        figures["batch_T3"] = run_measured(
            env, "penyaluran", "batch", "--program", "PKH", "--tahap", "2025-T3"
        )
        figures["batch_Q2_pos"] = run_measured(
            env, "penyaluran", "batch", "--program", "PKH", "--tahap", "2025-Q2"
        )
        send = ("send-si", "--program", "PKH", "--tahap", "2025-T3", "--channel", "BRI")
        figures["send_si_BRI"] = run_measured(env, "penyaluran", *send, "--out", tmp)
        si_path = next(out.glob("SI-*.csv"))
        figures["si_file_mb"] = round(si_path.stat().st_size / 2**20, 1)
        response = out / "jawaban-BRI.csv"
        figures["response_rows"] = response_from_si(si_path, response)
        figures["response_file_mb"] = round(response.stat().st_size / 2**20, 1)
        figures["import_response"] = run_measured(
            env, "penyaluran", "import-response", str(response), "--channel", "BRI"
        )
        figures["import_same_file_again"] = run_measured(
            env, "penyaluran", "import-response", str(response), "--channel", "BRI"
        )
        figures["reconcile"] = run_measured(
            env, "penyaluran", "reconcile", "--program", "PKH", "--tahap", "2025-T3"
        )
        opening = ("export-account-opening", "--bank", "BRI", "--out", str(out / "buka.csv"))
        figures["export_account_opening"] = run_measured(env, "penyaluran", *opening)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
