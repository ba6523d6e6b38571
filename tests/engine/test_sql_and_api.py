"""The generated SQL (Spark-portable), the Django-free import, policy validation, explain,
describe, and `jaring assess` on a file it has never seen."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import orjson
import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from jaring.engine import PolicyError, explain, load_policy
from jaring.engine.sql import build_plan, decisions_sql, lines_sql, pmt_rank_sql
from tests.engine.families import family, member
from tests.engine.reference import evaluate

POLICY = load_policy()
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("period", ["2025-06", "2021-03"])
@pytest.mark.parametrize("national", [True, False])
def test_every_generated_statement_transpiles_to_spark(period: str, national: bool) -> None:
    month = date.fromisoformat(period + "-01")
    plan = build_plan(POLICY, month, national_ranking=national)
    statements = [sql for _, sql in plan.statements]
    statements += [decisions_sql(plan), lines_sql(plan, month), pmt_rank_sql(POLICY)]
    assert len(statements) > 20
    for sql in statements:
        out = sqlglot.transpile(
            sql, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE
        )
        assert len(out) == 1 and out[0].startswith(("SELECT", "WITH"))


def test_engine_imports_no_django() -> None:
    code = "import sys, jaring.engine; jaring.engine.load_policy(); print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('op = "between", value = [0, 6]', 'op = "antara", value = [0, 6]'), "operator 'antara'"),
        (("annual_amount = 900000", 'annual_amount = "900rb"'), "nilai rupiah"),
        (('field = "pregnant"', 'field = "hamil"'), "kolom 'hamil' tidak dikenal"),
        (("KKS = 6", "KKS = 5"), "tahap per tahun"),
    ],
)
def test_policy_errors_are_clear_and_in_indonesian(tmp_path: Path, edit, message: str) -> None:
    shutil.copytree(POLICY.directory, tmp_path / "policy")
    path = tmp_path / "policy" / "programs" / "pkh.toml"
    path.write_text(path.read_text().replace(*edit, 1))
    with pytest.raises(PolicyError, match=message) as error:
        load_policy(tmp_path / "policy")
    assert "pkh.toml" in str(error.value)


def test_ump_table_has_all_38_provinces_with_source() -> None:
    assert len(POLICY.ump) == 38
    assert POLICY.ump["31"] == 5_396_761 and POLICY.ump["33"] == 2_169_349
    assert POLICY.ump["32"] == 2_191_232 and "Permenaker" in POLICY.ump_source


def test_describe_generates_plain_indonesian_rules() -> None:
    text = POLICY.describe("PKH", date(2025, 6, 1))
    assert text.unit == "keluarga" and "2025-T3" in text.schedule
    assert text.components[4][:2] == ("Anak sekolah SMA/SMK atau Paket C", 2_000_000)
    assert "Rp333.333 per tahap" in text.components[4][2]
    assert any("pensiunan" in e for e in text.exclusions) and text.documents
    bst = POLICY.describe("BST", date(2021, 1, 1))
    assert any("PKH" in e for e in bst.exclusions) and "31-12-2021" in bst.schedule
    assert [p.code for p in POLICY.programs_in_force(date(2025, 6, 1))].count("BST") == 0


def test_explain_shows_each_condition_and_member() -> None:
    head = member("1990-01-01", relationship="kepala_keluarga")
    kids = [member(f"20{y}-02-02", serial=i + 2) for i, y in enumerate((20, 21, 22))]
    record = family(head, *kids, desil=None, housing={"floor_material": "tanah"})
    result = explain(record, period="2025-06", policy=POLICY)
    pkh = result["programs"]["PKH"]
    assert pkh["eligible"] and all(c["passed"] for c in pkh["conditions"])
    assert result["desil"]["source"] == "pmt" and result["pmt"]["parts"]
    assert [m["component"] for m in pkh["members"]] == [
        None,
        "anak_usia_dini",
        "anak_usia_dini",
        None,
    ]
    assert pkh["members"][3]["reason"]["code"] == "anak_usia_dini_melebihi_batas"
    desil = next(c for c in pkh["conditions"] if c["code"] == "desil_di_atas_batas")
    assert "PMT" in desil["detail"]


def test_assess_cli_on_a_file_it_has_never_seen(tmp_path: Path) -> None:
    out = tmp_path / "pop"
    generate = [str(REPO / ".venv/bin/jaring"), "generate", "--households", "300", "--seed", "4242"]
    subprocess.run([*generate, "--out", str(out)], check=True, capture_output=True, cwd=REPO)
    source = out / "households.jsonl"
    result = subprocess.run(
        [
            str(REPO / ".venv/bin/jaring"),
            "assess",
            "--input",
            str(source),
            "--period",
            "2025-06",
            "--chunk-size",
            "64",
        ],
        capture_output=True,
        cwd=REPO,
        check=True,
    )
    lines = result.stdout.decode().splitlines()
    records = [orjson.loads(line) for line in source.read_bytes().splitlines()]
    assert len(lines) == len(records) == 300
    for line, record in zip(lines, records, strict=True):
        got = json.loads(line)
        assert got["kk"] == record["kk"] and got["period"] == "2025-06"
        reference = evaluate(record, period="2025-06", policy=POLICY)
        for code, ref in reference.items():
            assert got["programs"][code]["amount_per_tahap"] == ref["amount_per_tahap"], code
            assert got["programs"][code]["eligible"] == ref["eligible"], code


def test_assess_cli_names_the_bad_line(tmp_path: Path) -> None:
    good = json.dumps(family(member("1990-01-01")))
    source = tmp_path / "in.jsonl"
    source.write_text(good + "\n" + good.replace('"desil": 2', '"desil": "dua"') + "\n")
    result = subprocess.run(
        [str(REPO / ".venv/bin/jaring"), "assess", "--input", str(source), "--period", "2025-06"],
        capture_output=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert "Baris 2" in result.stderr.decode()
    assert len(result.stdout.decode().splitlines()) == 1
