"""`aggregates_refresh`: rebuild the indicator aggregates, set-based, only where sources changed.

For one (program, tahap) ONE statement reads the sources: it unions the eligible decisions of
the tahap's reference run with the tahap's ledger rows, groups them by family (KK), and sums the
families and the complaints filed during the tahap per desa into a small temporary table; then 5
INSERT … SELECT … GROUP BY SUBSTR(region) sum that table into each level of the region tree.
The same SQL runs on SQLite and PostgreSQL; only the date arithmetic differs per backend.

Definitions (families, i.e. distinct KK):
- eligible: an eligible decision with this tahap in the reference run (the period's current run;
  the latest assessed month inside the tahap);
- decided: a ledger row for the program and tahap (penetapan); paid: credited and not returned
  (tersalur, dicairkan); withdrawn: dicairkan;
- inclusion error: paid, with no eligible decision for the program in the reference run;
- exclusion error: eligible, with no ledger row (not decided).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import connection, transaction

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope
from jaring.monitoring import sources
from jaring.monitoring.models import (
    LEVEL_LENGTHS,
    IndicatorAggregate,
    QualityAggregate,
    RefreshState,
)
from jaring.monitoring.tahap import TahapLabelError, tahap_span
from jaring.programs.models import CurrentRun

BASE = "monitoring_tmp_base"
BASE_COLUMNS = (
    "e",
    "l",
    "p",
    "w",
    "incl",
    "excl",
    "budget",
    "wamt",
    "sidays",
    "sicnt",
    "c",
    "cr",
    "cs",
)
WORK_MEM = "256MB"  # PostgreSQL, per refresh transaction (SET LOCAL)
AGG = IndicatorAggregate._meta.db_table
AGG_COLUMNS = (
    "program, tahap, region_code, level, eligible, decided, paid, withdrawn, inclusion_errors, "
    "exclusion_errors, budget_amount, withdrawn_amount, si_days_sum, si_days_count, complaints, "
    "complaints_resolved, resolve_seconds_sum"
)


@dataclass
class RefreshResult:
    refreshed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    ledger: bool = False
    complaints: bool = False
    matching: bool = False


def _days_si_to_withdrawal() -> str:
    if connection.vendor == "postgresql":
        return "(withdrawn_at - CAST(si_at AS date))"
    return "CAST(julianday(withdrawn_at) - julianday(date(si_at)) AS INTEGER)"


def _seconds_to_resolve() -> str:
    if connection.vendor == "postgresql":
        return "CAST(EXTRACT(EPOCH FROM (resolved_at - created_at)) AS BIGINT)"
    return "CAST(ROUND((julianday(resolved_at) - julianday(created_at)) * 86400) AS INTEGER)"


def _bytewise(column: str) -> str:
    """Compare region codes byte by byte: PostgreSQL sorts and takes MAX of millions of codes
    per tahap, and a locale collation (even C.UTF-8) makes that sort ~4x slower. Codes are
    digits, so the order is the same."""
    if connection.vendor == "postgresql":
        return f'{column} COLLATE "C"'
    return column


def _utc(day: date) -> object:
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return connection.ops.adapt_datetimefield_value(moment)


def _current_runs() -> dict[date, int]:
    return dict(CurrentRun.objects.values_list("period", "run_id"))


def _reference_run(runs: dict[date, int], tahap: str) -> int | None:
    try:
        span = tahap_span(tahap)
    except TahapLabelError:
        return None
    inside = [period for period in runs if span.start <= period < span.end]
    return runs[max(inside)] if inside else None


def _sources(
    runs: dict[date, int], ledger: sources.Table | None, complaints: sources.Table | None
) -> dict[tuple[str, str], str]:
    """Every (program, tahap) with data, and a fingerprint of what its aggregates depend on."""
    found: dict[tuple[str, str], list[str]] = {}
    with connection.cursor() as cursor:
        if runs:
            ids = sorted(set(runs.values()))
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                "SELECT DISTINCT program, tahap FROM programs_decision "
                f"WHERE run_id IN ({marks}) AND eligible = %s AND tahap <> ''",
                [*ids, True],
            )
            for program, tahap in cursor.fetchall():
                found.setdefault((program, tahap), [])
        if ledger is not None:
            cursor.execute(
                # Status changes always set a date column (the ledger's check constraints), so
                # the date counts catch bulk updates that leave updated_at alone.
                # No COUNT(DISTINCT …): it sorts the whole ledger (7 of 8 s at 1M families).
                "SELECT program, tahap_label, COUNT(*), MAX(updated_at), SUM(amount), "
                "COUNT(si_at), COUNT(credited_at), COUNT(withdrawn_at), COUNT(failed_at), "
                "COUNT(returned_at), MAX(withdrawn_at) "
                f"FROM {ledger.name} GROUP BY program, tahap_label"
            )
            for program, tahap, *figures in cursor.fetchall():
                found.setdefault((program, tahap), []).append(
                    "L" + ":".join(str(f) for f in figures)
                )
        spans: dict[str, str] = {}
        for _, tahap in found:
            if complaints is None or tahap in spans:
                continue
            try:
                span = tahap_span(tahap)
            except TahapLabelError:
                continue
            cursor.execute(
                f"SELECT COUNT(*), MAX(updated_at) FROM {complaints.name} "
                "WHERE created_at >= %s AND created_at < %s",
                [_utc(span.start), _utc(span.end)],
            )
            count, latest = cursor.fetchone()
            spans[tahap] = f"C{count}:{latest}"
    return {
        key: hashlib.blake2b(
            "|".join([f"R{_reference_run(runs, key[1])}", *parts, spans.get(key[1], "")]).encode(),
            digest_size=20,
        ).hexdigest()
        for key, parts in found.items()
    }


def _family_rows(
    program: str, tahap: str, run_id: int | None, ledger: sources.Table | None
) -> tuple[str, list[object]]:
    """SELECT of one row per family (KK): the union of the tahap's eligible decisions and its
    ledger rows, grouped by KK, with the family's flags and rupiah."""
    parts: list[str] = []
    params: list[object] = []
    region = _bytewise("region_code")
    if run_id is not None:
        parts.append(
            f"SELECT kk, {region} AS region_code, "
            "CASE WHEN tahap = %s THEN 1 ELSE 0 END AS e, 1 AS ea, 0 AS l, 0 AS p, 0 AS w, "
            "0 AS budget, 0 AS wamt, 0 AS sidays, 0 AS sicnt "
            "FROM programs_decision WHERE run_id = %s AND program = %s AND eligible = %s"
        )
        params += [tahap, run_id, program, True]
    if ledger is not None:
        paid = ", ".join(f"'{s}'" for s in sources.PAID_STATUSES)
        done = f"status = '{sources.WITHDRAWN_STATUS}'"
        parts.append(
            f"SELECT kk, {region} AS region_code, 0 AS e, 0 AS ea, 1 AS l, "
            f"CASE WHEN status IN ({paid}) THEN 1 ELSE 0 END AS p, "
            f"CASE WHEN {done} THEN 1 ELSE 0 END AS w, amount AS budget, "
            f"CASE WHEN {done} THEN amount ELSE 0 END AS wamt, "
            f"CASE WHEN {done} THEN {_days_si_to_withdrawal()} ELSE 0 END AS sidays, "
            f"CASE WHEN {done} THEN 1 ELSE 0 END AS sicnt "
            f"FROM {ledger.name} WHERE program = %s AND tahap_label = %s"
        )
        params += [program, tahap]
    sql = (
        "SELECT kk, MAX(region_code) AS region_code, "
        "MAX(e) AS e, MAX(ea) AS ea, MAX(l) AS l, MAX(p) AS p, MAX(w) AS w, "
        "SUM(budget) AS budget, SUM(wamt) AS wamt, SUM(sidays) AS sidays, SUM(sicnt) AS sicnt "
        f"FROM ({' UNION ALL '.join(parts)}) AS u GROUP BY kk"
    )
    return sql, params


