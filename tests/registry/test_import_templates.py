"""`jaring import` of the CSV/XLSX templates: layout, line numbers of both tables, zip."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from jaring.core.scope import AccessScope
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.selectors import registry_stats
from jaring.registry.services import household_import
from jaring.registry.templates_io import FAMILY_COLUMNS, HOUSING_COLUMNS, MEMBER_COLUMNS
from tests.registry.helpers import desa_codes_in, household

pytestmark = pytest.mark.django_db
SYSTEM = AccessScope.system("test")


@pytest.fixture
def desa() -> str:
    return desa_codes_in("3273")[0]


def table_rows(records: list[dict[str, Any]]) -> tuple[list[list[Any]], list[list[Any]]]:
    """Spreadsheet rows as a person would type them (strings, ya/tidak, empty cells)."""
    families, members = [list(FAMILY_COLUMNS)], [list(MEMBER_COLUMNS)]
    for record in records:
        housing = record.get("housing", {})
        row = []
        for column in FAMILY_COLUMNS:
            value = housing.get(column) if column in HOUSING_COLUMNS else record.get(column)
            row.append(",".join(value) if isinstance(value, list) else value)
        families.append(["" if v is None else str(v) for v in row])
        for m in record["members"]:
            cells = [record["kk"]] + [m.get(c) for c in MEMBER_COLUMNS[1:]]
            members.append(
                [
                    "" if v is None else ("ya" if v is True else "tidak" if v is False else str(v))
                    for v in cells
                ]
            )
    return families, members


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_blank_templates_are_written(tmp_path: Path) -> None:
    call_command("registry", "template", "--format", "csv", "--out", str(tmp_path / "csv"))
    with (tmp_path / "csv" / "keluarga.csv").open() as handle:
        assert next(csv.reader(handle)) == list(FAMILY_COLUMNS)
    with (tmp_path / "csv" / "anggota.csv").open() as handle:
        assert next(csv.reader(handle)) == list(MEMBER_COLUMNS)
    call_command("registry", "template", "--format", "xlsx", "--out", str(tmp_path / "x"))
    workbook = load_workbook(tmp_path / "x" / "template-keluarga.xlsx", read_only=True)
    assert workbook.sheetnames == ["keluarga", "anggota", "petunjuk"]
    # The blank template itself imports as "nothing to do", not as an error.
    result = household_import(scope=SYSTEM, source=tmp_path / "x" / "template-keluarga.xlsx")
    assert result.ok and result.households == 0


def test_csv_pair_imports_and_reimports_without_change(tmp_path: Path, desa: str) -> None:
    families, members = table_rows(
        [household(desa, 1), household(desa, 2, channel="POS", bank=None)]
    )
    source = write_csv(tmp_path / "keluarga.csv", families)
    write_csv(tmp_path / "anggota.csv", members)
    result = household_import(scope=SYSTEM, source=source)
    assert result.ok, [r.as_text() for r in result.rows]
    assert registry_stats() == {"households": 2, "members": 4}
    assert Keluarga.objects.get(kk=household(desa, 2)["kk"]).bank == ""
    again = household_import(scope=SYSTEM, source=source)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_xlsx_workbook_imports(tmp_path: Path, desa: str) -> None:
    call_command("registry", "template", "--format", "xlsx", "--out", str(tmp_path))
    path = tmp_path / "template-keluarga.xlsx"
    workbook = load_workbook(path)
    families, members = table_rows([household(desa, 1), household(desa, 2)])
    for row in families[1:]:
        workbook["keluarga"].append(row)
    for row in members[1:]:
        workbook["anggota"].append(row)
    workbook.save(path)
    result = household_import(scope=SYSTEM, source=path)
    assert result.ok, [r.as_text() for r in result.rows]
    assert registry_stats() == {"households": 2, "members": 4}


def test_zip_of_both_csv_files_imports(tmp_path: Path, desa: str) -> None:
    families, members = table_rows([household(desa, 1)])
    archive = tmp_path / "unggah.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("data/keluarga.csv", "\n".join(",".join(r) for r in families))
        handle.writestr("data/anggota.csv", "\n".join(",".join(r) for r in members))
    result = household_import(scope=SYSTEM, source=archive)
    assert result.ok, [r.as_text() for r in result.rows]
    assert Anggota.objects.count() == 2


def test_member_errors_name_the_member_row(tmp_path: Path, desa: str) -> None:
    families, members = table_rows([household(desa, 1), household(desa, 2)])
    members[4][MEMBER_COLUMNS.index("sex")] = "X"  # second member of the second family
    members.append([household(desa, 9)["kk"], *members[1][1:]])  # a KK with no family row
    families[1][FAMILY_COLUMNS.index("desil")] = "sebelas"
    source = write_csv(tmp_path / "keluarga.csv", families)
    write_csv(tmp_path / "anggota.csv", members)
    result = household_import(scope=SYSTEM, source=source)
    assert not result.ok
    found = {(r.source, r.line, r.field, r.code) for r in result.rows if r.severity == "error"}
    assert ("keluarga.csv", 2, "desil", "desil_tidak_sah") in found
    assert ("anggota.csv", 5, "sex", "nilai_tidak_dikenal") in found
    assert ("anggota.csv", 6, "kk", "kk_tanpa_keluarga") in found
    assert registry_stats()["households"] == 0


def test_unknown_column_and_missing_members_file_are_refused(tmp_path: Path, desa: str) -> None:
    families, members = table_rows([household(desa, 1)])
    families[0].append("warna_rumah")
    families[1].append("hijau")
    source = write_csv(tmp_path / "keluarga.csv", families)
    result = household_import(scope=SYSTEM, source=source)
    assert not result.ok and "anggota.csv" in result.rows[0].message
    write_csv(tmp_path / "anggota.csv", members)
    result = household_import(scope=SYSTEM, source=source)
    assert not result.ok
    assert result.rows[0].code == "berkas_tidak_sah" and "warna_rumah" in result.rows[0].message
