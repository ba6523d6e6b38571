"""Matching registry members to a Dukcapil (civil registry) extract.

The extract (CSV or Parquet; layout in docs/matching.md) is read with DuckDB and checked as a
whole first: a missing column or any bad row fails the job with a row-by-row report and stores
nothing. Each registry member in the job's scope is then padan, tidak padan (the differing fields
listed) or tidak ditemukan (NIK absent). Deaths and moves become change actions; a death of an
otherwise padan member is applied at once when the policy allows (audited, reversible); the
others become "perubahan data" proposals in the usulan workflow when the policy routes them
there (`changes_via_usulan`), or wait for an officer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from django.db import transaction

from jaring.core.scope import AccessScope
from jaring.matching.jobs import job_finish
from jaring.matching.linkage.names import canonical_name
from jaring.matching.models import ChangeAction, DukcapilResult, MatchingJob
from jaring.matching.policy import matching_policy
from jaring.matching.snapshot import members_table

COLUMNS = (
    "nik",
    "kk",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "kode_desa",
    "status_hidup",
    "tanggal_meninggal",
    "pindah_ke",
)
MAX_ERRORS = 50
_BATCH = 5000
# Row checks, each a SQL condition that is TRUE for a bad row, with its Indonesian message.
_CHECKS = (
    ("NOT regexp_full_match(coalesce(nik, ''), '[0-9]{16}')", "NIK harus 16 angka"),
    ("NOT regexp_full_match(coalesce(kk, ''), '[0-9]{16}')", "nomor KK harus 16 angka"),
    ("coalesce(trim(nama), '') = ''", "nama kosong"),
    ("try_cast(tanggal_lahir AS DATE) IS NULL", "tanggal_lahir harus TTTT-BB-HH"),
    ("coalesce(jenis_kelamin, '') NOT IN ('L', 'P')", "jenis_kelamin harus L atau P"),
    ("NOT regexp_full_match(coalesce(kode_desa, ''), '[0-9]{10}')", "kode_desa harus 10 angka"),
    (
        "coalesce(status_hidup, '') NOT IN ('hidup', 'meninggal')",
        "status_hidup harus 'hidup' atau 'meninggal'",
    ),
    (
        "status_hidup = 'meninggal' AND try_cast(tanggal_meninggal AS DATE) IS NULL",
        "tanggal_meninggal wajib (TTTT-BB-HH) bila meninggal",
    ),
    (
        "coalesce(pindah_ke, '') <> '' AND NOT regexp_full_match(pindah_ke, '[0-9]{10}')",
        "pindah_ke harus kode desa 10 angka atau kosong",
    ),
)


class ExtractError(ValueError):
    """The extract cannot be used; the message lists the problems in Indonesian."""


def read_extract(path: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding the checked extract as table `ext` (text columns)."""
    con = duckdb.connect()
    con.execute("SET memory_limit = '2GB'")
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            source = f"read_parquet('{_quoted(path)}')"
        elif suffix == ".csv":
            source = f"read_csv('{_quoted(path)}', header = true, all_varchar = true)"
        else:
            raise ExtractError("Berkas ekstrak harus .csv atau .parquet.")
        con.execute(f"CREATE TABLE raw AS SELECT * FROM {source}")
    except duckdb.Error as error:
        raise ExtractError(f"Berkas ekstrak tidak dapat dibaca: {error}".splitlines()[0]) from error
    present = {row[0].lower() for row in con.execute("DESCRIBE raw").fetchall()}
    missing = [c for c in COLUMNS if c not in present]
    if missing:
        raise ExtractError(f"Kolom wajib tidak ada: {', '.join(missing)}.")
    selected = ", ".join(f"trim(CAST({c} AS VARCHAR)) AS {c}" for c in COLUMNS)
    con.execute(f"CREATE TABLE ext AS SELECT row_number() OVER () + 1 AS line, {selected} FROM raw")
    errors: list[str] = []
    for condition, message in _CHECKS:
        rows = con.execute(
            f"SELECT line FROM ext WHERE {condition} ORDER BY line LIMIT {MAX_ERRORS}"
        ).fetchall()
        errors.extend(f"baris {line}: {message}" for (line,) in rows)
    if errors:
        errors.sort(key=lambda text: int(text.split()[1].rstrip(":")))
        raise ExtractError(
            "Ekstrak Dukcapil ditolak, tidak ada yang disimpan:\n" + "\n".join(errors[:MAX_ERRORS])
        )
    return con


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _differing(member: dict[str, Any], ext: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    checks = {
        "nama": lambda: canonical_name(member["name"]) != canonical_name(ext["nama"]),
        "tanggal_lahir": lambda: str(member["birth_date"]) != ext["tanggal_lahir"],
        "jenis_kelamin": lambda: member["sex"] != ext["jenis_kelamin"],
        "tempat_lahir": lambda: (
            bool(ext["tempat_lahir"])
            and (member["birth_place"] or "").strip().lower() != ext["tempat_lahir"].lower()
        ),
        "kk": lambda: member["kk"] != ext["kk"],
        "desa": lambda: member["region"] != ext["kode_desa"],
    }
    return [name for name in fields if checks[name]()]


def dukcapil_match(
    *, scope: AccessScope, job: MatchingJob, progress: Callable[[str, float], None]
) -> dict[str, Any]:
    from jaring.matching.services import action_apply, action_propose, proposals_sync

    policy = matching_policy()
    proposals_sync(scope=scope)  # earlier proposals decided since the last run
    progress("Memeriksa ekstrak", 0.02)
    con = read_extract(Path(job.source_path))
    people = members_table(scope=scope, progress=lambda label, f: progress(label, 0.05 + 0.25 * f))
    con.register("reg", people)
    joined = con.execute(
        "SELECT r.*, e.nik IS NOT NULL AS found, e.kk AS e_kk, e.nama, e.tempat_lahir, "
        "strftime(CAST(e.tanggal_lahir AS DATE), '%Y-%m-%d') AS tanggal_lahir, e.jenis_kelamin, "
        "e.kode_desa, e.status_hidup, "
        "strftime(try_cast(e.tanggal_meninggal AS DATE), '%Y-%m-%d') AS tanggal_meninggal, "
        "e.pindah_ke FROM reg r LEFT JOIN (SELECT * FROM ext QUALIFY "
        "row_number() OVER (PARTITION BY nik ORDER BY line) = 1) e USING (nik)"
    )
    names = [d[0] for d in joined.description]
    counts = {s.value: 0 for s in DukcapilResult.Status}
    actions: list[ChangeAction] = []
    done = 0
    with transaction.atomic():
        while batch := joined.fetchmany(_BATCH):
            results = []
            for row in batch:
                member = dict(zip(names, row, strict=True))
                result, action = _result(job, member, policy.compared_fields)
                counts[result.status] += 1
                results.append(result)
                if action is not None:
                    actions.append(action)
            DukcapilResult.objects.bulk_create(results)
            done += len(batch)
            progress("Mencocokkan", 0.3 + 0.5 * done / max(people.num_rows, 1))
        created = ChangeAction.objects.bulk_create(actions, batch_size=_BATCH)
        summary: dict[str, Any] = {
            "anggota": people.num_rows,
            **counts,
            "meninggal": sum(a.kind == ChangeAction.Kind.MENINGGAL for a in actions),
            "pindah": sum(a.kind == ChangeAction.Kind.PINDAH for a in actions),
        }
    con.close()
    applied = proposed = 0
    padan = set(
        DukcapilResult.objects.filter(job=job, status=DukcapilResult.Status.PADAN).values_list(
            "anggota_id", flat=True
        )
    )
    for action in created:
        automatic = (
            action.kind == ChangeAction.Kind.MENINGGAL
            and policy.auto_apply_death_when_padan
            and action.anggota_id in padan
        ) or (action.kind == ChangeAction.Kind.PINDAH and policy.auto_apply_move)
        if automatic:
            action_apply(scope=scope, action_id=action.pk, automatic=True)
            applied += 1
        elif policy.changes_via_usulan:
            sent = action_propose(scope=scope, action_id=action.pk)
            proposed += sent.status == ChangeAction.Status.DIUSULKAN
    summary["diterapkan_otomatis"] = applied
    summary["diusulkan"] = proposed
    with transaction.atomic():
        job_finish(scope=scope, job=job, summary=summary)
    return summary


def _result(
    job: MatchingJob, member: dict[str, Any], fields: tuple[str, ...]
) -> tuple[DukcapilResult, ChangeAction | None]:
    base = {
        "anggota_id": member["anggota_id"],
        "keluarga_id": member["keluarga_id"],
        "kk": member["kk"],
        "nik": member["nik"],
        "name": member["name"][:120],
        "region_code": member["region"],
    }
    if not member["found"]:
        status = DukcapilResult.Status.TIDAK_DITEMUKAN
        return DukcapilResult(job=job, status=status, **base), None
    ext = {**{c: member[c] for c in COLUMNS if c not in ("nik", "kk")}, "kk": member["e_kk"]}
    differing = _differing(member, ext, fields)
    dead = ext["status_hidup"] == "meninggal"
    moved = ext["pindah_ke"] or ""
    status = DukcapilResult.Status.TIDAK_PADAN if differing else DukcapilResult.Status.PADAN
    result = DukcapilResult(
        job=job,
        status=status,
        differing=differing,
        dukcapil=ext,
        dead=dead,
        moved_to=moved if moved != member["region"] else "",
        **base,
    )
    action = None
    if dead and member["alive"]:
        action = ChangeAction(
            job=job,
            kind=ChangeAction.Kind.MENINGGAL,
            date_of_death=date.fromisoformat(ext["tanggal_meninggal"][:10]),
            **base,
        )
    elif moved and moved != member["region"] and not dead:
        action = ChangeAction(job=job, kind=ChangeAction.Kind.PINDAH, moved_to=moved, **base)
    return result, action
