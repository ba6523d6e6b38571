"""The engine's NIK validity in SQL (integer arithmetic) agrees with jaring.core.identity."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jaring.core.identity import nik_is_valid
from jaring.engine import load_policy
from jaring.engine.records import records_to_tables
from jaring.engine.runner import connect, reference_tables
from jaring.engine.sql import _hh, _mm, nik_digits_sql
from jaring.regions.codes import kecamatan_codes
from tests.engine.families import KECAMATAN, family, member

POLICY = load_policy()
CODES = frozenset(kecamatan_codes())


@st.composite
def nik_cases(draw: st.DrawFn) -> tuple[str, date | None, str | None]:
    """Near-valid NIKs: every day/month/year edge (31 Apr, 29 Feb, female +40, 00), serial 0000,
    unknown kecamatan, wrong length or non-digits, with or without a birth date and sex."""
    kec = draw(st.sampled_from([KECAMATAN, KECAMATAN, "110101", "999999"]))
    edges = [0, 1, 28, 29, 30, 31, 32, 40, 41, 68, 69, 70, 71, 72, 99]
    dd = draw(st.sampled_from(edges) | st.integers(0, 99))
    mm = draw(st.sampled_from([0, 1, 2, 4, 6, 9, 11, 12, 13]) | st.integers(0, 13))
    yy = draw(st.sampled_from([0, 1, 4, 23, 24, 25, 99]) | st.integers(0, 99))
    serial = draw(st.sampled_from([1, 1, 9999, 0]))
    nik = f"{kec}{dd:02d}{mm:02d}{yy:02d}{serial:04d}"
    broken = [nik[:15], nik + "1", nik[:6] + "a" + nik[7:]]
    nik = draw(st.sampled_from([nik] * 6 + broken))
    birth = None
    if draw(st.booleans()) and 1 <= mm <= 12:
        day = dd - 40 if dd > 40 else dd
        try:
            birth = date(2000 + yy if draw(st.booleans()) else 1900 + yy, mm, day)
        except ValueError:
            birth = None
    if draw(st.integers(0, 3)) == 0:
        birth = draw(st.dates(date(1930, 1, 1), date(2025, 12, 31)))
    matching = "P" if dd > 40 else "L"
    sex = draw(st.sampled_from([matching, matching, "L", "P", "p", "", None]))
    return nik, birth, sex


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases=st.lists(nik_cases(), min_size=1, max_size=60))
def test_sql_nik_validity_matches_the_identity_rules(
    cases: list[tuple[str, date | None, str | None]],
) -> None:
    members = [
        member(date(1990, 1, 1), serial=i + 1, nik=nik, sex=sex, birth_date=b and b.isoformat())
        for i, (nik, b, sex) in enumerate(cases)
    ]
    households, people = records_to_tables([family(*members)])
    con = connect(threads=1)
    try:
        reference_tables(con, POLICY)
        con.register("households", households)
        con.register("members", people)
        con.execute(f"CREATE TEMP TABLE hh AS {_hh(POLICY)}")
        got = con.execute(
            f"SELECT nik_valid FROM ({_mm(POLICY, date(2025, 6, 1))}) ORDER BY position"
        ).fetchall()
    finally:
        con.close()
    want = [
        nik_is_valid(nik, birth_date=b, sex=sex, kecamatan_codes=CODES) for nik, b, sex in cases
    ]
    assert [g for (g,) in got] == want


ODD_TEXTS = [
    "3273010101850001",
    "0273010101850001",  # leading zero: no province code starts with 0
    "+273010101850001",
    " 273010101850001",
    "327301010185000 ",
    "-273010101850001",
    "10000000000000e2",  # an exponent: 10^15 from 16 characters
    "1.00000000000E15",
    "0x10000000000000",  # hex
    "0X10000000000000",
    "1_00000000000000",
    "327301010185000.",
    "32730101018500.1",
    "9999999999999999",
    "1000000000000000",
    "32730101018500011",
    "327301010185000",
    "３２７３０１０１０１８５０００１",  # full-width digits
    "",
]


def _digits_sql(texts: list[str]) -> list[bool]:
    con = connect(threads=1)
    try:
        expr = nik_digits_sql("s", "TRY_CAST(s AS BIGINT)")
        rows = con.execute(
            f"SELECT i, COALESCE({expr}, FALSE) FROM (SELECT unnest(?) AS s, "
            "generate_subscripts(?, 1) AS i) ORDER BY i",
            [texts, texts],
        ).fetchall()
    finally:
        con.close()
    return [ok for _, ok in rows]


def _digits(text: str) -> bool:
    return len(text) == 16 and all("0" <= c <= "9" for c in text) and text[0] != "0"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    texts=st.lists(
        st.text(alphabet=st.sampled_from("0123456789+-._ eExXbBo\t٣"), min_size=14, max_size=17)
        | st.sampled_from(ODD_TEXTS),
        min_size=1,
        max_size=40,
    )
)
def test_the_cheap_16_digit_test_is_the_plain_definition(texts: list[str]) -> None:
    """The plan tells 16 digits apart without a regular expression (`nik_digits_sql`): it must
    agree with the plain definition on whatever DuckDB's integer cast accepts."""
    assert _digits_sql(texts) == [_digits(t) for t in texts]


def test_odd_texts_are_not_16_digits() -> None:
    assert _digits_sql(ODD_TEXTS) == [_digits(t) for t in ODD_TEXTS]
    assert [_digits(t) for t in ODD_TEXTS[:2]] == [True, False]
