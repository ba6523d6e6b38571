"""Coded reasons and components of the batch output, and their expansion to the JSON texts.

The national batch writes reasons as integers (`compiler.CodedReasons`): `reason_mask`, one
bit per reason of the family or person itself (bit k is the program's slot k), and
`reason_codes`, a member's reasons in position order (NIK * 64 + index into the program's
member codes, or -(index + 1) with the NIK's text in `reason_niks`). The slots, member codes
and every code's Indonesian message travel in the key-value metadata of decisions.parquet
itself. Whoever loads or prints the decisions expands them with `expanded_select` (SQL over
the file, used by the loader) or `expand_reasons` (one row in Python) into the `reasons` JSON
list that the single-family path (`assess`, the explanation page) builds, byte for byte.

Likewise an eligible person's `components` (person programs, listed in the metadata) is written
as the bare component code and rebuilt as `[{"nik":…,"component":…,"annual_amount":…,
"amount_per_tahap":…}]` from the row's own columns. A family program's components (PKH) are
written as `component_codes`, a list of NIK * 16 + the component's index in position order,
with `components` '[]'; the metadata lists each such program's components (code, annual
amount), and the expansion rebuilds the same JSON list (per tahap: amount // tahap_per_year).
A file without these tables passes through as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from jaring.engine.compiler import REASON_BASE, CodedReasons, json_escape, lit

METADATA_KEY = b"jaring.reason_messages"
CODES_KEY = b"jaring.reason_codes"
PERSONS_KEY = b"jaring.coded_person_components"
FAMILY_KEY = b"jaring.coded_family_components"
CODE_BASE = 16  # as `sql_programs.CODE_BASE`
Families = dict[str, list[list]]  # program -> [[component code, annual amount], ...] by index
Table = dict[str, dict[str, str]]  # program -> reason code -> message
Codes = dict[str, dict[str, list[str]]]  # program -> {"slots": [code, ...], "member": [...]}


def metadata(
    coded: dict[str, CodedReasons],
    person_programs: list[str] | None = None,
    families: Families | None = None,
) -> dict[bytes, bytes]:
    """Schema metadata carrying the reason codes and messages (sorted, so equal plans give
    equal files), the person programs whose components are coded and the coded family
    components."""
    meta = {}
    if coded:
        messages = {p: dict(sorted(c.messages.items())) for p, c in sorted(coded.items())}
        codes = {p: {"slots": c.slots, "member": c.member} for p, c in sorted(coded.items())}
        meta[METADATA_KEY] = json.dumps(messages, ensure_ascii=False).encode()
        meta[CODES_KEY] = json.dumps(codes, ensure_ascii=False).encode()
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
    nik = _nik_text(row["nik"] or "")
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
    raw = (pq.read_schema(path).metadata or {}).get(METADATA_KEY)
    return json.loads(raw) if raw is not None else None


def codes_of(path: Path) -> Codes | None:
    raw = (pq.read_schema(path).metadata or {}).get(CODES_KEY)
    return json.loads(raw) if raw is not None else None


def _reason_object(code: str, message: str) -> str:
    """The single path's JSON object of a reason (`compiler.reason_json`), as text."""
    return json.dumps({"code": code, "message": message}, ensure_ascii=False, separators=(",", ":"))


def _nik_text(nik: str) -> str:
    return nik.replace("\\", "\\\\").replace('"', '\\"')  # as `compiler.json_escape`


def expand_reasons(row: dict, messages: Table, codes: Codes) -> str:
    """One row's `reasons` JSON list rebuilt from its coded columns (Python twin of the SQL)."""
    table, texts = codes[row["program"]], messages[row["program"]]
    mask = row["reason_mask"]
    items = [_reason_object(c, texts[c]) for k, c in enumerate(table["slots"]) if mask >> k & 1]
    odd = iter(row["reason_niks"] or [])
    for value in row["reason_codes"] or []:
        if value >= 0:
            index, nik = value % REASON_BASE, str(value // REASON_BASE).zfill(16)
        else:
            index, nik = -value - 1, _nik_text(next(odd))
        code = table["member"][index]
        items.append(_reason_object(code, texts[code])[:-1] + f',"nik":"{nik}"}}')
    return "[" + ",".join(items) + "]"


def reasons_sql(messages: Table, codes: Codes) -> str:
    """SQL (DuckDB) for the same expansion over the rows of a decisions file."""
    arms = []
    for program, table in sorted(codes.items()):
        texts = messages[program]
        items = [
            f"CASE WHEN reason_mask & {1 << k} <> 0 THEN {lit(_reason_object(c, texts[c]))} END"
            for k, c in enumerate(table["slots"])
        ]
        if table["member"]:
            heads = ", ".join(lit(_reason_object(c, texts[c])[:-1]) for c in table["member"])
            index = f"CASE WHEN c >= 0 THEN c % {REASON_BASE} ELSE -c - 1 END + 1"
            odd = json_escape("reason_niks[len(list_filter(reason_codes[1:i], lambda x: x < 0))]")
            nik = f"CASE WHEN c >= 0 THEN lpad(CAST(c // {REASON_BASE} AS VARCHAR), 16, '0') "
            nik += f"ELSE {odd} END"
            item = f"concat([{heads}][{index}], ',\"nik\":\"', {nik}, '\"}}')"
            items.append(f"array_to_string(list_transform(reason_codes, lambda c, i: {item}), ',')")
        listed = f"concat('[', concat_ws(',', {', '.join(items)}), ']')"
        arms.append(f"WHEN program = {lit(program)} THEN {listed}")
    no_reasons = "reason_mask = 0 AND reason_codes IS NULL"
    return f"CASE WHEN {no_reasons} THEN '[]' {' '.join(arms)} END"


def expanded_select(path: Path) -> str:
    """SELECT over a decisions file with its reasons and components as JSON text."""
    source = f"read_parquet({lit(Path(path).as_posix())})"
    codes = codes_of(Path(path))
    persons = person_programs_of(Path(path))
    families = family_components_of(Path(path))
    exclude, replace, reasons = [], [], ""
    if codes is not None:
        exclude += ["reason_mask", "reason_codes", "reason_niks"]
        reasons = f", {reasons_sql(messages_of(Path(path)) or {}, codes)} AS reasons"
    if families is not None:
        exclude.append("component_codes")
    if persons or families:
        replace.append(f"{expand_components_sql(persons or [], families)} AS components")
    columns = "*"
    if exclude:
        columns += f" EXCLUDE ({', '.join(exclude)})"
    if replace:
        columns += f" REPLACE ({', '.join(replace)})"
    return f"SELECT {columns}{reasons} FROM {source}"
