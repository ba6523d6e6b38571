"""The whole assessment as a list of SQL statements over the interchange tables.

Inputs: `households` and `members` (interchange schemas; households may carry an `ord` column),
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
    family_preds,
    flag,
    json_escape,
    json_text,
    lit,
    member_alternatives,
    member_preds,
    reason_json,
    tahap_expr,
    tpy_expr,
)
from jaring.engine.policy import PolicySet, Program

PMT_FIELDS = (
    "floor_material",
    "wall_material",
    "roof_material",
    "drinking_water",
    "sanitation",
    "electricity",
    "cooking_fuel",
)
NOT_COUNTING = {
    "meninggal": "Anggota ini tercatat meninggal dunia, sehingga tidak dihitung.",
    "bukan_wni": "Anggota ini bukan WNI, sehingga tidak dihitung.",
    "nik_tidak_sah": "NIK anggota ini tidak sah (format, kode wilayah, tanggal lahir, jenis "
    "kelamin atau nomor urut), sehingga tidak dihitung.",
}
KUOTA = "Kuota wilayah untuk program ini sudah penuh; keluarga lain dengan desil lebih rendah "
KUOTA += "didahulukan."
OVER_TOTAL = "Melebihi batas {n} komponen per keluarga; komponen dengan nilai lebih tinggi dipilih."
OVER_CAP = "Melebihi batas {n} anggota dengan komponen {label} per keluarga."
ESC_Q = json_escape("COALESCE(q.nik, '')")
ESC_P = json_escape("COALESCE(p.nik, '')")
ESC_F = json_escape("COALESCE(f.kk, '')")
NO_TARGET = "Tidak ada anggota keluarga yang menjadi sasaran program ini."


@dataclass(frozen=True)
class Plan:
    statements: list[tuple[str, str]]  # (table name, SELECT) in execution order
    programs: list[Program]


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
  {", ".join(parts)}, ({known}) AS has_housing, h.ord
FROM households h LEFT JOIN ump u ON u.province = substr(h.region, 1, 2)"""


def _mm(policy: PolicySet, period: date) -> str:
    valid = (
        "(n.well_formed AND n.kecamatan_known AND n.serial <> '0000'"
        " AND TRY_CAST('20' || n.yy || '-' || n.mm || '-' || lpad(CAST(n.dd_real AS VARCHAR), 2,"
        " '0') AS DATE) IS NOT NULL"
        " AND (m.birth_date IS NULL OR (day(m.birth_date) = n.dd_real"
        " AND month(m.birth_date) = CAST(n.mm AS INTEGER)"
        " AND year(m.birth_date) % 100 = CAST(n.yy AS INTEGER)))"
        " AND (m.sex IS NULL OR m.sex = '' OR (upper(m.sex) = 'P') = (n.dd > 40)))"
    )
    return f"""SELECT m.kk, m.position, m.nik, m.sex, m.relationship, m.citizenship,
  COALESCE(m.alive, FALSE) AS alive, m.pregnant, m.pregnancy_order, m.disability, m.schooling,
  m.occupation, m.employment, m.monthly_income, m.bpjs_ketenagakerjaan, m.birth_date,
  h.channel, h.ump, COALESCE({valid}, FALSE) AS nik_valid,
  COALESCE(m.alive, FALSE) AND COALESCE(m.citizenship = 'WNI', FALSE)
    AND COALESCE({valid}, FALSE) AS counts,
  {", ".join(_age_columns(policy, period))}
FROM members m
JOIN hh h ON h.kk = m.kk
LEFT JOIN (
  SELECT x.kk, x.position,
    COALESCE(regexp_matches(x.nik, '^[0-9]{{16}}$'), FALSE) AS well_formed,
    k.code IS NOT NULL AS kecamatan_known, substr(x.nik, 13, 4) AS serial,
    substr(x.nik, 9, 2) AS mm, substr(x.nik, 11, 2) AS yy,
    TRY_CAST(substr(x.nik, 7, 2) AS INTEGER) AS dd,
    CASE WHEN TRY_CAST(substr(x.nik, 7, 2) AS INTEGER) > 40
      THEN TRY_CAST(substr(x.nik, 7, 2) AS INTEGER) - 40
      ELSE TRY_CAST(substr(x.nik, 7, 2) AS INTEGER) END AS dd_real
  FROM members x LEFT JOIN kecamatan k ON k.code = substr(x.nik, 1, 6)
) n ON n.kk = m.kk AND n.position = m.position"""


