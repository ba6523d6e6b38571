"""Which comparison level of the registry model a pair of records falls in, evaluated with the
model's own Splink SQL on DuckDB (the engine `link` runs it on)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from jaring.matching.linkage.model import (
    ESTABLISHED_NAME_RECORDS,
    _edits_within,
    grouped_term_frequencies,
    place_key,
    prepare_people,
    registry_spec,
)


def _level(output_column: str, left: dict[str, Any], right: dict[str, Any]) -> str:
    """Label of the first non-null level whose condition holds for the pair."""
    spec = registry_spec()
    # Built once per creator: Splink's date levels wrap their column again on every build.
    built = [c.get_comparison("duckdb") for c in spec.comparisons]
    comparison = next(c for c in built if c.output_column_name == output_column)
    row = {f"{k}_l": v for k, v in left.items()} | {f"{k}_r": v for k, v in right.items()}
    pair = pa.Table.from_pylist([row])
    con = duckdb.connect()
    con.register("pair", pair)
    for level in comparison.comparison_levels:
        if level.is_null_level:
            continue
        if level.sql_condition == "ELSE":
            return "ELSE"
        if con.execute(f"SELECT ({level.sql_condition}) FROM pair").fetchone()[0]:  # type: ignore[index]
            return str(level.label_for_charts)
    raise AssertionError("no level matched")


def _name(canon: str, count: int) -> dict[str, Any]:
    return {"name_canon": canon, "name_count": count}


def test_name_count_counts_spelling_variants_together() -> None:
    people = pa.table(
        {
            "unique_id": ["1", "2", "3", "4"],
            "nik": ["3201010101900001"] * 4,
            "name": ["Muhammad Yusuf", "M. Yusuf", "Mohamad Jusuf", "Siti Aminah"],
            "birth_date": pa.array([dt.date(1990, 1, 1)] * 4, pa.date32()),
            "birth_place": ["Bogor"] * 4,
            "sex": ["L", "L", "L", "P"],
            "region": ["3201010001"] * 4,
        }
    )
    prepared = prepare_people(people)
    assert prepared.column("name_canon").to_pylist()[:2] == ["muhamad yusuf"] * 2
    # "Jusuf" is the old spelling of "Yusuf" only through dj; j alone stays.
    assert prepared.column("name_count").to_pylist() == [2, 2, 1, 1]


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        # Two names common in the registry, one letter apart: two real names.
        (_name("kartini", 40), _name("wartini", 25), "dua nama lazim, selisih 1 huruf"),
        # A one-off spelling of a common name: a typo.
        (_name("kartini", 40), _name("kartni", 1), "selisih 1 huruf"),
        (_name("suparmi", 30), _name("suwarni", 30), "dua nama lazim, selisih 2 huruf"),
        (_name("maruli tarigan", 1), _name("miruli tarian", 1), "selisih 2 huruf"),
        (
            _name("kartini", ESTABLISHED_NAME_RECORDS - 1),
            _name("wartini", 90),
            "selisih 1 huruf",
        ),
    ],
)
def test_close_names_split_on_whether_both_are_established(
    left: dict[str, Any], right: dict[str, Any], label: str
) -> None:
    assert _level("name_canon", left, right) == label


def _words(canon: str, count: int = 1) -> dict[str, Any]:
    words = canon.split()
    return _name(canon, count) | {"name_first": words[0], "name_last": words[-1]}


def test_first_and_last_word_level_takes_a_typo_with_a_dropped_word() -> None:
    # A middle word dropped and a letter swapped in the first word: three edits in all.
    assert (
        _level("name_canon", _words("wulan putri dewi"), _words("wualn dewi"))
        == "kata pertama dan terakhir sama atau selisih satu huruf"
    )
    # One word names are never taken by it, nor names whose last words differ more.
    assert _level("name_canon", _words("saberi"), _words("sabrina")) == "ELSE"
    assert _level("name_canon", _words("ni made ayu"), _words("ni wayan")) == "ELSE"


def test_name_frequency_is_the_share_within_the_province() -> None:
    # "asep" is 2 of the 4 records of province 32, though 2 of the 104 records in all.
    province = ["32"] * 4 + ["33"] * 100
    names = ["asep", "asep", "dedi", "euis"] + ["paijo"] * 60 + ["tumini"] * 40
    con = duckdb.connect()
    con.register(
        "people",
        pa.table(
            {
                "province": province,
                "name_in_province": [f"{p} {n}" for p, n in zip(province, names, strict=True)],
            }
        ),
    )
    lookup = grouped_term_frequencies(con, ["people"], "name_in_province", "province")
    tf = dict(
        zip(
            lookup.column("name_in_province").to_pylist(),
            lookup.column("tf_name_in_province").to_pylist(),
            strict=True,
        )
    )
    assert tf["32 asep"] == pytest.approx(0.5)
    assert tf["33 paijo"] == pytest.approx(0.6)
    # The exact name level is adjusted by that frequency, not by the national one.
    built = [c.get_comparison("duckdb") for c in registry_spec().comparisons]
    name = next(c for c in built if c.output_column_name == "name_canon")
    exact = next(level for level in name.comparison_levels if level.label_for_charts == "nama sama")
    assert exact._tf_adjustment_column == "name_in_province"


def test_a_year_typed_wrong_is_still_compared() -> None:
    """Year off by one and the last name word changed: no rule on the year or the whole date
    pairs them; the day-month rules must."""
    people = pa.table(
        {
            "unique_id": ["1", "2"],
            "nik": ["3204101404630003", "3271051404629001"],
            "name": ["Aep Dadang", "Aep Dadag"],
            "birth_date": pa.array([dt.date(1963, 4, 14), dt.date(1962, 4, 14)], pa.date32()),
            "birth_place": ["Bandung", ""],
            "sex": ["L", "L"],
            "region": ["3204102001", "3271052003"],
        }
    )
    rows = prepare_people(people).drop_columns(["hh_keys"]).to_pylist()
    row = {f"{k}_l": v for k, v in rows[0].items()} | {f"{k}_r": v for k, v in rows[1].items()}
    con = duckdb.connect()
    con.register("pair", pa.Table.from_pylist([row]))
    blocked_by = []
    for rule in registry_spec().prediction_rules:
        condition = rule.get_blocking_rule("duckdb").blocking_rule_sql
        # l."x" = r."x" -> x_l = x_r, the columns of the one-row pair table.
        on_pair = re.sub(r'\b([lr])\."(\w+)"', r"\2_\1", condition)
        if con.execute(f"SELECT ({on_pair}) FROM pair").fetchone()[0]:  # type: ignore[index]
            blocked_by.append(condition)
    assert blocked_by and all("birth_md" in c for c in blocked_by)


def _born(date: str, nik_birth: str) -> dict[str, Any]:
    return {"birth_date": date, "birth_year": int(date[:4]), "nik_birth": nik_birth}


def test_a_slip_in_the_birth_date_is_its_own_level_even_when_the_nik_agrees() -> None:
    # One record of a person with its NIK: the birth parts agree, the dates differ by a day.
    # The slip level must take the pair, so EM can learn it from pairs sharing a NIK.
    assert (
        _level("birth_date", _born("1959-10-14", "141059"), _born("1959-10-13", "141059"))
        == "salah ketik satu"
    )
    # Dates months apart, the NIK's birth part the same: one date typed twice.
    assert (
        _level("birth_date", _born("1959-10-14", "141059"), _born("1959-03-02", "141059"))
        == "tanggal lahir pada NIK sama"
    )
    assert (
        _level("birth_date", _born("1959-10-14", "141059"), _born("1959-03-02", "020359"))
        == "selisih kurang dari setahun"
    )


def _family(kk: str, members: list[tuple[str, str, dt.date]]) -> list[dict[str, Any]]:
    return [
        {
            "unique_id": f"{kk}:{i}",
            "nik": f"32010101019000{i:02d}",
            "name": name,
            "birth_date": born,
            "birth_place": "Bogor",
            "sex": sex,
            "region": "3201010001",
            "kk": kk,
        }
        for i, (name, sex, born) in enumerate(members)
    ]


def _prepared_families() -> list[dict[str, Any]]:
    first = [
        ("Darmo Gunawan", "L", dt.date(1964, 3, 29)),
        ("Tumini Setyowati", "P", dt.date(1964, 6, 18)),
        ("Haikal Arkan", "L", dt.date(2005, 2, 26)),
    ]
    # The same family registered again: one name misspelt, one birth date shifted.
    again = [
        ("Darmo Gunwan", "L", dt.date(1964, 3, 29)),
        ("Hj. Tumini Setyowati", "P", dt.date(1964, 6, 18)),
        ("Haikal Arkan", "L", dt.date(2005, 2, 28)),
    ]
    strangers = [
        ("Darmo Gunawan", "L", dt.date(1964, 3, 29)),
        ("Sri Lestari", "P", dt.date(1970, 1, 5)),
    ]
    rows = _family("A", first) + _family("B", again) + _family("C", strangers)
    table = pa.Table.from_pylist(rows).cast(
        pa.schema(
            [
                (f, pa.date32() if f == "birth_date" else pa.string())
                for f in ("unique_id", "nik", "name", "birth_date", "birth_place", "sex")
            ]
            + [("region", pa.string()), ("kk", pa.string())]
        )
    )
    return prepare_people(table).to_pylist()


def test_household_keys_hold_the_other_members_only() -> None:
    rows = _prepared_families()
    head_a, wife_a = rows[0], rows[1]
    assert len(head_a["hh_keys"]) == 4  # two keys for each of the two others
    assert set(head_a["hh_keys"]) != set(wife_a["hh_keys"])  # their own keys left out
    assert rows[-1]["hh_keys"] and len(rows[-1]["hh_keys"]) == 2
    people = pa.table({"unique_id": ["1"], "nik": ["3201010101900001"], "name": ["Siti"]})
    people = people.append_column("birth_date", pa.array([dt.date(1990, 1, 1)], pa.date32()))
    for column, value in (("birth_place", "Bogor"), ("sex", "P"), ("region", "3201010001")):
        people = people.append_column(column, pa.array([value]))
    assert prepare_people(people).column("hh_keys").to_pylist() == [None]  # no KK: no keys


def test_household_level_counts_what_the_other_members_share() -> None:
    rows = _prepared_families()
    head_a, wife_a, head_b, head_c = rows[0], rows[1], rows[3], rows[6]
    # The head registered again: his wife agrees on both keys, the son on his name and year.
    assert _level("household", head_a, head_b) == "tiga atau lebih data anggota lain sama"
    # Same name and birth date, but an unrelated family: nothing shared, no evidence (null);
    # nor are two members of one KK compared on it.
    built = [c.get_comparison("duckdb") for c in registry_spec().comparisons]
    household = next(c for c in built if c.output_column_name == "household")
    null = next(level for level in household.comparison_levels if level.is_null_level)
    for other in (wife_a, head_c):
        row = {f"{k}_l": v for k, v in head_a.items()} | {f"{k}_r": v for k, v in other.items()}
        con = duckdb.connect()
        con.register("pair", pa.Table.from_pylist([row]))
        assert con.execute(f"SELECT ({null.sql_condition}) FROM pair").fetchone()[0]  # type: ignore[index]


def _lives(region: str, place: str | None) -> dict[str, Any]:
    return {"region": region, "nik_kec": region[:6], "place_key": place_key(place)}


def test_birth_place_counts_only_between_two_kab_kota_of_one_province() -> None:
    assert place_key("KAB. BANDUNG") == place_key("Bandung ") == "bandung"
    assert place_key("Kota Administrasi Jakarta Timur") == "jakartatimur"
    assert place_key("  ") is None
    # Living in two kab/kota of Jawa Barat, both born in Bandung: the same birth place.
    assert (
        _level("region", _lives("3204100001", "Bandung"), _lives("3273050002", "KAB. BANDUNG"))
        == "provinsi sama, tempat lahir sama"
    )
    # Born apart, or a place left blank: the province alone.
    for place in ("Garut", ""):
        assert (
            _level("region", _lives("3204100001", "Bandung"), _lives("3273050002", place))
            == "provinsi sama"
        )
    # Within one kab/kota the birth place is not scored (most people live where they were born).
    assert (
        _level("region", _lives("3204100001", "Bandung"), _lives("3204200002", "Bandung"))
        == "kab/kota sama"
    )


@pytest.mark.parametrize("distance", [1, 2])
def test_edit_distance_guards_change_no_result(distance: int) -> None:
    # The cheap length and Levenshtein tests in front of Damerau-Levenshtein may only skip
    # pairs it would reject: swaps (one Damerau edit, two Levenshtein edits) must pass.
    pairs = [
        ("astuti", "atsuti"),
        ("astuti", "atsuit"),
        ("kartini", "wartini"),
        ("sri", "siti"),
        ("budi", "budiman"),
        ("muhamad yusuf", "muhamad yusup"),
        ("maryam khadija", "maram khadiajh"),
        ("in", "ni"),
        ("a", ""),
    ]
    con = duckdb.connect()
    con.register("p", pa.table({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]}))
    guarded = con.execute(f"SELECT {_edits_within('a', 'b', distance)} FROM p").fetchall()
    plain = con.execute(f"SELECT damerau_levenshtein(a, b) <= {distance} FROM p").fetchall()
    assert guarded == plain
    assert any(row[0] for row in plain) and not all(row[0] for row in plain)


def test_heavily_misspelt_names_are_not_two_unrelated_names() -> None:
    similar = "nama mirip (paling banyak sepertiga huruf berbeda)"
    assert _level("name_canon", _words("maryam khadija"), _words("maram khadiajh")) == similar
    assert _level("name_canon", _words("fikri yoga"), _words("fri yga")) == similar
    assert _level("name_canon", _words("salma"), _words("nining nenden")) == "ELSE"
    assert _level("name_canon", _words("budi"), _words("ratna")) == "ELSE"
