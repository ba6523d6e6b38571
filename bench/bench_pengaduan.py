"""Benchmark the complaint service on a database holding many complaints.

    .venv/bin/python bench/bench_pengaduan.py --database-url sqlite:////tmp/bench_pengaduan.sqlite3
    .venv/bin/python bench/bench_pengaduan.py \
        --database-url postgresql://postgres@127.0.0.1:5432/jaring_bench_pengaduan \
        --complaints 200000

Prepares the database (migrate, region tree) and bulk-loads N complaints spread over real desa
codes, categories and statuses (a fifth of them resolved, some overdue). Then measures, in
process: filing through the service (routing, audit, outbox), the public tracking read, the first
inbox page of a Dinas Sosial kab/kota office, statistics nationally per province and for one
kabupaten per desa, and escalation of overdue complaints. Prints one JSON object.
Results: docs/BENCHMARKS.md ("Pengaduan").
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--complaints", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from jaring.accounts.models import Role, User
    from jaring.core.scope import AccessScope
    from jaring.pengaduan.access import desk_for
    from jaring.pengaduan.escalation import complaints_escalate_overdue
    from jaring.pengaduan.models import Complaint, Status
    from jaring.pengaduan.policy import complaint_policy
    from jaring.pengaduan.reference import new_reference
    from jaring.pengaduan.routing import route
    from jaring.pengaduan.selectors import (
        InboxFilter,
        complaint_inbox,
        complaint_public_view,
    )
    from jaring.pengaduan.services import ComplaintInput, ReporterInput, complaint_submit
    from jaring.pengaduan.stats import complaint_statistics
    from jaring.regions.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code="3273011001").exists():
        call_command("regions", "load", verbosity=0)
    rng = random.Random(args.seed)
    policy = complaint_policy()
    categories = list(policy.categories)
    desa = list(Region.objects.filter(level="desa_kelurahan").values_list("code", flat=True))
    bandung = [c for c in desa if c.startswith("3273")]
    now = timezone.now()
    have = Complaint.objects.count()
    t0 = time.perf_counter()
    # Filing dates spread over a year: switch auto_now_add off for the bulk load only.
    Complaint._meta.get_field("created_at").auto_now_add = False
    batch: list[Complaint] = []
    for i in range(have, args.complaints):
        region = rng.choice(bandung) if i % 50 == 0 else rng.choice(desa)
        category = rng.choice(categories)
        target = route(policy, category=category, region_code=region)
        created = now - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
        closed = rng.random() < 0.2
        batch.append(
            Complaint(
                reference=new_reference(),
                category=category,
                region_code=region,
                description="Bantuan dipotong oleh oknum (data uji).",
                created_at=created,
                office_kind=target.office.kind,
                office_code=target.office.code,
                status=Status.SELESAI if closed else rng.choice(["diterima", "diverifikasi"]),
                resolved_at=created + timedelta(days=rng.randint(1, 40)) if closed else None,
                sla_days=target.sla_days,
                due_at=created + timedelta(days=target.sla_days + 400),  # not overdue
                policy_version=policy.version,
            )
        )
        if len(batch) == 5000:
            Complaint.objects.bulk_create(batch)
            batch.clear()
    if batch:
        Complaint.objects.bulk_create(batch)
    load_s = time.perf_counter() - t0
    Complaint._meta.get_field("created_at").auto_now_add = True
    connection_vendor = django.db.connection.vendor

    user, _ = User.objects.get_or_create(
        username="bench-kab-bandung", defaults={"role": Role.DINSOS_KABKOTA, "region_id": "3273"}
    )
    desk = desk_for(user)

    submit_times = []
    for i in range(200):
        t = time.perf_counter()
        complaint_submit(
            data=ComplaintInput(
                category=categories[i % len(categories)],
                region_code=rng.choice(bandung),
                description="Pengaduan uji kinerja: bantuan tidak diterima bulan ini.",
            ),
            reporter=ReporterInput(email=f"bench{i}@example.id", phone="081234567890"),
            evidence=[],
        )
        submit_times.append(time.perf_counter() - t)

    refs = list(Complaint.objects.order_by("?").values_list("reference", flat=True)[:500])
    track_times = []
    for ref in refs:
        t = time.perf_counter()
        complaint_public_view(reference=ref)
        track_times.append(time.perf_counter() - t)

    inbox_times = []
    for _ in range(20):
        t = time.perf_counter()
        qs = complaint_inbox(desk=desk, filters=InboxFilter(status="terbuka"))
        qs.count()
        list(qs[:50])
        inbox_times.append(time.perf_counter() - t)

    t = time.perf_counter()
    national = complaint_statistics(scope=AccessScope.system(), level="provinsi")
    national_s = time.perf_counter() - t
    t = time.perf_counter()
    kab = complaint_statistics(scope=desk.scope, level="desa_kelurahan")
    kab_s = time.perf_counter() - t

    overdue_ids = list(
        Complaint.objects.filter(status="diterima").values_list("pk", flat=True)[:2000]
    )
    Complaint.objects.filter(pk__in=overdue_ids).update(due_at=now - timedelta(days=1))
    t = time.perf_counter()
    moved = complaints_escalate_overdue(now=now)
    escalate_s = time.perf_counter() - t

    print(
        json.dumps(
            {
                "database": connection_vendor,
                "complaints": Complaint.objects.count(),
                "bulk_load_s": round(load_s, 1),
                "submit": _ms(submit_times),
                "track": _ms(track_times),
                "inbox_first_page": _ms(inbox_times),
                "stats_national_per_provinsi_s": round(national_s, 2),
                "stats_national_rows": len(national.rows),
                "stats_kabupaten_per_desa_s": round(kab_s, 3),
                "stats_kabupaten_rows": len(kab.rows),
                "escalated": moved,
                "escalate_per_complaint_ms": round(escalate_s / max(moved, 1) * 1000, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
