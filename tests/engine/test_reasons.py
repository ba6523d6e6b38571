"""Coded reasons and components in decisions.parquet and their expansion back to JSON text."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jaring.engine import reasons
from jaring.engine.compiler import COMPONENT_CODES, MEMBER_BASE, CodedReasons
from jaring.engine.sql_programs import member_items

FAMILIES = {"PKH": [["ibu_hamil", 3_000_000], ["sd", 900_000], ["lansia", 2_400_000]]}
NIK = 3273010101850001
ITEM = pa.struct([("pos", pa.int32()), ("c", pa.int64()), ("n", pa.string())])


def _coded() -> dict[str, CodedReasons]:
    pkh, jps = CodedReasons(), CodedReasons()
    assert pkh.bit("desil_x", "Lain.") == 1
    assert pkh.bit("desil", 'Desil "di atas" 4.') == 2
    assert pkh.bit("desil", 'Desil "di atas" 4.') == 4  # one code may fill two slots
    assert pkh.member_index("meninggal", "Meninggal.") == 0
    assert pkh.member_index("nik_tidak_sah", "NIK\\tidak sah.") == 1
    assert pkh.member_index("meninggal", "Meninggal.") == 0
    jps.bit("desil", "Desil JPS.")
    return {"PKH": pkh, "JPS": jps}


def component(pos: int, nik: int, index: int) -> dict:
    return {"pos": pos, "c": nik * MEMBER_BASE + index, "n": None}


def reason(pos: int, nik: int | None, index: int, text: str | None = None) -> dict:
    if nik is None:  # a NIK that is not 16 digits: its text goes beside the code
        return {"pos": pos, "c": -(index + 1), "n": text}
    return {"pos": pos, "c": nik * MEMBER_BASE + COMPONENT_CODES + index, "n": None}


# program, eligible, nik, reason_mask, member_items, components
ROWS = [
    (
        "PKH",
        False,
        None,
        1 | 4,
        [
            reason(0, NIK, 0),
            reason(1, None, 1, '32"{\\"code'),
            component(2, 3273016502900001, 1),  # not eligible: no components
            reason(3, 120, 1),
            reason(4, None, 0, ""),
        ],
        "[]",
    ),
    ("PKH", True, None, 0, [component(0, 3273016502900001, 1), component(1, 5, 0)], "[]"),
    ("PKH", True, None, 2, [component(0, 7, 2), reason(1, 3273014107800002, 0)], "[]"),
    ("PKH", False, None, 2, None, "[]"),
    ("JPS", True, '32"7\\1', 1, None, "jps"),
    ("JPS", False, 120, 0, None, "[]"),
    ("PKH", False, None, 0, None, "[]"),
]


def _file(tmp_path: Path) -> Path:
    table = pa.table(
        {
            "program": [r[0] for r in ROWS],
            "eligible": [r[1] for r in ROWS],
            "nik_code": pa.array(
                [r[2] if isinstance(r[2], int) else None for r in ROWS], pa.int64()
            ),
            "nik_odd": [r[2] if isinstance(r[2], str) else None for r in ROWS],
            "tahap_per_year": pa.array([4] * len(ROWS), pa.int8()),
            "annual_amount": [1_200_000 if r[5] == "jps" else 0 for r in ROWS],
            "amount_per_tahap": [300_000 if r[5] == "jps" else 0 for r in ROWS],
            "reason_mask": pa.array([r[3] for r in ROWS], pa.int64()),
            "member_items": pa.array([r[4] for r in ROWS], pa.list_(ITEM)),
            "components": [r[5] for r in ROWS],
        }
    ).replace_schema_metadata(reasons.metadata(_coded(), ["JPS"], FAMILIES))
    pq.write_table(table, tmp_path / "d.parquet")
    return tmp_path / "d.parquet"


def test_sql_and_python_expansion_agree_and_restore_each_reason_and_component(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path)
    assert reasons.codes_of(path) == {
        "JPS": {"slots": ["desil"], "member": []},
        "PKH": {"slots": ["desil_x", "desil", "desil"], "member": ["meninggal", "nik_tidak_sah"]},
    }
    got = duckdb.connect().sql(reasons.expanded_select(path)).to_arrow_table()
    assert not {"member_items", "reason_mask", "nik_code", "nik_odd"} & set(got.column_names)
    expanded = got.select(["nik", "reasons", "components"]).to_pylist()
    pairs = [(r["reasons"], r["components"]) for r in expanded]
    stored = (
        reasons.messages_of(path),
        reasons.codes_of(path),
        reasons.person_programs_of(path),
        reasons.family_components_of(path),
    )
    assert expanded == [reasons.expand_row(r, *stored) for r in pq.read_table(path).to_pylist()]
    assert [r["nik"] for r in expanded] == [None] * 4 + ['32"7\\1', "0000000000000120", None]
    texts = [orjson.loads(r) for r, _ in pairs]
    desil = {"code": "desil", "message": 'Desil "di atas" 4.'}
    invalid = {"code": "nik_tidak_sah", "message": "NIK\\tidak sah."}
    assert texts[0] == [
        {"code": "desil_x", "message": "Lain."},
        desil,  # slots read upwards: the single path's order, then members by position
        {"code": "meninggal", "message": "Meninggal.", "nik": str(NIK)},
        {**invalid, "nik": '32"{\\"code'},
        {**invalid, "nik": "0000000000000120"},  # a NIK of leading zeros keeps them
        {"code": "meninggal", "message": "Meninggal.", "nik": ""},
    ]
    assert pairs[0][1] == "[]"  # components of a family that is not eligible are not shown
    assert pairs[1] == (
        "[]",
        '[{"nik":"3273016502900001","component":"sd","annual_amount":900000,'
        '"amount_per_tahap":225000},{"nik":"0000000000000005","component":"ibu_hamil",'
        '"annual_amount":3000000,"amount_per_tahap":750000}]',
    )
    assert texts[2] == [
        desil,
        {"code": "meninggal", "message": "Meninggal.", "nik": "3273014107800002"},
    ]
    assert orjson.loads(pairs[2][1]) == [
        {"nik": "0000000000000007", "component": "lansia", "annual_amount": 2_400_000,
         "amount_per_tahap": 600_000}
    ]  # fmt: skip
    assert texts[3] == [desil] and pairs[3][1] == "[]"
    assert texts[4] == [{"code": "desil", "message": "Desil JPS."}]
    assert orjson.loads(pairs[4][1]) == [
        {"nik": '32"7\\1', "component": "jps", "annual_amount": 1_200_000,
         "amount_per_tahap": 300_000}
    ]  # fmt: skip
    assert pairs[5] == ("[]", "[]") and pairs[6] == ("[]", "[]")


def test_a_file_without_the_codes_passes_through(tmp_path: Path) -> None:
    table = pa.table({"program": ["PKH"], "reasons": ['[{"code":"x","message":"y"}]']})
    pq.write_table(table, tmp_path / "d.parquet")
    assert reasons.codes_of(tmp_path / "d.parquet") is None
    rows = duckdb.connect().sql(reasons.expanded_select(tmp_path / "d.parquet")).fetchall()
    assert rows == [("PKH", '[{"code":"x","message":"y"}]')]


def test_codes_that_cannot_be_told_apart_are_refused() -> None:
    coded = CodedReasons()
    coded.bit("a", "A.")
    with pytest.raises(ValueError, match="two messages"):
        coded.member_index("a", "B.")
    for i in range(61):
        coded.bit(f"c{i}", "C.")
    with pytest.raises(ValueError, match="62"):
        coded.bit("one_more", "D.")
    for i in range(MEMBER_BASE - COMPONENT_CODES):
        coded.member_index(f"m{i}", "M.")
    with pytest.raises(ValueError, match="member reasons"):
        coded.member_index("one_more_member", "E.")


def test_a_program_with_more_components_than_codes_is_refused() -> None:
    fits = SimpleNamespace(code="X", components=[SimpleNamespace(code=f"c{i}") for i in range(16)])
    assert "list_sort" in member_items(fits)
    too_many = SimpleNamespace(code="X", components=[*fits.components, SimpleNamespace(code="d")])
    with pytest.raises(ValueError, match="more than 16 components"):
        member_items(too_many)


def test_a_person_program_with_more_components_than_a_tinyint_holds_is_refused() -> None:
    from jaring.engine.sql_output import _person_columns_select

    def program(n: int) -> SimpleNamespace:
        comps = [SimpleNamespace(code=f"c{i}") for i in range(n)]
        return SimpleNamespace(code="X", components=comps)

    assert "WHEN 'c126' THEN 126" in _person_columns_select([program(127)])
    with pytest.raises(ValueError, match="lebih dari 127 komponen"):
        _person_columns_select([program(128)])


# Two person programs: ATENSI paid 4 tahap a year through POS and monthly otherwise.
PERSON_COLUMNS = {
    "ATENSI": {
        "components": [["lansia", 2_400_000], ["disabilitas", 3_000_000]],
        "tpy": {"POS": 4},
        "tpy_default": 12,
        "tahap": {"4": "2025-Q2", "12": "2025-B06"},
    },
    "JPS": {
        "components": [["jps", 1_200_000]],
        "tpy": {},
        "tpy_default": 1,
        "tahap": {"1": "2025"},
    },
}


def _person_file(tmp_path: Path) -> Path:
    """A family row and person rows in the batch's layout: one row per person for both person
    programs, a program's mask NULL where it does not target the person."""
    family = {"kk": "3273010101000001", "program": "PKH", "eligible": False, "tahap": "2025-T3"}
    family |= {"tahap_per_year": 6, "annual_amount": 0, "amount_per_tahap": 0}
    family |= {"reason_mask": 2, "member_items": None, "components": "[]", "channel": None}
    family |= {"atensi__mask": None, "atensi__comp": None, "jps__mask": None, "jps__comp": None}
    empty = dict.fromkeys(["program", "eligible", "tahap", "tahap_per_year", "annual_amount"])
    empty |= dict.fromkeys(["amount_per_tahap", "reason_mask", "member_items", "components"])
    person = {"kk": "3273010101000001", **empty}
    people = [
        # lansia by POS (4 tahap), not targeted by JPS
        {**person, "nik_code": NIK, "channel": "POS", "atensi__mask": 0, "atensi__comp": 0},
        # targeted by both: ATENSI refused (reason bit 0), JPS eligible; monthly (no channel)
        {**person, "nik_odd": '32"7', "channel": None, "atensi__mask": 1, "jps__mask": 0}
        | {"jps__comp": 0},
        # disabilitas by KKS: the default, monthly
        {**person, "nik_code": 120, "channel": "KKS", "atensi__mask": 0, "atensi__comp": 1},
    ]
    rows = [family, *people]
    for row in rows:
        row.setdefault("nik_code", None)
        row.setdefault("nik_odd", None)
        row.setdefault("region", "3273010001")
        for key in family:
            row.setdefault(key, None)
    types = {"nik_code": pa.int64(), "tahap_per_year": pa.int8(), "reason_mask": pa.int64()}
    types |= {"annual_amount": pa.int64(), "amount_per_tahap": pa.int64()}
    types |= {"member_items": pa.list_(ITEM), "eligible": pa.bool_(), "channel": pa.string()}
    types |= {"atensi__mask": pa.int64(), "jps__mask": pa.int64()}
    types |= {"atensi__comp": pa.int8(), "jps__comp": pa.int8()}
    for key in ("program", "tahap", "components", "nik_odd", "kk", "region"):
        types[key] = pa.string()
    columns = [*reasons.CODED_ROW, "channel", "atensi__mask", "atensi__comp"]
    columns += ["jps__mask", "jps__comp"]
    table = pa.table({c: pa.array([r[c] for r in rows], types[c]) for c in columns})
    coded = _coded()
    atensi = CodedReasons()
    atensi.bit("bukan_lansia", "Bukan lansia.")
    coded["ATENSI"] = atensi
    meta = reasons.metadata(coded, ["ATENSI", "JPS"], FAMILIES, PERSON_COLUMNS)
    pq.write_table(table.replace_schema_metadata(meta), tmp_path / "p.parquet")
    return tmp_path / "p.parquet"