def _magg(programs: list[Program]) -> str:
    cols = ["SUM(CASE WHEN m.alive THEN 1 ELSE 0 END) AS n_living"]
    for program in programs:
        for c in program.conditions:
            if c.kind in ("no_member", "any_member"):
                pred = member_preds(c.test, program)
                cols.append(f"MAX(CASE WHEN {pred} THEN 1 ELSE 0 END) AS {flag(program, c)}__any")
    return f"SELECT m.kk, {', '.join(cols)} FROM mm m GROUP BY m.kk"


def _fam_base(policy: PolicySet, programs: list[Program], period: date, national: bool) -> str:
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
FROM hh h LEFT JOIN magg g ON g.kk = h.kk"""


def _desil(policy: PolicySet, national: bool) -> str:
    if national:
        pmt = """CASE WHEN f.desil_given IS NULL AND f.pmt_score IS NOT NULL THEN NTILE(10) OVER (
    PARTITION BY CASE WHEN f.desil_given IS NULL AND f.pmt_score IS NOT NULL THEN 1 ELSE 0 END
    ORDER BY f.pmt_score, f.kk) END"""
    else:
        steps = " + ".join(
            f"CASE WHEN f.pmt_score >= {c!r} THEN 1 ELSE 0 END" for c in policy.pmt.cut_points
        )
        pmt = f"CASE WHEN f.pmt_score IS NOT NULL THEN 1 + {steps} END"
    return f"""SELECT f.*, CAST({pmt} AS TINYINT) AS desil_pmt,
  CAST(COALESCE(f.desil_given, {pmt}) AS TINYINT) AS desil FROM fam_0 f"""


def _components(program: Program, period: date) -> list[tuple[str, str]]:
    """Per member component choice (one per member, caps, top-N by value) and per family sums."""
    code = program.code.lower()
    comps = program.components
    capped = next((c for c in comps if c.max_per_family), None)
    others = [c for c in comps if c is not capped]
    quals = [f"{member_alternatives(c.when, program)} AS qa_{c.code}" for c in comps]
    notes = [f"{member_preds(n.test, program)} AS note_{n.code}" for n in program.notes]
    s1 = f"""SELECT m.kk, m.position, m.nik, m.alive, m.citizenship, m.counts, m.channel,
  {", ".join(quals + notes)} FROM mm m"""
    by_value = sorted(others, key=lambda c: -c.annual_amount)
    ov = (
        "GREATEST(0, "
        + ", ".join(
            f"CASE WHEN counts AND qa_{c.code} THEN {c.annual_amount} ELSE 0 END" for c in others
        )
        + ")"
        if others
        else "0"
    )
    oc = (
        "CASE "
        + " ".join(f"WHEN counts AND qa_{c.code} THEN {lit(c.code)}" for c in by_value)
        + " END"
        if others
        else "CAST(NULL AS VARCHAR)"
    )
    cv = (
        f"CASE WHEN counts AND qa_{capped.code} THEN {capped.annual_amount} ELSE 0 END"
        if capped
        else "0"
    )
    s2 = f"SELECT q.*, {cv} AS cv, {ov} AS ov, {oc} AS oc FROM {code}_pc1 q"
    cap = capped.max_per_family if capped else 0
    prefer = "(cv > ov)"
    s3 = f"""SELECT q.*, CASE WHEN {prefer} THEN ROW_NUMBER() OVER (
    PARTITION BY kk, CASE WHEN {prefer} THEN 1 ELSE 0 END ORDER BY ov, position) END AS crank
