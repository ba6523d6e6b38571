"""Builders for the penyaluran tests: families, decisions in force, response files, identities."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.db.models import Q, Sum

from jaring.core.periods import tahap_label
from jaring.core.scope import AccessScope
from jaring.penyaluran.models import Payment
from jaring.programs.models import CurrentRun, Decision, EligibilityRun
from jaring.registry.models import Anggota, Keluarga
from tests.factories import ensure_region, make_kk, make_nik

SYSTEM = AccessScope.system("uji")
DESA_A = "3273011001"  # Kota Bandung, Sukasari
DESA_B = "3273011002"
DESA_C = "3275011001"  # Kota Bekasi
PERIOD = date(2025, 5, 1)  # PKH via KKS: 2025-T3; quarterly: 2025-Q2


def make_family(
    region: str, serial: int, *, channel: str = "KKS", bank: str = "BRI", kks: bool = True
) -> Keluarga:
    ensure_region(region)
    kk = make_kk(region, serial)
    keluarga = Keluarga.objects.create(
        kk=kk,
        region_id=region,
        address=f"Jl. Uji No. {serial}",
        rt="001",
        rw="002",
        desil=2,
        registry_status="aktif",
        channel=channel,
        bank=bank if channel == "KKS" else "",
        kks_number=f"60{serial:014d}" if channel == "KKS" and kks else "",
    )
    Anggota.objects.create(
        keluarga=keluarga,
        nik=make_nik(region, date(1985, 4, 2), "P", serial % 9999 + 1),
        name=f"Ibu Uji {serial}",
        name_normalized=f"ibu uji {serial}",
        sex="P",
        birth_date=date(1985, 4, 2),
        relationship="kepala_keluarga",
        schooling="tidak_sekolah",
        occupation="ibu_rumah_tangga",
    )
    return keluarga


def decide(
    families: list[Keluarga], *, period: date = PERIOD, programs: tuple[str, ...] = ("PKH", "BPNT")
) -> EligibilityRun:
    """Decisions in force for the period, as run-eligibility would store them."""
    run = EligibilityRun.objects.create(period=period, status="done")
    rows = []
    for k in families:
        for program in programs:
            if program == "PKH":
                per_year = 4 if k.channel == "POS" else 6
                amount = 225_000 if k.channel == "POS" else 150_000
            else:
                per_year, amount = 4, 600_000
            label = tahap_label(period, per_year)
            rows.append(
                Decision(
                    run=run,
                    period=period,
                    program=program,
                    kk=k.kk,
                    region_code=k.region_id,
                    eligible=True,
                    tahap=label,
                    tahap_per_year=per_year,
                    annual_amount=amount * per_year,
                    amount_per_tahap=amount,
                )
            )
    Decision.objects.bulk_create(rows)
    CurrentRun.objects.update_or_create(period=period, defaults={"run": run})
    return run


def response_file(rows: list[dict[str, Any]]) -> io.BytesIO:
    header = "referensi,status,nominal,tanggal,kode_alasan,alasan,tempat,no_rekening,no_kks\n"
    lines = [header]
    for r in rows:
        lines.append(
            ",".join(
                str(r.get(k, ""))
                for k in (
                    "referensi",
                    "status",
                    "nominal",
                    "tanggal",
                    "kode_alasan",
                    "alasan",
                    "tempat",
                    "no_rekening",
                    "no_kks",
                )
            )
            + "\n"
        )
    return io.BytesIO("".join(lines).encode())


def _sum(q: Q) -> int:
    return Payment.objects.filter(q).aggregate(s=Sum("amount"))["s"] or 0


def assert_identities() -> None:
    """budget = SI + not sent; SI = credited + failed + awaiting an answer; credited = withdrawn
    + outstanding + returned; from the payments' dates (not their status), whole ledger."""
    budget = _sum(Q())
    si = _sum(Q(si_at__isnull=False))
    not_sent = _sum(Q(si_at__isnull=True))
    credited = _sum(Q(credited_at__isnull=False))
    failed = _sum(Q(failed_at__isnull=False))
    withdrawn = _sum(Q(withdrawn_at__isnull=False))
    returned = _sum(Q(returned_at__isnull=False))
    awaiting = _sum(Q(si_at__isnull=False, credited_at__isnull=True, failed_at__isnull=True))
    outstanding = _sum(
        Q(credited_at__isnull=False, withdrawn_at__isnull=True, returned_at__isnull=True)
    )
    assert budget == si + not_sent
    assert si == credited + failed + awaiting, (si, credited, failed, awaiting)
    assert credited == withdrawn + outstanding + returned


def seed_sent_batch(families: int, response_path: str) -> list[str]:
    """Families with PKH decided, tahap and batches made, SI sent to BRI, and the bank's
    response file (every payment credited) written to response_path. Used in subprocesses."""
    from jaring.penyaluran import files, services
    from jaring.penyaluran.models import Batch

    made = [make_family(DESA_A, i) for i in range(1, families + 1)]
    decide(made, programs=("PKH",))
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    si_file = files.si_send(scope=SYSTEM, batch_id=Batch.objects.get(channel="BRI").pk)
    assert si_file is not None
    refs = sorted(Payment.objects.filter(si_file=si_file).values_list("reference", flat=True))
    rows = [
        {"referensi": r, "status": "TERSALUR", "nominal": 150000, "tanggal": "2025-05-10"}
        for r in refs
    ]
    with open(response_path, "wb") as handle:
        handle.write(response_file(rows).getvalue())
    return refs
