"""Coded reasons and components of the batch output, and their expansion to the JSON texts.

The national batch writes reasons and components as integers (`compiler.CodedReasons`):
`reason_mask` has one bit per reason of the family or person itself (bit k is the program's
slot k), and a family's `member_items` lists, in position order, each member's chosen
component or member reason (`sql_programs.member_items`: NIK * 128 + kind, kinds 0-15 being
the component's index and 16 up the member reason's; or -(reason index + 1) with the NIK's
text beside it). An eligible person's `components` (person programs) is the bare component
code, rebuilt from the row's own NIK and amounts. The slots, member codes, component tables
and every code's Indonesian message travel in the key-value metadata of decisions.parquet
itself. Whoever loads or prints the decisions expands them with `expanded_select` (SQL over
the file, used by the loader) or `expand_row` (one row in Python) into the `reasons` and
`components` JSON lists that the single-family path (`assess`, the explanation page) builds,
byte for byte. A file without these tables passes through as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from jaring.engine.compiler import (
    COMPONENT_CODES,
    MEMBER_BASE,
    CodedReasons,
    channel_case,
    json_escape,
    lit,
)

METADATA_KEY = b"jaring.reason_messages"
CODES_KEY = b"jaring.reason_codes"
PERSONS_KEY = b"jaring.coded_person_components"
FAMILY_KEY = b"jaring.coded_family_components"
PERSON_COLUMNS_KEY = b"jaring.person_columns"
# The per-program rows in a coded file: what `expanded_select` expands (person rows, one per
# member for all person programs, are first made into these by `coded_rows_sql`).
CODED_ROW = (
    "kk",
    "nik_code",
    "nik_odd",
    "region",
    "program",
    "eligible",
    "tahap",
    "tahap_per_year",
    "annual_amount",
    "amount_per_tahap",
    "reason_mask",
    "member_items",
    "components",
)
CODED_COLUMNS = ("reason_mask", "member_items", "nik_code", "nik_odd")
# A person's NIK in a coded file: its 16 digits as a BIGINT, or the text when not 16 digits.
NIK_SQL = "COALESCE(lpad(CAST(nik_code AS VARCHAR), 16, '0'), nik_odd)"
Families = dict[str, list[list]]  # program -> [[component code, annual amount], ...] by index
Table = dict[str, dict[str, str]]  # program -> reason code -> message
Codes = dict[str, dict[str, list[str]]]  # program -> {"slots": [code, ...], "member": [...]}
# program -> {"components": [[code, annual], ...], "tpy": {channel: n}, "tpy_default": n,
#             "tahap": {str(n): label}}  (`sql_output.person_columns`)
Persons = dict[str, dict]


def metadata(
    coded: dict[str, CodedReasons],
    person_programs: list[str] | None = None,
    families: Families | None = None,
    person_columns: Persons | None = None,
) -> dict[bytes, bytes]:
    """Schema metadata carrying the reason codes and messages (sorted, so equal plans give
    equal files), the person programs whose components are coded, the coded family
    components and the person programs' columns (one row per person)."""
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
    if person_columns:
        meta[PERSON_COLUMNS_KEY] = json.dumps(
            dict(sorted(person_columns.items())), ensure_ascii=False
        ).encode()
    return meta


def _meta(path: Path, key: bytes) -> object | None:
    raw = (pq.read_schema(path).metadata or {}).get(key)
    return json.loads(raw) if raw is not None else None


def messages_of(path: Path) -> Table | None:
    return _meta(path, METADATA_KEY)  # type: ignore[return-value]


def codes_of(path: Path) -> Codes | None:
    return _meta(path, CODES_KEY)  # type: ignore[return-value]


def family_components_of(path: Path) -> Families | None:
    return _meta(path, FAMILY_KEY)  # type: ignore[return-value]


def person_programs_of(path: Path) -> list[str] | None:
    return _meta(path, PERSONS_KEY)  # type: ignore[return-value]


def person_columns_of(path: Path) -> Persons | None:
    return _meta(path, PERSON_COLUMNS_KEY)  # type: ignore[return-value]


def person_tpy(spec: dict, channel: str | None) -> int:
    """A person program's tahap per year for the family's channel (`schedule_case`)."""
    return spec["tpy"].get(channel, spec["tpy_default"])


def _component_lists(table: list[list]) -> tuple[str, str]:
    """SQL list literals of a component table's codes and annual amounts, by index."""
    codes = "[" + ", ".join(lit(code) for code, _ in table) + "]"
    amounts = "[" + ", ".join(str(int(amount)) for _, amount in table) + "]"
    return codes, amounts


