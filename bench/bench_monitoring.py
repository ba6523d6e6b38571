r"""Benchmark monitoring on PostgreSQL: aggregate refresh and dashboard response times.

    flock /tmp/jaring-bench.lock .venv/bin/python bench/bench_monitoring.py --families 1000000

or, for 10M families, the heavy data build outside the shared bench lock and the measurement
under it:

    nice -n 10 .venv/bin/python bench/bench_monitoring.py --families 10000000 \
        --db jaring_monitoring_bench_10m --phase generate [--reuse-db]
    flock /tmp/jaring-bench.lock .venv/bin/python bench/bench_monitoring.py \
        --families 10000000 --db jaring_monitoring_bench_10m --phase measure

A fresh database (`jaring_bench_monitoring`) is migrated and given the full region tree. The
SOURCE rows are generated synthetically in SQL (generate_series), not through `jaring import`:
per family one PKH decision in each of two current runs (2025-02 → tahap 2025-T1, 2025-06 →
tahap 2025-T3; 90 % eligible), a ledger row for 85 % of families per tahap (statuses mixed:
si, tersalur, dicairkan, gagal), and complaints for 0.5 % of families; families are spread
over every desa (written in 1M-family chunks). Then it times the real `aggregates_refresh`
(full, then incremental with nothing changed, and at the end incremental after 1 % of one
tahap's payments were withdrawn) with peak RSS and PostgreSQL temp bytes, and the real pages
through Django's test client (the whole view: middleware, selectors, SVG rendering, template)
for a Kemensos user at every level and a Dinsos user, the public page and its CSV: the first
(cold) request and the median of 5 more.

`--aggregates-only` skips source generation and refresh and instead multiplies the counts of
the aggregates already in the database by `--multiply` (e.g. 10 after a 1M run → the figures of
a 10M registry): the dashboards read only aggregates, whose row count depends on the number of
regions and tahap, not on the number of families. Say which was measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def _env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{PG_SERVER}/{db}",
            "DJANGO_SETTINGS_MODULE": "jaring.settings",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def fresh_database(db: str) -> None:
    for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", sql], check=True)
    jaring = str(Path(sys.executable).parent / "jaring")
    # --skip-checks: the URL checks import every app, which a colleague's edit may break.
    for command in (
        ["migrate", "-v", "0", "--skip-checks"],
        ["createcachetable"],
        ["regions", "load"],
    ):
        subprocess.run([jaring, *command], env=_env(db), cwd=ROOT, check=True)


CHUNK = 1_000_000


def generate_sources(families: int) -> float:
    """Write the source rows in set-based SQL, in chunks of CHUNK families (one transaction
    each, so a 10M build shows progress and keeps its transactions bounded)."""
    from datetime import date

    from django.db import connection, transaction

    from jaring.penyaluran.models import Batch, Tahap
    from jaring.programs.models import CurrentRun, EligibilityRun

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_desa AS SELECT code, "
            "(row_number() OVER (ORDER BY code)) - 1 AS i FROM regions_region "
            "WHERE level = 'desa_kelurahan' AND NOT retired"
        )
        cursor.execute("SELECT COUNT(*) FROM bench_desa")
        n_desa = cursor.fetchone()[0]
        cursor.execute("CREATE INDEX ON bench_desa (i)")
        cursor.execute("ANALYZE bench_desa")
    for period, label, start, end in (
        (date(2025, 2, 1), "2025-T1", date(2025, 1, 1), date(2025, 2, 28)),
        (date(2025, 6, 1), "2025-T3", date(2025, 5, 1), date(2025, 6, 30)),
    ):
        with transaction.atomic():
            run = EligibilityRun.objects.create(period=period, status="done")
            CurrentRun.objects.update_or_create(period=period, defaults={"run": run})
            tahap = Tahap.objects.create(
                program="PKH",
                label=label,
                tahap_per_year=6,
                start=start,
                end=end,
                retur_deadline=end,
            )
            batch = Batch.objects.create(tahap=tahap, channel="BRI", period=period)
        si = f"{start:%Y-%m}-05 03:00:00+00"
        for first in range(1, families + 1, CHUNK):
            last = min(first + CHUNK - 1, families)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '256MB'")
                cursor.execute(
                    "INSERT INTO programs_decision (run_id, period, program, kk, nik, "
                    "region_code, eligible, tahap, tahap_per_year, annual_amount, "
                    "amount_per_tahap, reasons, components) "
                    "SELECT %s, %s, 'PKH', lpad(g::text, 16, '0'), '', d.code, "
                    "(g * 37) %% 100 < 90, CASE WHEN (g * 37) %% 100 < 90 THEN %s ELSE '' END, "
                    "6, 0, 750000, '[]'::jsonb, '[]'::jsonb "
                    "FROM generate_series(CAST(%s AS bigint), CAST(%s AS bigint)) g "
                    "JOIN bench_desa d ON d.i = (g * 7919) %% %s",
                    [run.pk, period, label, first, last, n_desa],
                )
                cursor.execute(
                    "INSERT INTO penyaluran_payment (reference, tahap_id, batch_id, program, "
                    "tahap_label, kk, nik, region_code, channel, amount, status, "
                    "account_number, pickup_location, attempt, si_at, credited_at, failed_at, "
                    "failure_code, failure_reason, withdrawn_at, withdrawn_place, returned_at, "
                    "created_at, updated_at) SELECT %s || '-' || g, %s, %s, 'PKH', %s, "
                    "lpad(g::text, 16, '0'), '', d.code, 'BRI', 750000, s.status, '', '', 1, "
                    "CAST(%s AS timestamptz), "
                    "CASE WHEN s.status IN ('tersalur', 'dicairkan') THEN CAST(%s AS date) END, "
                    "CASE WHEN s.status = 'gagal' THEN CAST(%s AS date) END, '', '', "
                    "CASE WHEN s.status = 'dicairkan' "
                    "THEN CAST(%s AS date) + CAST(g %% 21 AS integer) END, "
                    "'', NULL, now(), now() "
                    "FROM generate_series(CAST(%s AS bigint), CAST(%s AS bigint)) g "
                    "JOIN bench_desa d ON d.i = (g * 7919) %% %s "
                    "CROSS JOIN LATERAL (SELECT CASE WHEN g %% 100 < 60 THEN 'dicairkan' "
                    "WHEN g %% 100 < 75 THEN 'tersalur' WHEN g %% 100 < 80 THEN 'gagal' "
                    "ELSE 'si' END AS status) s WHERE (g * 53) %% 100 < 85",
                    [
                        f"PAY-{label}",
                        tahap.pk,
                        batch.pk,
                        label,
                        si,
                        si[:10],
                        si[:10],
                        si[:10],
                        first,
                        last,
                        n_desa,
                    ],
                )
            print(
                f"  {label}: families {first:,}-{last:,} written "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO pengaduan_complaint (reference, category, region_code, description, "
            "involved, reported_office, office_kind, office_code, status, status_reason, "
            "anonymous, source, usulan_ref, penyaluran_ref, policy_version, sla_days, due_at, "
            "escalation_level, created_at, updated_at, resolved_at) "
            "SELECT 'ADU-BENCH-' || g, 'penyaluran_terlambat', d.code, 'bench', '', '', "
            "'dinsos_kabkota', substr(d.code, 1, 4), "
            "CASE WHEN g %% 2 = 0 THEN 'selesai' ELSE 'diterima' END, '', false, 'publik', "
            "'', '', '', 14, now(), 0, "
            "CAST('2025-05-10' AS timestamptz) + (g %% 40) * interval '1 day', now(), "
            "CASE WHEN g %% 2 = 0 THEN CAST('2025-05-10' AS timestamptz) "
            "+ (g %% 40 + g %% 9) * interval '1 day' END "
            "FROM generate_series(CAST(1 AS bigint), %s) g "
            "JOIN bench_desa d ON d.i = (g * 104729) %% %s",
            [max(families // 200, 1), n_desa],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def empty_sources() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE programs_decision, programs_currentrun, programs_eligibilityrun, "
            "penyaluran_payment, penyaluran_batch, penyaluran_tahap, pengaduan_complaint, "
            "monitoring_indicatoraggregate, monitoring_qualityaggregate, monitoring_refreshstate "
            "CASCADE"
        )


class PeakMemory:
    """Peak RSS of this process and of its PostgreSQL backend (sampled every 0.1 s) and the
    temporary-file bytes PostgreSQL wrote, over a `with` block."""

    def __init__(self) -> None:
        import threading

        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.backend = cursor.fetchone()[0]
        self.peak_backend_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss_kib(self) -> int:
        try:
            for line in Path(f"/proc/{self.backend}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_backend_kib = max(self.peak_backend_kib, self._rss_kib())

    def _temp_bytes(self) -> int:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database()"
            )
            return int(cursor.fetchone()[0])

    def __enter__(self) -> PeakMemory:
        self.temp_before = self._temp_bytes()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        import resource

        self._stop.set()
        self._thread.join()
        self.python_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.temp_written = self._temp_bytes() - self.temp_before

    def __str__(self) -> str:
        return (
            f"peak RSS python {self.python_kib / 1024:.0f} MiB, "
            f"postgres backend {self.peak_backend_kib / 1024:.0f} MiB, "
            f"postgres temp files {self.temp_written / 2**20:.0f} MiB"
        )


def timed_refresh(label: str, *, force: bool = False) -> None:
    from jaring.core.scope import AccessScope
    from jaring.monitoring.refresh import aggregates_refresh

    cpu = time.process_time()
    with PeakMemory() as memory:
        started = time.perf_counter()
        result = aggregates_refresh(scope=AccessScope.system("bench"), force=force)
        seconds = time.perf_counter() - started
    print(
        f"refresh ({label}; refreshed {len(result.refreshed)}, unchanged "
        f"{len(result.unchanged)}): {seconds:.1f} s wall, python CPU "
        f"{time.process_time() - cpu:.1f} s; {memory}; load {_load()}",
        flush=True,
    )


def change_one_tahap(share_per_mille: int) -> int:
    """A day of bank responses: `share_per_mille` ‰ of 2025-T3's credited payments withdrawn."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) * %s / 1000 FROM penyaluran_payment WHERE tahap_label = '2025-T3'",
            [share_per_mille],
        )
        cursor.execute(
            "UPDATE penyaluran_payment SET status = 'dicairkan', withdrawn_at = credited_at + 3, "
            "updated_at = now() WHERE id IN (SELECT id FROM penyaluran_payment "
            "WHERE tahap_label = '2025-T3' AND status = 'tersalur' LIMIT %s)",
            [cursor.fetchone()[0]],
        )
        return cursor.rowcount


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def multiply_aggregates(factor: int) -> None:
    from django.db import connection

    from jaring.monitoring.indicators import COUNT_FIELDS

    columns = COUNT_FIELDS
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE monitoring_indicatoraggregate SET "
            + ", ".join(f"{c} = {c} * {factor}" for c in columns)
        )
        cursor.execute("ANALYZE monitoring_indicatoraggregate")