FROM {code}_pc2 q"""
    takes_cap = f"({prefer} AND crank <= {cap})"
    cap_code = lit(capped.code) if capped else "NULL"
    s4 = f"""SELECT q.*, CASE WHEN {takes_cap} THEN cv ELSE ov END AS value,
  CASE WHEN {takes_cap} THEN {cap_code} WHEN ov > 0 THEN oc END AS component FROM {code}_pc3 q"""
    limit = program.max_components or len(comps) or 1
    s5 = f"""SELECT q.*, CASE WHEN value > 0 THEN ROW_NUMBER() OVER (
    PARTITION BY kk, CASE WHEN value > 0 THEN 1 ELSE 0 END ORDER BY value DESC, position) END
    AS vrank FROM {code}_pc4 q"""
    tpy = tpy_expr(program, "q.channel")
    any_q = " OR ".join(f"qa_{c.code}" for c in comps)
    nik = f"',\"nik\":\"' || {ESC_Q} || '\"}}'"

    def member_reason(code_: str, message: str) -> str:
        body = json_text({"code": code_, "message": message})[:-2] + "'"  # drop closing brace
        return f"{body} || {nik}"

    arms = [
        f"WHEN NOT q.counts AND ({any_q}) AND NOT q.alive THEN "
        + member_reason("meninggal", NOT_COUNTING["meninggal"]),
        f"WHEN NOT q.counts AND ({any_q}) AND COALESCE(q.citizenship, '') <> 'WNI' THEN "
        + member_reason("bukan_wni", NOT_COUNTING["bukan_wni"]),
        f"WHEN NOT q.counts AND ({any_q}) THEN "
        + member_reason("nik_tidak_sah", NOT_COUNTING["nik_tidak_sah"]),
        f"WHEN q.value > 0 AND q.vrank > {limit} THEN "
        + member_reason("komponen_melebihi_batas", OVER_TOTAL.format(n=limit)),
    ]
    if capped:
        arms.append(
            "WHEN q.value = 0 AND q.cv > 0 THEN "
            + member_reason(
                f"{capped.code}_melebihi_batas",
                OVER_CAP.format(n=cap, label=capped.label.lower()),
            )
        )
    for n in program.notes:
        arms.append(
            f"WHEN q.counts AND q.value = 0 AND q.note_{n.code} THEN "
            + member_reason(n.code, n.message)
        )
    chosen = f"(q.value > 0 AND q.vrank <= {limit})"
    s6 = f"""SELECT q.*, {chosen} AS chosen, q.value // {tpy} AS value_per_tahap,
  CASE {" ".join(arms)} END AS reason FROM {code}_pc5 q"""
    comp_json = (
        f'\'{{"nik":"\' || {ESC_Q} || \'","component":"\' || '
        f'q.component || \'","annual_amount":\' || CAST(q.value AS VARCHAR) || '
        f"',\"amount_per_tahap\":' || CAST(q.value_per_tahap AS VARCHAR) || '}}'"
    )
    s7 = f"""SELECT q.kk, SUM(CASE WHEN q.chosen THEN 1 ELSE 0 END) AS n_components,
  SUM(CASE WHEN q.chosen THEN q.value ELSE 0 END) AS annual,
  SUM(CASE WHEN q.chosen THEN q.value_per_tahap ELSE 0 END) AS per_tahap,
  string_agg(CASE WHEN q.chosen THEN {comp_json} END, ',' ORDER BY q.position) AS components,
  string_agg(q.reason, ',' ORDER BY q.position) AS member_reasons
