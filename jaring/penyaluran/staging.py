"""Staging a response file's lines in a temporary work table, checked and typed.

The work table `penyaluran_stage` lives only inside the import's transaction (a TEMP table: no
WAL, no indexes to maintain, dropped at commit or with a killed session). It holds one typed row
per data line, with its line number; classification then happens on it in set-based SQL.

Two ways to fill it:

* **PostgreSQL, fast path** — the raw file lines go to the server as they are, with
  `COPY … FROM STDIN (FORMAT csv)` into a text-only TEMP table, in the column order of the
  file's header; one SQL pass checks every line, and one INSERT … SELECT types them. Taken only
  when the outcome is certain: the header is exactly the layout, every data line is one CSV
  record (no quoted line breaks, no blank lines: the line number is then the record number),
  and every line passes the checks. Anything else — a malformed line, a COPY error, an exotic
  file — falls back to:
* **the reference path** (SQLite always) — Python reads the file with `csv`, checks every line
  (`response_file.parse_line`) and writes the good ones to the work table. It yields the
  line-numbered report of a rejected file, so a file is rejected with the same report whichever
  path saw it first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import BinaryIO

import psycopg
from django.db import DatabaseError, transaction

from jaring.penyaluran import db
from jaring.penyaluran.layouts import RESPONSE_COLUMNS, RESPONSE_STATUSES
from jaring.penyaluran.models import Payment, ResponseRow
from jaring.penyaluran.response_file import HashingReader, staged_rows

STAGE = "penyaluran_stage"
RAW = "penyaluran_stage_raw"
CHUNK = 1 << 20
TYPED_COLUMNS = ("line", "reference", "status", "amount", "event_date", "reason_code", "reason",
                 "place", "account_number", "card_number")  # fmt: skip
Progress = Callable[[str, float], None]
Outcome = ResponseRow.Outcome
# Characters Python's str.strip() removes that matter in practice (see _checked_sql).
_WS = r"E' \t\r\n\v\f'"


def create_stage() -> None:
    """The typed work table of this import (dropped at commit on PostgreSQL, here on SQLite)."""
    db.bulk_session()
    db.execute(f"DROP TABLE IF EXISTS {STAGE}")
    on_commit = " ON COMMIT DROP" if db.is_postgresql() else ""
    db.execute(
        f"""CREATE TEMP TABLE {STAGE} (
                line INTEGER NOT NULL, reference VARCHAR(32) NOT NULL,
                status VARCHAR(20) NOT NULL, amount BIGINT NOT NULL, event_date DATE NOT NULL,
                reason_code VARCHAR(20) NOT NULL, reason VARCHAR(200) NOT NULL,
                place VARCHAR(200) NOT NULL, account_number VARCHAR(20) NOT NULL,
                card_number VARCHAR(20) NOT NULL, payment_id BIGINT, outcome VARCHAR(20) NOT NULL
                DEFAULT '', note VARCHAR(200) NOT NULL DEFAULT ''){on_commit}"""
    )


def drop_stage() -> None:
    db.execute(f"DROP TABLE IF EXISTS {STAGE}")


class _Doubt(Exception):
    """The fast path cannot vouch for this file; the reference path decides."""


def common_classification(channel: str, status: str, amount: str) -> tuple[str, str, list[str]]:
    """SQL of the outcome and note every line gets from its payment `p` alone (unknown
    reference, another penyalur's payment, an amount that differs; '' = not decided yet), given
    the line's status and amount expressions; with its parameters (outcome, then note)."""
    other = "p.channel <> %s"
    differs = f"{status} <> 'REKENING_DIBUKA' AND p.amount <> {amount}"
    outcome = (
        f"CASE WHEN p.id IS NULL THEN %s WHEN {other} THEN %s WHEN {differs} THEN %s ELSE '' END"
    )
    note = (
        f"CASE WHEN p.id IS NULL THEN '' WHEN {other} THEN p.channel "
        f"WHEN {differs} THEN CAST(p.amount AS VARCHAR(20)) ELSE '' END"
    )
    return outcome, note, [Outcome.UNKNOWN, channel, Outcome.OTHER_CHANNEL, Outcome.AMOUNT, channel]


def stage_file(
    stream: BinaryIO,
    errors: list[tuple[int, str]],
    progress: Progress | None = None,
    size: int | None = None,
    channel: str = "",
) -> tuple[int, str, bool]:
    """Fill the work table; returns (data lines, SHA-256 of the file's bytes, fast path taken).

    Problems go to `errors` (line, message); the caller rejects the file when there is any. The
    fast path also classifies every line against its payment (`common_classification`) in the
    same statement; after the reference path the caller does it.
    """
    create_stage()
    if db.is_postgresql() and stream.seekable():
        start = stream.tell()
        try:
            with transaction.atomic():  # a savepoint: a failed COPY leaves the import usable
                return (*_stage_pg_copy(stream, progress, size, channel), True)
        except (_Doubt, DatabaseError, psycopg.Error, UnicodeDecodeError, csv.Error):
            stream.seek(start)
    return (*_stage_python(stream, errors, progress, size), False)


def _report(progress: Progress | None, done: int, size: int | None) -> None:
    if progress and size:
        progress("Membaca berkas", min(done / size, 1.0))


def _stage_python(
    stream: BinaryIO, errors: list[tuple[int, str]], progress: Progress | None, size: int | None
) -> tuple[int, str]:
    reader = HashingReader(stream, on_read=lambda n: _report(progress, n, size))
    handle = io.TextIOWrapper(io.BufferedReader(reader, CHUNK), encoding="utf-8-sig", newline="")
    counter = [0]
    try:
        db.copy_rows(STAGE, TYPED_COLUMNS, staged_rows(handle, errors, counter))
    except UnicodeDecodeError:
        errors.append((0, "berkas bukan teks UTF-8"))
    except csv.Error as error:
        errors.append((0, f"CSV rusak: {error}"))
    return counter[0], reader.digest.hexdigest()


def _stage_pg_copy(
    stream: BinaryIO, progress: Progress | None, size: int | None, channel: str
) -> tuple[int, str]:
    reader = HashingReader(stream)
    first = reader.read_chunk(CHUNK)
    newline = first.find(b"\n")
    if newline < 0:
        raise _Doubt
    header_text = first[:newline].decode("utf-8-sig")
    header = next(csv.reader([header_text]))
    header = [h.strip().lower() for h in header]
    if sorted(header) != sorted(RESPONSE_COLUMNS) or '"' in header_text:
        raise _Doubt
    text = ", ".join(f"{c} TEXT" for c in RESPONSE_COLUMNS)
    db.execute(f"DROP TABLE IF EXISTS {RAW}")
    db.execute(
        f"CREATE TEMP TABLE {RAW} (n BIGINT GENERATED ALWAYS AS IDENTITY, {text}) ON COMMIT DROP"
    )
    lines = 0
    done = len(first)
    last_byte = b"\n"
    with db.connection.cursor() as cursor:
        copy_sql = f"COPY {RAW} ({', '.join(header)}) FROM STDIN (FORMAT csv, ENCODING 'UTF8')"
        with cursor.cursor.copy(copy_sql) as copy:
            chunk = first[newline + 1 :]
            while chunk:
                lines += chunk.count(b"\n")
                last_byte = chunk[-1:]
                copy.write(chunk)
                _report(progress, done, size)
                chunk = reader.read_chunk(CHUNK)
                done += len(chunk)
        records = cursor.rowcount
    if last_byte != b"\n":
        lines += 1
    if records != lines or records == 0:
        raise _Doubt  # blank lines or quoted line breaks: line numbers need the reference path
    if db.fetch(f"SELECT 1 FROM {RAW} WHERE NOT ({_checked_sql()}) LIMIT 1"):
        raise _Doubt  # some line has a problem: the reference path writes the report
    t = {c: f"btrim(COALESCE(r.{c}, ''), {_WS})" for c in RESPONSE_COLUMNS}
    outcome, note, params = common_classification(
        channel, f"upper({t['status']})", f"CAST({t['nominal']} AS BIGINT)"
    )
    db.execute(
        f"""INSERT INTO {STAGE} ({", ".join(TYPED_COLUMNS)}, payment_id, outcome, note)
            SELECT r.n + 1, {t["referensi"]}, upper({t["status"]}), CAST({t["nominal"]} AS BIGINT),
                   CAST({t["tanggal"]} AS DATE), {t["kode_alasan"]}, {t["alasan"]},
                   {t["tempat"]}, {t["no_rekening"]}, {t["no_kks"]}, p.id, {outcome}, {note}
            FROM {RAW} r LEFT JOIN {Payment._meta.db_table} p ON p.reference = {t["referensi"]}
            ORDER BY r.n""",
        params,
    )  # a calendar-impossible date raises here: the reference path then reports it
    db.execute(f"DROP TABLE {RAW}")
    return records, reader.digest.hexdigest()


def _checked_sql() -> str:
    """A line surely good by the rules of response_file.parse_line (stricter where unsure)."""
    t = {c: f"btrim(COALESCE({c}, ''), {_WS})" for c in RESPONSE_COLUMNS}
    statuses = ", ".join(f"'{s}'" for s in RESPONSE_STATUSES)
    return f"""{t["referensi"]} ~ '^[!-~]{{1,32}}$'
        AND upper({t["status"]}) IN ({statuses})
        AND {t["nominal"]} ~ '^[0-9]{{1,15}}$'
        AND {t["tanggal"]} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' AND {t["tanggal"]} > '0000'
        AND (upper({t["status"]}) <> 'GAGAL' OR {t["kode_alasan"]} <> '')
        AND (upper({t["status"]}) <> 'DICAIRKAN' OR {t["tempat"]} <> '')
        AND (upper({t["status"]}) <> 'REKENING_DIBUKA'
             OR ({t["no_rekening"]} ~ '^[0-9]+$' AND {t["no_kks"]} ~ '^[0-9]+$'))
        AND length({t["kode_alasan"]}) <= 20 AND length({t["alasan"]}) <= 200
        AND length({t["tempat"]}) <= 200 AND length({t["no_rekening"]}) <= 20
        AND length({t["no_kks"]}) <= 20"""
