"""Per-program SQL layers: PKH-style component choice, family flags and quotas, person rows."""

from __future__ import annotations

from datetime import date

from jaring.engine.compiler import (
    COMPONENT_CODES,
    MEMBER_BASE,
    CodedReasons,
    MemberFacts,
    family_preds,
    flag,
    json_escape,
    json_text,
    lit,
    member_alternatives,
    member_preds,
    ordered_join,
    reason_column,
    tahap_expr,
    tpy_expr,
)
from jaring.engine.policy import Program

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
MEMBER_ITEMS = "STRUCT(pos INTEGER, c BIGINT, n VARCHAR)[]"  # `member_items`


def components_sql(
    program: Program, period: date, reasons: CodedReasons | None, facts: MemberFacts
) -> list[tuple[str, str]]:
    """Per member component choice (one per member, caps, top-N by value) and per family sums.

    With `reasons` (the batch), member reasons are integer codes (`CodedReasons`)."""
    code = program.code.lower()
    comps = program.components
    capped = next((c for c in comps if c.max_per_family), None)
    others = [c for c in comps if c is not capped]
    quals = [f"{facts.ref(member_alternatives(c.when, program))} AS qa_{c.code}" for c in comps]
    notes = [f"{facts.ref(member_preds(n.test, program))} AS note_{n.code}" for n in program.notes]
    # The batch carries the NIK through the choice as an integer (`nik_code`, the text only
    # where it is not 16 digits): a text column in the window sorts cost more than the list.
    nik = "m.nik" if reasons is None else "m.nik_code, m.nik_odd"
    s1 = f"""SELECT m.fid, m.position, {nik}, m.alive, m.citizenship, m.counts, m.channel,
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
    # Only members who qualify for something (or carry a note) need the window work below.
    relevant = " OR ".join(
        [f"qa_{c.code}" for c in comps] + [f"note_{n.code}" for n in program.notes]
    )
    s2 = f"SELECT q.*, {cv} AS cv, {ov} AS ov, {oc} AS oc FROM {code}_pc1 q WHERE {relevant}"
    cap = capped.max_per_family if capped else 0
    limit = program.max_components or len(comps) or 1
    prefer = "(cv > ov)"
    cap_code = lit(capped.code) if capped else "NULL"
    # Where neither cap binds (at most `cap` members prefer the capped component and at most
    # `limit` members have one at all: most families), every candidate gets its best component
    # and no ranking is needed. Only the members of the other families go through the two
    # window sorts, which were the costliest operators of the batch (docs/engine.md).
    binds = f"""SELECT fid FROM {code}_pc2 GROUP BY fid
HAVING SUM(CASE WHEN {prefer} THEN 1 ELSE 0 END) > {cap}
  OR SUM(CASE WHEN cv > 0 OR ov > 0 THEN 1 ELSE 0 END) > {limit}"""
    free = f"""SELECT q.*, CAST(NULL AS BIGINT) AS crank, GREATEST(cv, ov) AS value,
  CASE WHEN {prefer} THEN {cap_code} WHEN ov > 0 THEN oc END AS component,
  CAST(NULL AS BIGINT) AS vrank
FROM {code}_pc2 q WHERE NOT EXISTS (SELECT 1 FROM {code}_pcb b WHERE b.fid = q.fid)"""
    s3 = f"""SELECT q.*, CASE WHEN {prefer} THEN ROW_NUMBER() OVER (
    PARTITION BY fid, CASE WHEN {prefer} THEN 1 ELSE 0 END ORDER BY ov, position) END AS crank
