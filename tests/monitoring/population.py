"""A small hand-made population whose every indicator is worked out by hand in the tests.

PKH 2025-T3 (May–June 2025), reference run = current run of 2025-06:
  desa A 3273011001 (Kota Bandung, Jawa Barat)
    K1 eligible, paid and withdrawn: SI 10 May, withdrawn 20 May (10 days), Rp750.000
    K2 eligible, credited (tersalur), Rp500.000
    K3 eligible, SI sent only, Rp600.000
    K4 eligible, not in the ledger                      → exclusion error
    K5 NOT eligible, withdrawn: SI 10 May → 30 May (20 days), Rp400.000 → inclusion error
  desa C 3204052001 (Kabupaten Bandung, Jawa Barat)
    K6 eligible, withdrawn: SI 1 May → 4 May (3 days), Rp300.000
    K7 eligible, failed (gagal), Rp300.000
  desa B 3273301002 (Kota Bandung): K8 eligible for PKH 2025-Q2 (POS), returned (retur)
  desa Jatim 3578010001 (Surabaya): K9 eligible BPNT 2025-Q2, withdrawn 5 days after SI
Earlier run 2025-02 (PKH 2025-T1): K1 eligible and withdrawn (2 days).
Complaints: desa A 15 May resolved 20 May (5 days); desa C 1 June open; desa A 1 Aug (outside).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from jaring.pengaduan.models import Complaint
from jaring.penyaluran.models import Batch, Payment, Tahap
from jaring.programs.models import CurrentRun, Decision, EligibilityRun
from jaring.registry.models import Anggota, Keluarga
from tests.factories import ensure_region, make_kk, make_nik

DESA_A = "3273011001"
DESA_B = "3273301002"
DESA_C = "3204052001"
DESA_JATIM = "3578010001"


@dataclass
class Family:
    kk: str
    region: str


def _kk(region: str, n: int) -> str:
    return make_kk(region, n)


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


_SERIAL = iter(range(1, 10_000))


def _payment(
    tahap: Tahap,
    batch: Batch,
    kk: str,
    region: str,
    amount: int,
    status: str,
    si: date | None = None,
    done: date | None = None,
) -> Payment:
    dates: dict[str, object] = {}
    if status in ("si", "tersalur", "dicairkan", "gagal", "retur"):
        dates["si_at"] = _moment(si or date(2025, 5, 1))
    if status in ("tersalur", "dicairkan", "retur"):
        dates["credited_at"] = si or date(2025, 5, 1)
    if status == "dicairkan":
        dates["withdrawn_at"] = done
    if status == "gagal":
        dates["failed_at"] = si or date(2025, 5, 1)
    if status == "retur":
        dates["returned_at"] = done or date(2025, 7, 1)
    return Payment.objects.create(
        reference=f"PAY-UJI-{next(_SERIAL):05d}",
        tahap=tahap,
        batch=batch,
        program=tahap.program,
        tahap_label=tahap.label,
        kk=kk,
        region_code=region,
        channel=batch.channel,
        amount=amount,
        status=status,
        **dates,
    )


def _tahap(program: str, label: str, per_year: int, start: date, end: date) -> tuple[Tahap, Batch]:
    tahap = Tahap.objects.create(
        program=program,
        label=label,
        tahap_per_year=per_year,
        start=start,
        end=end,
        retur_deadline=end,
    )
    batch = Batch.objects.create(tahap=tahap, channel="BRI", period=start)
    return tahap, batch


def _run(period: date) -> EligibilityRun:
    run = EligibilityRun.objects.create(period=period, status="done")
    CurrentRun.objects.update_or_create(period=period, defaults={"run": run})
    return run


def _decide(
    run: EligibilityRun, program: str, kk: str, region: str, eligible: bool, tahap: str
) -> None:
    Decision.objects.create(
        run=run,
        period=run.period,
        program=program,
        kk=kk,
        region_code=region,
        eligible=eligible,
        tahap=tahap if eligible else "",
        tahap_per_year=6 if tahap[5:6] == "T" else 4,
        amount_per_tahap=500_000 if eligible else 0,
    )


def _complaint(n: int, region: str, filed: date, resolved: date | None) -> None:
    complaint = Complaint.objects.create(
        reference=f"ADU-UJI{n:02d}",
        category="penyaluran_terlambat",
        region_code=region,
        description="Bantuan terlambat",
        office_kind="dinsos_kabkota",
        office_code=region[:4],
        status="selesai" if resolved else "diterima",
        sla_days=14,
        due_at=_moment(filed),
        resolved_at=_moment(resolved) if resolved else None,
    )
    Complaint.objects.filter(pk=complaint.pk).update(created_at=_moment(filed))


def _keluarga(kk: str, region: str, members: int) -> None:
    keluarga = Keluarga.objects.create(kk=kk, region=ensure_region(region))
    for i in range(members):
        Anggota.objects.create(
            keluarga=keluarga,
            nik=make_nik(region, date(1980, 1, 1 + i), "L", int(kk[-4:]) * 10 + i),
            name=f"Anggota {i}",
            sex="L",
            birth_date=date(1980, 1, 1 + i),
            relationship="kepala_keluarga" if i == 0 else "anak",
            schooling="tamat_sma",
            occupation="buruh",
        )


def build_population() -> dict[str, str]:
    k = {
        f"K{i}": _kk(region, i)
        for i, region in enumerate([DESA_A] * 5 + [DESA_C] * 2 + [DESA_B, DESA_JATIM], start=1)
    }
    regions = {
        "K1": DESA_A,
        "K2": DESA_A,
        "K3": DESA_A,
        "K4": DESA_A,
        "K5": DESA_A,
        "K6": DESA_C,
        "K7": DESA_C,
        "K8": DESA_B,
        "K9": DESA_JATIM,
    }
    for name, kk in k.items():
        _keluarga(kk, regions[name], 2 if name != "K9" else 3)

    june = _run(date(2025, 6, 1))
    for name in ("K1", "K2", "K3", "K4", "K6", "K7"):
        _decide(june, "PKH", k[name], regions[name], True, "2025-T3")
    _decide(june, "PKH", k["K5"], DESA_A, False, "")
    _decide(june, "PKH", k["K8"], DESA_B, True, "2025-Q2")
    _decide(june, "BPNT", k["K9"], DESA_JATIM, True, "2025-Q2")
    february = _run(date(2025, 2, 1))
    _decide(february, "PKH", k["K1"], DESA_A, True, "2025-T1")

    t3, b3 = _tahap("PKH", "2025-T3", 6, date(2025, 5, 1), date(2025, 6, 30))
    _payment(t3, b3, k["K1"], DESA_A, 750_000, "dicairkan", date(2025, 5, 10), date(2025, 5, 20))
    _payment(t3, b3, k["K2"], DESA_A, 500_000, "tersalur", date(2025, 5, 10))
    _payment(t3, b3, k["K3"], DESA_A, 600_000, "si", date(2025, 5, 10))
    _payment(t3, b3, k["K5"], DESA_A, 400_000, "dicairkan", date(2025, 5, 10), date(2025, 5, 30))
    _payment(t3, b3, k["K6"], DESA_C, 300_000, "dicairkan", date(2025, 5, 1), date(2025, 5, 4))
    _payment(t3, b3, k["K7"], DESA_C, 300_000, "gagal", date(2025, 5, 1))
    q2, bq2 = _tahap("PKH", "2025-Q2", 4, date(2025, 4, 1), date(2025, 6, 30))
    _payment(q2, bq2, k["K8"], DESA_B, 900_000, "retur", date(2025, 5, 2), date(2025, 7, 2))
    t1, b1 = _tahap("PKH", "2025-T1", 6, date(2025, 1, 1), date(2025, 2, 28))
    _payment(t1, b1, k["K1"], DESA_A, 750_000, "dicairkan", date(2025, 1, 10), date(2025, 1, 12))
    bq, bbq = _tahap("BPNT", "2025-Q2", 4, date(2025, 4, 1), date(2025, 6, 30))
    _payment(
        bq, bbq, k["K9"], DESA_JATIM, 600_000, "dicairkan", date(2025, 5, 5), date(2025, 5, 10)
    )

    _complaint(1, DESA_A, date(2025, 5, 15), date(2025, 5, 20))
    _complaint(2, DESA_C, date(2025, 6, 1), None)
    _complaint(3, DESA_A, date(2025, 8, 1), None)
    return k
