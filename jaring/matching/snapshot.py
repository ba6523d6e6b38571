"""Registry members inside a scope as an Arrow table, read in chunks (bounded memory per chunk).

Used by the Dukcapil matching and the duplicate search; the columns are those
`jaring.matching.linkage.model.prepare_people` expects, plus the ids needed to act on a result.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from jaring.core.scope import AccessScope
from jaring.registry.models import Anggota

SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("anggota_id", pa.int64()),
        ("keluarga_id", pa.int64()),
        ("kk", pa.string()),
        ("nik", pa.string()),
        ("name", pa.string()),
        ("sex", pa.string()),
        ("birth_date", pa.date32()),
        ("birth_place", pa.string()),
        ("region", pa.string()),
        ("alive", pa.bool_()),
    ]
)
_COLUMNS = (
    "pk",
    "keluarga_id",
    "keluarga__kk",
    "nik",
    "name",
    "sex",
    "birth_date",
    "birth_place",
    "keluarga__region_id",
    "alive",
)
CHUNK = 50_000


def members_table(
    *, scope: AccessScope, progress: Callable[[str, float], None] | None = None
) -> pa.Table:
    members = scope.filter(Anggota.objects.all(), "keluarga__region__code")
    total = members.count()
    batches: list[pa.RecordBatch] = []
    rows: list[tuple[object, ...]] = []
    done = 0

    def flush() -> None:
        columns = list(zip(*rows, strict=True)) if rows else [[] for _ in _COLUMNS]
        pk, kid, kk, nik, name, sex, birth, place, region, alive = columns
        uid = [f"{k}:{n}" for k, n in zip(kk, nik, strict=True)]
        arrays = [uid, pk, kid, kk, nik, name, sex, birth, place, region, alive]
        batches.append(
            pa.RecordBatch.from_arrays(
                [pa.array(a, f.type) for a, f in zip(arrays, SCHEMA, strict=True)], schema=SCHEMA
            )
        )
        rows.clear()

    for row in members.order_by("pk").values_list(*_COLUMNS).iterator(chunk_size=CHUNK):
        rows.append(row)
        if len(rows) >= CHUNK:
            done += len(rows)
            flush()
            if progress:
                progress("Membaca registri", done / max(total, 1))
    if rows or not batches:
        flush()
    return pa.Table.from_batches(batches, schema=SCHEMA)
