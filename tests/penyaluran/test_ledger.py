"""The ledger's own guarantees (database constraints), person programs, the CLI, and scope."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from jaring.core.scope import AccessScope, OutOfScope
from jaring.penyaluran import selectors, services
from jaring.penyaluran.models import Batch, Payment
from jaring.programs.models import Decision
from tests.penyaluran.helpers import DESA_A, DESA_C, PERIOD, SYSTEM, decide, make_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def made() -> list[Payment]:
    families = [make_family(DESA_A, 1), make_family(DESA_C, 2, channel="POS")]
    decide(families, programs=("PKH", "BPNT"))
    for program in ("PKH", "BPNT"):
        services.tahap_generate(scope=SYSTEM, program=program, year=2025)
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-Q2")
    services.batches_create(scope=SYSTEM, program="BPNT", tahap="2025-Q2")
    return list(Payment.objects.order_by("pk"))


def test_a_second_payment_for_the_same_entitlement_is_impossible(made: list[Payment]) -> None:
    first = made[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            reference="LAIN-1",
            tahap=first.tahap,
            batch=first.batch,
            program=first.program,
            tahap_label=first.tahap_label,
            kk=first.kk,
            nik=first.nik,
            region_code=first.region_code,
            channel=first.channel,
            amount=first.amount,
        )
    # Same family, same tahap label, other program: a separate entitlement.
    assert Payment.objects.filter(kk=first.kk).count() == 2


def test_status_dates_are_enforced_by_the_database(made: list[Payment]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=made[0].pk).update(status="tersalur")  # no SI, no credit date
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=made[0].pk).update(amount=0)


def test_batches_by_program_tahap_and_channel(made: list[Payment]) -> None:
    codes = sorted(b.code for b in Batch.objects.select_related("tahap"))
    assert codes == ["BPNT-2025-Q2-BRI", "BPNT-2025-Q2-POS", "PKH-2025-Q2-POS", "PKH-2025-T3-BRI"]
    amounts = {(p.program, p.channel): p.amount for p in made}
    assert amounts == {
        ("PKH", "BRI"): 150_000,
        ("PKH", "POS"): 225_000,
        ("BPNT", "BRI"): 600_000,
        ("BPNT", "POS"): 600_000,
    }
    refs = [p.reference for p in made]
    assert len(set(refs)) == len(refs) and all(r.count("-") == 3 for r in refs)


def test_person_programs_pay_each_person(db: None) -> None:
    family = make_family(DESA_A, 3)
    head = family.anggota.get()
    run = decide([family], programs=())
    Decision.objects.create(
        run=run,
        period=PERIOD,
        program="ATENSI",
        kk=family.kk,
        nik=head.nik,
        region_code=DESA_A,
        eligible=True,
        tahap="2025-Q2",
        tahap_per_year=4,
        annual_amount=2_400_000,
        amount_per_tahap=600_000,
    )
    services.tahap_generate(scope=SYSTEM, program="ATENSI", year=2025)
    summary = services.batches_create(scope=SYSTEM, program="ATENSI", tahap="2025-Q2")
    assert summary.created == 1
    assert Payment.objects.get(program="ATENSI").nik == head.nik


def test_batch_needs_tahap_and_decisions(db: None) -> None:
    from jaring.penyaluran.errors import DisbursementError

    with pytest.raises(DisbursementError, match="belum dibuat"):
        services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    with pytest.raises(DisbursementError, match="Belum ada keputusan"):
        services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    with pytest.raises(DisbursementError, match="tidak berada"):
        services.batches_create(
            scope=SYSTEM, program="PKH", tahap="2025-T3", period=date(2025, 7, 1)
        )


def test_reconciliation_is_scoped(made: list[Payment]) -> None:
    bekasi = AccessScope(role="dinsos_kabkota", region_prefix="3275")
    total, children = selectors.reconciliation(scope=bekasi, program="BPNT", tahap="2025-Q2")
    assert total.amounts["budget"] == 600_000 and [c.code for c in children] == ["327501"]
    with pytest.raises(OutOfScope):
        selectors.reconciliation(
            scope=bekasi, program="BPNT", tahap="2025-Q2", region_prefix="3273"
        )
    rows = selectors.payment_totals(scope=SYSTEM, group_length=4)
    assert {(r["program"], r["region"], r["a_budget"]) for r in rows} == {
        ("BPNT", "3273", 600_000),
        ("BPNT", "3275", 600_000),
        ("PKH", "3273", 150_000),
        ("PKH", "3275", 225_000),
    }


def test_cli_cycle_and_rejected_file(made: list[Payment], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "penyaluran",
        "send-si",
        "--program",
        "PKH",
        "--tahap",
        "2025-T3",
        "--channel",
        "BRI",
        "--out",
        str(tmp_path),
        stdout=out,
    )
    sent = json.loads(out.getvalue())
    assert sent["rows"] == 1 and Path(sent["file"]).read_text().count("\n") == 2
    bad = tmp_path / "rusak.csv"
    bad.write_text("referensi,status\nX,TERSALUR\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "penyaluran",
            "import-response",
            str(bad),
            "--channel",
            "BRI",
            "--report",
            str(tmp_path / "lapor.csv"),
            stderr=io.StringIO(),
        )
    assert exit_info.value.code == 1
    assert "kolom tidak sesuai" in (tmp_path / "lapor.csv").read_text()
    good = tmp_path / "jawaban.csv"
    ref = Payment.objects.get(program="PKH", channel="BRI").reference
    good.write_text(
        "referensi,status,nominal,tanggal,kode_alasan,alasan,tempat,no_rekening,no_kks\n"
        f"{ref},TERSALUR,150000,2025-05-10,,,,,\nPKH-0,TERSALUR,1,2025-05-10,,,,,\n"
    )
    out = io.StringIO()
    call_command(
        "penyaluran",
        "import-response",
        str(good),
        "--channel",
        "BRI",
        "--report",
        str(tmp_path / "lapor2.csv"),
        stdout=out,
    )
    assert json.loads(out.getvalue())["applied"] == 1
    assert "tidak dikenal" in (tmp_path / "lapor2.csv").read_text()
    out = io.StringIO()
    call_command(
        "penyaluran",
        "reconcile",
        "--program",
        "PKH",
        "--tahap",
        "2025-T3",
        "--xlsx",
        str(tmp_path / "r.xlsx"),
        stdout=out,
    )
    figures = json.loads(out.getvalue())
    assert figures["identities_hold"] and figures["amounts"]["credited"] == 150_000
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert book.sheetnames == ["rekonsiliasi", "pembayaran"]