def _program_of_person_rows(source: str, program: str, spec: dict) -> str:
    """One person program's coded rows from the file's person rows (SQL)."""
    c, named, default = program.lower(), spec["tpy"], spec["tpy_default"]
    tpy = channel_case("channel", {k: str(t) for k, t in named.items()}, str(default))
    labels = {k: lit(spec["tahap"][str(t)]) for k, t in named.items()}
    tahap = channel_case("channel", labels, lit(spec["tahap"][str(default)]))
    codes, amounts = _component_lists(spec["components"])
    annual = f"{amounts}[{c}__comp + 1]"
    return (
        f"SELECT kk, nik_code, nik_odd, region, {lit(program)} AS program, "
        f"{c}__comp IS NOT NULL AS eligible, {tahap} AS tahap, "
        f"CAST({tpy} AS TINYINT) AS tahap_per_year, "
        f"CAST(COALESCE({annual}, 0) AS BIGINT) AS annual_amount, "
        f"CAST(COALESCE({annual} // {tpy}, 0) AS BIGINT) AS amount_per_tahap, "
        f"{c}__mask AS reason_mask, member_items, "
        f"COALESCE({codes}[{c}__comp + 1], '[]') AS components "
        f"FROM {source} WHERE program IS NULL AND {c}__mask IS NOT NULL"
    )


def coded_rows_sql(source: str, persons: Persons) -> str:
    """The file's rows as one row per program and family or person (`CODED_ROW`): the
    family rows as they are, each person row once per person program that targets it. Each
    branch reads the file itself: DuckDB would materialise a shared CTE, every column of it."""
    family = f"SELECT {', '.join(CODED_ROW)} FROM {source} WHERE program IS NOT NULL"
    parts = [family]
    parts += [_program_of_person_rows(source, p, spec) for p, spec in sorted(persons.items())]
    return "\nUNION ALL\n".join(parts)


def coded_rows(row: dict, persons: Persons | None) -> list[dict]:
    """`coded_rows_sql` for one row of the file, in Python."""
    if not persons or row.get("program") is not None:
        return [row]
    rows = []
    for program, spec in sorted(persons.items()):
        c = program.lower()
        if row[f"{c}__mask"] is None:
            continue
        tpy = person_tpy(spec, row["channel"])
        index = row[f"{c}__comp"]
        code, annual = spec["components"][index] if index is not None else ("[]", 0)
        rows.append(
            {
                **{k: row[k] for k in ("kk", "nik_code", "nik_odd", "region")},
                "program": program,
                "eligible": index is not None,
                "tahap": spec["tahap"][str(tpy)],
                "tahap_per_year": tpy,
                "annual_amount": annual,
                "amount_per_tahap": annual // tpy,
                "reason_mask": row[f"{c}__mask"],
                "member_items": None,
                "components": code,
            }
        )
    return rows


def _reason_object(code: str, message: str) -> str:
    """The single path's JSON object of a reason (`compiler.reason_json`), as text."""
    return json.dumps({"code": code, "message": message}, ensure_ascii=False, separators=(",", ":"))


def _nik_text(nik: str) -> str:
    return nik.replace("\\", "\\\\").replace('"', '\\"')  # as `compiler.json_escape`


def _component_object(nik: str, code: str, annual: int, per_tahap: int) -> str:
    return (
        f'{{"nik":"{nik}","component":"{code}","annual_amount":{annual},'
        f'"amount_per_tahap":{per_tahap}}}'
    )


