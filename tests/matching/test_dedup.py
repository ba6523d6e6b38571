"""Duplicates: equal NIK in two families, the review decisions and their feedback into later
runs, and a merge whose undo leaves the registry exactly as it was."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from django.core.management import call_command

from jaring.core.audit import audit_verify
from jaring.core.scope import AccessScope, OutOfScope
from jaring.matching import services
from jaring.matching.dedup import MIN_RECORDS_FOR_MODEL, common_region
from jaring.matching.models import CandidatePair, MatchingJob
from jaring.registry.generate import GenerateOptions, PopulationGenerator
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.services import household_upsert
from jaring.registry.validation import parse_household
from tests.matching.helpers import DESA_A, DESA_A2, DESA_B, family, person, registry_state, run_job
from tests.registry.helpers import household
from tests.web.conftest import store

pytestmark = pytest.mark.django_db
DUPLIKAT = MatchingJob.Kind.DUPLIKAT


@pytest.fixture
def twice() -> tuple[Keluarga, Keluarga]:
    """Siti (NIK …0003) heads family 1 in desa A and is listed again in family 2 in desa A2."""
    first = family(DESA_A, 1)
    record = household(DESA_A2, 2)
    siti = dict(person(DESA_A, 3, name="Ibu Nomor 1"), relationship="famili_lain")
    record["members"].append(siti)
    return first, store(record)


def test_common_region() -> None:
    assert common_region("3273011001", "3273011001") == "3273011001"
    assert common_region("3273011001", "3273011002") == "327301"
    assert common_region("3273011001", "3273301002") == "3273"
    assert common_region("3273011001", "3204052001") == "32"
    assert common_region("3273011001", "1101010001") == ""


def test_exact_nik_duplicate_found_once(twice: tuple[Keluarga, Keluarga]) -> None:
    job = run_job(DUPLIKAT)
    pair = CandidatePair.objects.get()
    assert pair.kind == CandidatePair.Kind.NIK_SAMA
    assert pair.a["nik"] == pair.b["nik"]
    assert {pair.a["kk"], pair.b["kk"]} == {twice[0].kk, twice[1].kk}
    assert pair.region_code == "327301"  # the kecamatan holding both desa
    assert job.summary["nik_sama"] == 1 and job.summary["baru"] == 1
    again = run_job(DUPLIKAT)
    assert CandidatePair.objects.count() == 1 and again.summary["diperbarui"] == 1


def test_not_the_same_is_not_proposed_again(twice: tuple[Keluarga, Keluarga]) -> None:
    run_job(DUPLIKAT)
    pair = CandidatePair.objects.get()
    kecamatan = AccessScope(role="dinsos_kabkota", region_prefix="3273", username="kab")
    services.pair_mark_not_same(scope=kecamatan, pair_id=pair.pk, note="kembar")
    job = run_job(DUPLIKAT)
    pair.refresh_from_db()
    assert pair.status == CandidatePair.Status.BUKAN_SAMA
    assert job.summary["sudah_diputuskan"] == 1 and job.summary["baru"] == 0


def test_desa_operator_cannot_decide_a_pair_spanning_two_desa(
    twice: tuple[Keluarga, Keluarga],
) -> None:
    run_job(DUPLIKAT)
    pair = CandidatePair.objects.get()
    operator = AccessScope(role="operator_desa", region_prefix=DESA_A)
    with pytest.raises(OutOfScope):
        services.pair_merge(scope=operator, pair_id=pair.pk)


def test_merge_and_undo_leave_registry_as_it_was(twice: tuple[Keluarga, Keluarga]) -> None:
    run_job(DUPLIKAT)
    pair = CandidatePair.objects.get()
    before = registry_state()
    scope = AccessScope(role="dinsos_kabkota", region_prefix="3273", username="kab")
    keep = "a" if pair.a["kk"] == twice[0].kk else "b"
    merge = services.pair_merge(scope=scope, pair_id=pair.pk, keep=keep)
    pair.refresh_from_db()
    assert pair.status == CandidatePair.Status.DIGABUNG
    assert Anggota.objects.filter(nik=pair.a["nik"]).count() == 1
    assert Anggota.objects.get(nik=pair.a["nik"]).keluarga_id == twice[0].pk
    assert registry_state() != before
    with pytest.raises(services.ReviewRefused):
        services.pair_mark_not_same(scope=scope, pair_id=pair.pk)
    services.merge_revert(scope=scope, merge_id=merge.pk)
    assert registry_state() == before
    pair.refresh_from_db()
    assert pair.status == CandidatePair.Status.TERBUKA
    assert list(audit_verify()) == []
    with pytest.raises(services.ReviewRefused):
        services.merge_revert(scope=scope, merge_id=merge.pk)


def test_undo_refused_when_household_changed_since(twice: tuple[Keluarga, Keluarga]) -> None:
    run_job(DUPLIKAT)
    pair = CandidatePair.objects.get()
    scope = AccessScope.system("test")
    keep = "a" if pair.a["kk"] == twice[0].kk else "b"
    merge = services.pair_merge(scope=scope, pair_id=pair.pk, keep=keep)
    Keluarga.objects.filter(pk=twice[1].pk).update(desil=9)
    with pytest.raises(services.ReviewRefused, match="sudah berubah"):
        services.merge_revert(scope=scope, merge_id=merge.pk)


def test_merge_of_single_member_family_sets_it_nonaktif() -> None:
    family(DESA_A, 1)
    alone = household(DESA_B, 5)
    alone["members"] = [dict(person(DESA_A, 3, name="Ibu Nomor 1"))]
    second = store(alone)
    run_job(DUPLIKAT)
    pair = CandidatePair.objects.get()
    keep = "a" if pair.a["kk"] != second.kk else "b"
    services.pair_merge(scope=AccessScope.system("t"), pair_id=pair.pk, keep=keep)
    second.refresh_from_db()
    assert second.registry_status == "nonaktif" and second.anggota.count() == 1


def test_model_finds_a_misspelt_duplicate_with_another_nik() -> None:
    """A generated registry big enough to train on (kota Bandung), plus one person registered
    twice as "Muhammad Rizki Saputra" and "Moch. Risky Saputra" with another NIK."""
    options = GenerateOptions(households=350, seed=5, regions=("3273",))
    data = []
    for record in PopulationGenerator(options).households():
        parsed, errors = parse_household(orjson.loads(orjson.dumps(record)))
        assert parsed is not None, errors
        data.append(parsed)
    for parsed in data:
        household_upsert(scope=AccessScope.system("test"), data=parsed)
    birth = date(1990, 3, 14)
    extra = {"sex": "L", "birth": birth, "relationship": "famili_lain", "birth_place": "Bandung"}
    first = household(DESA_A, 4200)
    first["members"].append(person(DESA_A, 9900, name="Muhammad Rizki Saputra", **extra))
    store(first)
    second = household(DESA_B, 4201)
    second["members"].append(person(DESA_B, 9901, name="Moch. Risky Saputra", **extra))
    store(second)
    assert Anggota.objects.count() >= MIN_RECORDS_FOR_MODEL
    run_job(DUPLIKAT)
    found = [
        p
        for p in CandidatePair.objects.all()
        if {p.a["name"], p.b["name"]} == {"Muhammad Rizki Saputra", "Moch. Risky Saputra"}
    ]
    assert len(found) == 1
    pair = found[0]
    assert pair.kind == CandidatePair.Kind.PROBABILISTIK
    assert pair.weights["name_canon"] > 0 and pair.weights["birth_date"] > 0
    assert pair.weights.get("nik", 0.0) <= 0  # different NIKs never count for the pair


def test_command_line_runs_a_job(twice: tuple[Keluarga, Keluarga], capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("matching", "duplicates", "--quiet")
    summary = orjson.loads(capsys.readouterr().out)
    assert summary["kind"] == "duplikat" and summary["nik_sama"] == 1
    job = MatchingJob.objects.get()
    job.pk = None
    job.status, job.summary = "running", {}
    job.save()
    call_command("matching", "run-job", "--job", str(job.pk), "--quiet")
    job.refresh_from_db()
    assert job.status == "done" and job.summary["diperbarui"] == 1
