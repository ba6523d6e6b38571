"""The household interchange format (CONTRACTS.md) as columnar schemas.

One layout serves three places: `jaring generate --format parquet` writes it, the registry
snapshot for the engine is exported in it, and the engine reads it. Plain Python + pyarrow, no
Django. Households and members are two tables joined on `kk`.

JSONL extension (backwards compatible): a household object may carry `address`, `rt`, `rw`,
`kks_number` and a `housing` object with the proxy-means characteristics
(`floor_material`, `wall_material`, `roof_material`, `floor_area_m2`, `drinking_water`,
`sanitation`, `electricity`, `cooking_fuel`, `assets`: list of jaring.core.vocab.ASSETS keys);
a member may carry `birth_place` and `date_of_death`.
"""

from __future__ import annotations

import pyarrow as pa

HOUSING_KEYS = (
    "floor_material",
    "wall_material",
    "roof_material",
    "floor_area_m2",
    "drinking_water",
    "sanitation",
    "electricity",
    "cooking_fuel",
    "assets",
)

HOUSEHOLD_SCHEMA = pa.schema(
    [
        ("kk", pa.string()),
        ("region", pa.string()),  # 10-digit desa/kelurahan code
        ("desil", pa.int8()),  # 1..10 or null
        ("registry_status", pa.string()),
        ("channel", pa.string()),
        ("bank", pa.string()),  # null for POS
        ("address", pa.string()),
        ("rt", pa.string()),
        ("rw", pa.string()),
        ("kks_number", pa.string()),
        ("floor_material", pa.string()),
        ("wall_material", pa.string()),
        ("roof_material", pa.string()),
        ("floor_area_m2", pa.int32()),
        ("drinking_water", pa.string()),
        ("sanitation", pa.string()),
        ("electricity", pa.string()),
        ("cooking_fuel", pa.string()),
        ("assets", pa.list_(pa.string())),
    ]
)

MEMBER_SCHEMA = pa.schema(
    [
        ("kk", pa.string()),
        ("position", pa.int16()),  # 0-based order on the KK (the order in the JSON list)
        ("nik", pa.string()),
        ("name", pa.string()),
        ("sex", pa.string()),
        ("birth_place", pa.string()),
        ("birth_date", pa.date32()),
        ("relationship", pa.string()),
        ("citizenship", pa.string()),
        ("alive", pa.bool_()),
        ("date_of_death", pa.date32()),
        ("pregnant", pa.bool_()),
        ("pregnancy_order", pa.int8()),
        ("disability", pa.string()),
        ("schooling", pa.string()),
        ("occupation", pa.string()),
        ("employment", pa.string()),
        ("monthly_income", pa.int64()),
        ("bpjs_ketenagakerjaan", pa.bool_()),
    ]
)

# The keys of one member object in JSONL, in the order files and exports write them.
MEMBER_FIELDS = (
    "nik",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "relationship",
    "citizenship",
    "alive",
    "date_of_death",
    "pregnant",
    "pregnancy_order",
    "disability",
    "schooling",
    "occupation",
    "employment",
    "monthly_income",
    "bpjs_ketenagakerjaan",
)

# File names inside a Parquet population directory.
HOUSEHOLDS_PARQUET = "households.parquet"
MEMBERS_PARQUET = "members.parquet"
HOUSEHOLDS_JSONL = "households.jsonl"