def expand_row(
    row: dict,
    messages: Table | None,
    codes: Codes | None,
    persons: list[str] | None = None,
    families: Families | None = None,
) -> dict[str, str | None]:
    """One coded row's `nik`, `reasons` and `components` texts (the Python twin of the SQL)."""
    program, items = row["program"], row.get("member_items") or []
    person = row.get("nik")
    reasons, components = [], []
    if codes is not None:
        code = row["nik_code"]
        person = str(code).zfill(16) if code is not None else row["nik_odd"]
        table, texts = codes[program], (messages or {})[program]
        mask = row["reason_mask"]
        reasons = [
            _reason_object(c, texts[c]) for k, c in enumerate(table["slots"]) if mask >> k & 1
        ]
    for item in items:
        value = item["c"]
        kind = value % MEMBER_BASE if value >= 0 else -value - 1 + COMPONENT_CODES
        nik = str(value // MEMBER_BASE).zfill(16) if value >= 0 else _nik_text(item["n"])
        if kind < COMPONENT_CODES:
            code, amount = (families or {})[program][kind]
            per_tahap = amount // row["tahap_per_year"]
            components.append(_component_object(nik, code, amount, per_tahap))
        else:
            code = table["member"][kind - COMPONENT_CODES]
            reasons.append(_reason_object(code, texts[code])[:-1] + f',"nik":"{nik}"}}')
    text = row.get("components", "[]")
    if items:
        text = "[" + ",".join(components) + "]" if row["eligible"] else "[]"
    elif persons and program in persons and text != "[]":
        nik = _nik_text(person or "")
        text = "[" + _component_object(nik, text, row["annual_amount"], row["amount_per_tahap"])
        text += "]"
    listed = "[" + ",".join(reasons) + "]" if codes is not None else row["reasons"]
    return {"nik": person, "reasons": listed, "components": text}


def _kind(x: str) -> str:
    return f"CASE WHEN {x}.c >= 0 THEN {x}.c % {MEMBER_BASE} ELSE {COMPONENT_CODES} - {x}.c - 1 END"


def _item_digits(x: str) -> str:
    """The NIK of a member item with a code (c >= 0), as its 16 digits."""
    return f"lpad(CAST({x}.c // {MEMBER_BASE} AS VARCHAR), 16, '0')"


def _item_nik(x: str) -> str:
    return f"CASE WHEN {x}.c >= 0 THEN {_item_digits(x)} ELSE {json_escape(f'{x}.n')} END"


def reasons_sql(messages: Table, codes: Codes) -> str:
    """SQL (DuckDB) for `reasons` over the rows of a decisions file."""
    arms = []
    for program, table in sorted(codes.items()):
        texts = messages[program]
        items = [
            f"CASE WHEN reason_mask & {1 << k} <> 0 THEN {lit(_reason_object(c, texts[c]))} END"
            for k, c in enumerate(table["slots"])
        ]
        if table["member"]:
            heads = ", ".join(lit(_reason_object(c, texts[c])[:-1]) for c in table["member"])
            at = f"{_kind('x')} - {COMPONENT_CODES} + 1"
            item = f"concat([{heads}][{at}], ',\"nik\":\"', {_item_nik('x')}, '\"}}')"
            mine = f"list_filter(member_items, lambda x: {_kind('x')} >= {COMPONENT_CODES})"
            joined = f"array_to_string(list_transform({mine}, lambda x: {item}), ',')"
            items.append(f"NULLIF({joined}, '')")  # '' when the items are all components
        listed = f"concat('[', concat_ws(',', {', '.join(items)}), ']')"
        arms.append(f"WHEN program = {lit(program)} THEN {listed}")
    no_reasons = "reason_mask = 0 AND member_items IS NULL"
    return f"CASE WHEN {no_reasons} THEN '[]' {' '.join(arms)} END"


def components_sql(persons: list[str], families: Families | None, nik: str = "nik") -> str:
    """SQL (DuckDB) for `components`: a family program's from its member items (only when
    eligible), a person program's from the row (a chosen member's NIK is 16 digits, so the
    family list needs no escaping; a person's NIK is escaped as the single path does)."""
    arms = []
    for program, table in sorted((families or {}).items()):
        codes, amounts = _component_lists(table)
        at = f"x.c % {MEMBER_BASE} + 1"
        item = (
            f'concat(\'{{"nik":"\', {_item_digits("x")}, '
            f'\'","component":"\', {codes}[{at}], \'","annual_amount":\', '
            f"CAST({amounts}[{at}] AS VARCHAR), ',\"amount_per_tahap\":', "
            f"CAST({amounts}[{at}] // tahap_per_year AS VARCHAR), '}}')"
        )
        mine = f"list_filter(member_items, lambda x: {_kind('x')} < {COMPONENT_CODES})"
        arms.append(
            f"WHEN program = {lit(program)} AND member_items IS NOT NULL THEN CASE WHEN eligible "
            f"THEN concat('[', array_to_string(list_transform({mine}, lambda x: {item}), ','), "
            "']') ELSE '[]' END"
        )
    if persons:
        programs = ", ".join(lit(p) for p in persons)
        nik = json_escape(f"COALESCE({nik}, '')")
        arms.append(
            f"WHEN program IN ({programs}) AND components <> '[]' THEN "
            f'concat(\'[{{"nik":"\', {nik}, \'","component":"\', components, '
            '\'","annual_amount":\', CAST(annual_amount AS VARCHAR), '
            "',\"amount_per_tahap\":', CAST(amount_per_tahap AS VARCHAR), '}]')"
        )
    return f"CASE {' '.join(arms)} ELSE components END" if arms else "components"


def expanded_select(path: Path) -> str:
    """SELECT over a decisions file with its reasons and components as JSON text."""
    path = Path(path)
    source = f"read_parquet({lit(path.as_posix())})"
    codes, persons, families = codes_of(path), person_programs_of(path), family_components_of(path)
    person_columns = person_columns_of(path)
    if person_columns:
        source = f"({coded_rows_sql(source, person_columns)})"
    columns = "*"
    if codes is not None:
        columns += f" EXCLUDE ({', '.join(CODED_COLUMNS)})"
    nik = "nik" if codes is None else NIK_SQL
    if persons or families:
        columns += f" REPLACE ({components_sql(persons or [], families, nik)} AS components)"
    if codes is not None:
        columns += f", {NIK_SQL} AS nik, {reasons_sql(messages_of(path) or {}, codes)} AS reasons"
    return f"SELECT {columns} FROM {source}"
