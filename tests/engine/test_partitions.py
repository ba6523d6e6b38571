"""The national batch in KK-range partitions gives exactly the decisions of one pass, with the
PMT deciles ranked over the whole country (not per partition)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jaring.engine import load_policy, run_batch
from jaring.engine.reasons import expanded_select
from tests.engine.families import families_st
from tests.engine.test_properties import _write_parquet

POLICY = load_policy()
PREFIXES = ["1101", "3204", "3273", "3578", "9471"]


def _rows(path: Path) -> list[tuple]:
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT * FROM ({expanded_select(path)}) ORDER BY kk, program, nik"
    ).fetchall()
    con.close()
    return rows


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(families=st.lists(families_st(), min_size=4, max_size=16))
def test_partitions_give_the_same_decisions_as_one_pass(
    families: list[dict], tmp_path_factory: pytest.TempPathFactory
) -> None:
    for i, record in enumerate(families):
        record["kk"] = f"{PREFIXES[i % len(PREFIXES)]}011501{i:06d}"
        record["desil"] = None if i % 2 else record["desil"]  # many ranked by PMT
    work = tmp_path_factory.mktemp("parts")
    households, members = _write_parquet(families, work)
    common = {"households": households, "members": members, "period": "2025-06"}
    whole = run_batch(**common, policy=POLICY, out_dir=work / "one", partition_families=10**6)
    split = run_batch(**common, policy=POLICY, out_dir=work / "split", partition_families=2)
    assert whole.partitions == 1 and split.partitions > 1
    assert split.as_dict() == whole.as_dict()
    assert split.cut_points == whole.cut_points
    assert _rows(work / "split" / "decisions.parquet") == _rows(work / "one" / "decisions.parquet")
    # the totals summed while the batches streamed to the file are those of its rows
    assert whole.programs == _totals(work / "one" / "decisions.parquet", whole.programs)


def _totals(path: Path, programs: dict) -> dict[str, dict[str, int]]:
    con = duckdb.connect()
    rows = con.execute(
        "SELECT program, count(*) FILTER (WHERE eligible), "
        "COALESCE(sum(amount_per_tahap) FILTER (WHERE eligible), 0) "
        f"FROM ({expanded_select(path)}) GROUP BY program"
    ).fetchall()
    con.close()
    totals = {p: {"eligible": 0, "amount_per_tahap_total": 0} for p in programs}
    for program, eligible, amount in rows:
        totals[program] = {"eligible": eligible, "amount_per_tahap_total": int(amount)}
    return totals


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(families=st.lists(families_st(), min_size=3, max_size=12))
def test_decisions_do_not_depend_on_the_row_order_of_the_snapshot(
    families: list[dict], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Families are keyed by their row number in households.parquet (`fid`), so the same
    snapshot written in another row order (households and members reversed) must give the
    same decisions: a member matched to the wrong family's key would change them."""
    for i, record in enumerate(families):
        record["kk"] = f"{PREFIXES[i % len(PREFIXES)]}011501{i:06d}"
        record["desil"] = None if i % 3 else record["desil"]
    work = tmp_path_factory.mktemp("order")
    households, members = _write_parquet(families, work / "a")
    for path in (households, members):
        table = pq.read_table(path)
        reverse = pa.array(range(table.num_rows - 1, -1, -1), pa.int64())
        pq.write_table(table.take(reverse), work / path.name)
    common = {"period": "2025-06", "policy": POLICY, "partition_families": 2}
    forward = run_batch(households=households, members=members, out_dir=work / "f", **common)
    backward = run_batch(
        households=work / households.name,
        members=work / members.name,
        out_dir=work / "b",
        **common,
    )
    assert backward.as_dict() == forward.as_dict()
    assert _rows(work / "b" / "decisions.parquet") == _rows(work / "f" / "decisions.parquet")
