"""The registry snapshot: exactly the interchange schemas, every household and member, in order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jaring.core.interchange import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA
from jaring.programs import snapshot
from jaring.programs.snapshot import keluarga_interchange, snapshot_export
from jaring.registry.models import Keluarga

pytestmark = pytest.mark.django_db


def test_snapshot_matches_schemas_and_registry(
    tmp_path: Path, small_registry: dict[str, Keluarga], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "CHUNK", 3)  # force several chunks
    seen: list[tuple[str, int, int | None]] = []
    files = snapshot_export(out_dir=tmp_path, progress=lambda *a: seen.append(a))
    assert (files.household_count, files.member_count) == (4, 9)
    households = pq.read_table(files.households)
    members = pq.read_table(files.members)
    assert households.schema.equals(HOUSEHOLD_SCHEMA)
    assert members.schema.equals(MEMBER_SCHEMA)
    assert seen[-1] == ("ekspor", 4, 4)

    rows = {row["kk"]: row for row in households.to_pylist()}
    baby = small_registry["baby"]
    assert rows[baby.kk]["channel"] == "POS"
    assert rows[baby.kk]["bank"] is None
    assert rows[baby.kk]["assets"] == ["motor"]
    assert rows[baby.kk]["floor_material"] == "semen"
    assert rows[baby.kk]["wall_material"] is None
    assert rows[small_registry["rich"].kk]["desil"] == 9

    baby_members = [m for m in members.to_pylist() if m["kk"] == baby.kk]
    assert [m["position"] for m in baby_members] == [0, 1, 2]
    assert baby_members[2]["birth_date"] == date(2023, 1, 5)
    assert baby_members[2]["alive"] is True
    assert baby_members[2]["pregnant"] is False
    assert baby_members[0]["date_of_death"] is None


def test_keluarga_interchange_is_the_jsonl_record(small_registry: dict[str, Keluarga]) -> None:
    record = keluarga_interchange(small_registry["baby"])
    assert record["kk"] == small_registry["baby"].kk
    assert record["channel"] == "POS" and record["bank"] is None
    assert [m["birth_date"] for m in record["members"]][-1] == "2023-01-05"
