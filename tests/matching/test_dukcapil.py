"""Dukcapil matching: padan / tidak padan (with the differing fields) / not found; deaths and
moves become change actions, applied automatically only where the policy allows, and every
applied change can be undone exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jaring.core.audit import audit_verify
from jaring.core.scope import AccessScope, OutOfScope
from jaring.matching import services
from jaring.matching.dukcapil import ExtractError
from jaring.matching.models import ChangeAction, DukcapilResult, JobStatus, MatchingJob
from jaring.registry.models import Anggota
from tests.matching.helpers import (
    DESA_A,
    DESA_B,
    extract_row,
    family,
    registry_state,
    run_job,
    write_extract,
)

pytestmark = pytest.mark.django_db
DUKCAPIL = MatchingJob.Kind.DUKCAPIL


@pytest.fixture
def families() -> dict[str, list[Anggota]]:
    a = family(DESA_A, 1)
    b = family(DESA_B, 2)
    return {
        "a": list(a.anggota.select_related("keluarga").order_by("position")),
        "b": list(b.anggota.select_related("keluarga").order_by("position")),
    }


@pytest.fixture
def officer_policy(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """The policy with deaths and moves left to an officer here, not sent to the workflow
    (tests/matching/test_proposals.py covers the workflow path)."""
    target = tmp_path / "policy"
    shutil.copytree(Path(settings.POLICY_DIR), target)
    path = target / "matching_2025.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("changes_via_usulan = true", "changes_via_usulan = false"))
    settings.POLICY_DIR = target


def _results() -> dict[str, DukcapilResult]:
    return {r.nik: r for r in DukcapilResult.objects.all()}


def test_padan_tidak_padan_and_not_found(
    tmp_path: Path, families: dict[str, list[Anggota]]
) -> None:
    mother, child = families["a"]
    other_mother, _ = families["b"]
    rows = [
        extract_row(mother, nama=mother.name.upper()),  # case only: still padan
        extract_row(child, tanggal_lahir="2015-07-10", jenis_kelamin="P"),
        extract_row(other_mother, kk="3273010101010099"),
    ]
    job = run_job(DUKCAPIL, source=write_extract(tmp_path / "ekstrak.csv", rows))
    results = _results()
    assert results[child.nik].status == DukcapilResult.Status.TIDAK_PADAN
    assert results[child.nik].differing == ["tanggal_lahir", "jenis_kelamin"]
    assert results[other_mother.nik].differing == ["kk"]
    assert results[families["b"][1].nik].status == DukcapilResult.Status.TIDAK_DITEMUKAN
    assert job.summary["tidak_ditemukan"] == 1
    assert job.summary["tidak_padan"] == 2


def test_spelling_variant_is_padan(tmp_path: Path, families: dict[str, list[Anggota]]) -> None:
    mother, _ = families["a"]
    run_job(
        DUKCAPIL,
        source=write_extract(tmp_path / "e.csv", [extract_row(mother, nama=f"Hj. {mother.name}")]),
    )
    assert _results()[mother.nik].status == DukcapilResult.Status.PADAN


def test_death_of_padan_member_applied_automatically_and_reversible(
    tmp_path: Path, families: dict[str, list[Anggota]]
) -> None:
    mother, child = families["a"]
    before = registry_state()
    rows = [
        extract_row(mother),
        extract_row(child, status_hidup="meninggal", tanggal_meninggal="2025-05-01"),
    ]
    job = run_job(DUKCAPIL, source=write_extract(tmp_path / "e.csv", rows))
    assert job.summary["diterapkan_otomatis"] == 1
    action = ChangeAction.objects.get()
    assert action.status == ChangeAction.Status.DITERAPKAN and action.automatic
    child.refresh_from_db()
    assert child.alive is False and child.date_of_death.isoformat() == "2025-05-01"
    services.action_revert(scope=AccessScope.system("test"), action_id=action.pk, note="salah")
    assert registry_state() == before
    assert list(audit_verify()) == []


def test_death_of_tidak_padan_member_waits_for_officer(
    tmp_path: Path, families: dict[str, list[Anggota]], officer_policy: None
) -> None:
    mother, _ = families["a"]
    rows = [
        extract_row(
            mother,
            nama="Orang Lain Sama Sekali",
            status_hidup="meninggal",
            tanggal_meninggal="2025-01-02",
        )
    ]
    run_job(DUKCAPIL, source=write_extract(tmp_path / "e.csv", rows))
    action = ChangeAction.objects.get()
    assert action.status == ChangeAction.Status.MENUNGGU
    mother.refresh_from_db()
    assert mother.alive is True
    desa_b = AccessScope(role="operator_desa", region_prefix=DESA_B)
    with pytest.raises(OutOfScope):
        services.action_apply(scope=desa_b, action_id=action.pk)
    desa_a = AccessScope(role="operator_desa", region_prefix=DESA_A, username="op")
    with pytest.raises(services.ReviewRefused):
        services.action_reject(scope=desa_a, action_id=action.pk, note="")
    services.action_apply(scope=desa_a, action_id=action.pk)
    mother.refresh_from_db()
    assert mother.alive is False


def test_move_becomes_pending_action_and_applies_within_scope(
    tmp_path: Path, families: dict[str, list[Anggota]], officer_policy: None
) -> None:
    _, child = families["a"]
    before = registry_state()
    run_job(
        DUKCAPIL, source=write_extract(tmp_path / "e.csv", [extract_row(child, pindah_ke=DESA_B)])
    )
    action = ChangeAction.objects.get()
    assert action.kind == ChangeAction.Kind.PINDAH and action.status == ChangeAction.Status.MENUNGGU
    desa_a = AccessScope(role="operator_desa", region_prefix=DESA_A)
    with pytest.raises(services.ReviewRefused):  # the destination is outside a desa operator
        services.action_apply(scope=desa_a, action_id=action.pk)
    kota = AccessScope(role="dinsos_kabkota", region_prefix="3273")
    services.action_apply(scope=kota, action_id=action.pk)
    assert not Anggota.objects.filter(nik=child.nik).exists()  # left the KK
    services.action_revert(scope=kota, action_id=action.pk)
    assert registry_state() == before


def test_bad_extract_is_refused_whole_with_row_report(
    tmp_path: Path, families: dict[str, list[Anggota]]
) -> None:
    mother, child = families["a"]
    rows = [extract_row(mother), extract_row(child, nik="12345", tanggal_lahir="31-12-2015")]
    with pytest.raises(ExtractError) as error:
        run_job(DUKCAPIL, source=write_extract(tmp_path / "e.csv", rows))
    assert "baris 3: NIK harus 16 angka" in str(error.value)
    assert "baris 3: tanggal_lahir harus TTTT-BB-HH" in str(error.value)
    job = MatchingJob.objects.get()
    assert job.status == JobStatus.FAILED and "baris 3" in job.error
    assert not DukcapilResult.objects.exists()


def test_missing_column_is_refused(tmp_path: Path, families: dict[str, list[Anggota]]) -> None:
    path = write_extract(
        tmp_path / "e.csv", [extract_row(families["a"][0])], header=("nik", "nama")
    )
    with pytest.raises(ExtractError, match="Kolom wajib tidak ada: kk"):
        run_job(DUKCAPIL, source=path)


def test_parquet_extract(tmp_path: Path, families: dict[str, list[Anggota]]) -> None:
    rows = [extract_row(m) for m in families["a"] + families["b"]]
    path = tmp_path / "e.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    job = run_job(DUKCAPIL, source=path)
    assert job.summary["padan"] == 4
