"""Coded reasons of the batch output and their expansion to the Indonesian messages.

The national batch writes each reason as `{"code": …}` (a member's reason also carries its
`"nik"`); the code → message table of every program travels in the key-value metadata of
decisions.parquet itself. Whoever loads or prints the decisions expands them with
`expanded_select` (SQL over the file, used by the loader) or `expand` (one row in Python): each
`{"code":"X"` becomes `{"code":"X","message":"…"`, which is exactly the object the single-family
path (`assess`, the explanation page) builds. A file without the table passes through as it is.

Likewise an eligible person's `components` (person programs, listed in the metadata) is written
as the bare component code and rebuilt as `[{"nik":…,"component":…,"annual_amount":…,
"amount_per_tahap":…}]` from the row's own columns. A family program's components (PKH) are
written as `component_codes`, a list of NIK * 16 + the component's index in position order,
with `components` '[]'; the metadata lists each such program's components (code, annual
amount), and the expansion rebuilds the same JSON list (per tahap: amount // tahap_per_year).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from jaring.engine.compiler import json_escape, lit

METADATA_KEY = b"jaring.reason_messages"
PERSONS_KEY = b"jaring.coded_person_components"
FAMILY_KEY = b"jaring.coded_family_components"
CODE_BASE = 16  # as `sql_programs.CODE_BASE`
Families = dict[str, list[list]]  # program -> [[component code, annual amount], ...] by index
Table = dict[str, dict[str, str]]  # program -> reason code -> message


def metadata(
    messages: Table, person_programs: list[str] | None = None, families: Families | None = None
) -> dict[bytes, bytes]:
    """Schema metadata carrying the message table (sorted, so equal plans give equal files),
    the person programs whose components are coded and the coded family components."""
    ordered = {p: dict(sorted(codes.items())) for p, codes in sorted(messages.items())}
    meta = {METADATA_KEY: json.dumps(ordered, ensure_ascii=False).encode()}
    if person_programs is not None:
        meta[PERSONS_KEY] = json.dumps(sorted(person_programs)).encode()
    if families is not None:
        meta[FAMILY_KEY] = json.dumps(dict(sorted(families.items())), ensure_ascii=False).encode()
    return meta


def family_components_of(path: Path) -> Families | None:
    raw = (pq.read_schema(path).metadata or {}).get(FAMILY_KEY)
    return json.loads(raw) if raw is not None else None


def person_programs_of(path: Path) -> list[str] | None:
    raw = (pq.read_schema(path).metadata or {}).get(PERSONS_KEY)
    return json.loads(raw) if raw is not None else None


def expand_components(
    row: dict, persons: list[str] | None, families: Families | None = None
) -> str:
    """One row's components with a coded person or family component list rebuilt (Python twin
    of the SQL)."""
    if families and row.get("component_codes") is not None:
        table = families[row["program"]]
        items = []
        for value in row["component_codes"]:
            code, amount = table[value % CODE_BASE]
            nik = str(value // CODE_BASE).zfill(16)
            per_tahap = amount // row["tahap_per_year"]
            items.append(
                f'{{"nik":"{nik}","component":"{code}","annual_amount":{amount},'
                f'"amount_per_tahap":{per_tahap}}}'
            )
        return "[" + ",".join(items) + "]"
    text = row["components"]
    if not persons or row["program"] not in persons or text == "[]":
        return text
    nik = (row["nik"] or "").replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'[{{"nik":"{nik}","component":"{text}","annual_amount":{row["annual_amount"]},'
        f'"amount_per_tahap":{row["amount_per_tahap"]}}}]'
    )


def expand_family_components_sql(families: Families) -> str:
    """`components` of the rows with `component_codes`: the JSON list the single path builds
    (a chosen member's NIK is 16 digits, so it needs no escaping)."""
    arms = []
    for program, table in sorted(families.items()):
        codes = "[" + ", ".join(lit(code) for code, _ in table) + "]"
        amounts = "[" + ", ".join(str(int(amount)) for _, amount in table) + "]"
        at = f"c % {CODE_BASE} + 1"
        item = (
            f"concat('{{\"nik\":\"', lpad(CAST(c // {CODE_BASE} AS VARCHAR), 16, '0'), "
            f'\'","component":"\', {codes}[{at}], \'","annual_amount":\', '
            f"CAST({amounts}[{at}] AS VARCHAR), ',\"amount_per_tahap\":', "
            f"CAST({amounts}[{at}] // tahap_per_year AS VARCHAR), '}}')"
        )
        arms.append(
            f"WHEN program = {lit(program)} THEN concat('[', "
            f"array_to_string(list_transform(component_codes, lambda c: {item}), ','), ']')"
        )
    return f"CASE {' '.join(arms)} END"


def expand_components_sql(persons: list[str], families: Families | None = None) -> str:
    family = ""
    if families:
        family = f"WHEN component_codes IS NOT NULL THEN {expand_family_components_sql(families)} "
    if not persons:
        return f"CASE {family}ELSE components END" if family else "components"
    programs = ", ".join(lit(p) for p in persons)
    nik = json_escape("COALESCE(nik, '')")  # as the single path escapes it
    return (
        f"CASE {family}WHEN program IN ({programs}) AND components <> '[]' THEN "
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
    families = family_components_of(Path(path))
    replace = []
    if messages:
        replace.append(f"{expand_sql(messages)} AS reasons")
    if persons or families:
        replace.append(f"{expand_components_sql(persons or [], families)} AS components")
    exclude = " EXCLUDE (component_codes)" if families is not None else ""
    if not replace:
        return f"SELECT *{exclude} FROM {source}"
    return f"SELECT *{exclude} REPLACE ({', '.join(replace)}) FROM {source}"
