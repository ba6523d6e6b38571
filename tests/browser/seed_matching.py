"""Data quality: a Dinas Sosial Kota Bandung officer and one person listed in two families of
two desa (same NIK), found by a duplicate job, so the review queue has a pair to decide."""

from __future__ import annotations

OFFICER_USERNAME = "dinsos.bandung.kualitas"
PASSWORD = "Uji-kualitas-data-2025!"


def seed() -> None:
    from jaring.accounts.models import Role
    from jaring.accounts.services import user_create
    from jaring.matching.models import MatchingJob
    from tests.matching.helpers import DESA_A, DESA_A2, person, run_job
    from tests.registry.helpers import household
    from tests.web.conftest import store

    user_create(
        username=OFFICER_USERNAME, password=PASSWORD, role=Role.DINSOS_KABKOTA, region_code="3273"
    )
    store(household(DESA_A, 501))
    record = household(DESA_A2, 502)
    record["members"].append(
        dict(person(DESA_A, 1003, name="Ibu Nomor 501"), relationship="famili_lain")
    )
    store(record)
    run_job(MatchingJob.Kind.DUPLIKAT)
