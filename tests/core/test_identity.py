"""NIK and KK rules of jaring.core.identity, against the real shipped region codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jaring.core.identity import (
    IdentityProblem,
    check_kk,
    check_nik,
    mask_identity,
    nik_is_valid,
    parse_nik,
)

# Kecamatan 327301 (Sukasari, Kota Bandung); woman born 2 April 1985 (02 + 40 = 42).
NIK_WOMAN = "3273014204850002"
NIK_MAN = "3273010204850003"


def codes(problems: list[IdentityProblem]) -> list[str]:
    return [p.code for p in problems]


def test_valid_nik_both_sexes() -> None:
    assert check_nik(NIK_WOMAN, birth_date=date(1985, 4, 2), sex="P") == []
    assert check_nik(NIK_MAN, birth_date=date(1985, 4, 2), sex="L") == []
    assert nik_is_valid(NIK_WOMAN, sex="P")


@pytest.mark.parametrize(
    "value",
    [
        "327301420485000",
        "32730142048500021",
        "3273 014204850002",
        "3273.01.420485.0002",
        "327301420485000X",
        "",
        "٣٢٧٣٠١٤٢٠٤٨٥٠٠٠٢",
    ],
)
def test_format_needs_exactly_16_ascii_digits(value: str) -> None:
    problems = check_nik(value)
    assert codes(problems) == ["nik_format"]
    assert "16 angka" in problems[0].message
    assert parse_nik(value) is None
    assert not nik_is_valid(value)


def test_unknown_kecamatan_is_an_error() -> None:
    problems = check_nik("9999014204850002")
    assert codes(problems) == ["nik_wilayah_tidak_dikenal"]
    assert problems[0].severity == "error"
    assert "kecamatan" in problems[0].message


def test_retired_papua_code_is_a_warning_naming_the_successor() -> None:
    # 910101 = Merauke under Papua before the 2022 split; now 930101 (Papua Selatan).
    problems = check_nik("9101014204850002")
    assert codes(problems) == ["nik_wilayah_lama"]
    assert problems[0].severity == "warning"
    assert "930101" in problems[0].message
    assert nik_is_valid("9101014204850002")
    assert check_nik("9301014204850002") == []


def test_custom_kecamatan_set_is_used() -> None:
    assert codes(check_nik(NIK_WOMAN, kecamatan_codes=frozenset({"111111"}))) == [
        "nik_wilayah_tidak_dikenal"
    ]
    assert check_nik("1111114204850002", kecamatan_codes=frozenset({"111111"})) == []


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "000185",
        "320185",
        "400185",
        "720185",
        "010085",
        "011385",
        "310485",
        "710485",
        "300285",
        "700285",
        "290201",
        "690201",
        "991299",
    ],
)
def test_impossible_birth_dates(ddmmyy: str) -> None:
    problems = check_nik("327301" + ddmmyy + "0002")
    assert codes(problems) == ["nik_tanggal_lahir_tidak_valid"]
    assert "tanggal lahir" in problems[0].message


@pytest.mark.parametrize("ddmmyy", ["010185", "410185", "311285", "711285", "300485", "700485"])
def test_real_birth_dates_both_sexes(ddmmyy: str) -> None:
    assert check_nik("327301" + ddmmyy + "0002") == []


@pytest.mark.parametrize("yy", ["00", "04", "96", "24"])
def test_leap_day_accepted_when_either_century_is_a_leap_year(yy: str) -> None:
    assert check_nik(f"32730129 02{yy}0002".replace(" ", "")) == []
    assert check_nik(f"3273016902{yy}0002") == []
    assert check_kk(f"3273012902{yy}0002") == []


def test_leap_day_in_a_common_year_is_rejected() -> None:
    assert codes(check_kk("3273012902230002")) == ["kk_tanggal_tidak_valid"]


def test_birth_date_must_match() -> None:
    assert codes(check_nik(NIK_WOMAN, birth_date=date(1985, 4, 3))) == [
        "nik_tidak_cocok_tanggal_lahir"
    ]
    assert codes(check_nik(NIK_WOMAN, birth_date=date(1985, 5, 2))) == [
        "nik_tidak_cocok_tanggal_lahir"
    ]
    assert codes(check_nik(NIK_WOMAN, birth_date=date(1995, 4, 2))) == [
        "nik_tidak_cocok_tanggal_lahir"
    ]
    # Only YY is encoded: 1985 and 2085 both match "85".
    assert check_nik(NIK_WOMAN, birth_date=date(2085, 4, 2)) == []
    assert check_nik("3273010101000002", birth_date=date(2000, 1, 1)) == []


def test_sex_must_match_the_plus_40_rule() -> None:
    assert codes(check_nik(NIK_WOMAN, sex="L")) == ["nik_tidak_cocok_jenis_kelamin"]
    assert codes(check_nik(NIK_MAN, sex="P")) == ["nik_tidak_cocok_jenis_kelamin"]
    assert check_nik(NIK_MAN, sex="l") == []
    assert "40" in check_nik(NIK_MAN, sex="P")[0].message


def test_serial_zero() -> None:
    problems = check_nik("3273014204850000")
    assert codes(problems) == ["nik_nomor_urut_nol"]
    assert "0000" in problems[0].message


def test_several_problems_are_all_reported() -> None:
    problems = check_nik("9999013213850000", birth_date=date(1990, 1, 1), sex="P")
    assert codes(problems) == [
        "nik_wilayah_tidak_dikenal",
        "nik_tanggal_lahir_tidak_valid",
        "nik_nomor_urut_nol",
    ]
    assert all(p.severity == "error" for p in problems)


def test_parse_nik() -> None:
    parts = parse_nik(NIK_WOMAN)
    assert parts is not None
    assert (parts.kecamatan_code, parts.day, parts.month, parts.yy, parts.sex, parts.serial) == (
        "327301",
        2,
        4,
        85,
        "P",
        "0002",
    )
    man = parse_nik(NIK_MAN)
    assert man is not None and (man.day, man.sex) == (2, "L")


def test_kk_rules() -> None:
    assert check_kk("3273010101850001") == []
    assert codes(check_kk("32730101018500")) == ["kk_format"]
    assert codes(check_kk("3273 10101850001")) == ["kk_format"]
    assert codes(check_kk("9999010101850001")) == ["kk_wilayah_tidak_dikenal"]
    # No +40 on a KK: day 41 is not a date.
    assert codes(check_kk("3273014101850001")) == ["kk_tanggal_tidak_valid"]
    assert codes(check_kk("3273013104850001")) == ["kk_tanggal_tidak_valid"]
    assert codes(check_kk("3273010101850000")) == ["kk_nomor_urut_nol"]
    retired = check_kk("9201010101850001")
    assert codes(retired) == ["kk_wilayah_lama"]
    assert retired[0].severity == "warning"


def test_messages_are_indonesian_and_never_echo_the_number() -> None:
    for problems in (check_nik("9999013213850000", sex="L"), check_kk("9999013213850000")):
        for p in problems:
            assert "9999013213850000" not in p.message
            assert "tidak" in p.message or "bukan" in p.message


def test_mask_identity() -> None:
    assert mask_identity("3273014204850002") == "3273••••••••0002"
    assert mask_identity("12345678") == "••••••••"
    assert mask_identity("") == ""


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(min_value=1, max_value=9999),
    kecamatan=st.sampled_from(["327301", "110101", "930101", "910101"]),
)
def test_any_real_birth_date_round_trips(born: date, sex: str, serial: int, kecamatan: str) -> None:
    day = born.day + (40 if sex == "P" else 0)
    nik = f"{kecamatan}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    assert nik_is_valid(nik, birth_date=born, sex=sex)
    errors = [p for p in check_nik(nik, birth_date=born, sex=sex) if p.severity == "error"]
    assert errors == []
    parts = parse_nik(nik)
    assert parts is not None
    assert (parts.day, parts.month, parts.yy, parts.sex) == (
        born.day,
        born.month,
        born.year % 100,
        sex,
    )
    other = "L" if sex == "P" else "P"
    assert codes(check_nik(nik, sex=other)) == [
        *codes(check_nik(nik)),
        "nik_tidak_cocok_jenis_kelamin",
    ]