def _build_base_table(
    cursor: object,
    program: str,
    tahap: str,
    run_id: int | None,
    ledger: sources.Table | None,
    complaints: sources.Table | None,
) -> None:
    """The finest cells in ONE pass over the sources: per full region code (desa), the sums of
    the family flags and rupiah plus the tahap's complaints. Every level above is summed from
    these few rows (≈84k desa), not from the families again."""
    families, params = _family_rows(program, tahap, run_id, ledger)
    finest = f"SUBSTR(region_code, 1, {LEVEL_LENGTHS[-1]})"
    rows = (
        f"SELECT {finest} AS r, e, l, p, w, "
        "CASE WHEN p = 1 AND ea = 0 THEN 1 ELSE 0 END AS incl, "
        "CASE WHEN e = 1 AND l = 0 THEN 1 ELSE 0 END AS excl, "
        f"budget, wamt, sidays, sicnt, 0 AS c, 0 AS cr, 0 AS cs FROM ({families}) AS f"
    )
    if complaints is not None:
        span = tahap_span(tahap)
        rows += (
            f" UNION ALL SELECT {finest} AS r, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, "
            "CASE WHEN resolved_at IS NULL THEN 0 ELSE 1 END, "
            f"CASE WHEN resolved_at IS NULL THEN 0 ELSE {_seconds_to_resolve()} END "
            f"FROM {complaints.name} WHERE created_at >= %s AND created_at < %s"
        )
        params += [_utc(span.start), _utc(span.end)]
    cursor.execute(f"DROP TABLE IF EXISTS {BASE}")
    sums = ", ".join(f"SUM({c}) AS {c}" for c in BASE_COLUMNS)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {BASE} AS SELECT r, {sums} FROM ({rows}) AS x GROUP BY r",
        params,
    )


