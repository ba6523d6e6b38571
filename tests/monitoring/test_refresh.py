"""Every indicator of the hand-made population (tests/monitoring/population.py), by hand."""

from __future__ import annotations

from datetime import date

import pytest

from jaring.core.scope import AccessScope, OutOfScope
from jaring.monitoring import selectors
from jaring.monitoring.indicators import COUNT_FIELDS
from jaring.monitoring.models import IndicatorAggregate, QualityAggregate, RefreshState
from jaring.monitoring.refresh import aggregates_refresh
from jaring.penyaluran.models import Payment
from tests.monitoring.population import DESA_A, DESA_C

NATIONAL = AccessScope.system("uji")
pytestmark = pytest.mark.django_db


def row(program: str, tahap: str, code: str) -> IndicatorAggregate:
    return IndicatorAggregate.objects.get(
        program=program, tahap=tahap, region_code=code, level=len(code)
    )


def figures(program: str, tahap: str, code: str) -> dict[str, int | None]:
    r = row(program, tahap, code)
    names = [n for n in COUNT_FIELDS if n != "resolve_seconds_sum"]
    return {n: getattr(r, n) for n in names}


def test_desa_counts_by_hand(population: dict[str, str]) -> None:
    assert figures("PKH", "2025-T3", DESA_A) == {
        "eligible": 4,  # K1..K4
        "decided": 4,  # K1, K2, K3, K5 in the ledger
        "paid": 3,  # K1 withdrawn, K2 credited, K5 withdrawn
        "withdrawn": 2,  # K1, K5
        "inclusion_errors": 1,  # K5
        "exclusion_errors": 1,  # K4
        "budget_amount": 2_250_000,
        "withdrawn_amount": 1_150_000,
        "si_days_sum": 30,  # 10 + 20
        "si_days_count": 2,
        "complaints": 1,  # 15 May (the 1 August one is outside the tahap)
        "complaints_resolved": 1,
    }
    assert row("PKH", "2025-T3", DESA_A).resolve_seconds_sum == 5 * 86400


def test_rollup_levels_by_hand(population: dict[str, str]) -> None:
    assert figures("PKH", "2025-T3", "3204") == {
        "eligible": 2,
        "decided": 2,
        "paid": 1,
        "withdrawn": 1,
        "inclusion_errors": 0,
        "exclusion_errors": 0,
        "budget_amount": 600_000,
        "withdrawn_amount": 300_000,
        "si_days_sum": 3,
        "si_days_count": 1,
        "complaints": 1,
        "complaints_resolved": 0,
    }
    national = figures("PKH", "2025-T3", "")
    assert national == figures("PKH", "2025-T3", "32")
    assert national["eligible"] == 6 and national["paid"] == 4 and national["withdrawn"] == 3
    assert national["budget_amount"] == 2_850_000 and national["withdrawn_amount"] == 1_450_000
    # Kecamatan 327301 holds desa A only; the other Kota Bandung family is in tahap Q2.
    assert figures("PKH", "2025-T3", "327301") == figures("PKH", "2025-T3", DESA_A)
    assert figures("PKH", "2025-T3", "3273") == figures("PKH", "2025-T3", DESA_A)


def test_rates_by_hand(population: dict[str, str]) -> None:
    place = selectors.resolve_region(scope=NATIONAL)
    ind = selectors.indicators(scope=NATIONAL, program="PKH", tahap="2025-T3", place=place)
    assert ind.coverage == pytest.approx(4 / 6)
    assert ind.inclusion_error_rate == pytest.approx(1 / 4)
    assert ind.exclusion_error_rate == pytest.approx(1 / 6)
    assert ind.realisation == pytest.approx(1_450_000 / 2_850_000)
    assert ind.si_to_withdrawal_days == pytest.approx(11.0)  # (10 + 20 + 3) / 3
    assert ind.complaints_per_1000 == pytest.approx(500.0)  # 2 complaints / 4 paid
    assert ind.resolve_days == pytest.approx(5.0)


