"""parse_household: the one validation path of import and staff forms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jaring.registry.validation import HouseholdIn, parse_household
from tests.registry.helpers import desa_codes_in, household, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def desa() -> str:
    return desa_codes_in("3273")[0]


def codes(record: dict) -> set[str]:
    data, errors = parse_household(record, line=7)
    assert data is None
    assert all(e.line == 7 for e in errors)
    return {e.code for e in errors}


def test_valid_household_gives_typed_data(desa: str) -> None:
    data, errors = parse_household(household(desa, 1), line=1)
    assert errors == []
    assert isinstance(data, HouseholdIn)
    assert data.region == desa and data.desil == 3 and data.bank == "BRI"
    assert data.members[1].birth_date == date(2015, 7, 9)
    assert data.members[0].relationship == "kepala_keluarga"
    assert data.assets == ("motor",) and data.floor_area_m2 == 36


def test_csv_strings_are_converted(desa: str) -> None:
    record = household(desa, 2, desil="4")
    record["members"][0].update(monthly_income="250000", alive="ya", bpjs_ketenagakerjaan="0")
    data, errors = parse_household(record)
    assert errors == [] and data is not None
    assert data.desil == 4 and data.members[0].monthly_income == 250000
    assert data.members[0].alive is True and data.members[0].bpjs_ketenagakerjaan is False


@pytest.mark.parametrize("desil", [0, 11, "tiga", 2.5])
def test_desil_must_be_1_to_10(desa: str, desil: object) -> None:
    data, errors = parse_household(household(desa, 3, desil=desil))
    assert data is None
    assert [e.message for e in errors] == ["desil harus bilangan bulat 1–10 atau kosong"]


def test_unknown_desa_code(desa: str) -> None:
    record = household(desa, 4)
    record["region"] = "3273019999"
    data, errors = parse_household(record)
    assert data is None
    assert any(e.message == "kode desa 3273019999 tidak dikenal" for e in errors)


def test_unknown_vocabulary_lists_allowed_values(desa: str) -> None:
    record = household(desa, 5, channel="GIRO")
    _, errors = parse_household(record)
    (error,) = [e for e in errors if e.field == "channel"]
    assert error.code == "nilai_tidak_dikenal" and "KKS, POS" in error.message


def test_unknown_keys_are_refused(desa: str) -> None:
    record = household(desa, 6, warna="merah")
    record["members"][0]["hobi"] = "catur"
    data, errors = parse_household(record)
    assert data is None
    assert {(e.field, e.code) for e in errors} == {
        ("warna", "kolom_tidak_dikenal"),
        ("members[0].hobi", "kolom_tidak_dikenal"),
    }


def test_bank_rules(desa: str) -> None:
    assert codes(household(desa, 7, bank=None)) == {"bank_wajib_kks"}
    assert codes(household(desa, 8, channel="POS")) == {"bank_harus_kosong_pos"}
    data, _ = parse_household(household(desa, 9, channel="POS", bank=None))
    assert data is not None and data.bank == ""


def test_member_rules(desa: str) -> None:
    assert codes(household(desa, 10, members=[])) == {"anggota_kosong"}
    two_heads = household(desa, 11)
    two_heads["members"][1]["relationship"] = "kepala_keluarga"
    assert codes(two_heads) == {"kepala_keluarga_bukan_satu"}
    duplicate = household(desa, 12)
    duplicate["members"].append(dict(duplicate["members"][1], relationship="anak"))
    assert codes(duplicate) == {"nik_ganda"}


def test_pregnancy_rules(desa: str) -> None:
    man = household(desa, 13)
    man["members"][1]["pregnant"] = True
    assert "hamil_bukan_perempuan" in codes(man)
    order_without_pregnancy = household(desa, 14)
    order_without_pregnancy["members"][0]["pregnancy_order"] = 1
    assert codes(order_without_pregnancy) == {"urutan_kehamilan_tidak_sah"}
    ok = household(desa, 15)
    ok["members"][0].update(pregnant=True, pregnancy_order=2)
    data, errors = parse_household(ok)
    assert errors == [] and data is not None and data.members[0].pregnancy_order == 2


def test_death_and_birth_dates(desa: str) -> None:
    alive_with_death = household(desa, 16)
    alive_with_death["members"][1]["date_of_death"] = "2020-01-01"
    assert codes(alive_with_death) == {"tanggal_meninggal_tidak_sah"}
    before_birth = household(desa, 17)
    before_birth["members"][1].update(alive=False, date_of_death="2010-01-01")
    assert codes(before_birth) == {"tanggal_meninggal_tidak_sah"}
    future = date.today() + timedelta(days=30)
    unborn = household(desa, 18)
    unborn["members"][1] = member(desa, 99, sex="L", birth=future, relationship="anak")
    assert "tanggal_lahir_di_masa_depan" in codes(unborn)
    bad_date = household(desa, 19)
    bad_date["members"][0]["birth_date"] = "02-04-1985"
    assert "tanggal_tidak_sah" in codes(bad_date)


def test_income_must_be_whole_non_negative_rupiah(desa: str) -> None:
    negative = household(desa, 20)
    negative["members"][0]["monthly_income"] = -5
    assert codes(negative) == {"penghasilan_tidak_sah"}
    dotted = household(desa, 21)
    dotted["members"][0]["monthly_income"] = "1.500.000"
    assert codes(dotted) == {"tipe_salah"}


def test_nik_contradicting_birth_date_or_sex_is_an_error(desa: str) -> None:
    wrong_sex = household(desa, 22)
    wrong_sex["members"][0]["sex"] = "L"  # NIK day has +40: a woman's NIK
    data, errors = parse_household(wrong_sex)
    assert data is None and [e.field for e in errors] == ["members[0].nik"]
    wrong_date = household(desa, 23)
    wrong_date["members"][0]["birth_date"] = "1985-04-03"
    data, errors = parse_household(wrong_date)
    assert data is None and [e.field for e in errors] == ["members[0].nik"]
    assert all(e.message.startswith("Anggota ke-1: ") for e in errors)


def test_not_an_object() -> None:
    data, errors = parse_household(["bukan", "objek"])  # type: ignore[arg-type]
    assert data is None and errors[0].code == "tipe_salah"


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Hj. SITI  Aminah, S.Pd.", "siti aminah"),
        ("H.Ahmad Yani", "ahmad yani"),
        ("M. Yusuf", "m yusuf"),
        ("Bapak Budi S.H.", "budi"),
        ("Dra. Sri-Wahyuni", "sri wahyuni"),
        ("Désirée O'Neil", "desiree oneil"),
        ("Ibu", "ibu"),  # an honorific alone stays: it is the whole name given
        ("", ""),
    ],
)
def test_normalize_name(raw: str, normalized: str) -> None:
    from jaring.core.names import normalize_name

    assert normalize_name(raw) == normalized
