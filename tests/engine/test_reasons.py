"""Coded reasons in decisions.parquet and their expansion back to the Indonesian messages."""

from __future__ import annotations

from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from jaring.engine import reasons

MESSAGES = {
    "PKH": {"desil": 'Desil "di atas" 4.', "desil_x": "Lain.", "meninggal": "Meninggal."},
    "JPS": {"desil": "Desil JPS."},
}
ROWS = [
    ("PKH", '[{"code":"desil_x"},{"code":"desil"},{"code":"meninggal","nik":"32\\"{\\"code"}]'),
    ("JPS", '[{"code":"desil"}]'),
    ("BPNT", '[{"code":"desil"}]'),  # no table for the program: left as it is
    ("PKH", "[]"),
]


def _file(tmp_path: Path, messages: reasons.Table | None) -> Path:
    table = pa.table({"program": [p for p, _ in ROWS], "reasons": [r for _, r in ROWS]})
    if messages is not None:
        table = table.replace_schema_metadata(reasons.metadata(messages))
    pq.write_table(table, tmp_path / "d.parquet")
    return tmp_path / "d.parquet"


def test_sql_and_python_expansion_agree_and_restore_each_message(tmp_path: Path) -> None:
    path = _file(tmp_path, MESSAGES)
    assert reasons.messages_of(path) == MESSAGES
    con = duckdb.connect()
    got = con.sql(reasons.expanded_select(path)).fetchall()
    assert got == [(p, reasons.expand(p, r, MESSAGES)) for p, r in ROWS]
    pkh = orjson.loads(got[0][1])
    assert pkh == [
        {"code": "desil_x", "message": "Lain."},  # a longer code is not taken for "desil"
        {"code": "desil", "message": 'Desil "di atas" 4.'},
        {"code": "meninggal", "message": "Meninggal.", "nik": '32"{"code'},
    ]
    assert orjson.loads(got[1][1]) == [{"code": "desil", "message": "Desil JPS."}]
    assert got[2][1] == ROWS[2][1] and got[3][1] == "[]"


def test_a_file_without_the_table_passes_through(tmp_path: Path) -> None:
    path = _file(tmp_path, None)
    assert reasons.messages_of(path) is None
    assert duckdb.connect().sql(reasons.expanded_select(path)).fetchall() == ROWS


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
