"""Table tests: every rule edge of the shipped policy, through the engine's assess path."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from jaring.engine import assess_records, load_policy
from tests.engine.families import family, member

POLICY = load_policy()
HEAD = {"relationship": "kepala_keluarga", "schooling": "tamat_sma"}


def assess(record: dict[str, Any], period: str = "2025-06", policy: Any = POLICY) -> dict:
    return next(assess_records([record], period=period, policy=policy))["programs"]


def codes(result: dict[str, Any]) -> set[str]:
    return {r["code"] for r in result["reasons"]}


def components(result: dict[str, Any]) -> list[str]:
    return sorted(c["component"] for c in result["components"])


def test_age_is_taken_on_the_first_day_of_the_tahap() -> None:
    # Turns 7 on 2 May 2025: on 1 May (first day of T3) still 6 → anak_usia_dini.
    child = member("2018-05-02", serial=2)
    pkh = assess(family(member("1990-01-01", **HEAD), child), "2025-06")["PKH"]
    assert components(pkh) == ["anak_usia_dini"] and pkh["amount_per_tahap"] == 500_000
    # Born 1 May 2018: 7 on 1 May 2025 → no longer anak usia dini; not in school → sd band.
    child = member("2018-05-01", serial=2)
    pkh = assess(family(member("1990-01-01", **HEAD), child), "2025-06")["PKH"]
    assert components(pkh) == ["sd"] and pkh["amount_per_tahap"] == 150_000


def test_pos_uses_quarterly_tahap_and_its_first_day() -> None:
    # Period June: KKS T3 starts 1 May (already 7 → sd band), POS Q2 starts 1 April (still 6).
    child = member("2018-04-15", serial=2)
    kks = assess(family(member("1990-01-01", **HEAD), child, channel="KKS"))["PKH"]
    pos = assess(family(member("1990-01-01", **HEAD), child, channel="POS"))["PKH"]
    assert kks["tahap"] == "2025-T3" and components(kks) == ["sd"]
    assert pos["tahap"] == "2025-Q2" and components(pos) == ["anak_usia_dini"]
    assert pos["amount_per_tahap"] == 750_000 and pos["tahap_per_year"] == 4


def test_sma_per_tahap_is_rounded_down() -> None:
    pkh = assess(
        family(member("1990-01-01", **HEAD), member("2009-03-03", serial=2, schooling="sma"))
    )
    assert pkh["PKH"]["amount_per_tahap"] == 333_333
    assert pkh["PKH"]["annual_amount"] == 2_000_000


def test_third_young_child_counts_as_pupil_when_schooling_allows() -> None:
    kids = [member(f"20{y}-02-02", serial=i + 2) for i, y in enumerate((20, 21, 22))]
    pupil = member("2019-02-02", serial=9, schooling="sd")  # 6 years old, already at SD
    pkh = assess(family(member("1990-01-01", **HEAD), pupil, *kids[:2]))["PKH"]
    assert components(pkh) == ["anak_usia_dini", "anak_usia_dini", "sd"]
    pkh = assess(family(member("1990-01-01", **HEAD), *kids))["PKH"]
    assert components(pkh) == ["anak_usia_dini", "anak_usia_dini"]
    assert "anak_usia_dini_melebihi_batas" in codes(pkh)
    capped = [r for r in pkh["reasons"] if r["code"] == "anak_usia_dini_melebihi_batas"]
    assert len(capped) == 1 and capped[0]["nik"] == kids[2]["nik"]


def test_third_pregnancy_gets_no_component() -> None:
    mother = member("1990-01-01", pregnant=True, pregnancy_order=3, **HEAD)
    pkh = assess(family(mother))["PKH"]
    assert not pkh["eligible"] and "tidak_ada_komponen" in codes(pkh)
    assert "kehamilan_ketiga_atau_lebih" in codes(pkh)
    mother["pregnancy_order"] = 2
    assert components(assess(family(mother))["PKH"]) == ["ibu_hamil"]


def test_fifth_component_is_left_out_with_reason() -> None:
    members = [member("1950-01-01", serial=1, **HEAD)]
    members += [member("1952-01-01", serial=2), member("1954-01-01", serial=3)]
    members += [member("2008-01-01", serial=4, schooling="sma")]
    members += [member("2012-05-05", serial=5, schooling="smp")]
    pkh = assess(family(*members))["PKH"]
    assert components(pkh) == ["lansia", "lansia", "lansia", "sma"]
    assert pkh["annual_amount"] == 3 * 2_400_000 + 2_000_000
    assert [r["nik"] for r in pkh["reasons"] if r["code"] == "komponen_melebihi_batas"] == [
        members[4]["nik"]
    ]


def test_caps_reached_but_not_exceeded_take_every_candidate() -> None:
    # Exactly 2 anak usia dini and 4 components: no cap binds (the engine's free choice, no
    # ranking), every candidate is chosen and nobody is left out.
    members = [member("1950-01-01", serial=1, **HEAD)]
    members += [member("2021-02-02", serial=2), member("2022-02-02", serial=3)]
    members += [member("2008-01-01", serial=4, schooling="sma")]
    pkh = assess(family(*members))["PKH"]
    assert components(pkh) == ["anak_usia_dini", "anak_usia_dini", "lansia", "sma"]
    assert pkh["annual_amount"] == 2 * 3_000_000 + 2_400_000 + 2_000_000
    assert not [r for r in pkh["reasons"] if "nik" in r]
    # One more young child: the 2-child cap binds (ranked choice); the young child without
    # another component who comes last is left out, the other four stay.
    members.append(member("2023-02-02", serial=5))
    pkh = assess(family(*members))["PKH"]
    assert components(pkh) == ["anak_usia_dini", "anak_usia_dini", "lansia", "sma"]
    left_out = {r["nik"]: r["code"] for r in pkh["reasons"] if "nik" in r}
    assert left_out == {members[4]["nik"]: "anak_usia_dini_melebihi_batas"}


def test_excluded_member_who_died_does_not_exclude() -> None:
    retired = member("1950-01-01", serial=2, occupation="pensiunan_asn", alive=False)
    result = assess(family(member("1990-01-01", **HEAD), retired))
    assert result["BPNT"]["eligible"]
    retired["alive"] = True
    result = assess(family(member("1990-01-01", **HEAD), retired))
    assert not result["BPNT"]["eligible"]
    assert codes(result["BPNT"]) == {"anggota_pensiunan_atau_guru_sertifikasi"}


@pytest.mark.parametrize(("income", "eligible"), [(2_191_232, False), (2_191_231, True), (0, True)])
def test_ump_boundary_of_the_family_province(income: int, eligible: bool) -> None:
    # Jawa Barat UMP 2025 is Rp2,191,232: equal excludes, one rupiah less does not.
    worker = member("1985-01-01", serial=2, sex="L", monthly_income=income)
    result = assess(family(member("1990-01-01", **HEAD), worker))
    assert result["BPNT"]["eligible"] is eligible
    assert ("penghasilan_di_atas_ump" in codes(result["BPNT"])) is not eligible


def test_unknown_desil_is_not_eligible_with_reason() -> None:
    result = assess(family(member("1990-01-01", **HEAD), desil=None))
    assert codes(result["BPNT"]) == {"desil_tidak_diketahui"}
    assert not result["PKH"]["eligible"]


def test_desil_from_pmt_cut_points_when_missing() -> None:
    poor = {"floor_material": "tanah", "wall_material": "bambu", "floor_area_m2": 20}
    result = assess(family(member("1990-01-01", **HEAD), desil=None, housing=poor))
    assert result["BPNT"]["eligible"]
    rich = {"floor_material": "keramik", "wall_material": "tembok", "roof_material": "beton",
            "electricity": "pln_1300_lebih", "drinking_water": "air_kemasan",
            "sanitation": "sendiri", "cooking_fuel": "listrik_gas", "floor_area_m2": 200,
            "assets": ["mobil", "ac", "komputer"]}  # fmt: skip
    result = assess(family(member("1990-01-01", **HEAD), desil=None, housing=rich))
    assert codes(result["BPNT"]) == {"desil_di_atas_batas"}


def test_bst_only_inside_its_validity_window_and_not_with_pkh_or_bpnt() -> None:
    record = family(member("1990-01-01", **HEAD))
    assert "BST" not in assess(record, "2025-06") and "BST" not in assess(record, "2020-03")
    in_2021 = assess(record, "2021-12")
    assert not in_2021["BST"]["eligible"]
    assert codes(in_2021["BST"]) == {"sudah_menerima_pkh_atau_bpnt"}
    inactive = family(member("1990-01-01", **HEAD), registry_status="nonaktif")
    bst = assess(inactive, "2020-04")["BST"]
    assert bst["eligible"] and bst["amount_per_tahap"] == 300_000 and bst["tahap"] == "2020-B04"


def test_bsu_not_in_a_pkh_family() -> None:
    worker = member("1985-01-01", serial=2, sex="L", occupation="buruh", employment="bekerja_tetap",
                    bpjs_ketenagakerjaan=True, monthly_income=2_000_000)  # fmt: skip
    rich = family(member("1990-01-01", **HEAD), worker, desil=8)
    bsu = assess(rich)["BSU"]
    assert bsu["eligible"] and bsu["persons"][0]["amount_per_tahap"] == 600_000
    child = member("2021-01-01", serial=3)
    poor = family(member("1990-01-01", **HEAD), worker, child, desil=2)
    result = assess(poor)
    assert result["PKH"]["eligible"] and not result["BSU"]["eligible"]
    assert {r["code"] for r in result["BSU"]["persons"][0]["reasons"]} == {"keluarga_penerima_pkh"}


def test_jps_not_with_prakerja_or_bsu_in_the_same_year() -> None:
    student = member("2000-01-01", serial=2, sex="L", schooling="kuliah", employment="phk")
    result = assess(family(member("1990-01-01", **HEAD, employment="bekerja_tetap"), student))
    jps = {p["nik"]: p for p in result["JPS"]["persons"]}
    assert jps[student["nik"]]["eligible"]  # in school → no Prakerja → JPS
    assert not result["PRAKERJA"]["persons"][1]["eligible"]
    idle = member("2000-01-01", serial=2, sex="L", employment="phk")
    result = assess(family(member("1990-01-01", **HEAD, employment="bekerja_tetap"), idle))
    jps = {p["nik"]: p for p in result["JPS"]["persons"]}
    assert not jps[idle["nik"]]["eligible"]
    assert {r["code"] for r in jps[idle["nik"]]["reasons"]} == {"menerima_program_serupa"}


def test_atensi_person_amounts_and_invalid_nik() -> None:
    elder = member("1950-01-01", serial=2)
    broken = member("1951-01-01", serial=3, nik="3273010101510000")
    result = assess(family(member("1990-01-01", **HEAD), elder, broken))["ATENSI"]
    persons = {p["nik"]: p for p in result["persons"]}
    assert (
        persons[elder["nik"]]["eligible"] and persons[elder["nik"]]["amount_per_tahap"] == 600_000
    )
    assert not persons[broken["nik"]]["eligible"]
    assert result["amount_per_tahap"] == 600_000


def test_dead_wna_and_invalid_nik_members_are_left_out_with_reasons() -> None:
    dead = member("1950-01-01", serial=2, alive=False)
    foreigner = member("1951-01-01", serial=3, citizenship="WNA")
    wrong_sex = member("1952-01-01", serial=4, sex="L", nik=member("1952-01-01", serial=4)["nik"])
    pkh = assess(family(member("1990-01-01", **HEAD), dead, foreigner, wrong_sex))["PKH"]
    by_nik = {r.get("nik"): r["code"] for r in pkh["reasons"]}
    assert by_nik[dead["nik"]] == "meninggal"
    assert by_nik[foreigner["nik"]] == "bukan_wni"
    assert by_nik[wrong_sex["nik"]] == "nik_tidak_sah"
    assert not pkh["eligible"]


def test_school_component_only_up_to_age_21() -> None:
    old_pupil = member("2002-01-01", serial=2, schooling="sma")  # 23 in 2025
    pkh = assess(family(member("1990-01-01", **HEAD), old_pupil))["PKH"]
    assert not pkh["eligible"] and "usia_sekolah_terlampaui" in codes(pkh)


def test_quota_leaves_out_the_least_poor_families(tmp_path: Path) -> None:
    shutil.copytree(POLICY.directory, tmp_path / "policy")
    path = tmp_path / "policy" / "programs" / "bpnt.toml"
    path.write_text(path.read_text() + '\n[quota]\n"3273011001" = 2\n')
    policy = load_policy(tmp_path / "policy")
    assert policy.digest != POLICY.digest
    records = [
        family(member("1990-01-01", **HEAD), kk=f"32730115012500{i:02d}", desil=d)
        for i, d in enumerate((3, 1, 4, 2))
    ]
    results = [
        r["programs"]["BPNT"] for r in assess_records(records, period="2025-06", policy=policy)
    ]
    assert [r["eligible"] for r in results] == [False, True, False, True]
    assert codes(results[0]) == {"kuota_terlampaui"}


def test_amount_change_is_a_data_edit(tmp_path: Path) -> None:
    shutil.copytree(POLICY.directory, tmp_path / "policy")
    path = tmp_path / "policy" / "programs" / "bpnt.toml"
    path.write_text(path.read_text().replace("annual_amount = 2400000", "annual_amount = 3000000"))
    result = assess(family(member("1990-01-01", **HEAD)), policy=load_policy(tmp_path / "policy"))
    assert result["BPNT"]["amount_per_tahap"] == 750_000
