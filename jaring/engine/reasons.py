"""Coded reasons of the batch output and their expansion to the Indonesian messages.

The national batch writes each reason as `{"code": …}` (a member's reason also carries its
`"nik"`); the code → message table of every program travels in the key-value metadata of
decisions.parquet itself. Whoever loads or prints the decisions expands them with
`expanded_select` (SQL over the file, used by the loader) or `expand` (one row in Python): each
`{"code":"X"` becomes `{"code":"X","message":"…"`, which is exactly the object the single-family
path (`assess`, the explanation page) builds. A file without the table passes through as it is.

Likewise an eligible person's `components` (person programs, listed in the metadata) is written
as the bare component code and rebuilt as `[{"nik":…,"component":…,"annual_amount":…,
"amount_per_tahap":…}]` from the row's own columns.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from jaring.engine.compiler import json_escape, lit

METADATA_KEY = b"jaring.reason_messages"
PERSONS_KEY = b"jaring.coded_person_components"
Table = dict[str, dict[str, str]]  # program -> reason code -> message


def metadata(messages: Table, person_programs: list[str] | None = None) -> dict[bytes, bytes]:
    """Schema metadata carrying the message table (sorted, so equal plans give equal files)
    and the person programs whose components are coded."""
    ordered = {p: dict(sorted(codes.items())) for p, codes in sorted(messages.items())}
    meta = {METADATA_KEY: json.dumps(ordered, ensure_ascii=False).encode()}
    if person_programs is not None:
        meta[PERSONS_KEY] = json.dumps(sorted(person_programs)).encode()
    return meta


def person_programs_of(path: Path) -> list[str] | None:
    raw = (pq.read_schema(path).metadata or {}).get(PERSONS_KEY)
    return json.loads(raw) if raw is not None else None


def expand_components(row: dict, persons: list[str] | None) -> str:
    """One row's components with a coded person component rebuilt (Python twin of the SQL)."""
    text = row["components"]
    if not persons or row["program"] not in persons or text == "[]":
        return text
    nik = (row["nik"] or "").replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'[{{"nik":"{nik}","component":"{text}","annual_amount":{row["annual_amount"]},'
        f'"amount_per_tahap":{row["amount_per_tahap"]}}}]'
    )


def expand_components_sql(persons: list[str]) -> str:
    programs = ", ".join(lit(p) for p in persons)
    nik = json_escape("COALESCE(nik, '')")  # as the single path escapes it
    return (
        f"CASE WHEN program IN ({programs}) AND components <> '[]' THEN "
        f'concat(\'[{{"nik":"\', {nik}, \'","component":"\', components, '
        '\'","annual_amount":\', CAST(annual_amount AS VARCHAR), '
        "',\"amount_per_tahap\":', CAST(amount_per_tahap AS VARCHAR), '}]') "
        "ELSE components END"
    )


def messages_of(path: Path) -> Table | None:
    """The message table stored in a decisions file, or None (a file with full messages)."""
    meta = pq.read_schema(path).metadata or {}
    raw = meta.get(METADATA_KEY)
    return json.loads(raw) if raw is not None else None


def _pairs(codes: dict[str, str]) -> list[tuple[str, str]]:
    """(coded prefix, expanded prefix) per code. The prefix ends at the code's closing quote,
    so one code never matches the start of a longer one; a NIK inside a reason is JSON-escaped
    and cannot contain an unescaped `{"code":"`."""
    pairs = []
    for code, message in sorted(codes.items()):
        coded = '{"code":' + json.dumps(code, ensure_ascii=False)
        pairs.append((coded, coded + ',"message":' + json.dumps(message, ensure_ascii=False)))
    return pairs


def expand(program: str, reasons: str, messages: Table | None) -> str:
    """One row's reasons (JSON text) with the messages put back."""
    if not messages:
        return reasons
    for coded, full in _pairs(messages.get(program, {})):
        reasons = reasons.replace(coded, full)
    return reasons


def expand_sql(messages: Table, reasons: str = "reasons", program: str = "program") -> str:
    """SQL (DuckDB) for the same expansion over a column of rows."""
    arms = []
    for code, codes in sorted(messages.items()):
        expr = reasons
        for coded, full in _pairs(codes):
            expr = f"replace({expr}, {lit(coded)}, {lit(full)})"
        if expr != reasons:
            arms.append(f"WHEN {program} = {lit(code)} THEN {expr}")
    if not arms:
        return reasons
    return f"CASE WHEN {reasons} = '[]' THEN {reasons} {' '.join(arms)} ELSE {reasons} END"


def expanded_select(path: Path) -> str:
    """SELECT over a decisions file with every reason's message in place."""
    source = f"read_parquet({lit(Path(path).as_posix())})"
    messages = messages_of(Path(path))
    persons = person_programs_of(Path(path))
    replace = []
    if messages:
        replace.append(f"{expand_sql(messages)} AS reasons")
    if persons:
        replace.append(f"{expand_components_sql(persons)} AS components")
    if not replace:
        return f"SELECT * FROM {source}"
    return f"SELECT * REPLACE ({', '.join(replace)}) FROM {source}"