def test_person_rows_become_one_row_per_program_with_amounts_by_channel(tmp_path: Path) -> None:
    path = _person_file(tmp_path)
    got = duckdb.connect().sql(reasons.expanded_select(path)).to_arrow_table().to_pylist()
    keys = ("program", "nik", "eligible", "tahap", "tahap_per_year", "annual_amount")
    keys += ("amount_per_tahap", "reasons", "components")
    rows = sorted(tuple(r[k] for k in keys) for r in got)
    lansia = '[{"nik":"3273010101850001","component":"lansia","annual_amount":2400000,'
    lansia += '"amount_per_tahap":600000}]'
    disabilitas = '[{"nik":"0000000000000120","component":"disabilitas","annual_amount":3000000,'
    disabilitas += '"amount_per_tahap":250000}]'
    refused = '[{"code":"bukan_lansia","message":"Bukan lansia."}]'
    jps = '[{"nik":"32\\"7","component":"jps","annual_amount":1200000,"amount_per_tahap":1200000}]'
    desil = '[{"code":"desil","message":"Desil \\"di atas\\" 4."}]'
    assert rows == sorted([
        ("ATENSI", "0000000000000120", True, "2025-B06", 12, 3_000_000, 250_000, "[]", disabilitas),
        ("ATENSI", "3273010101850001", True, "2025-Q2", 4, 2_400_000, 600_000, "[]", lansia),
        ("ATENSI", '32"7', False, "2025-B06", 12, 0, 0, refused, "[]"),
        ("JPS", '32"7', True, "2025", 1, 1_200_000, 1_200_000, "[]", jps),
        ("PKH", None, False, "2025-T3", 6, 0, 0, desil, "[]"),
    ])  # fmt: skip
    # the Python twin gives the same rows
    stored = (
        reasons.messages_of(path),
        reasons.codes_of(path),
        reasons.person_programs_of(path),
        reasons.family_components_of(path),
    )
    persons = reasons.person_columns_of(path)
    twin = []
    for raw in pq.read_table(path).to_pylist():
        for row in reasons.coded_rows(raw, persons):
            twin.append({**row, **reasons.expand_row(row, *stored)})
    assert sorted(tuple(r[k] for k in keys) for r in twin) == rows


def test_streamed_totals_count_each_person_program_at_its_channel_amount(tmp_path: Path) -> None:
    from jaring.engine.runner import _add_totals

    path = _person_file(tmp_path)
    totals: dict[str, list[int]] = {}
    for batch in pq.ParquetFile(path).iter_batches(batch_size=2):  # across batch ends too
        _add_totals(batch, totals, PERSON_COLUMNS)
    assert totals == {"PKH": [0, 0], "ATENSI": [2, 600_000 + 250_000], "JPS": [1, 1_200_000]}
