"""A dead recipient is flagged before the next tahap: decided recipients of the period's
current run who died per the registry or per a Dukcapil extract (even before an officer acts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from jaring.core.scope import AccessScope
from jaring.matching.models import ChangeAction, MatchingJob
from jaring.matching.selectors import dead_recipients
from jaring.registry.models import Anggota
from tests.matching.helpers import (
    DESA_A,
    DESA_B,
    current_decisions,
    extract_row,
    family,
    run_job,
    write_extract,
)

pytestmark = pytest.mark.django_db
PERIOD = date(2025, 7, 1)


@pytest.fixture
def recipients() -> dict[str, list[Anggota]]:
    a, b = family(DESA_A, 1), family(DESA_B, 2)
    mother_a, child_a = a.anggota.order_by("position")
    mother_b, _ = b.anggota.order_by("position")
    current_decisions(
        PERIOD,
        [
            {
                "program": "PKH",
                "kk": a.kk,
                "nik": "",
                "region_code": DESA_A,
                "tahap": "2025-T4",
                "amount_per_tahap": 225000,
                "components": [
                    {"nik": child_a.nik, "component": "anak_sd", "annual_amount": 900000}
                ],
            },
            {
                "program": "BSU",
                "kk": b.kk,
                "nik": mother_b.nik,
                "region_code": DESA_B,
                "tahap": "2025-07",
                "amount_per_tahap": 600000,
            },
            {
                "program": "BPNT",
                "kk": b.kk,
                "nik": "",
                "region_code": DESA_B,
                "tahap": "2025-Q3",
                "amount_per_tahap": 600000,
            },
        ],
    )
    return {"a": [mother_a, child_a], "b": [mother_b]}


def test_nobody_flagged_while_all_alive(recipients: dict[str, list[Anggota]]) -> None:
    assert dead_recipients(scope=AccessScope.system(), period=PERIOD) == []


def test_death_reported_by_dukcapil_is_flagged_before_anyone_acts(
    tmp_path: Path, recipients: dict[str, list[Anggota]]
) -> None:
    mother_b = recipients["b"][0]
    row = extract_row(
        mother_b, nama="Nama Lain", status_hidup="meninggal", tanggal_meninggal="2025-06-20"
    )
    run_job(MatchingJob.Kind.DUKCAPIL, source=write_extract(tmp_path / "e.csv", [row]))
    # Proposed in the usulan workflow, not applied: the registry still has her alive.
    assert ChangeAction.objects.get().status == ChangeAction.Status.DIUSULKAN
    assert Anggota.objects.get(pk=mother_b.pk).alive is True
    flagged = dead_recipients(scope=AccessScope.system(), period=PERIOD)
    by_program = {item.program: item for item in flagged}
    assert set(by_program) == {"BSU", "BPNT"}
    assert by_program["BSU"].reason == "penerima meninggal"
    assert by_program["BSU"].source == "Dukcapil" and by_program["BSU"].tahap == "2025-07"
    assert by_program["BPNT"].reason == "pengurus keluarga meninggal"
    # Scope: the desa of family A sees none of it, desa B sees both.
    desa_a = AccessScope(role="operator_desa", region_prefix=DESA_A)
    assert dead_recipients(scope=desa_a, period=PERIOD) == []
    desa_b = AccessScope(role="operator_desa", region_prefix=DESA_B)
    assert len(dead_recipients(scope=desa_b, period=PERIOD)) == 2


def test_registry_death_of_a_pkh_component_member(recipients: dict[str, list[Anggota]]) -> None:
    child = recipients["a"][1]
    Anggota.objects.filter(pk=child.pk).update(alive=False, date_of_death=date(2025, 5, 5))
    flagged = dead_recipients(scope=AccessScope.system(), period=PERIOD)
    assert [(f.program, f.nik, f.reason, f.source) for f in flagged] == [
        ("PKH", child.nik, "anggota komponen meninggal", "registri")
    ]


def test_command_prints_masked_rows(recipients: dict[str, list[Anggota]], capsys) -> None:  # type: ignore[no-untyped-def]
    child = recipients["a"][1]
    Anggota.objects.filter(pk=child.pk).update(alive=False)
    call_command("matching", "dead-recipients", "--period", "2025-07")
    out = capsys.readouterr().out
    assert '"program":"PKH"' in out and child.nik not in out and child.nik[-4:] in out
