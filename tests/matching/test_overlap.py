"""Cross-program overlap: the rules come from the policy data (policy/overlap_*.toml); other
ministries' lists are imported all or nothing."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from jaring.matching.models import ExternalRecipient, MatchingJob, OverlapFinding
from jaring.matching.overlap import ListError
from jaring.matching.policy import PolicyError, matching_policy, overlap_rules
from jaring.registry.models import Keluarga
from tests.matching.helpers import DESA_A, DESA_B, current_decisions, family, run_job

pytestmark = pytest.mark.django_db
PERIOD = date(2025, 7, 1)


@pytest.fixture
def policy_dir(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the shipped policy that a test may edit."""
    target = tmp_path / "policy"
    shutil.copytree(Path(settings.POLICY_DIR), target)
    settings.POLICY_DIR = target
    return target


@pytest.fixture
def families() -> tuple[Keluarga, Keluarga]:
    a, b = family(DESA_A, 1), family(DESA_B, 2)
    current_decisions(
        PERIOD,
        [
            {"program": "PKH", "kk": a.kk, "nik": "", "region_code": DESA_A},
            {"program": "BPNT", "kk": b.kk, "nik": "", "region_code": DESA_B},
        ],
    )
    return a, b


def _list(path: Path, rows: list[str]) -> Path:
    path.write_text("program,kementerian,nik,periode\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_shipped_rules_cover_the_issue() -> None:
    pairs = {rule.programs for rule in overlap_rules(PERIOD)}
    assert {("BST", "PKH"), ("BST", "BPNT"), ("BSU", "PKH"), ("BSU", "PRAKERJA")} <= pairs


def test_family_overlap_across_ministries(
    tmp_path: Path, families: tuple[Keluarga, Keluarga]
) -> None:
    a, b = families
    worker_a = a.anggota.order_by("position").first()
    child_b = b.anggota.order_by("position").last()
    source = _list(
        tmp_path / "bsu.csv",
        [f"BSU,Kemnaker,{worker_a.nik},2025-07", f"BST,Kemensos,{child_b.nik},2025-07"],
    )
    job = run_job(MatchingJob.Kind.EKSTERNAL, source=source)
    assert job.summary == {"baris": 2, "ditemukan_di_registri": 2}
    assert ExternalRecipient.objects.get(program="BSU").kk == a.kk
    run_job(MatchingJob.Kind.TUMPANG_TINDIH, period=PERIOD)
    found = {(f.rule, f.kk) for f in OverlapFinding.objects.all()}
    assert found == {("bsu_pkh", a.kk), ("bst_bpnt", b.kk)}
    finding = OverlapFinding.objects.get(rule="bsu_pkh")
    assert finding.region_code == DESA_A
    assert (
        "BSU: daftar Kemnaker" in finding.sources and "PKH: keputusan kelayakan" in finding.sources
    )


def test_rules_are_read_from_policy_data(
    tmp_path: Path, policy_dir: Path, families: tuple[Keluarga, Keluarga]
) -> None:
    a, _ = families
    run_job(MatchingJob.Kind.TUMPANG_TINDIH, period=PERIOD)
    assert not OverlapFinding.objects.exists()  # PKH and BPNT may be held together
    (policy_dir / "overlap_2025.toml").write_text(
        'version = "uji"\nvalid_from = 2025-01-01\n[[rules]]\ncode = "pkh_bpnt_uji"\n'
        'programs = ["PKH", "BPNT"]\nlevel = "keluarga"\nmessage = "Uji."\n',
        encoding="utf-8",
    )
    same = family(DESA_A, 3)
    current_decisions(
        PERIOD,
        [
            {"program": "PKH", "kk": same.kk, "nik": "", "region_code": DESA_A},
            {"program": "BPNT", "kk": same.kk, "nik": "", "region_code": DESA_A},
            {"program": "PKH", "kk": a.kk, "nik": "", "region_code": DESA_A},
        ],
    )
    run_job(MatchingJob.Kind.TUMPANG_TINDIH, period=PERIOD)
    assert [(f.rule, f.kk) for f in OverlapFinding.objects.all()] == [("pkh_bpnt_uji", same.kk)]


def test_person_level_rule(tmp_path: Path, families: tuple[Keluarga, Keluarga]) -> None:
    worker = families[0].anggota.order_by("position").first()
    source = _list(
        tmp_path / "l.csv",
        [
            f"BSU,Kemnaker,{worker.nik},2025-07",
            f"PRAKERJA,Kemenko Perekonomian,{worker.nik},2025-07",
        ],
    )
    run_job(MatchingJob.Kind.EKSTERNAL, source=source)
    run_job(MatchingJob.Kind.TUMPANG_TINDIH, period=PERIOD)
    person = OverlapFinding.objects.get(rule="bsu_prakerja")
    assert person.level == "orang" and person.nik == worker.nik and person.kk == families[0].kk


def test_bad_list_is_refused_whole(tmp_path: Path, families: tuple[Keluarga, Keluarga]) -> None:
    worker = families[0].anggota.first()
    source = _list(
        tmp_path / "l.csv", [f"BSU,Kemnaker,{worker.nik},2025-07", "BSU,Kemnaker,123,2025-13"]
    )
    with pytest.raises(ListError, match="baris 3"):
        run_job(MatchingJob.Kind.EKSTERNAL, source=source)
    assert not ExternalRecipient.objects.exists()


def test_policy_errors_are_clear(policy_dir: Path) -> None:
    path = policy_dir / "matching_2025.toml"
    path.write_text(path.read_text().replace("review_threshold = 0.7", "review_threshold = 7"))
    with pytest.raises(PolicyError, match=r"matching_2025\.toml"):
        matching_policy(PERIOD)
    (policy_dir / "overlap_2025.toml").write_text(
        'version = "x"\nvalid_from = 2025-01-01\n[[rules]]\ncode = "x"\nprograms = ["A", "B"]\n'
        'level = "desa"\nmessage = "x"\n'
    )
    with pytest.raises(PolicyError, match="level"):
        overlap_rules(PERIOD)


def test_later_policy_file_takes_over(policy_dir: Path) -> None:
    (policy_dir / "matching_2026.toml").write_text(
        (policy_dir / "matching_2025.toml")
        .read_text()
        .replace("valid_from = 2025-01-01", "valid_from = 2026-01-01")
        .replace("review_threshold = 0.7", "review_threshold = 0.8")
    )
    assert matching_policy(date(2025, 12, 31)).review_threshold == 0.7
    assert matching_policy(date(2026, 1, 1)).review_threshold == 0.8
    assert policy_dir == settings.POLICY_DIR
