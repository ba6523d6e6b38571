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