def _insert_levels(
    cursor: object,
    program: str,
    tahap: str,
    *,
    has_run: bool,
    ledger: bool,
    complaints: bool,
) -> None:
    def total(column: str, available: bool = True) -> str:
        return f"CAST(SUM({column}) AS BIGINT)" if available else "NULL"

    for length in LEVEL_LENGTHS:
        region = f"SUBSTR(r, 1, {length})"  # a literal: same text in SELECT and GROUP BY
        cursor.execute(
            f"INSERT INTO {AGG} ({AGG_COLUMNS}) SELECT %s, %s, {region}, {length}, "
            f"{total('e')}, {total('l', ledger)}, {total('p', ledger)}, {total('w', ledger)}, "
            f"{total('incl', ledger and has_run)}, {total('excl', ledger and has_run)}, "
            f"{total('budget', ledger)}, {total('wamt', ledger)}, "
            f"{total('sidays', ledger)}, {total('sicnt', ledger)}, "
            f"{total('c', complaints)}, {total('cr', complaints)}, {total('cs', complaints)} "
            f"FROM {BASE} GROUP BY {region}",
            [program, tahap],
        )


def _refresh_one(
    program: str,
    tahap: str,
    run_id: int | None,
    ledger: sources.Table | None,
    complaints: sources.Table | None,
) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The per-family grouping of a 10M-family tahap: hash in memory, not on disk.
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        IndicatorAggregate.objects.filter(program=program, tahap=tahap).delete()
        _build_base_table(cursor, program, tahap, run_id, ledger, complaints)
        _insert_levels(
            cursor,
            program,
            tahap,
            has_run=run_id is not None,
            ledger=ledger is not None,
            complaints=complaints is not None,
        )
        cursor.execute(f"DROP TABLE IF EXISTS {BASE}")


def _quality_fingerprint(matching: sources.MatchingCounts | None) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(updated_at), MAX(id) FROM registry_keluarga")
        families = cursor.fetchone()
        cursor.execute("SELECT COUNT(*), MAX(id) FROM registry_anggota")
        members = cursor.fetchone()
    links = None
    if matching is not None:
        links = (sorted((matching.unmatched or {}).items()), sorted(matching.open_pairs.items()))
        links = (matching.unmatched is None, *links)
    text = repr((families, members, links))
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def _refresh_quality(matching: sources.MatchingCounts | None) -> None:
    QualityAggregate.objects.all().delete()
    table = QualityAggregate._meta.db_table
    with connection.cursor() as cursor:
        for length in LEVEL_LENGTHS:
            region = f"SUBSTR(k.region_id, 1, {length})"
            cursor.execute(
                f"INSERT INTO {table} (region_code, level, families, members) "
                f"SELECT {region}, {length}, COUNT(*), CAST(SUM(m.n) AS BIGINT) "
                "FROM registry_keluarga k LEFT JOIN (SELECT keluarga_id, COUNT(*) AS n "
                "FROM registry_anggota GROUP BY keluarga_id) m ON m.keluarga_id = k.id "
                f"GROUP BY {region}"
            )
    if matching is None:
        return
    unmatched = _roll_up(matching.unmatched or {})
    pairs = _roll_up(matching.open_pairs)
    rows = {(q.level, q.region_code): q for q in QualityAggregate.objects.all()}
    for key in set(unmatched) | set(pairs):
        rows.setdefault(key, QualityAggregate(level=key[0], region_code=key[1]))
    for key, row in rows.items():
        row.unmatched_niks = unmatched.get(key, 0) if matching.unmatched is not None else None
        row.open_duplicate_pairs = pairs.get(key, 0)
    QualityAggregate.objects.bulk_create(
        [r for r in rows.values() if r.pk is None], batch_size=5000
    )
    QualityAggregate.objects.bulk_update(
        [r for r in rows.values() if r.pk is not None],
        ["unmatched_niks", "open_duplicate_pairs"],
        batch_size=5000,
    )


