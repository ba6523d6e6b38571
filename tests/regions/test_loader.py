"""load_regions() against the real database (SQLite or PostgreSQL), and `jaring regions`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from jaring.regions.loader import load_regions
from jaring.regions.models import Level, Region

pytestmark = pytest.mark.django_db

EXPECTED = {"provinsi": 38, "kabupaten_kota": 514, "kecamatan": 7285, "desa_kelurahan": 83762}


def test_current_tree_is_loaded_with_parents() -> None:
    current = Region.objects.filter(retired=False)
    for level, count in EXPECTED.items():
        assert current.filter(level=level).count() == count
    bandung = Region.objects.get(code="3273")
    assert (bandung.name, bandung.level, bandung.parent_id) == (
        "Kota Bandung",
        "kabupaten_kota",
        "32",
    )
    desa = Region.objects.get(code="3273011001")
    assert desa.parent_id == "327301" and desa.parent.parent_id == "3273"
    assert Region.objects.filter(parent__isnull=True).count() == 38
    assert current.filter(code__startswith="32", level=Level.KABUPATEN_KOTA).count() == 27


def test_retired_rows_point_to_their_successor() -> None:
    merauke = Region.objects.get(code="9101")
    assert merauke.retired and merauke.successor == "9301" and merauke.parent_id == "91"
    kec = Region.objects.get(code="910101")
    assert kec.retired and kec.successor == "930101" and kec.parent_id == "9101"
    assert Region.objects.filter(retired=True).exclude(successor="").count() == (
        Region.objects.filter(retired=True).count()
    )


def test_load_is_idempotent_and_repairs_changed_rows() -> None:
    before = Region.objects.count()
    Region.objects.filter(code="3273").update(name="Salah")
    shipped = load_regions()
    assert shipped == before == Region.objects.count()
    assert Region.objects.get(code="3273").name == "Kota Bandung"


def test_stats_command_prints_one_json_object() -> None:
    out = StringIO()
    call_command("regions", "stats", stdout=out)
    assert json.loads(out.getvalue()) == EXPECTED
    assert list(json.loads(out.getvalue())) == list(EXPECTED)


def test_load_command_reports_count() -> None:
    out = StringIO()
    call_command("regions", "load", stdout=out)
    assert "kode wilayah dimuat" in out.getvalue()
