"""`assess` over a JSONL file read by DuckDB: byte-identical to the per-record path, in order,
in chunks, and naming the first bad line after writing the good ones."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jaring.engine import RecordError, assess_jsonl_lines, load_policy
from jaring.engine.jsonl import assess_jsonl_file
from tests.engine.families import families_st, family, member

POLICY = load_policy()


def _run(path: Path, period: str, chunk_size: int) -> tuple[bytes, RecordError | None]:
    out = io.BytesIO()
    try:
        assess_jsonl_file(
            path, period=period, policy=POLICY, write=out.write, chunk_size=chunk_size
        )
    except RecordError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def _python_lines(records: list[dict[str, Any]], period: str) -> bytes:
    lines = assess_jsonl_lines(records, period=period, policy=POLICY)
    return "".join(line + "\n" for line in lines).encode()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    families=st.lists(families_st(), min_size=1, max_size=9),
    period=st.sampled_from(["2025-06", "2021-03", "2024-11"]),
    chunk_size=st.integers(min_value=1, max_value=4),
)
def test_duckdb_reader_writes_the_same_bytes_as_the_record_path(
    tmp_path_factory: pytest.TempPathFactory, families: list[dict], period: str, chunk_size: int
) -> None:
    for i, record in enumerate(families):
        record["kk"] = f"3273011501{i:06d}"
    path = tmp_path_factory.mktemp("jsonl") / "in.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in families))
    got, error = _run(path, period, chunk_size)
    assert error is None
    assert got == _python_lines(families, period)


def test_blank_lines_flat_housing_and_a_last_line_without_newline(tmp_path: Path) -> None:
    first = family(member("1990-01-01"), kk="3273011501000001")
    second = family(member("1950-05-05", serial=2), kk="3273011501000002")
    flat = dict(second)
    flat.update(flat.pop("housing", {}) or {"floor_material": "tanah", "floor_area_m2": 12})
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(first) + "\n\n   \n" + json.dumps(flat))
    got, error = _run(path, "2025-06", 100)
    assert error is None
    assert got == _python_lines([first, flat], "2025-06")
    assert [orjson.loads(line)["kk"] for line in got.splitlines()] == [
        "3273011501000001",
        "3273011501000002",
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "bukan JSON yang sah"),
        ('{"desil": 2, "members": []}', "nomor KK"),
        (None, "tipe yang salah"),
    ],
)
def test_bad_line_is_named_after_the_good_lines_are_written(
    tmp_path: Path, bad: str | None, message: str
) -> None:
    good = [family(member("1990-01-01"), kk=f"32730115010000{i:02d}") for i in range(5)]
    wrong_type = json.dumps(good[0]).replace('"desil": 2', '"desil": "dua"')
    lines = [json.dumps(r) for r in good]
    lines.insert(3, bad if bad is not None else wrong_type)  # file line 4, in the second chunk
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    got, error = _run(path, "2025-06", 2)
    assert error is not None and error.line == 4
    assert message in str(error) and str(error).startswith("Baris 4:")
    assert got == _python_lines(good[:3], "2025-06")
