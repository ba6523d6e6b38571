"""The whole assessment as a list of SQL statements over the interchange tables.

Inputs: `households` and `members` (interchange schemas; households carry an `ord` column, the
input order, unique per household: the families' integer key `fid` below),
`kecamatan(code)` (every kecamatan code incl. retired ones) and `ump(province, amount)`.
Stages (each a table, so batch runs materialise them once and explain() can read them):
  hh   — family facts: province, UMP, PMT score parts
  mm   — member facts: NIK validity, counts, ages on each schedule's tahap start
  magg — member aggregates per family (living members, quantifier conditions)
  fam  — family flags per program condition, effective desil, eligibility, quotas
  pc_<P> — per member component choice of component programs (PKH)
  pp_<P> — per person rows of person programs
  decisions — one row per family per family program, per target person per person program
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jaring.core.periods import tahap_start
from jaring.engine.compiler import (
    CodedReasons,
    MemberFacts,
    flag,
    flatten_concat,
    lit,
    member_preds,
)
from jaring.engine.policy import PolicySet, Program
from jaring.engine.sql_output import decisions_select, lines_select
from jaring.engine.sql_programs import (
    components_shared,
    components_sql,
    family_layer_sql,
    persons_sql,
)

PMT_FIELDS = (
    "floor_material",
    "wall_material",
    "roof_material",
    "drinking_water",
    "sanitation",
    "electricity",
    "cooking_fuel",
)


@dataclass(frozen=True)
class Plan:
    statements: list[tuple[str, str]]  # (table name, SELECT) in execution order
    programs: list[Program]
    # program -> its reason codes, when reasons are coded (the batch output); else None
    reasons: dict[str, CodedReasons] | None = None
    # stages that several later stages read and that DuckDB would otherwise recompute per
    # reader (it inlines a CTE that looks cheap); `staged_sql` marks them MATERIALIZED
    materialized: frozenset[str] = frozenset()


def _pmt_sql(policy: PolicySet) -> tuple[list[str], str]:
    pmt = policy.pmt
    parts = []
    for name in PMT_FIELDS:
        arms = " ".join(f"WHEN {lit(k)} THEN {v!r}" for k, v in pmt.weights.get(name, {}).items())
        parts.append(f"CAST(CASE h.{name} {arms} ELSE 0 END AS DOUBLE) AS pmt_{name}")
    assets = " + ".join(
        f"CASE WHEN COALESCE(list_contains(h.assets, {lit(k)}), FALSE) THEN {v!r} ELSE 0 END"
        for k, v in pmt.weights.get("assets", {}).items()
    )
    parts.append(f"CAST({assets or '0'} AS DOUBLE) AS pmt_assets")
    known = " OR ".join(f"h.{n} IS NOT NULL" for n in (*PMT_FIELDS, "floor_area_m2"))
    return parts, known


def _age_columns(policy: PolicySet, period: date) -> list[str]:
    tpys = sorted({t for p in policy.programs.values() for t in p.schedule.values()})
    cols = []
    for t in tpys:
        start = tahap_start(period, t)
        cols.append(
            f"({start.year} - year(m.birth_date) - CASE WHEN month(m.birth_date) > {start.month}"
            f" OR (month(m.birth_date) = {start.month} AND day(m.birth_date) > 1)"
            f" THEN 1 ELSE 0 END) AS age_t{t}"
        )
    return cols


def _hh(policy: PolicySet) -> str:
    parts, known = _pmt_sql(policy)
    return f"""SELECT h.kk, h.region, substr(h.region, 1, 2) AS province, h.registry_status,
  h.channel, h.bank, h.desil AS desil_given, h.floor_area_m2, u.amount AS ump,
  {", ".join(f"h.{n}" for n in PMT_FIELDS)},
  {", ".join(parts)}, ({known}) AS has_housing, h.ord, h.ord AS fid