FROM {code}_pc q GROUP BY q.kk"""
    return [
        (f"{code}_pc1", s1),
        (f"{code}_pc2", s2),
        (f"{code}_pc3", s3),
        (f"{code}_pc4", s4),
        (f"{code}_pc5", s5),
        (f"{code}_pc", s6),
        (f"{code}_pca", s7),
    ]


def _flag_sql(program: Program, c, in_force: set[str], person: dict[str, Program]) -> str:
    if c.kind == "family":
        return family_preds(c.test)
    if c.kind == "desil":
        return f"COALESCE(f.desil BETWEEN {c.minimum} AND {c.maximum}, FALSE)"
    if c.kind == "no_member":
        return f"COALESCE(f.{flag(program, c)}__any, 0) = 0"
    if c.kind == "any_member":
        return f"COALESCE(f.{flag(program, c)}__any, 0) = 1"
    if c.kind == "has_component":
        return "COALESCE(a.n_components, 0) > 0"
    if c.kind == "not_program":
        family_deps = [p for p in c.programs if p in in_force and p not in person]
        parts = [f"NOT COALESCE(f.{p.lower()}__elig, FALSE)" for p in family_deps]
        return "(" + " AND ".join(parts or ["TRUE"]) + ")"
    raise ValueError(c.kind)


def _reason_sql(program: Program, c, column: str) -> str:
    fail = f"WHEN NOT {column} THEN {reason_json(c.code, c.message)}"
    if c.kind == "desil":
        unknown = reason_json(c.code_unknown, c.message_unknown)
        return f"CASE WHEN f.desil IS NULL THEN {unknown} {fail} END"
    return f"CASE {fail} END"


def _family_layer(
    program: Program, prev: str, period: date, in_force: set[str], person: dict[str, Program]
) -> list[tuple[str, str]]:
    code = program.code.lower()
    family_conds = [c for c in program.conditions if c.kind != "person"]
    flags = [(c, flag(program, c)) for c in family_conds]
    cols = [f"{_flag_sql(program, c, in_force, person)} AS {name}" for c, name in flags]
    join = f" LEFT JOIN {code}_pca a ON a.kk = f.kk" if program.components else ""
    if program.unit == "person":
        return [
            (
                f"fam_{code}",
                f"SELECT f.*, {', '.join(cols or ['TRUE AS ' + code + '__none'])} FROM {prev} f",
            )
        ]
    ok = " AND ".join(name for _, name in flags) or "TRUE"
    tpy = tpy_expr(program, "f.channel")
    if program.components:
        money = f"COALESCE(a.annual, 0) AS {code}__annual, COALESCE(a.per_tahap, 0) AS {code}__per_tahap, a.components AS {code}__components, a.member_reasons AS {code}__member_reasons"
    else:
        money = f"{program.annual_amount} AS {code}__annual, {program.annual_amount} // {tpy} AS {code}__per_tahap, CAST(NULL AS VARCHAR) AS {code}__components, CAST(NULL AS VARCHAR) AS {code}__member_reasons"
    s1 = f"""SELECT f.*, {", ".join(cols)}, {money}, {tpy} AS {code}__tpy,
  {tahap_expr(program, "f.channel", period)} AS {code}__tahap FROM {prev} f{join}"""
    s2_ok = f"SELECT f.*, ({ok}) AS {code}__ok FROM fam_{code}_1 f"
    if program.quota:
        length = len(next(iter(program.quota)))
        key = f"substr(f.region, 1, {length})"
        quota = (
            "CASE "
            + " ".join(f"WHEN {key} = {lit(k)} THEN {v}" for k, v in program.quota.items())
            + " END"
        )
        s3 = f"""SELECT f.*, CASE WHEN f.{code}__ok THEN ROW_NUMBER() OVER (
    PARTITION BY {key}, f.{code}__ok ORDER BY f.desil, f.pmt_score NULLS LAST, f.kk) END AS {code}__rank,
  {quota} AS {code}__quota FROM fam_{code}_2 f"""
        elig = f"f.{code}__ok AND (f.{code}__quota IS NULL OR f.{code}__rank <= f.{code}__quota)"
    else:
        s3 = f"SELECT f.*, CAST(NULL AS BIGINT) AS {code}__rank, CAST(NULL AS BIGINT) AS {code}__quota FROM fam_{code}_2 f"
        elig = f"f.{code}__ok"
    reasons = [_reason_sql(program, c, f"f.{name}") for c, name in flags]
    reasons.append(
        f"CASE WHEN f.{code}__ok AND NOT ({elig}) THEN {reason_json('kuota_terlampaui', KUOTA)} END"
    )
    reasons.append(f"f.{code}__member_reasons")
    s4 = f"""SELECT f.*, {elig} AS {code}__elig,
  concat_ws(',', {", ".join(reasons)}) AS {code}__reasons FROM fam_{code}_3 f"""
    return [
        (f"fam_{code}_1", s1),
        (f"fam_{code}_2", s2_ok),
        (f"fam_{code}_3", s3),
        (f"fam_{code}", s4),
    ]


def _person_program(
    program: Program, period: date, in_force: set[str], person: dict[str, Program]
) -> tuple[str, str]:
    code = program.code.lower()
    comps = sorted(program.components, key=lambda c: -c.annual_amount)
    alts = {c.code: member_alternatives(c.when, program) for c in comps}
    target = " OR ".join(alts.values())
    value = (
        "GREATEST(0, "
        + ", ".join(f"CASE WHEN {alts[c.code]} THEN {c.annual_amount} ELSE 0 END" for c in comps)
        + ")"
    )
    component = (
        "CASE " + " ".join(f"WHEN {alts[c.code]} THEN {lit(c.code)}" for c in comps) + " END"
    )
    flags, reasons, joins = [], [], []
    for c in program.conditions:
        name = flag(program, c)
        if c.kind == "person":
            expr = member_preds(c.test, program)
        elif c.kind == "not_program":
            parts = [f"f.{name}"]
            for dep in c.programs:
                if dep in person and dep in in_force:
                    joins.append(
                        f"LEFT JOIN pp_{dep.lower()} d_{dep.lower()} ON d_{dep.lower()}.kk = m.kk AND d_{dep.lower()}.position = m.position"
                    )
                    parts.append(f"NOT COALESCE(d_{dep.lower()}.eligible, FALSE)")
            expr = "(" + " AND ".join(parts) + ")"
        else:
            expr = f"f.{name}"
        flags.append(f"{expr} AS {name}")
        reasons.append(_reason_sql(program, c, name).replace("f.desil", "desil"))
    tpy = tpy_expr(program, "m.channel")
    ok = " AND ".join(flag(program, c) for c in program.conditions) or "TRUE"
    inner = f"""SELECT m.kk, m.position, m.nik, f.region, f.ord, f.desil, {value} AS value,
  {component} AS component, {tpy} AS tpy, {tahap_expr(program, "m.channel", period)} AS tahap,
  {", ".join(flags) or "TRUE AS none"}
