"""Finding the same person twice in the registry: equal NIK in two families, and the Splink model
for different NIKs or spellings. Pairs go to the review queue (CandidatePair), keyed so that a
later run updates an open pair and never reopens one an officer decided.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pyarrow as pa
from django.db import transaction

from jaring.core.scope import AccessScope
from jaring.matching.jobs import job_finish
from jaring.matching.linkage.model import LinkageConfig, link, prepare_people, registry_spec
from jaring.matching.models import CandidatePair, MatchingJob
from jaring.matching.policy import matching_policy
from jaring.matching.snapshot import members_table

REGION_LEVELS = (10, 6, 4, 2, 0)
_SIDE_FIELDS = (
    "anggota_id",
    "keluarga_id",
    "kk",
    "nik",
    "name",
    "sex",
    "birth_date",
    "birth_place",
    "region",
)
# EM needs a population to learn from; below this size only equal NIKs are reported.
MIN_RECORDS_FOR_MODEL = 1000


def common_region(first: str, second: str) -> str:
    """The smallest region (desa, kecamatan, kab/kota, provinsi, country) holding both codes."""
    for length in REGION_LEVELS:
        if first[:length] == second[:length]:
            return first[:length]
    return ""


def pair_key(a: dict[str, Any], b: dict[str, Any]) -> str:
    left, right = sorted((f"{a['kk']}:{a['nik']}", f"{b['kk']}:{b['nik']}"))
    return f"{left}|{right}"


def _exact_nik_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT l.unique_id, r.unique_id FROM people l JOIN people r "
        "ON l.nik = r.nik AND l.unique_id < r.unique_id"
    ).fetchall()


def candidate_pairs(
    people: pa.Table, config: LinkageConfig, progress: Callable[[str, float], None]
) -> list[dict[str, Any]]:
    """Scored pairs: {uid_l, uid_r, kind, probability, match_weight, weights}."""
    con = duckdb.connect()
    con.register("people", people)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for left, right in _exact_nik_pairs(con):
        found[(left, right)] = {
            "uid_l": left,
            "uid_r": right,
            "kind": CandidatePair.Kind.NIK_SAMA,
            "probability": 1.0,
            "match_weight": 0.0,
            "weights": {},
        }
    con.close()
    if people.num_rows >= MIN_RECORDS_FOR_MODEL:
        prepared = prepare_people(people)
        scored = link(
            prepared,
            registry_spec(),
            config,
            lambda label, f: progress(f"Model kemiripan: {label}", 0.3 + 0.5 * f),
        )
        weight_columns = [c for c in scored.column_names if c.startswith("mw_")]
        for row in scored.to_pylist():
            key = tuple(sorted((row["unique_id_l"], row["unique_id_r"])))
            kind = found.get(key, {}).get("kind", CandidatePair.Kind.PROBABILISTIK)
            found[key] = {
                "uid_l": key[0],
                "uid_r": key[1],
                "kind": kind,
                "probability": float(row["match_probability"]),
                "match_weight": round(float(row["match_weight"]), 3),
                "weights": {c[3:]: round(float(row[c] or 0.0), 3) for c in weight_columns},
            }
    return list(found.values())


def _side(record: dict[str, Any], family: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    side = {key: record[key] for key in _SIDE_FIELDS}
    side["birth_date"] = record["birth_date"].isoformat() if record["birth_date"] else None
    # The other members of the KK, as the household comparison saw them (name, birth year).
    others = [
        f"{m['name']} ({m['birth_date'].year if m['birth_date'] else '?'})"
        for m in family or []
        if m["unique_id"] != record["unique_id"]
    ]
    side["household"] = "; ".join(others)[:500] or None
    return side


def duplicates_find(
    *, scope: AccessScope, job: MatchingJob, progress: Callable[[str, float], None]
) -> dict[str, Any]:
    policy = matching_policy()
    people = members_table(scope=scope, progress=lambda label, f: progress(label, 0.25 * f))
    config = LinkageConfig(
        threshold=policy.review_threshold,
        memory_limit=policy.memory_limit,
        threads=policy.threads,
    )
    pairs = candidate_pairs(people, config, progress)
    progress("Menyimpan pasangan", 0.85)
    index = {row["unique_id"]: row for row in people.to_pylist()} if pairs else {}
    families: dict[str, list[dict[str, Any]]] = {}
    for row in index.values():
        families.setdefault(row["kk"], []).append(row)
    counts = {"baru": 0, "diperbarui": 0, "sudah_diputuskan": 0}
    keys = [pair_key(index[p["uid_l"]], index[p["uid_r"]]) for p in pairs]
    with transaction.atomic():
        existing: dict[str, CandidatePair] = {}
        for start in range(0, len(keys), 500):  # SQLite limits the parameters of one query
            chunk = CandidatePair.objects.select_for_update().filter(
                pair_key__in=keys[start : start + 500]
            )
            existing.update((p.pair_key, p) for p in chunk)
        new: list[CandidatePair] = []
        for pair in pairs:
            left, right = index[pair["uid_l"]], index[pair["uid_r"]]
            a, b = _side(left, families[left["kk"]]), _side(right, families[right["kk"]])
            key = pair_key(a, b)
            values = {
                "job": job,
                "kind": pair["kind"],
                "probability": min(max(pair["probability"], 0.0), 1.0),
                "match_weight": pair["match_weight"],
                "weights": pair["weights"],
                "a": a,
                "b": b,
                "region_code": common_region(a["region"], b["region"]),
            }
            stored = existing.get(key)
            if stored is None:
                new.append(CandidatePair(pair_key=key, **values))
                counts["baru"] += 1
            elif stored.status == CandidatePair.Status.TERBUKA:
                for field, value in values.items():
                    setattr(stored, field, value)
                stored.save()
                counts["diperbarui"] += 1
            else:  # decided by an officer: merged, not the same, or at field verification
                counts["sudah_diputuskan"] += 1
        CandidatePair.objects.bulk_create(new, batch_size=2000)
        summary = {
            "anggota": people.num_rows,
            "pasangan": len(pairs),
            "nik_sama": sum(p["kind"] == CandidatePair.Kind.NIK_SAMA for p in pairs),
            **counts,
        }
        job_finish(scope=scope, job=job, summary=summary)
    return summary
