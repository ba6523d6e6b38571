"""Properties on random families: engine == plain Python reference, batch path == single path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jaring.core.interchange import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA
from jaring.engine import assess_records, load_policy, run_batch
from jaring.engine.reasons import expanded_select
from jaring.engine.records import records_to_tables
from jaring.engine.runner import Assessor
from tests.engine.families import AGE_BANDS, families_st
from tests.engine.reference import evaluate

POLICY = load_policy()
PERIODS = st.sampled_from(["2025-06", "2025-01", "2021-03", "2020-12", "2024-11"])


def _codes(reasons: list[dict[str, Any]]) -> list[str]:
    return sorted({r["code"] for r in reasons if "nik" not in r})


def _compare(engine: dict[str, Any], reference: dict[str, Any]) -> None:
    assert set(engine["programs"]) == set(reference)
    for code, ref in reference.items():
        got = engine["programs"][code]
        assert got["eligible"] == ref["eligible"], code
        assert got["amount_per_tahap"] == ref["amount_per_tahap"], code
        assert got["tahap"] == ref["tahap"], code
        if "persons" in ref:
            mine = [(p["nik"], p["eligible"], p["amount_per_tahap"]) for p in got["persons"]]
            theirs = [(p["nik"], p["eligible"], p["amount_per_tahap"]) for p in ref["persons"]]
            assert mine == theirs, code
            for p, r in zip(got["persons"], ref["persons"], strict=True):
                assert sorted({x["code"] for x in p["reasons"]}) == r["codes"], code
        else:
            assert got["annual_amount"] == ref["annual_amount"], code
            comps = sorted((c["component"], c["annual_amount"]) for c in got["components"])
            if comps != ref["components"]:  # a tie: another assignment of the same best total
                _assert_feasible(got["components"], ref["allowed"], code)
            assert _codes(got["reasons"]) == ref["codes"], code


def _assert_feasible(chosen: list[dict[str, Any]], allowed: dict[str, set[str]], code: str) -> None:
    """Every chosen component is one its member may take, and the caps hold (the total is
    compared by the caller: equal totals are equally right, the rules name no tie-break)."""
    program = POLICY.programs[code]
    assert all(c["component"] in allowed.get(c["nik"], ()) for c in chosen), code
    assert len({c["nik"] for c in chosen}) == len(chosen), code
    assert len(chosen) <= (program.max_components or len(program.components)), code
    for component in program.components:
        if component.max_per_family:
            taken = sum(c["component"] == component.code for c in chosen)
            assert taken <= component.max_per_family, code


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(families=st.lists(families_st(), min_size=1, max_size=6), period=PERIODS)
def test_engine_agrees_with_the_python_reference(families: list[dict], period: str) -> None:
    for i, record in enumerate(families):
        record["kk"] = f"3273011501{i:06d}"
    results = list(assess_records(families, period=period, policy=POLICY, chunk_size=4))
    assert [r["kk"] for r in results] == [f["kk"] for f in families]
    for record, result in zip(families, results, strict=True):
        _compare(result, evaluate(record, period=period, policy=POLICY))


def _write_parquet(records: list[dict], directory: Path) -> tuple[Path, Path]:
    households, members = records_to_tables(records)
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(households.drop_columns(["ord"]).cast(HOUSEHOLD_SCHEMA), directory / "h.pq")
    pq.write_table(members.cast(MEMBER_SCHEMA), directory / "m.pq")
    return directory / "h.pq", directory / "m.pq"


def _batch_as_assessment(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The batch's rows per (kk, program), reasons expanded as the loader expands them."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    con = duckdb.connect()
    rows = con.sql(expanded_select(path)).to_arrow_table().to_pylist()
    con.close()
    for row in rows:
        key = (row["kk"], row["program"])
        entry = out.setdefault(key, {"amount": 0, "eligible": False, "persons": []})
        entry["amount"] += row["amount_per_tahap"]
        entry["eligible"] |= row["eligible"]
        entry["tahap"] = row["tahap"]
        if row["nik"] is not None:
            entry["persons"].append((row["nik"], row["eligible"], row["amount_per_tahap"]))
            entry.setdefault("person_reasons", {})[row["nik"]] = orjson.loads(row["reasons"])
            entry.setdefault("person_components", {})[row["nik"]] = orjson.loads(row["components"])
        else:
            entry["reasons"] = orjson.loads(row["reasons"])
            entry["components"] = orjson.loads(row["components"])
    return out


@pytest.mark.parametrize("seed", range(2))
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(families=st.lists(families_st(), min_size=1, max_size=12), period=PERIODS)
def test_batch_and_single_family_paths_agree(
    seed: int, families: list[dict], period: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for i, record in enumerate(families):
        record["kk"] = f"3273011501{seed:02d}{i:04d}"
    work = tmp_path_factory.mktemp("batch")
    households, members = _write_parquet(families, work)
    run_batch(
        households=households,
        members=members,
        period=period,
        policy=POLICY,
        out_dir=work / "out",
        national_ranking=False,
    )
    batch = _batch_as_assessment(work / "out" / "decisions.parquet")
    assessor = Assessor(period=period, policy=POLICY, threads=1)
    singles = [orjson.loads(assessor.assess_lines([record])[0]) for record in families]
    assessor.close()
    for record, single in zip(families, singles, strict=True):
        for code, got in single["programs"].items():
            if "persons" in got:
                entry = batch.get((record["kk"], code), {"amount": 0, "persons": []})
                persons = [(p["nik"], p["eligible"], p["amount_per_tahap"]) for p in got["persons"]]
                assert sorted(entry["persons"]) == sorted(persons), code
                assert entry["amount"] == got["amount_per_tahap"], code
                for p in got["persons"]:
                    assert entry["person_reasons"][p["nik"]] == p["reasons"], code
                    keys = ("nik", "component", "annual_amount", "amount_per_tahap")
                    want = [{k: p[k] for k in keys}] if p["eligible"] else []
                    assert entry["person_components"][p["nik"]] == want, code
            else:
                entry = batch[(record["kk"], code)]
                assert entry["eligible"] == got["eligible"], code
                assert entry["amount"] == got["amount_per_tahap"], code
                assert entry["tahap"] == got["tahap"], code
                assert entry["reasons"] == got["reasons"], code
                assert entry["components"] == got["components"], code


@st.composite
def _component_heavy_member(draw: Any, index: int) -> dict[str, Any]:
    from datetime import date

    from tests.engine.families import member

    low, high = draw(st.sampled_from(AGE_BANDS))  # mostly children, so the caps bind often
    birth = draw(st.dates(min_value=low, max_value=min(high, date(2025, 5, 1))))
    sex = draw(st.sampled_from(["L", "P"]))
    return member(
        birth,
        sex=sex,
        serial=index + 1,
        schooling=draw(st.sampled_from(["sd", "smp", "sma", "paket_c", "tidak_sekolah", "paud"])),
        pregnant=sex == "P" and draw(st.booleans()),
        pregnancy_order=draw(st.sampled_from([1, 2, 3])),
        disability=draw(st.sampled_from(["tidak", "tidak", "berat"])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=st.integers(1, 8).flatmap(
        lambda n: st.tuples(*[_component_heavy_member(i) for i in range(n)])
    ),
    channel=st.sampled_from(["KKS", "POS"]),
)
def test_pkh_assignment_is_optimal_against_brute_force(members: tuple, channel: str) -> None:
    from tests.engine.families import family

    record = family(*members, channel=channel)
    got = next(assess_records([record], period="2025-06", policy=POLICY))["programs"]["PKH"]
    best = evaluate(record, period="2025-06", policy=POLICY)["PKH"]  # brute-force enumeration
    assert got["annual_amount"] == best["annual_amount"]
    assert got["amount_per_tahap"] == best["amount_per_tahap"]
    assert len(got["components"]) <= 4
    assert sum(c["component"] == "anak_usia_dini" for c in got["components"]) <= 2
    _assert_feasible(got["components"], best["allowed"], "PKH")
