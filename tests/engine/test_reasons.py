"""Coded reasons in decisions.parquet and their expansion back to the Indonesian messages."""

from __future__ import annotations

from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jaring.engine import reasons
from jaring.engine.compiler import CodedReasons


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


NIK = 3273010101850001
ROWS = [  # program, reason_mask, reason_codes, reason_niks
    ("PKH", 1 | 4, [NIK * 64 + 0, -2, 120 * 64 + 1, -1], ['32"{\\"code', ""]),
    ("PKH", 2, None, None),
    ("PKH", 0, [5 * 64 + 1], None),  # a NIK of leading zeros keeps them
    ("JPS", 1, None, None),
    ("PKH", 0, None, None),
]


def _file(tmp_path: Path) -> Path:
    table = pa.table(
        {
            "program": [r[0] for r in ROWS],
            "reason_mask": pa.array([r[1] for r in ROWS], pa.int64()),
            "reason_codes": pa.array([r[2] for r in ROWS], pa.list_(pa.int64())),
            "reason_niks": pa.array([r[3] for r in ROWS], pa.list_(pa.string())),
        }
    ).replace_schema_metadata(reasons.metadata(_coded()))
    pq.write_table(table, tmp_path / "d.parquet")
    return tmp_path / "d.parquet"


def test_sql_and_python_expansion_agree_and_restore_each_reason_in_order(tmp_path: Path) -> None:
    path = _file(tmp_path)
    messages, codes = reasons.messages_of(path), reasons.codes_of(path)
    assert codes == {
        "JPS": {"slots": ["desil"], "member": []},
        "PKH": {"slots": ["desil_x", "desil", "desil"], "member": ["meninggal", "nik_tidak_sah"]},
    }
    got = duckdb.connect().sql(reasons.expanded_select(path)).to_arrow_table()
    assert got.column_names == ["program", "reasons"]  # the coded columns are gone
    texts = got["reasons"].to_pylist()
    rows = pq.read_table(path).to_pylist()
    assert texts == [reasons.expand_reasons(r, messages, codes) for r in rows]
    desil = {"code": "desil", "message": 'Desil "di atas" 4.'}
    assert orjson.loads(texts[0]) == [
        {"code": "desil_x", "message": "Lain."},
        desil,  # slots read upwards: the single path's order
        {"code": "meninggal", "message": "Meninggal.", "nik": str(NIK)},
        {"code": "nik_tidak_sah", "message": "NIK\\tidak sah.", "nik": '32"{\\"code'},
        {"code": "nik_tidak_sah", "message": "NIK\\tidak sah.", "nik": "0000000000000120"},
        {"code": "meninggal", "message": "Meninggal.", "nik": ""},
    ]
    assert orjson.loads(texts[1]) == [desil]
    assert orjson.loads(texts[2])[0]["nik"] == "0000000000000005"
    assert orjson.loads(texts[3]) == [{"code": "desil", "message": "Desil JPS."}]
    assert texts[4] == "[]"


def test_a_file_without_the_codes_passes_through(tmp_path: Path) -> None:
    table = pa.table({"program": ["PKH"], "reasons": ['[{"code":"x","message":"y"}]']})
    pq.write_table(table, tmp_path / "d.parquet")
    assert reasons.codes_of(tmp_path / "d.parquet") is None
    rows = duckdb.connect().sql(reasons.expanded_select(tmp_path / "d.parquet")).fetchall()
    assert rows == [("PKH", '[{"code":"x","message":"y"}]')]


def test_a_code_with_two_messages_or_too_many_slots_is_refused() -> None:
    coded = CodedReasons()
    coded.bit("a", "A.")
    with pytest.raises(ValueError, match="two messages"):
        coded.member_index("a", "B.")
    for i in range(61):
        coded.bit(f"c{i}", "C.")
    with pytest.raises(ValueError, match="62"):
        coded.bit("one_more", "D.")


def test_coded_person_components_are_rebuilt_from_the_row(tmp_path: Path) -> None:
    table = pa.table(
        {
            "program": ["JPS", "JPS", "PKH"],
            "nik": ['32"7\\1', None, None],
            "annual_amount": [1_200_000, 0, 900_000],
            "amount_per_tahap": [300_000, 0, 150_000],
            "reasons": ["[]", "[]", "[]"],
            "components": ["jps", "[]", '[{"nik":"1","component":"sd"}]'],
        }
    ).replace_schema_metadata(reasons.metadata({}, ["JPS"]))
    pq.write_table(table, tmp_path / "d.parquet")
    rows = duckdb.connect().sql(reasons.expanded_select(tmp_path / "d.parquet")).to_arrow_table()
    got = [r["components"] for r in rows.to_pylist()]
    persons = reasons.person_programs_of(tmp_path / "d.parquet")
    assert got == [reasons.expand_components(r, persons) for r in table.to_pylist()]
    assert orjson.loads(got[0]) == [
        {"nik": '32"7\\1', "component": "jps", "annual_amount": 1_200_000,
         "amount_per_tahap": 300_000}
    ]  # fmt: skip
    assert got[1:] == ["[]", '[{"nik":"1","component":"sd"}]']


def test_coded_family_components_are_rebuilt_in_position_order(tmp_path: Path) -> None:
    families = {"PKH": [["ibu_hamil", 3_000_000], ["sd", 900_000], ["lansia", 2_400_000]]}
    table = pa.table(
        {
            "program": ["PKH", "PKH", "PKH", "BPNT"],
            "nik": [None, None, None, None],
            "tahap_per_year": pa.array([4, 4, 4, 12], pa.int8()),
            "annual_amount": [3_900_000, 0, 0, 2_400_000],
            "amount_per_tahap": [975_000, 0, 0, 200_000],
            "reasons": ["[]", "[]", "[]", "[]"],
            "components": ["[]", "[]", "[]", "[]"],
            "component_codes": pa.array(
                [[3273016502900001 * 16 + 1, 3273014107800002 * 16 + 0], None, [], None],
                pa.list_(pa.int64()),
            ),
        }
    ).replace_schema_metadata(reasons.metadata({}, [], families))
    pq.write_table(table, tmp_path / "d.parquet")
    rows = duckdb.connect().sql(reasons.expanded_select(tmp_path / "d.parquet")).to_arrow_table()
    assert "component_codes" not in rows.column_names
    got = [r["components"] for r in rows.to_pylist()]
    stored = reasons.family_components_of(tmp_path / "d.parquet")
    assert got == [reasons.expand_components(r, [], stored) for r in table.to_pylist()]
    assert got[1:] == ["[]", "[]", "[]"]
    assert got[0] == (
        '[{"nik":"3273016502900001","component":"sd","annual_amount":900000,'
        '"amount_per_tahap":225000},{"nik":"3273014107800002","component":"ibu_hamil",'
        '"annual_amount":3000000,"amount_per_tahap":750000}]'
    )