def test_other_tahap_and_programs_are_separate(population: dict[str, str]) -> None:
    q2 = figures("PKH", "2025-Q2", "")
    assert (q2["eligible"], q2["decided"], q2["paid"], q2["withdrawn"]) == (1, 1, 0, 0)
    t1 = figures("PKH", "2025-T1", DESA_A)
    # The February run is T1's reference: K1 eligible there, withdrawn 2 days after SI.
    assert (t1["eligible"], t1["paid"], t1["si_days_sum"], t1["inclusion_errors"]) == (1, 1, 2, 0)
    bpnt = figures("BPNT", "2025-Q2", "35")
    assert (bpnt["eligible"], bpnt["withdrawn"], bpnt["si_days_sum"]) == (1, 1, 5)
    # Complaints carry no program: Jawa Barat's complaints of April–June count for BPNT too.
    jabar = figures("BPNT", "2025-Q2", "32")
    assert (jabar["eligible"], jabar["paid"], jabar["complaints"]) == (0, 0, 2)
    trend = selectors.trend(
        scope=NATIONAL, program="PKH", place=selectors.resolve_region(scope=NATIONAL)
    )
    assert [t.tahap for t in trend] == ["2025-T1", "2025-Q2", "2025-T3"]


def test_quality_counts(population: dict[str, str]) -> None:
    nation = QualityAggregate.objects.get(level=0, region_code="")
    assert (nation.families, nation.members) == (9, 19)
    assert QualityAggregate.objects.get(level=4, region_code="3273").families == 6


def test_refresh_is_incremental(population: dict[str, str]) -> None:
    again = aggregates_refresh(scope=NATIONAL)
    assert again.refreshed == [] and len(again.unchanged) == 4
    stamp = RefreshState.objects.get(program="PKH", tahap="2025-T3").refreshed_at
    Payment.objects.filter(kk=population["K2"], tahap_label="2025-T3").update(
        status="dicairkan", withdrawn_at=date(2025, 5, 11)
    )
    result = aggregates_refresh(scope=NATIONAL)
    assert result.refreshed == [("PKH", "2025-T3")]
    assert RefreshState.objects.get(program="PKH", tahap="2025-T3").refreshed_at > stamp
    assert row("PKH", "2025-T3", DESA_A).withdrawn == 3
    assert row("PKH", "2025-T3", DESA_A).si_days_sum == 31


