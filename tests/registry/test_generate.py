"""The synthetic population generator: determinism, valid identities, plausible households."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jaring.core import vocab
from jaring.core.identity import check_kk, check_nik
from jaring.core.interchange import (
    HOUSEHOLD_SCHEMA,
    HOUSEHOLDS_JSONL,
    HOUSEHOLDS_PARQUET,
    HOUSING_KEYS,
    MEMBER_SCHEMA,
    MEMBERS_PARQUET,
)
from jaring.regions.codes import desa_codes
from jaring.registry.generate import (
    DEFAULT_AS_OF,
    GenerateOptions,
    PopulationGenerator,
    SerialsExhausted,
    write_population,
)
from jaring.registry.generate.name_pools import TRADITIONS
from jaring.registry.generate.numbering import Numbering
from jaring.registry.validation import parse_household

HOUSEHOLDS = 200
SEEDS = (11, 12)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def _age(birth: date, on: date = DEFAULT_AS_OF) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@pytest.fixture(scope="module")
def populations(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str], Path]:
    """Each seed written once as JSONL and once as Parquet."""
    written = {}
    for seed in SEEDS:
        for fmt in ("jsonl", "parquet"):
            out = tmp_path_factory.mktemp(f"gen-{seed}-{fmt}")
            result = write_population(GenerateOptions(households=HOUSEHOLDS, seed=seed), out, fmt)
            assert result.households == HOUSEHOLDS
            written[seed, fmt] = out
    return written


@pytest.fixture(scope="module")
def households(populations: dict[tuple[int, str], Path]) -> list[dict[str, Any]]:
    rows = []
    for seed in SEEDS:
        rows += _read_jsonl(populations[seed, "jsonl"] / HOUSEHOLDS_JSONL)
    return rows


def test_same_seed_gives_identical_bytes_and_chunking_does_not_matter(
    populations: dict[tuple[int, str], Path], tmp_path: Path
) -> None:
    seed = SEEDS[0]
    write_population(GenerateOptions(households=HOUSEHOLDS, seed=seed), tmp_path / "j", "jsonl")
    original = populations[seed, "jsonl"] / HOUSEHOLDS_JSONL
    assert (tmp_path / "j" / HOUSEHOLDS_JSONL).read_bytes() == original.read_bytes()
    write_population(GenerateOptions(households=HOUSEHOLDS, seed=seed), tmp_path / "p", "parquet")
    for name in (HOUSEHOLDS_PARQUET, MEMBERS_PARQUET):
        assert (tmp_path / "p" / name).read_bytes() == (
            populations[seed, "parquet"] / name
        ).read_bytes()
    # Smaller chunks give smaller row groups but the same rows.
    chunked = GenerateOptions(households=HOUSEHOLDS, seed=seed, chunk_size=7)
    write_population(chunked, tmp_path / "c", "parquet")
    for name in (HOUSEHOLDS_PARQUET, MEMBERS_PARQUET):
        small = pq.ParquetFile(tmp_path / "c" / name)
        assert small.metadata.num_row_groups > 1
        assert small.read().equals(pq.read_table(populations[seed, "parquet"] / name))
    streamed = list(PopulationGenerator(chunked).households())
    in_chunks = [h for chunk in PopulationGenerator(chunked).chunks() for h in chunk]
    assert streamed == in_chunks
    # No leftover temporary files.
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == [
        HOUSEHOLDS_PARQUET,
        MEMBERS_PARQUET,
    ]


def test_different_seeds_differ(populations: dict[tuple[int, str], Path]) -> None:
    first, second = (_read_jsonl(populations[s, "jsonl"] / HOUSEHOLDS_JSONL) for s in SEEDS)
    assert len(first) == len(second) == HOUSEHOLDS
    assert first != second


def test_every_household_passes_import_validation(households: list[dict[str, Any]]) -> None:
    for line, household in enumerate(households, start=1):
        parsed, errors = parse_household(household, line=line)
        assert errors == [], (line, errors)
        assert parsed is not None and not parsed.warnings


def test_every_nik_and_kk_is_valid_and_unique(households: list[dict[str, Any]]) -> None:
    per_seed = len(households) // len(SEEDS)
    for start in range(0, len(households), per_seed):
        batch = households[start : start + per_seed]
        kks = [h["kk"] for h in batch]
        niks = [m["nik"] for h in batch for m in h["members"]]
        assert len(set(kks)) == len(kks)
        assert len(set(niks)) == len(niks)
        assert not set(kks) & set(niks)
    for household in households:
        assert check_kk(household["kk"]) == []
        assert household["kk"][:6] == household["region"][:6]
        for member in household["members"]:
            born = date.fromisoformat(member["birth_date"])
            assert check_nik(member["nik"], birth_date=born, sex=member["sex"]) == []
            assert member["nik"][-4:] != "0000"


def test_vocabularies_and_shapes(households: list[dict[str, Any]]) -> None:
    known_desa = desa_codes()
    for h in households:
        assert h["region"] in known_desa
        assert h["desil"] is None or 1 <= h["desil"] <= 10
        assert h["registry_status"] in vocab.REGISTRY_STATUS
        assert h["channel"] in vocab.CHANNEL
        if h["channel"] == "KKS":
            assert h["bank"] in vocab.BANK and h["kks_number"]
        else:
            assert h["bank"] is None and h["kks_number"] is None
        if h["region"].startswith("11") and h["bank"]:
            assert h["bank"] in ("BSI", "BRI")
        for key, vocabulary in vocab.HOUSING_FIELDS.items():
            assert h["housing"][key] in vocabulary
        assert set(h["housing"]["assets"]) <= set(vocab.ASSETS)
        assert h["housing"]["floor_area_m2"] > 0
        assert len(h["rt"]) == len(h["rw"]) == 3
        for m in h["members"]:
            assert m["sex"] in vocab.SEX
            assert m["relationship"] in vocab.RELATIONSHIP
            assert m["citizenship"] in vocab.CITIZENSHIP
            assert m["disability"] in vocab.DISABILITY
            assert m["schooling"] in vocab.SCHOOLING
            assert m["occupation"] in vocab.OCCUPATION
            assert m["employment"] in vocab.EMPLOYMENT
            assert isinstance(m["monthly_income"], int) and m["monthly_income"] >= 0
            assert m["name"].strip() and m["birth_place"]


def test_households_are_plausible(households: list[dict[str, Any]]) -> None:
    for h in households:
        members = h["members"]
        assert members[0]["relationship"] == "kepala_keluarga"
        assert [m["relationship"] for m in members].count("kepala_keluarga") == 1
        ages = {m["nik"]: _age(date.fromisoformat(m["birth_date"])) for m in members}
        assert ages[members[0]["nik"]] >= 17
        couple = [
            m for m in members[:2] if m["relationship"] in ("kepala_keluarga", "istri", "suami")
        ]
        mothers = [m for m in couple if m["sex"] == "P"]
        if len(couple) == 2 and mothers:
            mother_birth = date.fromisoformat(mothers[0]["birth_date"])
            for child in (m for m in members if m["relationship"] == "anak"):
                gap = _age(mother_birth, date.fromisoformat(child["birth_date"]))
                assert 16 <= gap <= 45, (h["kk"], gap)
        for m in members:
            age = ages[m["nik"]]
            school = m["schooling"]
            allowed = {
                "belum_sekolah": (0, 6),
                "paud": (3, 6),
                "sd": (7, 12),
                "smp": (13, 15),
                "sma": (16, 18),
                "paket_c": (16, 18),
                "kuliah": (19, 23),
                "tidak_sekolah": (7, 120),
                "tamat_sma": (19, 120),
            }[school]
            assert allowed[0] <= age <= allowed[1], (school, age)
            if m["pregnant"]:
                assert m["sex"] == "P" and 16 <= age <= 45 and 1 <= m["pregnancy_order"] <= 4
            else:
                assert m["pregnancy_order"] is None
            assert (m["date_of_death"] is None) == m["alive"]
            if m["occupation"] in ("tidak_bekerja", "ibu_rumah_tangga", "pelajar"):
                assert m["monthly_income"] == 0 and m["employment"] in ("tidak_bekerja", "phk")
            if m["occupation"] in ("asn", "tni", "polri"):
                assert m["employment"] == "bekerja_tetap" and m["monthly_income"] > 0


def test_population_has_the_variety_programs_need() -> None:
    generator = PopulationGenerator(GenerateOptions(households=3000, seed=5))
    rows = [h for chunk in generator.chunks() for h in chunk]
    members = [m for h in rows for m in h["members"]]
    count = Counter()
    for m in members:
        count[m["relationship"]] += 1
        count["pregnant"] += m["pregnant"]
        count["dead"] += not m["alive"]
        count["wna"] += m["citizenship"] == "WNA"
        count["disability"] += m["disability"] != "tidak"
        count["bpjs"] += m["bpjs_ketenagakerjaan"]
        count[m["occupation"]] += 1
    for key in (
        "istri",
        "anak",
        "cucu",
        "menantu",
        "orang_tua",
        "pregnant",
        "dead",
        "disability",
        "bpjs",
        "petani",
        "buruh",
        "asn",
        "pensiunan_asn",
    ):
        assert count[key] > 0, key
    assert 3.0 < len(members) / len(rows) < 4.5
    statuses = Counter(h["registry_status"] for h in rows)
    assert statuses["aktif"] > 0.8 * len(rows) and statuses["usulan"] and statuses["nonaktif"]
    assert any(h["desil"] is None for h in rows) and any(h["channel"] == "POS" for h in rows)

    # Welfare shows in the homes: desil 1–2 live on earth floors far more often than desil 9–10.
    def earth_share(desil: set[int]) -> float:
        homes = [h for h in rows if h["desil"] in desil]
        return sum(h["housing"]["floor_material"] == "tanah" for h in homes) / len(homes)

    assert earth_share({1, 2}) > 3 * earth_share({9, 10})
    # Names follow the region: Balinese birth-order names in Bali, marga in North Sumatra.
    bali = [m["name"] for h in rows if h["region"].startswith("51") for m in h["members"]]
    assert bali and sum(n.startswith(("I ", "Ni ")) for n in bali) > 0.6 * len(bali)
    assert not any(n.startswith("Ni Gede") for n in bali)  # Gede is a man's birth-order name
    # Batak children carry their father's marga.
    marga = set(TRADITIONS["batak"].family)
    batak = [
        h
        for h in rows
        if h["members"][0]["sex"] == "L" and h["members"][0]["name"].split()[-1] in marga
    ]
    assert batak
    for h in batak:
        clan = h["members"][0]["name"].split()[-1]
        for child in (m for m in h["members"] if m["relationship"] == "anak"):
            assert child["name"].split()[-1] == clan, (h["members"][0]["name"], child["name"])


def test_parquet_holds_the_same_data_as_jsonl(populations: dict[tuple[int, str], Path]) -> None:
    seed = SEEDS[1]
    expected = _read_jsonl(populations[seed, "jsonl"] / HOUSEHOLDS_JSONL)
    house_file = pq.ParquetFile(populations[seed, "parquet"] / HOUSEHOLDS_PARQUET)
    member_file = pq.ParquetFile(populations[seed, "parquet"] / MEMBERS_PARQUET)
    assert house_file.schema_arrow.equals(HOUSEHOLD_SCHEMA)
    assert member_file.schema_arrow.equals(MEMBER_SCHEMA)
    by_kk: dict[str, list[dict[str, Any]]] = {}
    for row in member_file.read().to_pylist():
        by_kk.setdefault(row.pop("kk"), []).append(row)
    rebuilt = []
    for row in house_file.read().to_pylist():
        housing = {key: row.pop(key) for key in HOUSING_KEYS}
        members = sorted(by_kk[row["kk"]], key=lambda m: m["position"])
        assert [m.pop("position") for m in members] == list(range(len(members)))
        rebuilt.append({**row, "housing": housing, "members": members})
    assert orjson.loads(orjson.dumps(rebuilt)) == expected


def test_region_filter_and_command(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "generate",
        households=120,
        seed=3,
        out=tmp_path,
        region="3273, 32.04",
        quiet=True,
        stdout=out,
    )
    summary = orjson.loads(out.getvalue())
    assert summary["households"] == 120 and summary["members"] > 120
    rows = _read_jsonl(tmp_path / HOUSEHOLDS_JSONL)
    assert len(rows) == 120
    assert all(h["region"].startswith(("3273", "3204")) for h in rows)
    assert {h["region"][:4] for h in rows} == {"3273", "3204"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"households": 5, "region": "99"}, "tidak ada desa/kelurahan dengan kode awalan 99"),
        ({"households": 5, "region": "32x"}, "tidak sah"),
        ({"households": 0}, "--households harus"),
        ({"households": 5, "as_of": "2025-13-01"}, "--as-of harus tanggal"),
    ],
)
def test_command_rejects_bad_input_in_indonesian(
    tmp_path: Path, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("generate", out=tmp_path, quiet=True, **arguments)
    assert not any(tmp_path.iterdir())


def test_numbering_never_repeats_and_refuses_overflow() -> None:
    numbering = Numbering(("327301",))
    born = date(1990, 5, 17)
    niks = {numbering.nik("327301", born, sex) for sex in "LP" for _ in range(20)}
    kks = {numbering.kk("327301", born) for _ in range(20)}
    assert len(niks) == 40 and len(kks) == 20 and not niks & kks
    crowded = Numbering(("327301",))
    for _ in range(9999):
        crowded.kk("327301", date(2020, 1, 1))
    with pytest.raises(SerialsExhausted, match="nomor urut habis"):
        crowded.nik("327301", date(2020, 1, 30), "L")


@pytest.mark.django_db(transaction=False)
def test_generated_file_imports_into_the_registry(tmp_path: Path) -> None:
    write_population(GenerateOptions(households=60, seed=21), tmp_path, "jsonl")
    out = io.StringIO()
    call_command("import", str(tmp_path / HOUSEHOLDS_JSONL), quiet=True, stdout=out)
    summary = orjson.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["ok"] is True and summary["errors"] == summary["warnings"] == 0, summary
    assert summary["created"] == 60
    stats = io.StringIO()
    call_command("registry", "stats", stdout=stats)
    assert orjson.loads(stats.getvalue())["households"] == 60


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_an_interrupted_run_leaves_no_file(tmp_path: Path, fmt: str) -> None:
    def interrupt(done: int) -> None:
        raise KeyboardInterrupt

    options = GenerateOptions(households=1200, seed=1, chunk_size=50)
    with pytest.raises(KeyboardInterrupt):
        write_population(options, tmp_path, fmt, interrupt)
    assert list(tmp_path.iterdir()) == []


def test_output_does_not_depend_on_the_process(tmp_path: Path) -> None:
    """Same bytes from fresh interpreters with different hash seeds (no set-order leaks)."""
    script = (
        "import sys; from pathlib import Path; "
        "from jaring.registry.generate import GenerateOptions, write_population; "
        "write_population(GenerateOptions(households=150, seed=4, regions=('32', '51')), "
        "Path(sys.argv[1]), 'jsonl')"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        env = os.environ | {"PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env)
        outputs.append((out / HOUSEHOLDS_JSONL).read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 150


def test_generator_core_runs_without_django(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; "
        "from jaring.registry.generate import GenerateOptions, write_population; "
        "write_population(GenerateOptions(households=5, seed=1), Path(sys.argv[1]), 'parquet'); "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True)
    assert (tmp_path / MEMBERS_PARQUET).exists()