FROM mm m JOIN fam f ON f.kk = m.kk {" ".join(joins)} WHERE {target}"""
    return (
        f"pp_{code}",
        f"""SELECT p.*, ({ok}) AS eligible, concat_ws(',', {", ".join(reasons) or "NULL"}) AS reasons
FROM ({inner}) p""",
    )


def _bool_json(expr: str) -> str:
    return f"CASE WHEN {expr} THEN 'true' ELSE 'false' END"


def _decisions_sql(programs: list[Program]) -> str:
    parts = []
    for p in programs:
        code = p.code.lower()
        if p.unit == "family":
            parts.append(f"""SELECT f.kk, CAST(NULL AS VARCHAR) AS nik, f.region, {lit(p.code)} AS program,
  f.{code}__elig AS eligible, f.{code}__tahap AS tahap, CAST(f.{code}__tpy AS TINYINT) AS tahap_per_year,
  CAST(CASE WHEN f.{code}__elig THEN f.{code}__annual ELSE 0 END AS BIGINT) AS annual_amount,
  CAST(CASE WHEN f.{code}__elig THEN f.{code}__per_tahap ELSE 0 END AS BIGINT) AS amount_per_tahap,
  '[' || f.{code}__reasons || ']' AS reasons,
  CASE WHEN f.{code}__elig THEN '[' || COALESCE(f.{code}__components, '') || ']' ELSE '[]' END AS components