def test_missing_ledger_is_not_zero(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from jaring.monitoring import sources
    from tests.monitoring.population import build_population

    build_population()
    monkeypatch.setattr(sources, "ledger_table", lambda: None)
    aggregates_refresh(scope=NATIONAL)
    national = row("PKH", "2025-T3", "")
    assert national.eligible == 6
    assert national.paid is None and national.inclusion_errors is None
    assert national.budget_amount is None


def test_only_national_scope_refreshes(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionError):
        aggregates_refresh(scope=AccessScope(role="dinsos_kabkota", region_prefix="3273"))


def test_selectors_respect_scope(population: dict[str, str]) -> None:
    kab = AccessScope(role="dinsos_kabkota", region_prefix="3273")
    place = selectors.resolve_region(scope=kab)
    assert place.code == "3273"
    children = selectors.child_indicators(scope=kab, program="PKH", tahap="2025-T3", place=place)
    assert all(p.code.startswith("3273") for p, _ in children)
    for code in ("32", "3204", DESA_C, "9999", "abc", "32730"):
        with pytest.raises(OutOfScope):
            selectors.resolve_region(scope=kab, region_code=code)


def test_children_of_each_level_sum_to_their_parent(population: dict[str, str]) -> None:
    """Children are read by a code range (index seek), not LIKE: every level's children must be
    exactly the rows under the parent — a wrong bound would drop or add a region."""
    for code in ("", "32", "3273", DESA_A[:6]):
        place = selectors.resolve_region(scope=NATIONAL, region_code=code or None)
        total = row("PKH", "2025-T3", code)
        children = selectors.child_indicators(
            scope=NATIONAL, program="PKH", tahap="2025-T3", place=place
        )
        assert all(p.code.startswith(code) and len(p.code) > len(code) for p, _ in children)
        for field in ("eligible", "decided", "paid", "withdrawn"):
            assert sum(getattr(i, field) or 0 for _, i in children) == getattr(total, field)
    kecamatan = selectors.resolve_region(scope=NATIONAL, region_code=DESA_A[:6])
    desa = selectors.child_indicators(
        scope=NATIONAL, program="PKH", tahap="2025-T3", place=kecamatan
    )
    assert (
        dict((p.code, i.eligible) for p, i in desa)[DESA_A]
        == row("PKH", "2025-T3", DESA_A).eligible
    )


def test_data_quality_from_matching(population: dict[str, str]) -> None:
    from django.utils import timezone

    from jaring.matching.models import CandidatePair, DukcapilResult, MatchingJob

    place = selectors.resolve_region(scope=NATIONAL)
    assert selectors.quality(scope=NATIONAL, place=place).unmatched_niks is None  # no job yet
    job = MatchingJob.objects.create(kind="dukcapil", status="done", finished_at=timezone.now())
    for n, (region, status) in enumerate(
        [
            (DESA_A, "tidak_padan"),
            (DESA_A, "tidak_ditemukan"),
            (DESA_A, "padan"),
            (DESA_C, "tidak_padan"),
        ]
    ):
        DukcapilResult.objects.create(
            job=job,
            anggota_id=n,
            keluarga_id=n,
            kk="0",
            nik=f"{n}",
            name="x",
            region_code=region,
            status=status,
        )
    for n, (region, status) in enumerate(
        [(DESA_A, "terbuka"), ("3273", "verifikasi"), ("32", "terbuka"), (DESA_C, "bukan_sama")]
    ):
        CandidatePair.objects.create(
            pair_key=f"k{n}",
            kind="probabilistik",
            status=status,
            probability=0.9,
            a={},
            b={},
            region_code=region,
        )
    aggregates_refresh(scope=NATIONAL)
    expected = {"": (3, 3), "32": (3, 3), "3273": (2, 2), DESA_A: (2, 1), "3204": (1, 0)}
    for code, (unmatched, pairs) in expected.items():
        q = selectors.quality(
            scope=NATIONAL, place=selectors.resolve_region(scope=NATIONAL, region_code=code)
        )
        assert (q.unmatched_niks, q.open_duplicate_pairs) == (unmatched, pairs), code
    assert aggregates_refresh(scope=NATIONAL).refreshed == []


def test_vanished_sources_are_removed(population: dict[str, str]) -> None:
    from jaring.penyaluran.models import Batch, Tahap
    from jaring.programs.models import CurrentRun

    Payment.objects.filter(tahap_label="2025-T1").delete()
    Batch.objects.filter(tahap__label="2025-T1").delete()
    Tahap.objects.filter(label="2025-T1").delete()
    CurrentRun.objects.filter(period=date(2025, 2, 1)).delete()
    result = aggregates_refresh(scope=NATIONAL)
    assert result.removed == [("PKH", "2025-T1")]
    assert not IndicatorAggregate.objects.filter(tahap="2025-T1").exists()


def test_one_refresh_at_a_time_on_postgresql(population: dict[str, str]) -> None:
    """A second refresh while one holds the lock is refused, not interleaved (PostgreSQL)."""
    from django.db import connection, connections

    from jaring.monitoring.refresh import LOCK_KEY, RefreshBusy

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        with pytest.raises(RefreshBusy):
            aggregates_refresh(scope=NATIONAL, force=True)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        assert len(aggregates_refresh(scope=NATIONAL, force=True).refreshed) == 4
    finally:
        other.close()
