"""Penyaluran: a Kemensos officer, and BPNT 2025-Q3 payments of a few families made through
the real services (tahap, batches), so the pages have a batch to send and a tahap to reconcile.
BPNT 2025-Q3 is used so as not to collide with other areas' seeded PKH tahap."""

from __future__ import annotations

from datetime import date

USERNAME = "kemensos.penyaluran"
PASSWORD = "Uji-penyaluran-2025!"


def seed() -> None:
    from jaring.accounts.services import user_create
    from jaring.core.scope import AccessScope
    from jaring.penyaluran import services
    from jaring.programs.models import CurrentRun, Decision, EligibilityRun
    from tests.penyaluran.helpers import DESA_A, DESA_C, make_family

    user_create(username=USERNAME, password=PASSWORD, role="kemensos_pusat", region_code=None)
    families = [
        make_family(DESA_A, 9101),
        make_family(DESA_A, 9102),
        make_family(DESA_C, 9103, channel="POS"),
    ]
    period = date(2025, 8, 1)
    run = EligibilityRun.objects.create(period=period, status="done")
    Decision.objects.bulk_create(
        Decision(
            run=run,
            period=period,
            program="BPNT",
            kk=k.kk,
            region_code=k.region_id,
            eligible=True,
            tahap="2025-Q3",
            tahap_per_year=4,
            annual_amount=2_400_000,
            amount_per_tahap=600_000,
        )
        for k in families
    )
    CurrentRun.objects.update_or_create(period=period, defaults={"run": run})
    scope = AccessScope.system("seed penyaluran")
    services.tahap_generate(scope=scope, program="BPNT", year=2025)
    services.batches_create(scope=scope, program="BPNT", tahap="2025-Q3")
