"""The condition vocabulary compiled to SQL expressions (DuckDB dialect, Spark-transpilable).

Every predicate is wrapped in COALESCE(..., FALSE): a missing value never satisfies a condition,
so the three-valued logic of SQL cannot let a NULL slip through a gate.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from jaring.core.periods import tahap_label
from jaring.engine.policy import Condition, Predicate, Program

_SQL_OPS = {"eq": "=", "ne": "<>", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def lit(value: Any) -> str:
    """A SQL literal for a policy value (strings quoted, booleans and integers as such)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def json_text(obj: Any) -> str:
    """A fixed JSON snippet as a SQL string literal (policy texts are escaped here, once)."""
    return lit(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))


def json_escape(expr: str) -> str:
    """SQL that escapes a data string for embedding inside a JSON string."""
    return f"replace(replace({expr}, '\\', '\\\\'), '\"', '\\\"')"


def schedule_choice(program: Program) -> tuple[int, dict[str, int]]:
    """The program's tahap per year for a channel not named in its schedule, and the channels
    whose tahap per year differs from it."""
    fallback = program.tahap_per_year(None)
    named = {k: t for k, t in program.schedule.items() if k != "default" and t != fallback}
    return fallback, named


def channel_case(channel: str, by_channel: dict[str, str], otherwise: str) -> str:
    """CASE on a channel column: the SQL of its named channel, else `otherwise`."""
    if not by_channel:
        return otherwise
    arms = " ".join(f"WHEN {channel} = {lit(k)} THEN {v}" for k, v in by_channel.items())
    return f"(CASE {arms} ELSE {otherwise} END)"


def schedule_case(program: Program, channel: str, by_tpy: dict[int, str]) -> str:
    """CASE on the family's channel choosing among per-tahap-per-year SQL fragments."""
    fallback, named = schedule_choice(program)
    return channel_case(channel, {k: by_tpy[t] for k, t in named.items()}, by_tpy[fallback])


def tpy_expr(program: Program, channel: str) -> str:
    return schedule_case(program, channel, {t: str(t) for t in program.schedule.values()})


def tahap_expr(program: Program, channel: str, period: date) -> str:
    tpys = set(program.schedule.values())
    return schedule_case(program, channel, {t: lit(tahap_label(period, t)) for t in tpys})


def member_field(pred: Predicate, program: Program, alias: str) -> str:
    if pred.field == "age":
        return schedule_case(
            program, f"{alias}.channel", {t: f"{alias}.age_t{t}" for t in program.schedule.values()}
        )
    return f"{alias}.{pred.field}"


def _compare(expr: str, pred: Predicate, ump: str) -> str:
    def value(v: Any) -> str:
        return ump if v == "ump" else lit(v)

    if pred.op in _SQL_OPS:
        return f"{expr} {_SQL_OPS[pred.op]} {value(pred.value)}"
    if pred.op in ("in", "not_in"):
        items = ", ".join(value(v) for v in pred.value)
        return f"{expr} {'NOT IN' if pred.op == 'not_in' else 'IN'} ({items})"
    if pred.op == "between":
        low, high = pred.value
        return f"{expr} BETWEEN {value(low)} AND {value(high)}"
    return f"{expr} IS {'NOT ' if pred.op == 'not_null' else ''}NULL"


def member_preds(preds: tuple[Predicate, ...], program: Program, alias: str = "m") -> str:
    """All predicates on one member (alias with the member facts columns), as one boolean."""
    parts = [
        f"COALESCE({_compare(member_field(p, program, alias), p, f'{alias}.ump')}, FALSE)"
        for p in preds
    ]
    return "(" + " AND ".join(parts or ["TRUE"]) + ")"


def member_alternatives(when: tuple[tuple[Predicate, ...], ...], program: Program) -> str:
    return "(" + " OR ".join(member_preds(alt, program) for alt in when) + ")"


class MemberFacts:
    """Member predicates evaluated once, as boolean columns of `mm` (`mf_0`, `mf_1`, ...).

    The stages that read members (`magg`, the component candidates, the person rows) refer to
    these columns instead of evaluating the predicates on `mm`'s raw fields. `mm` is
    materialised (three stages read it), so the raw fields that only predicates read
    (schooling, occupation, employment, relationship, disability, birth date, ages, income)
    are then no longer copied into it: only the booleans are. A predicate's SQL (compiled with
    alias `m`) is its key, so one condition shared by several programs is one column.
    """

    def __init__(self) -> None:
        self.columns: dict[str, str] = {}  # predicate SQL (alias m) -> column name

    def ref(self, sql: str) -> str:
        return "m." + self.columns.setdefault(sql, f"mf_{len(self.columns)}")

    def select(self) -> str:
        return "".join(f", {sql} AS {name}" for sql, name in self.columns.items())


def family_preds(preds: tuple[Predicate, ...], alias: str = "f") -> str:
    parts = [f"COALESCE({_compare(f'{alias}.{p.field}', p, f'{alias}.ump')}, FALSE)" for p in preds]
    return "(" + " AND ".join(parts or ["TRUE"]) + ")"