FROM {code}_pc2 q WHERE q.fid IN (SELECT b.fid FROM {code}_pcb b)"""
    takes_cap = f"({prefer} AND crank <= {cap})"
    s4 = f"""SELECT q.*, CASE WHEN {takes_cap} THEN cv ELSE ov END AS value,
  CASE WHEN {takes_cap} THEN {cap_code} WHEN ov > 0 THEN oc END AS component FROM {code}_pc3 q"""
    s5 = f"""SELECT q.*, CASE WHEN value > 0 THEN ROW_NUMBER() OVER (
    PARTITION BY fid, CASE WHEN value > 0 THEN 1 ELSE 0 END ORDER BY value DESC, position) END
    AS vrank FROM {code}_pc4 q"""
    union = f"SELECT * FROM {code}_pcv UNION ALL SELECT * FROM {code}_pc5"
    tpy = tpy_expr(program, "q.channel")
    any_q = " OR ".join(f"qa_{c.code}" for c in comps)
    nik = f"',\"nik\":\"' || {ESC_Q} || '\"}}'"

    def member_reason(code_: str, message: str) -> str:
        if reasons is not None:
            return str(reasons.member_index(code_, message))
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
    chosen = f"(q.value > 0 AND COALESCE(q.vrank, 0) <= {limit})"
    s6 = f"""SELECT q.*, {chosen} AS chosen, q.value // {tpy} AS value_per_tahap,
  CASE {" ".join(arms)} END AS reason FROM {code}_pcu q"""
    comp_json = (
        f'\'{{"nik":"\' || {ESC_Q} || \'","component":"\' || '
        f'q.component || \'","annual_amount":\' || CAST(q.value AS VARCHAR) || '
        f"',\"amount_per_tahap\":' || CAST(q.value_per_tahap AS VARCHAR) || '}}'"
    )
    if reasons is None:
        listed = (
            f"{ordered_join(comp_json, 'q.position', 'q.chosen')} AS components,\n  "
            f"{ordered_join('q.reason', 'q.position', 'q.reason IS NOT NULL')} AS member_reasons"
        )
    else:
        listed = f"{member_items(program)} AS member_items"
    s7 = f"""SELECT q.fid, SUM(CASE WHEN q.chosen THEN 1 ELSE 0 END) AS n_components,
  SUM(CASE WHEN q.chosen THEN q.value ELSE 0 END) AS annual,
  SUM(CASE WHEN q.chosen THEN q.value_per_tahap ELSE 0 END) AS per_tahap,
  {listed}
