"""Export of a region's households; every format re-imports with no change."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope, OutOfScope
from jaring.registry.services import household_export, household_import
from tests.registry.helpers import desa_codes_in, household, write_jsonl

pytestmark = pytest.mark.django_db
SYSTEM = AccessScope.system("test")


@pytest.fixture
def regions() -> tuple[str, str]:
    return desa_codes_in("3273")[0], desa_codes_in("35")[0]


@pytest.fixture
def populated(tmp_path: Path, regions: tuple[str, str]) -> None:
    desa, other = regions
    pregnant = household(desa, 3, channel="POS", bank=None, address="Jl. Melati 5", rt="001")
    pregnant["members"][0].update(pregnant=True, pregnancy_order=1, birth_place="Garut")
    pregnant["members"][1].update(alive=False, date_of_death="2020-02-29")
    records = [household(desa, 1), household(other, 2), pregnant]
    assert household_import(scope=SYSTEM, source=write_jsonl(tmp_path / "awal.jsonl", records)).ok


@pytest.mark.parametrize("name", ["ekspor.xlsx", "ekspor.zip", "keluarga.csv", "folder", "e.jsonl"])
def test_export_reimports_with_no_change(
    tmp_path: Path, populated: None, regions: tuple[str, str], name: str
) -> None:
    fmt = {"xlsx": "xlsx", "jsonl": "jsonl"}.get(name.rsplit(".", 1)[-1], "csv")
    out = tmp_path / "keluar" / name
    count = household_export(scope=SYSTEM, region_prefix=regions[0][:4], fmt=fmt, out=out)
    assert count == 2
    events = AuditEvent.objects.count()
    source = out / "keluarga.csv" if name == "folder" else out
    result = household_import(scope=SYSTEM, source=source)
    assert result.ok, [r.as_text() for r in result.rows]
    assert (result.households, result.created, result.updated, result.unchanged) == (2, 0, 0, 2)
    assert AuditEvent.objects.count() == events


def test_export_command_writes_the_region_only(
    tmp_path: Path, populated: None, regions: tuple[str, str]
) -> None:
    out = tmp_path / "jabar.xlsx"
    call_command(
        "export", "--region", regions[0][:2], "--format", "xlsx", "--out", str(out), "--quiet"
    )
    workbook = load_workbook(out, read_only=True)
    families = list(workbook["keluarga"].iter_rows(values_only=True))
    members = list(workbook["anggota"].iter_rows(values_only=True))
    assert len(families) == 3 and len(members) == 5  # headers + 2 families, 4 members
    assert {row[1] for row in families[1:]} == {regions[0]}


def test_export_is_limited_to_the_scope(
    tmp_path: Path, populated: None, regions: tuple[str, str]
) -> None:
    desa, other = regions
    operator = AccessScope(role="operator_desa", region_prefix=desa)
    out = tmp_path / "saya.jsonl"
    assert household_export(scope=operator, region_prefix="", fmt="jsonl", out=out) == 2
    assert {orjson.loads(line)["region"] for line in out.read_bytes().splitlines()} == {desa}
    with pytest.raises(OutOfScope):
        household_export(scope=operator, region_prefix=other, fmt="jsonl", out=out)
