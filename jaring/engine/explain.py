"""One family, condition by condition: the compiled plan run on that family, then read back."""

from __future__ import annotations

import json
from typing import Any

from jaring.engine.compiler import flag, member_preds
from jaring.engine.describe import rupiah
from jaring.engine.policy import Condition, PolicySet, Program
from jaring.engine.runner import Assessor
from jaring.engine.sql import PMT_FIELDS

_PMT_LABELS = {
    "floor_material": "Jenis lantai",
    "wall_material": "Jenis dinding",
    "roof_material": "Jenis atap",
    "drinking_water": "Sumber air minum",
    "sanitation": "Fasilitas jamban",
    "electricity": "Sumber penerangan",
    "cooking_fuel": "Bahan bakar memasak",
    "assets": "Aset",
    "area": "Luas lantai per anggota",
    "household": "Jumlah anggota keluarga",
}


def _rows(con: Any, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _members_matching(con: Any, program: Program, condition: Condition) -> list[int]:
    sql = f"SELECT m.position FROM mm m WHERE {member_preds(condition.test, program)} ORDER BY 1"
    return [row[0] + 1 for row in con.execute(sql).fetchall()]


def _detail(con: Any, fam: dict[str, Any], program: Program, c: Condition) -> str:
    if c.kind == "family":
        return ", ".join(f"{p.field}: {fam.get(p.field)}" for p in c.test)
    if c.kind == "desil":
        if fam["desil"] is None:
            return "Desil tidak diketahui."
        source = "registri" if fam["desil_given"] is not None else f"skor PMT {fam['pmt_score']}"
        return f"Desil {fam['desil']} (dari {source})."
    if c.kind in ("no_member", "any_member"):
        found = _members_matching(con, program, c)
        if not found:
            return "Tidak ada anggota yang memenuhi keadaan ini."
        return "Anggota ke-" + ", ".join(map(str, found)) + " memenuhi keadaan ini."
    if c.kind == "not_program":
        states = []
        for code in c.programs:
            value = fam.get(f"{code.lower()}__elig")
            states.append(f"{code}: {'layak' if value else 'tidak layak / tidak berlaku'}")
        return "; ".join(states)
    if c.kind == "has_component":
        return (
            f"{(fam.get(program.code.lower() + '__annual', 0) and 'Ada') or 'Tidak ada'} komponen."
        )
    return ""


def _pmt(fam: dict[str, Any], policy: PolicySet) -> dict[str, Any]:
    parts = [
        {
            "part": name,
            "label": _PMT_LABELS[name],
            "value": fam.get(name),
            "points": fam[f"pmt_{name}"],
        }
        for name in PMT_FIELDS
    ]
    parts.append(
        {
            "part": "assets",
            "label": _PMT_LABELS["assets"],
            "value": None,
            "points": fam["pmt_assets"],
        }
    )
    parts.append(
        {
            "part": "area",
            "label": _PMT_LABELS["area"],
            "value": fam["floor_area_m2"],
            "points": round(fam["pmt_area"], 2),
        }
    )
    parts.append(
        {
            "part": "household",
            "label": _PMT_LABELS["household"],
            "value": fam["n_living"],
            "points": fam["pmt_household"],
        }
    )
    return {
        "score": fam["pmt_score"],
        "desil": fam["desil_pmt"],
        "parts": parts if fam["pmt_score"] is not None else [],
        "cut_points": list(policy.pmt.cut_points),
    }


def _family_program(con: Any, fam: dict[str, Any], program: Program) -> dict[str, Any]:
    code = program.code.lower()
    conditions = [
        {
            "code": c.code,
            "label": c.label,
            "passed": bool(fam[flag(program, c)]),
            "detail": _detail(con, fam, program, c),
        }
        for c in program.conditions
    ]
    members = []
    if program.components:
        sql = (
            "SELECT m.position, m.nik, q.component, COALESCE(q.chosen, FALSE) AS chosen, q.value,"
            f" q.value_per_tahap, q.reason FROM mm m LEFT JOIN {code}_pc q"
            " ON q.fid = m.fid AND q.position = m.position ORDER BY m.position"
        )
        for row in _rows(con, sql):
            reason = json.loads(row["reason"]) if row["reason"] else None
            members.append(
                {
                    "position": row["position"] + 1,
                    "nik": row["nik"],
                    "component": row["component"] if row["chosen"] else None,
                    "annual_amount": row["value"] if row["chosen"] else 0,
                    "amount_per_tahap": row["value_per_tahap"] if row["chosen"] else 0,
                    "reason": reason,
                }
            )
    eligible = bool(fam[f"{code}__elig"])
    return {
        "name": program.name,
        "unit": program.unit,
        "eligible": eligible,
        "conditions": conditions,
        "quota_passed": not (fam[f"{code}__ok"] and not eligible),
        "members": members,
        "reasons": json.loads("[" + fam[f"{code}__reasons"] + "]"),
        "tahap": fam[f"{code}__tahap"],
        "annual_amount": fam[f"{code}__annual"] if eligible else 0,
        "amount_per_tahap": fam[f"{code}__per_tahap"] if eligible else 0,
    }


def _person_program(con: Any, fam: dict[str, Any], program: Program) -> dict[str, Any]:
    persons = []
    code = program.code.lower()
    for row in _rows(con, f"SELECT * FROM pp WHERE {code}__target ORDER BY position"):
        persons.append(
            {
                "position": row["position"] + 1,
                "nik": row["nik"],
                "eligible": bool(row[f"{code}__eligible"]),
                "component": row[f"{code}__component"],
                "conditions": [
                    {"code": c.code, "label": c.label, "passed": bool(row[flag(program, c)])}
                    for c in program.conditions
                ],
                "reasons": json.loads("[" + row[f"{code}__reasons"] + "]"),
                "amount_per_tahap": (
                    row[f"{code}__value"] // row[f"{code}__tpy"] if row[f"{code}__eligible"] else 0
                ),
                "tahap": row[f"{code}__tahap"],
            }
        )
    return {
        "name": program.name,
        "unit": program.unit,
        "eligible": any(p["eligible"] for p in persons),
        "conditions": [
            {"code": c.code, "label": c.label, "passed": None, "detail": "per orang"}
            for c in program.conditions
        ],
        "persons": persons,
        "amount_per_tahap": sum(p["amount_per_tahap"] for p in persons),
    }


def explain(record: dict[str, Any], *, period: str, policy: PolicySet) -> dict[str, Any]:
    """Every condition of every program in force, with pass/fail and the family's own values."""
    assessor = Assessor(period=period, policy=policy, threads=1)
    try:
        assessor.load([record])
        con = assessor.con
        fam = _rows(con, "SELECT * FROM fam")[0]
        programs = {}
        for program in assessor.plan.programs:
            if program.unit == "family":
                programs[program.code] = _family_program(con, fam, program)
            else:
                programs[program.code] = _person_program(con, fam, program)
        return {
            "kk": fam["kk"],
            "period": f"{assessor.month:%Y-%m}",
            "desil": {
                "value": fam["desil"],
                "source": None
                if fam["desil"] is None
                else ("registri" if fam["desil_given"] is not None else "pmt"),
            },
            "ump": fam["ump"],
            "ump_text": rupiah(fam["ump"]) if fam["ump"] is not None else None,
            "pmt": _pmt(fam, policy),
            "programs": programs,
        }
    finally:
        assessor.close()