FROM fam f""")
        else:
            comp = (
                f'\'[{{"nik":"\' || {ESC_P} || \'","component":"\' || p.component'
                f' || \'","annual_amount":\' || CAST(p.value AS VARCHAR) || \',"amount_per_tahap":\' ||'
                f" CAST(p.value // p.tpy AS VARCHAR) || '}}]'"
            )
            parts.append(f"""SELECT p.kk, p.nik, p.region, {lit(p.code)} AS program, p.eligible,
  p.tahap, CAST(p.tpy AS TINYINT) AS tahap_per_year,
  CAST(CASE WHEN p.eligible THEN p.value ELSE 0 END AS BIGINT) AS annual_amount,
  CAST(CASE WHEN p.eligible THEN p.value // p.tpy ELSE 0 END AS BIGINT) AS amount_per_tahap,
  '[' || p.reasons || ']' AS reasons,
  CASE WHEN p.eligible THEN {comp} ELSE '[]' END AS components
FROM pp_{code} p""")
    return "\nUNION ALL\n".join(parts)


def _lines_sql(programs: list[Program], period: date) -> str:
    objs, joins = [], []
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
                f"CAST(CASE WHEN f.{code}__elig THEN f.{code}__per_tahap ELSE 0 END AS VARCHAR) || '}}'"
            )
        else:
            person = (
                f'\'{{"nik":"\' || {ESC_P} || \'","eligible":\' || '
                f"{_bool_json('p.eligible')} || ',\"component\":' || CASE WHEN p.eligible THEN "
                f"'\"' || p.component || '\"' ELSE 'null' END || ',\"annual_amount\":' || "
                f"CAST(CASE WHEN p.eligible THEN p.value ELSE 0 END AS VARCHAR) || "
                f"',\"amount_per_tahap\":' || CAST(CASE WHEN p.eligible THEN p.value // p.tpy "
                f"ELSE 0 END AS VARCHAR) || ',\"reasons\":[' || p.reasons || ']}}'"
            )
            joins.append(f"""LEFT JOIN (SELECT p.kk,
    MAX(CASE WHEN p.eligible THEN 1 ELSE 0 END) AS any_eligible,
    SUM(CASE WHEN p.eligible THEN p.value ELSE 0 END) AS annual,
    SUM(CASE WHEN p.eligible THEN p.value // p.tpy ELSE 0 END) AS per_tahap,
    string_agg({person}, ',' ORDER BY p.position) AS persons
  FROM pp_{code} p GROUP BY p.kk) a_{code} ON a_{code}.kk = f.kk""")
            none_ok = reason_json(
                "tidak_ada_anggota_memenuhi_syarat",
                "Tidak ada anggota keluarga yang memenuhi semua syarat program ini.",
            )
            no_target = reason_json("tidak_ada_sasaran", NO_TARGET)
            a = f"a_{code}"
            obj = (
                f"'{{\"eligible\":' || {_bool_json(f'COALESCE({a}.any_eligible, 0) = 1')} || "
                f"',\"reasons\":[' || CASE WHEN COALESCE({a}.any_eligible, 0) = 1 THEN '' "
                f"WHEN {a}.persons IS NULL THEN {no_target} ELSE {none_ok} END || "
                f"'],\"persons\":[' || COALESCE({a}.persons, '') || '],\"annual_amount\":' || "
                f'CAST(COALESCE({a}.annual, 0) AS VARCHAR) || \',"tahap":"\' || '
                f'{tahap_expr(p, "f.channel", period)} || \'","tahap_per_year":\' || '
                f"CAST({tpy_expr(p, 'f.channel')} AS VARCHAR) || ',\"amount_per_tahap\":' || "
                f"CAST(COALESCE({a}.per_tahap, 0) AS VARCHAR) || '}}'"
            )
        objs.append(f"'\"{p.code}\":' || {obj}")
    body = " || ',' || ".join(objs) if objs else "''"
    return f"""SELECT '{{\"kk\":\"' || {ESC_F} || '\",\"period\":\"{period:%Y-%m}\",\"programs\":{{' || {body} || '}}}}' AS line
FROM fam f {" ".join(joins)}"""


def build_plan(policy: PolicySet, period: date, *, national_ranking: bool) -> Plan:
    """Every statement, in order, for the programs in force in the period's month."""
    programs = policy.programs_in_force(period)
    in_force = {p.code for p in programs}
    person = {p.code: p for p in programs if p.unit == "person"}
    ordered = [p for p in programs if p.unit == "family"] + [
        p for p in programs if p.unit == "person"
    ]
    statements: list[tuple[str, str]] = [
        ("hh", _hh(policy)),
        ("mm", _mm(policy, period)),
        ("magg", _magg(ordered)),
        ("fam_0", _fam_base(policy, ordered, period, national_ranking)),
        ("fam_d", _desil(policy, national_ranking)),
    ]
    prev = "fam_d"
    for p in ordered:
        if p.components and p.unit == "family":
            statements += _components(p, period)
        layer = _family_layer(p, prev, period, in_force, person)
        statements += layer
        prev = layer[-1][0]
    statements.append(("fam", f"SELECT * FROM {prev}"))
    for p in ordered:
        if p.unit == "person":
            statements.append(_person_program(p, period, in_force, person))
    return Plan(statements=statements, programs=ordered)


def decisions_sql(plan: Plan) -> str:
    return _decisions_sql(plan.programs)


def lines_sql(plan: Plan, period: date) -> str:
    return _lines_sql(plan.programs, period) + " ORDER BY f.ord"