FROM {code}_pc q GROUP BY q.fid"""
    return [
        (f"{code}_pc1", s1),
        (f"{code}_pc2", s2),
        (f"{code}_pcb", binds),
        (f"{code}_pcv", free),
        (f"{code}_pc3", s3),
        (f"{code}_pc4", s4),
        (f"{code}_pc5", s5),
        (f"{code}_pcu", union),
        (f"{code}_pc", s6),
        (f"{code}_pca", s7),
    ]


def member_items(program: Program) -> str:
    """The batch's per-family list of what each member got: a chosen component or a reason.

    Elements are struct(pos, c, n) sorted by position (`CodedReasons`, "member items"): a
    chosen component is NIK * MEMBER_BASE + the component's index (a chosen member counts,
    so its NIK is 16 digits); a member reason is NIK * MEMBER_BASE + COMPONENT_CODES + the
    reason's index when the NIK is 16 digits, else -(index + 1) with the
    NIK's text in `n` (an invalid NIK is itself a reason). A member takes a component or
    carries a reason, never both, so one list aggregate serves both (each list aggregate
    was ≈ 4 % of the batch's query). The loader rebuilds the components' and reasons' JSON
    (`jaring.engine.reasons`: amounts from the component table in the file's metadata, per
    tahap from the row's tahap_per_year).
    """
    comps = program.components
    if len(comps) > COMPONENT_CODES:
        raise ValueError(f"{program.code}: more than {COMPONENT_CODES} components cannot be coded")
    index = " ".join(f"WHEN {lit(c.code)} THEN {i}" for i, c in enumerate(comps))
    n = "q.nik_code"  # the NIK's 16 digits as an integer, NULL when it is not 16 digits
    code = (
        f"CASE WHEN q.chosen THEN {n} * {MEMBER_BASE} + CASE q.component {index} END "
        f"WHEN {n} IS NOT NULL THEN {n} * {MEMBER_BASE} + {COMPONENT_CODES} + q.reason "
        "ELSE -(q.reason + 1) END"
    )
    odd = f"CASE WHEN NOT q.chosen AND {n} IS NULL THEN COALESCE(q.nik_odd, '') END"
    item = f"struct_pack(pos := CAST(q.position AS INTEGER), c := {code}, n := {odd})"
    return f"list_sort(list({item}) FILTER (WHERE q.chosen OR q.reason IS NOT NULL))"


def components_shared(program: Program) -> set[str]:
    """The stages of `components_sql` read by several others (the candidates: by the test of
    the caps, the free choice and the ranked choice), to be computed once."""
    return {f"{program.code.lower()}_pc2"}


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


def _reason_arms(c, column: str, desil: str = "f.desil") -> list[tuple[str, str, str]]:
    """A condition's reasons as (when, code, message) arms excluding each other."""
    fail = (f"NOT {column}", c.code, c.message)
    if c.kind == "desil":
        unknown = (f"{desil} IS NULL", c.code_unknown, c.message_unknown)
        return [unknown, (f"{desil} IS NOT NULL AND NOT {column}", c.code, c.message)]
    return [fail]


def family_layer_sql(
    program: Program,
    prev: str,
    period: date,
    in_force: set[str],
    person: dict[str, Program],
    reasons: CodedReasons | None = None,
) -> list[tuple[str, str]]:
    code = program.code.lower()
    family_conds = [c for c in program.conditions if c.kind != "person"]
    flags = [(c, flag(program, c)) for c in family_conds]
    cols = [f"{_flag_sql(program, c, in_force, person)} AS {name}" for c, name in flags]
    join = f" LEFT JOIN {code}_pca a ON a.fid = f.fid" if program.components else ""
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
        money = f"COALESCE(a.annual, 0) AS {code}__annual, COALESCE(a.per_tahap, 0) AS "
        money += f"{code}__per_tahap, "
        if reasons is None:
            money += (
                f"a.components AS {code}__components, a.member_reasons AS {code}__member_reasons"
            )
        else:
            money += f"a.member_items AS {code}__member_items"
    else:
        money = (
            f"{program.annual_amount} AS {code}__annual, {program.annual_amount} // {tpy} AS "
            f"{code}__per_tahap, "
        )
        if reasons is None:
            money += (
                f"CAST(NULL AS VARCHAR) AS {code}__components, "
                f"CAST(NULL AS VARCHAR) AS {code}__member_reasons"
            )
        else:
            money += f"CAST(NULL AS {MEMBER_ITEMS}) AS {code}__member_items"
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
    PARTITION BY {key}, f.{code}__ok ORDER BY f.desil, f.pmt_score NULLS LAST, f.kk) END
    AS {code}__rank,
  {quota} AS {code}__quota FROM fam_{code}_2 f"""
        elig = f"f.{code}__ok AND (f.{code}__quota IS NULL OR f.{code}__rank <= f.{code}__quota)"
    else:
        s3 = (
            f"SELECT f.*, CAST(NULL AS BIGINT) AS {code}__rank, "
            f"CAST(NULL AS BIGINT) AS {code}__quota FROM fam_{code}_2 f"
        )
        elig = f"f.{code}__ok"
    arms = [arm for c, name in flags for arm in _reason_arms(c, f"f.{name}")]
    arms.append((f"f.{code}__ok AND NOT ({elig})", "kuota_terlampaui", KUOTA))
    if reasons is None:
        own = f"{reason_column(arms, None, f'f.{code}__member_reasons')} AS {code}__reasons"
    else:  # the member reasons stay their own column (`CodedReasons`)
        own = f"{reason_column(arms, reasons)} AS {code}__reason_mask"
    s4 = f"""SELECT f.*, {elig} AS {code}__elig,
  {own} FROM fam_{code}_3 f"""
    return [
        (f"fam_{code}_1", s1),
        (f"fam_{code}_2", s2_ok),
        (f"fam_{code}_3", s3),
        (f"fam_{code}", s4),
    ]


def person_rows(code: str) -> str:
    """One person program's rows of the shared `pp` table, under generic column names (the
    uncoded output; the batch writes one row per person for all programs)."""
    c = code.lower()
    return (
        f"(SELECT kk, fid, position, nik, region, ord, desil, {c}__value AS value, "
        f"{c}__component AS component, {c}__tpy AS tpy, {c}__tahap AS tahap, "
        f"{c}__eligible AS eligible, {c}__reasons AS reasons FROM pp WHERE {c}__target)"
    )


def persons_sql(
    programs: list[Program],
    period: date,
    in_force: set[str],
    facts: MemberFacts,
    reasons: dict[str, CodedReasons] | None = None,
) -> list[tuple[str, str]]:
    """All person programs in one pass over the members any of them targets.

    One row per targeted member carries every person program's columns, so a dependency between
    person programs (JPS: not Prakerja, not BSU) is a column of the same row, not a join.
    """
    person = {p.code for p in programs}
    # The batch writes a person's NIK as its 16 digits in a BIGINT (`nik_code`), the text only
    # where it is not 16 digits (`nik_odd`); the loader puts the text back (`reasons`).
    nik = "m.nik" if reasons is None else "m.nik_code, m.nik_odd"
    cols, targets = [], []
    for program in programs:
        code = program.code.lower()
        comps = sorted(program.components, key=lambda c: -c.annual_amount)
        alts = {c.code: facts.ref(member_alternatives(c.when, program)) for c in comps}
        target = "(" + " OR ".join(alts.values()) + ")"
        targets.append(target)
        amounts = ", ".join(
            f"CASE WHEN {alts[c.code]} THEN {c.annual_amount} ELSE 0 END" for c in comps
        )
        choice = " ".join(f"WHEN {alts[c.code]} THEN {lit(c.code)}" for c in comps)
        cols += [
            f"{target} AS {code}__target",
            f"GREATEST(0, {amounts}) AS {code}__value",
            f"CASE {choice} END AS {code}__component",
            f"{tpy_expr(program, 'm.channel')} AS {code}__tpy",
            f"{tahap_expr(program, 'm.channel', period)} AS {code}__tahap",
        ]
        for c in program.conditions:
            name = flag(program, c)
            if c.kind == "person":
                cols.append(f"{facts.ref(member_preds(c.test, program))} AS {name}")
            elif c.kind == "not_program":
                cols.append(f"f.{name} AS {name}__family")
            else:
                cols.append(f"f.{name} AS {name}")
    statements = [
        (
            "pp_1",
            f"""SELECT f.kk, m.fid, m.position, {nik}, f.region, f.channel, f.ord, f.desil,
  {", ".join(cols)}
