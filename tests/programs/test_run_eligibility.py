"""run-eligibility on a small registry: stored decisions and amounts, replace on re-run, failure
changes nothing, the command's JSON, the audit event."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope
from jaring.programs import services
from jaring.programs.models import CurrentRun, Decision, EligibilityRun
from jaring.programs.selectors import decisions_for_kk
from jaring.programs.services import RunRefused, eligibility_run
from jaring.registry.models import Keluarga

pytestmark = pytest.mark.django_db
SYSTEM = AccessScope.system("test")
JUNE = date(2025, 6, 1)


def family_decision(kk: str, program: str) -> Decision:
    return Decision.objects.get(
        run__in=CurrentRun.objects.values("run"), kk=kk, program=program, nik=""
    )


def test_run_stores_expected_decisions_and_amounts(small_registry: dict[str, Keluarga]) -> None:
    run = eligibility_run(scope=SYSTEM, period="2025-06")
    assert run.status == EligibilityRun.Status.DONE
    assert run.progress == 1.0
    assert CurrentRun.objects.get(period=JUNE).run_id == run.pk

    pkh_a = family_decision(small_registry["poor_a"].kk, "PKH")
    assert pkh_a.eligible
    assert (pkh_a.tahap, pkh_a.tahap_per_year) == ("2025-T3", 6)
    assert (pkh_a.annual_amount, pkh_a.amount_per_tahap) == (900_000, 150_000)
    assert pkh_a.region_code == small_registry["poor_a"].region_id
    assert [c["component"] for c in pkh_a.components] == ["sd"]

    # POS family: SD + anak usia dini, paid in 4 quarterly tahap.
    pkh_baby = family_decision(small_registry["baby"].kk, "PKH")
    assert pkh_baby.eligible and pkh_baby.tahap == "2025-Q2"
    assert pkh_baby.annual_amount == 3_900_000
    assert pkh_baby.amount_per_tahap == 975_000

    bpnt = family_decision(small_registry["poor_b"].kk, "BPNT")
    assert bpnt.eligible and bpnt.amount_per_tahap == 600_000

    rich = family_decision(small_registry["rich"].kk, "PKH")
    assert not rich.eligible and rich.amount_per_tahap == 0
    assert rich.reasons and all(r["code"] and r["message"] for r in rich.reasons)

    programs = run.summary["programs"]
    assert run.summary["period"] == "2025-06"
    assert programs["PKH"] == {"eligible": 3, "amount_per_tahap_total": 150_000 * 2 + 975_000}
    assert programs["BPNT"] == {"eligible": 3, "amount_per_tahap_total": 1_800_000}

    event = AuditEvent.objects.get(action="eligibility_run.done", object_id=str(run.pk))
    assert event.after["programs"] == programs
    assert event.after["households"] == 4


def test_rerun_replaces_the_period_not_duplicates(small_registry: dict[str, Keluarga]) -> None:
    first = eligibility_run(scope=SYSTEM, period="2025-06")
    count = Decision.objects.count()
    Keluarga.objects.filter(pk=small_registry["poor_a"].pk).update(desil=8)
    second = eligibility_run(scope=SYSTEM, period="2025-06")
    assert Decision.objects.count() == count
    assert not Decision.objects.filter(run=first).exists()
    assert CurrentRun.objects.get(period=JUNE).run_id == second.pk
    assert not family_decision(small_registry["poor_a"].kk, "PKH").eligible
    assert second.summary["programs"]["BPNT"]["eligible"] == 2
    # Another period is a separate set that the re-run leaves alone.
    july = eligibility_run(scope=SYSTEM, period="2025-07")
    assert Decision.objects.filter(run=second).count() == count
    assert Decision.objects.filter(run=july).count() == count


def test_failed_run_changes_nothing(
    small_registry: dict[str, Keluarga], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = eligibility_run(scope=SYSTEM, period="2025-06")
    before = list(Decision.objects.order_by("pk").values_list("pk", "eligible", "amount_per_tahap"))

    def broken_load(**kwargs: object) -> None:
        # Really store some rows of the new run first, then break: they must disappear.
        Decision.objects.create(
            run=kwargs["run"],
            period=JUNE,
            program="PKH",
            kk="1" * 16,
            region_code="3273011001",
            eligible=True,
            amount_per_tahap=1,
        )
        raise OSError("disk penuh")

    monkeypatch.setattr(services, "decisions_load", broken_load)
    with pytest.raises(OSError):
        eligibility_run(scope=SYSTEM, period="2025-06")
    failed = EligibilityRun.objects.exclude(pk=good.pk).get()
    assert failed.status == EligibilityRun.Status.FAILED
    assert "disk penuh" in failed.error
    assert CurrentRun.objects.get(period=JUNE).run_id == good.pk
    after = list(Decision.objects.order_by("pk").values_list("pk", "eligible", "amount_per_tahap"))
    assert after == before


def test_only_national_scope_and_valid_period(small_registry: dict[str, Keluarga]) -> None:
    with pytest.raises(RunRefused, match="Kemensos pusat"):
        eligibility_run(scope=AccessScope("operator_desa", "3273011001"), period="2025-06")
    with pytest.raises(RunRefused, match="tidak valid"):
        eligibility_run(scope=SYSTEM, period="2025-13")
    assert not EligibilityRun.objects.exists()


def test_command_prints_one_json_object(
    small_registry: dict[str, Keluarga], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("run-eligibility", "--period", "2025-06", "--quiet")
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1
    printed = orjson.loads(out)
    assert printed["period"] == "2025-06"
    assert printed["programs"]["PKH"]["eligible"] == 3
    assert printed["programs"]["BPNT"] == {"eligible": 3, "amount_per_tahap_total": 1_800_000}
    with pytest.raises(CommandError, match="tidak valid"):
        call_command("run-eligibility", "--period", "juni", "--quiet")


def test_decisions_for_kk_returns_current_rows(small_registry: dict[str, Keluarga]) -> None:
    kk = small_registry["baby"].kk
    assert decisions_for_kk(kk=kk) == []
    eligibility_run(scope=SYSTEM, period="2025-06")
    eligibility_run(scope=SYSTEM, period="2025-07")
    rows = decisions_for_kk(kk=kk)
    assert {r.period for r in rows} == {date(2025, 7, 1)}
    assert {"PKH", "BPNT"} <= {r.program for r in rows}
    assert all(r.kk == kk for r in rows)
    june = decisions_for_kk(kk=kk, period=JUNE)
    assert {r.period for r in june} == {JUNE}
    assert decisions_for_kk(kk="3273010000000000") == []


def test_concurrent_run_refused_and_stale_run_cleared(small_registry: dict[str, Keluarga]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    busy = EligibilityRun.objects.create(period=JUNE)
    with pytest.raises(RunRefused, match="sedang berjalan"):
        eligibility_run(scope=SYSTEM, period="2025-06")
    # Started long ago but still reporting progress: alive, still refused.
    long_ago = timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
    EligibilityRun.objects.filter(pk=busy.pk).update(
        started_at=long_ago, heartbeat_at=timezone.now()
    )
    with pytest.raises(RunRefused, match="sedang berjalan"):
        eligibility_run(scope=SYSTEM, period="2025-06")
    # Silent for longer than STALE_AFTER: taken as dead, marked failed, its rows removed.
    EligibilityRun.objects.filter(pk=busy.pk).update(heartbeat_at=long_ago)
    Decision.objects.create(
        run=busy, period=JUNE, program="PKH", kk="1" * 16, region_code="3273011001", eligible=True
    )
    run = eligibility_run(scope=SYSTEM, period="2025-06")
    busy.refresh_from_db()
    assert busy.status == EligibilityRun.Status.FAILED and "terhenti" in busy.error
    assert not Decision.objects.filter(run=busy).exists()
    assert run.status == EligibilityRun.Status.DONE
