"""Monitoring: a Kemensos and a Dinsos provinsi officer, and a few thousand decided and paid
families across every province, so the dashboard's map and the public page have figures."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

MONITOR_USERNAME = "kemensos.monitoring"
PROVINCE_USERNAME = "dinsos.jabar"
PASSWORD = "Uji-monitoring-2025!"


def _families() -> None:
    from jaring.penyaluran.models import Batch, Payment, Tahap
    from jaring.programs.models import CurrentRun, Decision, EligibilityRun
    from jaring.regions.models import Level, Region

    def current_run_of(period: date) -> EligibilityRun:
        """The period's current run: other seeds' decisions (Cek Bansos) stay in force."""
        existing = CurrentRun.objects.filter(period=period).select_related("run").first()
        if existing is not None:
            return existing.run
        run = EligibilityRun.objects.create(period=period, status="done")
        CurrentRun.objects.create(period=period, run=run)
        return run

    rng = random.Random(9)
    run = current_run_of(date(2025, 6, 1))
    early = current_run_of(date(2025, 2, 1))
    tahaps = {}
    for label, start, end, current in (
        ("2025-T1", date(2025, 1, 1), date(2025, 2, 28), early),
        ("2025-T3", date(2025, 5, 1), date(2025, 6, 30), run),
    ):
        tahap, _ = Tahap.objects.get_or_create(
            program="PKH",
            label=label,
            defaults={"tahap_per_year": 6, "start": start, "end": end, "retur_deadline": end},
        )
        batch, _ = Batch.objects.get_or_create(
            tahap=tahap, channel="BRI", defaults={"period": start}
        )
        tahaps[label] = (tahap, batch, current)
    desa_by_kab: dict[str, str] = {}
    for code in Region.objects.filter(level=Level.DESA, retired=False).values_list(
        "code", flat=True
    ):
        desa_by_kab.setdefault(code[:4], code)
    decisions, payments, serial = [], [], 0
    for _kab, desa in sorted(desa_by_kab.items()):
        if rng.random() < 0.55:
            continue
        for _ in range(rng.randint(5, 40)):
            serial += 1
            kk = f"{desa[:6]}0101{serial % 10**6:06d}"
            eligible = rng.random() < 0.93
            for label, (tahap, batch, current) in tahaps.items():
                decisions.append(
                    Decision(
                        run=current,
                        period=current.period,
                        program="PKH",
                        kk=kk,
                        region_code=desa,
                        eligible=eligible,
                        tahap=label if eligible else "",
                        tahap_per_year=6,
                        amount_per_tahap=750_000 if eligible else 0,
                    )
                )
                roll = rng.random()
                if eligible and roll < 0.1:
                    continue  # exclusion error: never decided
                status = "dicairkan" if roll < 0.7 else "tersalur" if roll < 0.85 else "si"
                si = datetime(tahap.start.year, tahap.start.month, 5, 3, tzinfo=UTC)
                dates = {"si_at": si}
                if status in ("tersalur", "dicairkan"):
                    dates["credited_at"] = si.date()
                if status == "dicairkan":
                    dates["withdrawn_at"] = date(si.year, si.month, 5 + rng.randint(1, 20))
                payments.append(
                    Payment(
                        reference=f"PAY-MON-{serial:06d}-{label}",
                        tahap=tahap,
                        batch=batch,
                        program="PKH",
                        tahap_label=label,
                        kk=kk,
                        region_code=desa,
                        channel="BRI",
                        amount=750_000,
                        status=status,
                        **dates,
                    )
                )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    Payment.objects.bulk_create(payments, batch_size=2000)


def seed() -> None:
    from jaring.accounts.models import User
    from jaring.accounts.services import user_create
    from jaring.core.scope import AccessScope
    from jaring.monitoring.refresh import aggregates_refresh

    if User.objects.filter(username=MONITOR_USERNAME).exists():
        return
    user_create(
        username=MONITOR_USERNAME, password=PASSWORD, role="kemensos_pusat", region_code=None
    )
    user_create(
        username=PROVINCE_USERNAME, password=PASSWORD, role="dinsos_provinsi", region_code="32"
    )
    _families()
    aggregates_refresh(scope=AccessScope.system("seed"))