FROM mm m JOIN fam f ON f.fid = m.fid WHERE {" OR ".join(targets) or "FALSE"}""",
        )
    ]
    prev = "pp_1"
    for program in programs:
        code = program.code.lower()
        extra, arms = [], []
        for c in program.conditions:
            name = flag(program, c)
            if c.kind == "not_program":
                deps = [
                    f"NOT COALESCE(q.{d.lower()}__eligible, FALSE)"
                    for d in c.programs
                    if d in person and d in in_force
                ]
                extra.append(f"({' AND '.join([f'q.{name}__family', *deps])}) AS {name}")
            arms += _reason_arms(c, f"q.{name}", "q.desil")
        checks = [f"q.{flag(program, c)}" for c in program.conditions if c.kind != "not_program"]
        if extra:
            statements.append((f"pp_{code}_a", f"SELECT q.*, {', '.join(extra)} FROM {prev} q"))
            prev = f"pp_{code}_a"
        checks += [f"q.{flag(program, c)}" for c in program.conditions if c.kind == "not_program"]
        ok = " AND ".join([f"q.{code}__target", *checks])
        coded = None if reasons is None else reasons.setdefault(program.code, CodedReasons())
        own = reason_column(arms, coded)
        name = f"{code}__reasons" if coded is None else f"{code}__reason_mask"
        statements.append(
            (
                f"pp_{code}",
                f"""SELECT q.*, ({ok}) AS {code}__eligible,
  {own} AS {name} FROM {prev} q""",
            )
        )
        prev = f"pp_{code}"
    statements.append(("pp", f"SELECT * FROM {prev}"))
    return statements
