"""Output SQL: decision rows for Parquet and one JSON line per household for `assess`."""

from __future__ import annotations

from datetime import date

from jaring.core.periods import tahap_label
from jaring.engine.compiler import (
    json_escape,
    lit,
    ordered_join,
    reason_json,
    schedule_choice,
    tahap_expr,
    tpy_expr,
)
from jaring.engine.policy import Program
from jaring.engine.sql_programs import MEMBER_ITEMS, person_rows

ESC_P = json_escape("COALESCE(p.nik, '')")
ESC_F = json_escape("COALESCE(f.kk, '')")
NO_TARGET = "Tidak ada anggota keluarga yang menjadi sasaran program ini."


def _bool_json(expr: str) -> str:
    return f"CASE WHEN {expr} THEN 'true' ELSE 'false' END"


def person_columns(programs: list[Program], period: date) -> dict[str, dict]:
    """What the loader needs to turn a coded person row's `<code>__mask`/`<code>__comp` back
    into that program's decision row: its components by index with their annual amounts, and
    its tahap per year and tahap label by channel (as `compiler.schedule_case` chooses them)."""
    columns = {}
    for p in programs:
        if p.unit != "person":
            continue
        fallback, by_channel = schedule_choice(p)
        tpys = sorted({fallback, *by_channel.values()})
        columns[p.code] = {
            "components": [[c.code, c.annual_amount] for c in p.components],
            "tpy": by_channel,
            "tpy_default": fallback,
            "tahap": {str(t): tahap_label(period, t) for t in tpys},
        }
    return columns


def _person_columns_select(programs: list[Program]) -> str:
    """The batch's person rows: ONE row per targeted member for all person programs (a
    program's `<code>__mask` is NULL where it does not target the member, `<code>__comp` the
    chosen component's index when eligible). Half as many rows as one per program and person;
    `reasons.expanded_select` makes the per-program rows again."""
    cols = []
    for p in programs:
        c = p.code.lower()
        if len(p.components) > 127:
            raise ValueError(f"{p.code}: lebih dari 127 komponen tidak dapat dikodekan")
        index = " ".join(f"WHEN {lit(k.code)} THEN {n}" for n, k in enumerate(p.components))
        cols += [
            f"CASE WHEN p.{c}__target THEN p.{c}__reason_mask END AS {c}__mask",
            f"CAST(CASE WHEN p.{c}__eligible THEN CASE p.{c}__component "
            f"{index} END END AS TINYINT) AS {c}__comp",
        ]
    return f"""SELECT p.kk, p.nik_code, p.nik_odd, p.region, CAST(NULL AS VARCHAR) AS program,
  CAST(NULL AS BOOLEAN) AS eligible, CAST(NULL AS VARCHAR) AS tahap,
  CAST(NULL AS TINYINT) AS tahap_per_year, CAST(NULL AS BIGINT) AS annual_amount,
  CAST(NULL AS BIGINT) AS amount_per_tahap, CAST(NULL AS BIGINT) AS reason_mask,
  CAST(NULL AS {MEMBER_ITEMS}) AS member_items, CAST(NULL AS VARCHAR) AS components,
  p.channel, {", ".join(cols)}
FROM pp p"""


def decisions_select(programs: list[Program], *, coded: bool = False) -> str:
    """One row per family per family program and per target person per person program.

    `coded` (the batch): a person has one row for all person programs
    (`_person_columns_select`), and a person's NIK is `nik_code` (BIGINT) or, when it is not
    16 digits, `nik_odd`. A family program's components (PKH) go to the family's
    `member_items` (`sql_programs.member_items`), and `components` is '[]'. Reasons are then
    `reason_mask` and `member_items` (`CodedReasons`) instead of the `reasons` JSON. The
    loader rebuilds the JSON lists (`jaring.engine.reasons`)."""
    parts = []
    persons = [p for p in programs if p.unit == "person"]
    no_person = ""  # a family row's NULLs in the person columns (coded)
    if coded:
        person_nulls = [
            f"CAST(NULL AS BIGINT) AS {c}__mask, CAST(NULL AS TINYINT) AS {c}__comp"
            for c in (p.code.lower() for p in persons)
        ]
        no_person = ",\n  " + ", ".join(["CAST(NULL AS VARCHAR) AS channel", *person_nulls])
    for p in programs:
        code = p.code.lower()
        if p.unit == "family":
            reasons = f"'[' || f.{code}__reasons || ']' AS reasons"
            components = (
                f"CASE WHEN f.{code}__elig THEN '[' || COALESCE(f.{code}__components, '') || ']'"
                f" ELSE '[]' END AS components"
            )
            if coded:  # rebuilt on loading (`jaring.engine.reasons`)
                reasons = f"f.{code}__reason_mask AS reason_mask, f.{code}__member_items AS "
                reasons += "member_items"
                components = "'[]' AS components"
            nik = "CAST(NULL AS VARCHAR) AS nik"
            if coded:
                nik = "CAST(NULL AS BIGINT) AS nik_code, CAST(NULL AS VARCHAR) AS nik_odd"
            parts.append(f"""SELECT f.kk, {nik}, f.region,
  {lit(p.code)} AS program, f.{code}__elig AS eligible, f.{code}__tahap AS tahap,
  CAST(f.{code}__tpy AS TINYINT) AS tahap_per_year,
  CAST(CASE WHEN f.{code}__elig THEN f.{code}__annual ELSE 0 END AS BIGINT) AS annual_amount,
  CAST(CASE WHEN f.{code}__elig THEN f.{code}__per_tahap ELSE 0 END AS BIGINT) AS amount_per_tahap,
  {reasons},
  {components}{no_person}
FROM fam f""")
        elif not coded:
            comp = (
                f'\'[{{"nik":"\' || {ESC_P} || \'","component":"\' || p.component'
                f' || \'","annual_amount":\' || CAST(p.value AS VARCHAR) || '
                f"',\"amount_per_tahap\":' ||"
                f" CAST(p.value // p.tpy AS VARCHAR) || '}}]'"
            )
            parts.append(f"""SELECT p.kk, p.nik, p.region, {lit(p.code)} AS program, p.eligible,
  p.tahap, CAST(p.tpy AS TINYINT) AS tahap_per_year,
  CAST(CASE WHEN p.eligible THEN p.value ELSE 0 END AS BIGINT) AS annual_amount,
  CAST(CASE WHEN p.eligible THEN p.value // p.tpy ELSE 0 END AS BIGINT) AS amount_per_tahap,
  '[' || p.reasons || ']' AS reasons,
  CASE WHEN p.eligible THEN {comp} ELSE '[]' END AS components
FROM {person_rows(code)} p""")
    if coded and persons:
        parts.append(_person_columns_select(persons))
    return "\nUNION ALL\n".join(parts)


