"""Builders of the matching tests: families stored through the registry service (audited),
Dukcapil extracts written as CSV, decisions of a current eligibility run."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from jaring.core.scope import AccessScope
from jaring.matching.jobs import job_execute
from jaring.matching.models import MatchingJob
from jaring.programs.models import CurrentRun, Decision, EligibilityRun
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.services import stored_record
from tests.registry.helpers import household, member
from tests.web.conftest import store

DESA_A = "3273011001"  # Kota Bandung, Sukasari
DESA_A2 = "3273011002"
DESA_B = "3273301002"  # Kota Bandung, another kecamatan
DESA_C = "3204052001"  # Kabupaten Bandung
SYSTEM = AccessScope.system("test")
EXTRACT_HEADER = (
    "nik",
    "kk",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "kode_desa",
    "status_hidup",
    "tanggal_meninggal",
    "pindah_ke",
)


def family(region: str, serial: int, **extra: Any) -> Keluarga:
    return store(household(region, serial, **extra))


def person(region: str, serial: int, **extra: Any) -> dict[str, Any]:
    return member(region, serial, **extra)


def extract_row(anggota: Anggota, **changes: str) -> dict[str, str]:
    row = {
        "nik": anggota.nik,
        "kk": anggota.keluarga.kk,
        "nama": anggota.name,
        "tempat_lahir": anggota.birth_place,
        "tanggal_lahir": anggota.birth_date.isoformat(),
        "jenis_kelamin": anggota.sex,
        "kode_desa": anggota.keluarga.region_id,
        "status_hidup": "hidup",
        "tanggal_meninggal": "",
        "pindah_ke": "",
    }
    row.update(changes)
    return row


def write_extract(
    path: Path, rows: list[dict[str, str]], header: tuple[str, ...] = EXTRACT_HEADER
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_job(
    kind: str,
    *,
    scope: AccessScope = SYSTEM,
    source: Path | None = None,
    period: date | None = None,
) -> MatchingJob:
    job = MatchingJob.objects.create(
        kind=kind,
        region_prefix=scope.region_prefix,
        source_path=str(source or ""),
        source_name=source.name if source else "",
        period=period,
        started_by="test",
    )
    return job_execute(job=job)


def registry_state() -> list[dict[str, Any]]:
    """Every household's canonical record (what a merge and its undo must leave equal)."""
    return [stored_record(k)[1] for k in Keluarga.objects.order_by("kk")]


def current_decisions(period: date, rows: list[dict[str, Any]]) -> EligibilityRun:
    """A finished run in force for `period` holding the given decisions."""
    run = EligibilityRun.objects.create(period=period, status=EligibilityRun.Status.DONE)
    CurrentRun.objects.update_or_create(period=period, defaults={"run": run})
    Decision.objects.bulk_create(
        Decision(run=run, period=period, eligible=True, **row) for row in rows
    )
    return run