FROM households h LEFT JOIN ump u ON u.province = substr(h.region, 1, 2)"""


def nik_digits_sql(nik: str, number: str) -> str:
    """SQL: `nik` is 16 ASCII digits, the first not 0 (no province code starts with 0), given
    `number` = TRY_CAST(nik AS BIGINT), which the plan computes anyway.

    Cheaper than a regular expression (≈ 5 % of the batch's query at 3.8M members): DuckDB's
    integer cast also accepts signs, spaces, '_', '.', an exponent and hex, but within 16
    characters all of them except an exponent ('e') and hex ('x') leave fewer than 16 digits,
    so a value of at least 10^15 rules them out. `tests/engine/test_nik_sql.py` holds this
    against the plain definition on odd strings."""
    letters = " AND ".join(f"NOT contains({nik}, '{c}')" for c in "eExX")
    return f"(strlen({nik}) = 16 AND {number} >= 1000000000000000 AND {letters})"


def _mm(policy: PolicySet, period: date, facts: MemberFacts | None = None) -> str:
    # NIK parts are computed in the same pass that reads the members (one scan, no self-join),
    # as integer arithmetic on the 16 digits: no per-row date strings to build and parse.
    days = (
        "CASE WHEN m.nik_mm = 2 THEN CASE WHEN m.nik_yy % 4 = 0 THEN 29 ELSE 28 END"
        " WHEN m.nik_mm IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    valid = (
        "(m.well_formed AND m.kecamatan_known AND m.nik_n % 10000 <> 0"
        f" AND m.nik_mm BETWEEN 1 AND 12 AND m.dd_real BETWEEN 1 AND {days}"
        " AND (m.birth_date IS NULL OR (day(m.birth_date) = m.dd_real"
        " AND month(m.birth_date) = m.nik_mm AND year(m.birth_date) % 100 = m.nik_yy))"
        " AND (m.sex IS NULL OR m.sex = '' OR (upper(m.sex) = 'P') = (m.dd > 40)))"
    )
    digits = nik_digits_sql("x.nik", "TRY_CAST(x.nik AS BIGINT)")
    body = f"""SELECT m.kk, m.position, m.nik, m.sex, m.relationship, m.citizenship,
  COALESCE(m.alive, FALSE) AS alive, m.pregnant, m.pregnancy_order, m.disability, m.schooling,
  m.occupation, m.employment, m.monthly_income, m.bpjs_ketenagakerjaan, m.birth_date,
  h.channel, h.ump, h.fid, m.nik_valid,
  CASE WHEN m.well_formed THEN m.nik_n END AS nik_code,
  CASE WHEN NOT m.well_formed THEN m.nik END AS nik_odd,
  COALESCE(m.alive, FALSE) AND COALESCE(m.citizenship = 'WNI', FALSE) AND m.nik_valid AS counts,
  {", ".join(_age_columns(policy, period))}
FROM (
  SELECT m.*, COALESCE({valid}, FALSE) AS nik_valid
  FROM (
    SELECT n.*, n.nik_n // 100000000 % 100 AS dd, n.nik_n // 1000000 % 100 AS nik_mm,
      n.nik_n // 10000 % 100 AS nik_yy,
      CASE WHEN n.nik_n // 100000000 % 100 > 40 THEN n.nik_n // 100000000 % 100 - 40
        ELSE n.nik_n // 100000000 % 100 END AS dd_real
    FROM (
      SELECT x.*, COALESCE({digits}, FALSE) AS well_formed,
        k.code IS NOT NULL AS kecamatan_known, TRY_CAST(x.nik AS BIGINT) AS nik_n
      FROM members x LEFT JOIN kecamatan k ON k.code = substr(x.nik, 1, 6)
    ) n
  ) m
) m
JOIN hh h ON h.kk = m.kk"""
    if facts is None or not facts.columns:
        return body
    return f"SELECT m.*{facts.select()} FROM ({body}) m"


def _magg(programs: list[Program], facts: MemberFacts) -> str:
    cols = ["SUM(CASE WHEN m.alive THEN 1 ELSE 0 END) AS n_living"]
    for program in programs:
        for c in program.conditions:
            if c.kind in ("no_member", "any_member"):
                pred = facts.ref(member_preds(c.test, program))
                cols.append(f"MAX(CASE WHEN {pred} THEN 1 ELSE 0 END) AS {flag(program, c)}__any")
    return f"SELECT m.fid, {', '.join(cols)} FROM mm m GROUP BY m.fid"


def _fam_base(
    policy: PolicySet, programs: list[Program], period: date, national: bool, key: str = "fid"
) -> str:
    pmt = policy.pmt
    size = "GREATEST(COALESCE(g.n_living, 0), 1)"
    area = (
        f"LEAST({pmt.max_area_points!r}, COALESCE(h.floor_area_m2, 0) * "
        f"{pmt.points_per_m2_per_person!r} / {size})"
    )
    penalty = (
        f"{pmt.minus_per_extra_member!r} * GREATEST(COALESCE(g.n_living, 0) - "
        f"{pmt.members_free}, 0)"
    )
    fields = " + ".join(f"h.pmt_{n}" for n in PMT_FIELDS)
    aggs = [
        f"g.{flag(p, c)}__any"
        for p in programs
        for c in p.conditions
        if c.kind in ("no_member", "any_member")
    ]
    extra = "".join(f", {a}" for a in aggs)
    return f"""SELECT h.*, COALESCE(g.n_living, 0) AS n_living,
  CAST({area} AS DOUBLE) AS pmt_area, CAST(-({penalty}) AS DOUBLE) AS pmt_household,
  CASE WHEN h.has_housing THEN ROUND({fields} + h.pmt_assets + {area} - {penalty}, 2) END
    AS pmt_score{extra}
FROM hh h LEFT JOIN magg g ON g.{key} = h.{key}"""


def _desil(policy: PolicySet, national: bool) -> str:
    if national:  # the national ranking was made beforehand over the whole country (pmt_rank_sql)
        return """SELECT f.*, r.desil_pmt AS desil_pmt,
  CAST(COALESCE(f.desil_given, r.desil_pmt) AS TINYINT) AS desil
FROM fam_0 f LEFT JOIN pmt_rank r ON r.kk = f.kk"""
    steps = " + ".join(
        f"CASE WHEN f.pmt_score >= {c!r} THEN 1 ELSE 0 END" for c in policy.pmt.cut_points
    )
    pmt = f"CASE WHEN f.pmt_score IS NOT NULL THEN 1 + {steps} END"
    return f"""SELECT f.*, CAST({pmt} AS TINYINT) AS desil_pmt,
  CAST(COALESCE(f.desil_given, {pmt}) AS TINYINT) AS desil FROM fam_0 f"""


def pmt_rank_sql(policy: PolicySet) -> str:
    """The national PMT ranking into deciles, over every household of the snapshot.

    Only families without a registry desil and with housing data are ranked (NTILE over score,
    then KK). It needs just the household facts and the count of living members, so the rest of
    the plan can run in partitions of families afterwards (`pmt_rank` is joined by `_desil`).
    """
    # Only the families to rank need their living members counted: a semi-join on them, not a
    # GROUP BY over every member of the country (20M groups; ≈ 9 s of a 20M run).
    living = """SELECT m.kk, SUM(CASE WHEN COALESCE(m.alive, FALSE) THEN 1 ELSE 0 END) AS n_living
FROM members m WHERE m.kk IN (SELECT h.kk FROM households h WHERE h.desil IS NULL)
GROUP BY m.kk"""
    return f"""WITH hh AS (SELECT * FROM ({_hh(policy)}) WHERE desil_given IS NULL),
magg AS ({living}),
fam_0 AS ({_fam_base(policy, [], date.min, True, key="kk")})
SELECT f.kk, f.pmt_score, CAST(NTILE(10) OVER (ORDER BY f.pmt_score, f.kk) AS TINYINT) AS desil_pmt
FROM fam_0 f WHERE f.desil_given IS NULL AND f.pmt_score IS NOT NULL"""


def _fam_columns(programs: list[Program]) -> str:
    """The columns of `fam` that the batch's later stages read (decision rows, person rows):
    materialising only these, not every fact and flag of every layer, saves a wide copy."""
    cols = ["kk", "fid", "region", "channel", "ord", "desil"]
    for p in programs:
        code = p.code.lower()
        if p.unit == "family":
            parts = ("elig", "tahap", "tpy", "annual", "per_tahap", "reason_mask", "member_items")
            cols += [f"{code}__{part}" for part in parts]
        else:
            cols += [flag(p, c) for c in p.conditions if c.kind != "person"]
    return ", ".join(cols)


def build_plan(
    policy: PolicySet, period: date, *, national_ranking: bool, coded_reasons: bool = False
) -> Plan:
    """Every statement, in order, for the programs in force in the period's month.

    `coded_reasons` (the national batch): reasons are integers (`CodedReasons`: a bit mask
    of the family's or person's own reasons, a list of member reason codes with the NIK);
    the codes and their Indonesian messages go to `Plan.reasons` and the JSON is rebuilt when
    the decisions are loaded (`jaring.engine.reasons`)."""
    programs = policy.programs_in_force(period)
    in_force = {p.code for p in programs}
    person = {p.code: p for p in programs if p.unit == "person"}
    ordered = [p for p in programs if p.unit == "family"] + [
        p for p in programs if p.unit == "person"
    ]
    facts = MemberFacts()  # filled by the member stages below, then computed in `mm`
    statements: list[tuple[str, str]] = [
        ("hh", _hh(policy)),
        ("mm", ""),
        ("magg", _magg(ordered, facts)),
        ("fam_0", _fam_base(policy, ordered, period, national_ranking)),
        ("fam_d", _desil(policy, national_ranking)),
    ]
    reasons: dict[str, CodedReasons] | None = {} if coded_reasons else None
    materialized: set[str] = set()
    prev = "fam_d"
    for p in ordered:
        coded = None if reasons is None else reasons.setdefault(p.code, CodedReasons())
        if p.components and p.unit == "family":
            statements += components_sql(p, period, coded, facts)
            materialized |= components_shared(p)
        layer = family_layer_sql(p, prev, period, in_force, person, coded)
        statements += layer
        prev = layer[-1][0]
    statements.append(
        ("fam", f"SELECT {_fam_columns(ordered) if coded_reasons else '*'} FROM {prev}")
    )
    statements += persons_sql(
        [p for p in ordered if p.unit == "person"], period, in_force, facts, reasons
    )
    statements[1] = ("mm", _mm(policy, period, facts))
    return Plan(
        statements=statements,
        programs=ordered,
        reasons=reasons,
        materialized=frozenset(materialized),
    )


def decisions_sql(plan: Plan) -> str:
    return flatten_concat(decisions_select(plan.programs, coded=plan.reasons is not None))


def staged_sql(plan: Plan, final: str) -> str:
    """The whole plan and a final SELECT over its stages as ONE statement (stages as CTEs).

    DuckDB then pipelines the stages and keeps what several of them read (members, families)
    in its own buffers, instead of inserting every stage into a temp table: those inserts were
    ≈ 30 % of the batch's CPU (`docs/engine.md`). The explanation page and `assess_records`
    still run the statements one by one (`execute_plan`), as tables they read afterwards.

    `AS MATERIALIZED` (DuckDB; the plan's own statements stay plain SQL for Spark) keeps a stage
    that several stages read from being recomputed by each of them."""
    stages = ",\n".join(
        f"{name} AS {'MATERIALIZED ' if name in plan.materialized else ''}({sql})"
        for name, sql in plan.statements
    )
    return f"WITH {stages}\n{final}"


def batch_sql(plan: Plan) -> str:
    """The national batch's decision rows of one partition, in one statement."""
    return staged_sql(plan, decisions_sql(plan))


def lines_sql(plan: Plan, period: date, *, newline: bool = False) -> str:
    """One output line per household in input order; `newline` ends each with "\\n" so the
    result column's bytes can be written out as they are."""
    return flatten_concat(lines_select(plan.programs, period, newline=newline) + " ORDER BY f.ord")