def flag(program: Program, condition: Condition) -> str:
    """Column name of a condition's pass/fail flag in the family (or person) table."""
    return f"{program.code.lower()}__{condition.code}"


class CodedReasons:
    """One program's reasons in the national batch's output: integers, not JSON text.

    A family's or person's own reasons (conditions not met, quota) are bits of one integer,
    `reason_mask`: bit k stands for `slots[k]`, and the slots are registered in the order in
    which the single-family path lists those reasons, so the bits read upwards give the same
    list. A member's reasons (PKH: died, capped, ...) are elements of the family's
    `member_items` list (`sql_programs.member_items`), each naming its index in `member`
    and the member's NIK. `messages` holds every code's
    Indonesian message; the loader puts the JSON back (`jaring.engine.reasons`). Building,
    carrying and writing the reason texts was ≈ a fifth of the batch's query.
    """

    def __init__(self) -> None:
        self.messages: dict[str, str] = {}
        self.slots: list[str] = []
        self.member: list[str] = []

    def register(self, code: str, message: str) -> None:
        if self.messages.setdefault(code, message) != message:
            raise ValueError(f"reason code {code!r} has two messages in one program")

    def bit(self, code: str, message: str) -> int:
        """The mask value of a new slot for `code` (a code may fill several slots)."""
        self.register(code, message)
        if len(self.slots) >= MAX_SLOTS:
            raise ValueError(f"more than {MAX_SLOTS} reasons of one program cannot be coded")
        self.slots.append(code)
        return 1 << (len(self.slots) - 1)

    def member_index(self, code: str, message: str) -> int:
        self.register(code, message)
        if code not in self.member:
            if len(self.member) >= MEMBER_BASE - COMPONENT_CODES:
                limit = MEMBER_BASE - COMPONENT_CODES
                raise ValueError(f"more than {limit} member reasons cannot be coded")
            self.member.append(code)
        return self.member.index(code)


MAX_SLOTS = 62  # bits of a BIGINT mask that stay positive
MEMBER_BASE = 128  # a member item's code: NIK * MEMBER_BASE + kind (`sql_programs.member_items`)
COMPONENT_CODES = 16  # kinds below this are a component's index, above it a member reason


def reason_json(code: str, message: str) -> str:
    """A reason object as a SQL literal: {code, message} (the single-family path)."""
    return json_text({"code": code, "message": message})


def reason_column(
    arms: list[tuple[str, str, str]], reasons: CodedReasons | None, tail: str | None = None
) -> str:
    """A family's or person's own reasons from (condition SQL, code, message) arms, in order;
    the arms of one condition must exclude each other.

    Single path: the JSON objects of the arms that hold and then `tail` (the member reasons,
    a text or NULL), joined by commas ('' when none); batch (`reasons` given): the arms' bits
    summed into the mask (`CodedReasons`), the member reasons being a column of their own."""
    if reasons is None:
        items = [
            f"CASE WHEN {when} THEN {reason_json(code, text)} END" for when, code, text in arms
        ]
        return f"concat_ws(',', {', '.join([*items, tail or 'NULL'])})"
    bits = [f"CASE WHEN {w} THEN {reasons.bit(code, text)} ELSE 0 END" for w, code, text in arms]
    return f"CAST({' + '.join(bits) or '0'} AS BIGINT)"


def flatten_concat(sql: str) -> str:
    """Rewrite every `a || b || c` chain as one concat(a, b, c).

    DuckDB evaluates `||` pairwise, copying the growing string at every step; the output lines
    and decision rows are chains of dozens of pieces, so one concat call (one allocation per row)
    is several times faster. Only used where no piece can be NULL (each is COALESCEd or built
    non-null), so concat's skipping of NULLs changes nothing.
    """
    import sqlglot
    from sqlglot import exp

    def pieces(node: exp.Expression, out: list[exp.Expression]) -> None:
        if isinstance(node, exp.DPipe):
            pieces(node.this, out)
            pieces(node.expression, out)
        elif isinstance(node, exp.Paren) and isinstance(node.this, exp.DPipe):
            pieces(node.this, out)
        else:
            out.append(node)

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.DPipe):
            parts: list[exp.Expression] = []
            pieces(node, parts)
            return exp.Concat(expressions=parts)
        return node

    return sqlglot.parse_one(sql, read="duckdb").transform(rewrite).sql(dialect="duckdb")


def ordered_join(value: str, position: str, where: str) -> str:
    """string_agg(value, ',' ORDER BY position) over the rows where `where` holds (NULL when
    none), as a plain list aggregate sorted per group: DuckDB's ordered aggregates buffer and
    sort every group's rows and measured 25 % slower. Spark: ARRAY_JOIN(TRANSFORM(ARRAY_SORT(
    COLLECT_LIST(STRUCT(...)))))."""
    items = f"list(struct_pack(pos := {position}, js := {value})) FILTER (WHERE {where})"
    return f"array_to_string(list_transform(list_sort({items}), lambda x: x.js), ',')"