def time_pages() -> list[tuple[str, float, float, float]]:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from jaring.accounts.models import User
    from jaring.accounts.services import user_create

    setup_test_environment()
    # Pages render {% static %} without a collectstatic manifest, as in the test suite.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    users = {}
    for name, role, region in (
        ("bench.kemensos", "kemensos_pusat", None),
        ("bench.kab", "dinsos_kabkota", "3273"),
    ):
        user = User.objects.filter(username=name).first() or user_create(
            username=name, password="Bench-monitoring-1!", role=role, region_code=region
        )
        client = Client()
        client.force_login(user)
        users[name] = client
    base = "/staf/monitoring/?program=PKH&tahap=2025-T3"
    cases = [
        ("dashboard nasional (Kemensos)", "bench.kemensos", base),
        ("dashboard provinsi 32", "bench.kemensos", base + "&wilayah=32"),
        ("dashboard kab/kota 3273", "bench.kemensos", base + "&wilayah=3273"),
        ("dashboard kecamatan 327301", "bench.kemensos", base + "&wilayah=327301"),
        ("dashboard desa 3273011001", "bench.kemensos", base + "&wilayah=3273011001"),
        ("dashboard Dinsos kab/kota (own scope)", "bench.kab", base),
        ("peta indikator realisasi nasional", "bench.kemensos", base + "&indikator=realisasi"),
        ("API indikator nasional", "bench.kemensos", "/api/v1/monitoring/indikator/?program=PKH"),
        (
            "laporan PDF provinsi 32",
            "bench.kemensos",
            "/staf/monitoring/laporan.pdf?program=PKH&wilayah=32",
        ),
        ("publik /transparansi/", None, "/transparansi/?program=PKH&tahap=2025-T3"),
        ("publik CSV", None, "/transparansi/data.csv?program=PKH&tahap=2025-T3"),
    ]
    results = []
    anonymous = Client()
    for label, user, url in cases:
        client = users[user] if user else anonymous
        timings = []
        for _ in range(6):
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (label, response.status_code)
        results.append((label, timings[0], statistics.median(timings[1:]), max(timings[1:])))
        print(
            f"{label:42s} cold {timings[0]:6.3f} s  median {results[-1][2]:6.3f} s  "
            f"max {results[-1][3]:6.3f} s",
            flush=True,
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--db", default="jaring_bench_monitoring")
    parser.add_argument("--aggregates-only", action="store_true")
    parser.add_argument("--multiply", type=int, default=10)
    parser.add_argument(
        "--phase",
        choices=("all", "generate", "measure"),
        default="all",
        help="generate: fresh database and source rows only (heavy, run it outside the bench "
        "lock); measure: refresh and pages over the rows already there (under the lock)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the migrated database and its regions; empty the source tables instead",
    )
    options = parser.parse_args()
    os.environ.update(_env(options.db))
    if options.reuse_db:
        pass
    elif not options.aggregates_only and options.phase in ("all", "generate"):
        fresh_database(options.db)
    import django

    django.setup()
    from django.db import connection

    from jaring.monitoring.models import IndicatorAggregate

    print(f"load at start {_load()}", flush=True)
    if options.aggregates_only:
        multiply_aggregates(options.multiply)
        print(f"aggregates multiplied by {options.multiply} (no source rows changed)")
    else:
        if options.phase in ("all", "generate"):
            if options.reuse_db:
                empty_sources()
            seconds = generate_sources(options.families)
            print(f"families {options.families:,}: sources generated in {seconds:.1f} s")
        with connection.cursor() as cursor:
            for table in ("programs_decision", "penyaluran_payment", "pengaduan_complaint"):
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                print(f"  {table}: {cursor.fetchone()[0]:,} rows", flush=True)
        if options.phase == "generate":
            return
        timed_refresh("full", force=True)
        timed_refresh("incremental, nothing changed")
    print(f"aggregate rows: {IndicatorAggregate.objects.count():,}")
    national = IndicatorAggregate.objects.get(program="PKH", tahap="2025-T3", level=0)
    print(f"national PKH 2025-T3: eligible {national.eligible:,}, paid {national.paid:,}")
    time_pages()
    if not options.aggregates_only:
        # Last, so that a slow 10M run has its pages measured even if this is cut short.
        changed = change_one_tahap(10)
        print(f"{changed:,} payments of 2025-T3 withdrawn (one day of bank responses)")
        timed_refresh("incremental, one tahap changed")
    print(f"load at end {_load()}", flush=True)


if __name__ == "__main__":
    main()