def _roll_up(counts: dict[str, int]) -> dict[tuple[int, str], int]:
    """Counts per region code added to every level at and above the code's own."""
    totals: dict[tuple[int, str], int] = {}
    for code, n in counts.items():
        for length in (L for L in LEVEL_LENGTHS if len(code) >= L):
            totals[(length, code[:length])] = totals.get((length, code[:length]), 0) + n
    return totals


class RefreshBusy(RuntimeError):
    """Another refresh is running (message in Bahasa Indonesia)."""


LOCK_KEY = 0x6A6172696E67  # "jaring": the PostgreSQL advisory lock of the refresh


@contextmanager
def _exclusive() -> Iterator[None]:
    """One refresh at a time. PostgreSQL: a session advisory lock (two concurrent refreshes
    would both delete and re-insert the same cells). SQLite serialises writers itself."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            raise RefreshBusy("Pembaruan agregat monitoring sedang berjalan; coba lagi nanti.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def aggregates_refresh(*, scope: AccessScope, force: bool = False) -> RefreshResult:
    """Bring every aggregate up to date. Only national (system or Kemensos) scopes may run it:
    aggregates are shared by every region, so a partial refresh would mislead other users."""
    if not scope.is_national:
        raise PermissionError("Hanya Kemensos atau sistem yang dapat memperbarui agregat.")
    with _exclusive():
        return _refresh_all(scope=scope, force=force)


def _refresh_all(*, scope: AccessScope, force: bool) -> RefreshResult:
    started = time.monotonic()
    ledger, complaints = sources.ledger_table(), sources.complaint_table()
    matching = sources.matching_counts()
    result = RefreshResult(
        ledger=ledger is not None, complaints=complaints is not None, matching=matching is not None
    )
    runs = _current_runs()
    wanted = _sources(runs, ledger, complaints)
    # The ("", "") state is the data-quality snapshot's, not a program's.
    states = {(s.program, s.tahap): s for s in RefreshState.objects.exclude(program="")}
    for (program, tahap), fingerprint in sorted(wanted.items()):
        state = states.get((program, tahap))
        if not force and state is not None and state.fingerprint == fingerprint:
            result.unchanged.append((program, tahap))
            continue
        one_started = time.monotonic()
        with transaction.atomic():
            _refresh_one(program, tahap, _reference_run(runs, tahap), ledger, complaints)
            RefreshState.objects.update_or_create(
                program=program,
                tahap=tahap,
                defaults={"fingerprint": fingerprint, "seconds": time.monotonic() - one_started},
            )
        result.refreshed.append((program, tahap))
    with transaction.atomic():
        for key in set(states) - set(wanted):
            IndicatorAggregate.objects.filter(program=key[0], tahap=key[1]).delete()
            RefreshState.objects.filter(program=key[0], tahap=key[1]).delete()
            result.removed.append(key)
        quality_print = _quality_fingerprint(matching)
        state = RefreshState.objects.filter(program="", tahap="").first()
        if force or state is None or state.fingerprint != quality_print:
            _refresh_quality(matching)
            RefreshState.objects.update_or_create(
                program="", tahap="", defaults={"fingerprint": quality_print}
            )
        result.seconds = time.monotonic() - started
        audit_record(
            scope=scope,
            change=Change(
                action="monitoring_refresh",
                object_type="monitoring.IndicatorAggregate",
                object_id="",
                after={
                    "refreshed": [f"{p} {t}" for p, t in result.refreshed],
                    "removed": [f"{p} {t}" for p, t in result.removed],
                    "unchanged": len(result.unchanged),
                },
                note="Pembaruan agregat monitoring",
            ),
        )
    return result
