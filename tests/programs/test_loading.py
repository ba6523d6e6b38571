"""decisions.parquet → Decision rows (COPY on PostgreSQL, executemany on SQLite), with totals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jaring.programs import loading
from jaring.programs.loading import decisions_load
from jaring.programs.models import Decision, EligibilityRun

pytestmark = pytest.mark.django_db

SCHEMA = pa.schema(
    [
        ("kk", pa.string()),
        ("nik", pa.string()),
        ("region", pa.string()),
        ("program", pa.string()),
        ("eligible", pa.bool_()),
        ("tahap", pa.string()),
        ("tahap_per_year", pa.int8()),
        ("annual_amount", pa.int64()),
        ("amount_per_tahap", pa.int64()),
        ("reasons", pa.string()),
        ("components", pa.string()),
    ]
)
TRICKY = 'Anggota "Siti, Aminah" ditolak; penghasilan ≥ UMP\nbaris baru'


def test_load_keeps_every_value_and_sums_totals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "BATCH_ROWS", 2)  # several batches
    rows = [
        (
            "3273010101850001",
            None,
            "3273011001",
            "PKH",
            True,
            "2025-T3",
            6,
            900_000,
            150_000,
            "[]",
            orjson.dumps([{"nik": "3273010907150012", "component": "sd"}]).decode(),
        ),
        (
            "3273010101850001",
            None,
            "3273011001",
            "BPNT",
            True,
            "2025-Q2",
            4,
            2_400_000,
            600_000,
            "[]",
            "[]",
        ),
        (
            "3273010101850002",
            None,
            "3273011002",
            "PKH",
            False,
            None,
            None,
            0,
            0,
            orjson.dumps([{"code": "desil_di_atas_batas", "message": TRICKY}]).decode(),
            None,
        ),
        (
            "3273010101850002",
            "3273014204850002",
            "3273011002",
            "JPS",
            True,
            "2025",
            1,
            100,
            100,
            "[]",
            "[]",
        ),
    ]
    path = tmp_path / "decisions.parquet"
    pq.write_table(
        pa.Table.from_pylist([dict(zip(SCHEMA.names, r, strict=True)) for r in rows], SCHEMA), path
    )
    run = EligibilityRun.objects.create(period=date(2025, 6, 1))

    totals = decisions_load(run=run, path=path, programs=["BPNT", "PKH", "ATENSI"])

    assert totals == {
        "ATENSI": {"eligible": 0, "amount_per_tahap_total": 0},
        "BPNT": {"eligible": 1, "amount_per_tahap_total": 600_000},
        "JPS": {"eligible": 1, "amount_per_tahap_total": 100},
        "PKH": {"eligible": 1, "amount_per_tahap_total": 150_000},
    }
    stored = {(d.kk, d.program, d.nik): d for d in Decision.objects.filter(run=run)}
    assert len(stored) == 4
    pkh = stored[("3273010101850001", "PKH", "")]
    assert (pkh.period, pkh.region_code, pkh.tahap, pkh.tahap_per_year) == (
        date(2025, 6, 1),
        "3273011001",
        "2025-T3",
        6,
    )
    assert pkh.components == [{"nik": "3273010907150012", "component": "sd"}]
    refused = stored[("3273010101850002", "PKH", "")]
    assert not refused.eligible and refused.tahap == "" and refused.components == []
    assert refused.reasons == [{"code": "desil_di_atas_batas", "message": TRICKY}]
    assert stored[("3273010101850002", "JPS", "3273014204850002")].eligible