def _person_json(code: str) -> str:
    """One person's object of a person program (columns of the shared `pp` row)."""
    c = code.lower()
    nik = json_escape("COALESCE(p.nik, '')")
    value = f"CASE WHEN p.{c}__eligible THEN p.{c}__value ELSE 0 END"
    return (
        f'\'{{"nik":"\' || {nik} || \'","eligible":\' || '
        f"{_bool_json(f'p.{c}__eligible')} || ',\"component\":' || CASE WHEN p.{c}__eligible "
        f"THEN '\"' || p.{c}__component || '\"' ELSE 'null' END || ',\"annual_amount\":' || "
        f"CAST({value} AS VARCHAR) || ',\"amount_per_tahap\":' || CAST(CASE WHEN "
        f"p.{c}__eligible THEN p.{c}__value // p.{c}__tpy ELSE 0 END AS VARCHAR) || "
        f"',\"reasons\":[' || p.{c}__reasons || ']}}'"
    )


def _person_aggregates(programs: list[Program]) -> str:
    """Every person program's per-family sums and person list in ONE pass over `pp`."""
    cols = []
    for p in programs:
        c = p.code.lower()
        target, ok = f"p.{c}__target", f"p.{c}__target AND p.{c}__eligible"
        cols += [
            f"MAX(CASE WHEN {ok} THEN 1 ELSE 0 END) AS {c}__any_eligible",
            f"SUM(CASE WHEN {ok} THEN p.{c}__value ELSE 0 END) AS {c}__annual",
            f"SUM(CASE WHEN {ok} THEN p.{c}__value // p.{c}__tpy ELSE 0 END) AS {c}__per_tahap",
            f"{ordered_join(_person_json(p.code), 'p.position', target)} AS {c}__persons",
        ]
    return f"SELECT p.fid, {', '.join(cols)} FROM pp p GROUP BY p.fid"


def lines_select(programs: list[Program], period: date, *, newline: bool = False) -> str:
    objs = []
    person_programs = [p for p in programs if p.unit == "person"]
    for p in programs:
        code = p.code.lower()
        if p.unit == "family":
            obj = (
                f"'{{\"eligible\":' || {_bool_json(f'f.{code}__elig')} || ',\"reasons\":[' || "
                f"f.{code}__reasons || '],\"components\":[' || CASE WHEN f.{code}__elig THEN "
                f"COALESCE(f.{code}__components, '') ELSE '' END || '],\"annual_amount\":' || "
                f"CAST(CASE WHEN f.{code}__elig THEN f.{code}__annual ELSE 0 END AS VARCHAR) || "
                f'\',"tahap":"\' || f.{code}__tahap || \'","tahap_per_year":\' || '
                f"CAST(f.{code}__tpy AS VARCHAR) || ',\"amount_per_tahap\":' || "
                f"CAST(CASE WHEN f.{code}__elig THEN f.{code}__per_tahap ELSE 0 END AS VARCHAR) "
                "|| '}'"
            )
        else:
            none_ok = reason_json(
                "tidak_ada_anggota_memenuhi_syarat",
                "Tidak ada anggota keluarga yang memenuhi semua syarat program ini.",
            )
            no_target = reason_json("tidak_ada_sasaran", NO_TARGET)
            a = f"a.{code}"
            obj = (
                f"'{{\"eligible\":' || {_bool_json(f'COALESCE({a}__any_eligible, 0) = 1')} || "
                f"',\"reasons\":[' || CASE WHEN COALESCE({a}__any_eligible, 0) = 1 THEN '' "
                f"WHEN {a}__persons IS NULL THEN {no_target} ELSE {none_ok} END || "
                f"'],\"persons\":[' || COALESCE({a}__persons, '') || '],\"annual_amount\":' || "
                f'CAST(COALESCE({a}__annual, 0) AS VARCHAR) || \',"tahap":"\' || '
                f'{tahap_expr(p, "f.channel", period)} || \'","tahap_per_year":\' || '
                f"CAST({tpy_expr(p, 'f.channel')} AS VARCHAR) || ',\"amount_per_tahap\":' || "
                f"CAST(COALESCE({a}__per_tahap, 0) AS VARCHAR) || '}}'"
            )
        objs.append(f"'\"{p.code}\":' || {obj}")
    body = " || ',' || ".join(objs) if objs else "''"
    head = f'\'{{"kk":"\' || {ESC_F} || \'","period":"{period:%Y-%m}","programs":{{\''
    join = f" LEFT JOIN ({_person_aggregates(person_programs)}) a ON a.fid = f.fid"
    end = "'}}' || chr(10)" if newline else "'}}'"
    return f"""SELECT {head} || {body} || {end} AS line
FROM fam f{join if person_programs else ""}"""
