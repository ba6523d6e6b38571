"""`jaring monitoring refresh|report`, including the monthly schedule."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jaring.monitoring.scheduled import monthly_reports
from tests.monitoring.population import build_population

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("monitoring", *args, stdout=out)
    return json.loads(out.getvalue())


def test_refresh_then_report(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_population()
    first = run("refresh")
    assert sorted(first["refreshed"]) == [
        "BPNT 2025-Q2",
        "PKH 2025-Q2",
        "PKH 2025-T1",
        "PKH 2025-T3",
    ]
    assert first["sources"] == {"penyaluran": True, "pengaduan": True, "kualitas_data": True}
    assert run("refresh")["refreshed"] == []
    assert len(run("refresh", "--force")["refreshed"]) == 4
    files = run("report", "--program", "PKH", "--wilayah", "32", "--out", str(tmp_path))["files"]
    assert [Path(f).name for f in files] == [
        "laporan-pkh-2025-t3-32.pdf",
        "laporan-pkh-2025-t3-32.xlsx",
    ]
    assert Path(files[0]).read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="Tahap"):
        run("report", "--program", "PKH", "--tahap", "2030-T1", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="wilayah"):
        run("report", "--program", "PKH", "--wilayah", "99", "--out", str(tmp_path))


def test_monthly_schedule(db, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASE_DIR = tmp_path
    build_population()
    assert monthly_reports(today=date(2025, 7, 1)).due is False  # before day_of_month (3)
    result = monthly_reports(today=date(2025, 7, 3))
    assert result.due and result.skipped == []
    names = {Path(f).name for f in result.files}
    assert "laporan-pkh-2025-t3-nasional.pdf" in names
    assert "laporan-bpnt-2025-q2-35.xlsx" in names  # per province
    assert len(names) == 2 * 2 * 39  # 2 programs × (nation + 38 provinces) × PDF and XLSX
    assert monthly_reports(today=date(2025, 7, 20)).due is False  # already written this month
    assert monthly_reports(today=date(2025, 8, 5)).due is True  # catches up a missed day
