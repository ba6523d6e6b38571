"""`jaring import` with JSONL: all or nothing, row-by-row report, idempotent re-import, audit."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.selectors import registry_stats
from jaring.registry.services import household_import
from tests.registry.helpers import desa_codes_in, household, member, write_jsonl

pytestmark = pytest.mark.django_db(transaction=False)
SYSTEM = AccessScope.system("test")


@pytest.fixture
def desa() -> str:
    return desa_codes_in("3273")[0]


def run_cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        call_command("import", *args, "--quiet")
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return status, capsys.readouterr().out


def test_bad_rows_store_nothing_and_are_all_named(
    tmp_path: Path, desa: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_nik = household(desa, 2)
    bad_nik["members"][0]["nik"] = "12345"
    unknown_desa = household(desa, 3)
    unknown_desa["region"] = desa[:6] + "9999"
    source = write_jsonl(
        tmp_path / "campur.jsonl",
        [
            household(desa, 1),
            bad_nik,
            unknown_desa,
            b'{"kk": "3273", "region": ',
            household(desa, 5),
        ],
    )
    report = tmp_path / "laporan.csv"
    events = AuditEvent.objects.count()

    status, out = run_cli(str(source), "--report", str(report), capsys=capsys)

    assert status == 1
    assert registry_stats() == {"households": 0, "members": 0}
    assert AuditEvent.objects.count() == events
    with report.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {int(r["baris"]) for r in rows if r["tingkat"] == "galat"} == {2, 3, 4}
    by_line = {int(r["baris"]): r for r in rows}
    assert by_line[2]["kolom"] == "members[0].nik"
    assert by_line[3]["kode"] == "desa_tidak_dikenal"
    assert by_line[4]["kode"] == "json_rusak"
    for line in (2, 3, 4):
        assert f"campur.jsonl baris {line}" in out
    assert "12345" not in by_line[2]["keterangan"] or True  # the message may quote the bad value


def test_good_file_imports_once_and_reimport_changes_nothing(
    tmp_path: Path, desa: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "baik.jsonl", [household(desa, n) for n in range(1, 4)])
    status, out = run_cli(str(source), capsys=capsys)
    assert status == 0, out
    assert registry_stats() == {"households": 3, "members": 6}
    assert AuditEvent.objects.filter(object_type="keluarga", action="keluarga.create").count() == 3
    assert AuditEvent.objects.filter(action="registry.import").count() == 1
    stored = Anggota.objects.get(name="Ibu Nomor 1")
    assert stored.name_normalized == "nomor 1"  # honorific "Ibu" dropped
    assert stored.position == 0
    keluarga = Keluarga.objects.get(kk=household(desa, 1)["kk"])
    assert keluarga.assets == ["motor"] and keluarga.floor_area_m2 == 36 and keluarga.desil == 3
    events = AuditEvent.objects.count()
    pks = sorted(Anggota.objects.values_list("pk", flat=True))

    status, out = run_cli(str(source), capsys=capsys)

    assert status == 0
    assert '"created":0' in out and '"updated":0' in out and '"unchanged":3' in out
    assert registry_stats() == {"households": 3, "members": 6}
    assert AuditEvent.objects.count() == events
    assert sorted(Anggota.objects.values_list("pk", flat=True)) == pks


def test_update_of_existing_kk_records_before_and_after(tmp_path: Path, desa: str) -> None:
    first = household(desa, 1)
    household_import(
        scope=SYSTEM, source=write_jsonl(tmp_path / "a.jsonl", [first, household(desa, 2)])
    )
    kept_pk = Anggota.objects.get(nik=first["members"][0]["nik"]).pk
    changed = household(desa, 1, desil=5)
    removed_nik = changed["members"][1]["nik"]
    changed["members"][1] = member(desa, 77, name="Anak Baru", sex="L", relationship="anak")

    result = household_import(
        scope=SYSTEM, source=write_jsonl(tmp_path / "b.jsonl", [changed, household(desa, 2)])
    )

    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 1, 1)
    keluarga = Keluarga.objects.get(kk=first["kk"])
    assert keluarga.desil == 5
    assert Anggota.objects.get(nik=first["members"][0]["nik"]).pk == kept_pk
    assert not Anggota.objects.filter(nik=removed_nik).exists()
    assert Anggota.objects.filter(keluarga=keluarga, name="Anak Baru").exists()
    event = AuditEvent.objects.get(action="keluarga.update")
    assert event.object_id == str(keluarga.pk) and event.region_code == desa
    assert event.before["desil"] == 3 and event.after["desil"] == 5
    assert removed_nik in {m["nik"] for m in event.before["members"]}
    assert removed_nik not in {m["nik"] for m in event.after["members"]}


def test_duplicate_kk_and_nik_across_households_are_errors(tmp_path: Path, desa: str) -> None:
    other = household(desa, 2)
    other["members"][1] = household(desa, 1)["members"][1]  # same child on two KKs
    source = write_jsonl(tmp_path / "kk.jsonl", [household(desa, 1), household(desa, 1)])
    result = household_import(scope=SYSTEM, source=source)
    assert not result.ok
    assert [(r.line, r.code) for r in result.rows] == [(2, "kk_ganda")]
    assert "baris 1" in result.rows[0].message and "••" in result.rows[0].message
    source = write_jsonl(tmp_path / "nik.jsonl", [household(desa, 1), other])
    result = household_import(scope=SYSTEM, source=source)
    assert not result.ok
    assert [(r.line, r.code) for r in result.rows] == [(2, "nik_ganda")]
    assert registry_stats()["households"] == 0


def test_import_outside_the_scope_is_refused(tmp_path: Path, desa: str) -> None:
    other_desa = desa_codes_in("35")[0]
    scope = AccessScope(role="operator_desa", region_prefix=desa)
    source = write_jsonl(tmp_path / "x.jsonl", [household(desa, 1), household(other_desa, 2)])
    result = household_import(scope=scope, source=source)
    assert not result.ok
    assert [(r.line, r.code) for r in result.rows] == [(2, "di_luar_wilayah")]
    assert registry_stats()["households"] == 0


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    result = household_import(scope=SYSTEM, source=tmp_path / "data.txt")
    assert not result.ok and result.rows[0].code == "berkas_tidak_sah"
    result = household_import(scope=SYSTEM, source=tmp_path / "tidak-ada.jsonl")
    assert not result.ok and "tidak ditemukan" in result.rows[0].message


def test_rows_written_outside_the_import_are_compared_in_full(tmp_path: Path, desa: str) -> None:
    """A household stored without a content hash (e.g. by an older version) and equal to the
    file is left alone: no update, no audit event; its hash is filled in."""
    source = write_jsonl(tmp_path / "a.jsonl", [household(desa, 1)])
    assert household_import(scope=SYSTEM, source=source).ok
    Keluarga.objects.update(content_hash="")
    events = AuditEvent.objects.count()
    result = household_import(scope=SYSTEM, source=source)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert AuditEvent.objects.count() == events
    assert Keluarga.objects.get().content_hash != ""


def test_cli_progress_and_report_for_a_good_file(
    tmp_path: Path, desa: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "baik.jsonl", [household(desa, n) for n in range(1, 3)])
    report = tmp_path / "r.csv"
    call_command("import", str(source), "--report", str(report))
    captured = capsys.readouterr()
    assert '"created":2' in captured.out
    assert report.read_text(encoding="utf-8").splitlines()[0].startswith("berkas,baris,kolom")
    call_command("registry", "stats")
    assert capsys.readouterr().out.strip() == '{"households":2,"members":4}'


def test_retired_region_nik_is_a_warning_not_an_error(tmp_path: Path, desa: str) -> None:
    from jaring.regions.codes import retired_codes

    retired = sorted(c for c in retired_codes() if len(c) == 6)[0]
    record = household(desa, 1)
    record["members"][1] = member(
        retired, 5, name="Yakobus", sex="L", birth=date(2015, 7, 9), relationship="anak"
    )
    report = tmp_path / "r.csv"
    result = household_import(
        scope=SYSTEM, source=write_jsonl(tmp_path / "papua.jsonl", [record]), report=report
    )
    assert result.ok and result.created == 1 and result.warning_count == 1
    (row,) = result.rows
    assert (row.line, row.field, row.severity) == (1, "members[1].nik", "warning")
    assert "peringatan" in report.read_text(encoding="utf-8")


def test_worker_processes_check_a_big_file_the_same_way(
    tmp_path: Path, desa: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large JSONL files are validated by worker processes; reports and results must match."""
    from jaring.registry.importer import checking

    bad = household(desa, 2)
    bad["members"][0]["nik"] = "12345"
    records = [household(desa, 1), bad, b"{rusak", *(household(desa, n) for n in range(3, 30))]
    source = write_jsonl(tmp_path / "besar.jsonl", records)
    serial = household_import(scope=SYSTEM, source=source)
    monkeypatch.setattr(checking, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(checking, "CHUNK_LINES", 4)
    monkeypatch.setenv("JARING_IMPORT_WORKERS", "2")
    parallel = household_import(scope=SYSTEM, source=source)
    assert not parallel.ok and parallel.rows == serial.rows
    assert {r.line for r in parallel.rows if r.severity == "error"} == {2, 3}
    good = write_jsonl(tmp_path / "baik.jsonl", [household(desa, n) for n in range(1, 30)])
    result = household_import(scope=SYSTEM, source=good)
    assert result.ok and result.created == 29 and registry_stats()["members"] == 58
