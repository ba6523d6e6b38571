"""A plain per-family Python evaluation of the same policy data: the engine's test oracle and the
benchmark's baseline.

Deliberately written apart from the SQL compiler: NIK validity comes from jaring.core.identity
(the foundation's checker), ages from jaring.core.periods, and the PKH assignment is a brute-force
enumeration of every assignment the caps allow (the engine's set-based choice must match its
total). Quotas (a cross-family ranking) are out of its scope.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from jaring.core.identity import ERROR, check_nik
from jaring.core.periods import age_on, parse_period, tahap_label, tahap_start
from jaring.engine.policy import PolicySet, Predicate, Program
from jaring.engine.sql import PMT_FIELDS


def _bd(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _tpy(program: Program, channel: str | None) -> int:
    return program.tahap_per_year(channel)


def _test(pred: Predicate, value: Any, ump: int | None) -> bool:
    target = ump if pred.value == "ump" else pred.value
    if pred.op == "is_null":
        return value is None
    if pred.op == "not_null":
        return value is not None
    if value is None or target is None:
        return False
    if pred.op == "in":
        return value in pred.value
    if pred.op == "not_in":
        return value not in pred.value
    if pred.op == "between":
        return pred.value[0] <= value <= pred.value[1]
    return {
        "eq": value == target,
        "ne": value != target,
        "lt": value < target,
        "le": value <= target,
        "gt": value > target,
        "ge": value >= target,
    }[pred.op]


class _Member:
    def __init__(self, raw: dict[str, Any], codes: frozenset[str]) -> None:
        self.raw = raw
        self.nik = raw.get("nik")
        self.birth = _bd(raw.get("birth_date"))
        problems = check_nik(
            self.nik or "", birth_date=self.birth, sex=raw.get("sex"), kecamatan_codes=codes
        )
        self.nik_valid = not any(p.severity == ERROR for p in problems)
        self.alive = bool(raw.get("alive"))
        self.counts = self.alive and raw.get("citizenship") == "WNI" and self.nik_valid

    def get(self, name: str, program: Program, channel: str | None, period: date) -> Any:
        if name == "age":
            if self.birth is None:
                return None
            return age_on(self.birth, tahap_start(period, _tpy(program, channel)))
        if name in ("counts", "nik_valid", "alive"):
            return getattr(self, name)
        return self.raw.get(name)

    def ok(self, preds, program, channel, period, ump) -> bool:
        return all(_test(p, self.get(p.field, program, channel, period), ump) for p in preds)


def pmt_score(record: dict[str, Any], policy: PolicySet) -> float | None:
    pmt = policy.pmt
    housing = record.get("housing") or {}
    keys = (*PMT_FIELDS, "floor_area_m2")
    if all(housing.get(k) is None for k in keys):
        return None
    living = sum(1 for m in record.get("members") or [] if m.get("alive"))
    score = sum(pmt.weights[f].get(housing.get(f), 0) for f in PMT_FIELDS)
    score += sum(v for k, v in pmt.weights["assets"].items() if k in (housing.get("assets") or []))
    area = (housing.get("floor_area_m2") or 0) * pmt.points_per_m2_per_person / max(living, 1)
    score += min(pmt.max_area_points, area)
    score -= pmt.minus_per_extra_member * max(living - pmt.members_free, 0)
    return round(score, 2)


def desil_of(record: dict[str, Any], policy: PolicySet) -> int | None:
    if record.get("desil") is not None:
        return record["desil"]
    score = pmt_score(record, policy)
    if score is None:
        return None
    return 1 + sum(1 for c in policy.pmt.cut_points if score >= c)


def _best_assignment(members, program, channel, period, ump):
    """Brute force: every member gets one qualifying component or none; caps respected."""
    options = []
    for m in members:
        choices = [None]
        if m.counts:
            choices += [
                c
                for c in program.components
                if any(m.ok(alt, program, channel, period, ump) for alt in c.when)
            ]
        options.append(choices)
    tpy = _tpy(program, channel)
    limit = program.max_components or len(program.components)
    allowed: dict[str, set[str]] = {}  # NIK -> what its member may take (for ties)
    for m, choices in zip(members, options, strict=True):
        allowed.setdefault(m.nik, set()).update(c.code for c in choices if c is not None)
    best = (0, 0, [], allowed)
    for combo in itertools.product(*options):
        chosen = [(m, c) for m, c in zip(members, combo, strict=True) if c is not None]
        if len(chosen) > limit:
            continue
        if any(
            c.max_per_family and sum(1 for _, x in chosen if x is c) > c.max_per_family
            for c in program.components
        ):
            continue
        total = sum(c.annual_amount for _, c in chosen)
        per = sum(c.annual_amount // tpy for _, c in chosen)
        if (total, per) > best[:2]:
            best = (total, per, chosen, allowed)
    return best


def evaluate(record: dict[str, Any], *, period: str, policy: PolicySet) -> dict[str, Any]:
    """The assessment of one family: {program: {...}} with codes, amounts and components."""
    from jaring.regions.codes import kecamatan_codes

    month = parse_period(period)
    codes = kecamatan_codes()
    members = [_Member(m, codes) for m in record.get("members") or []]
    channel = record.get("channel")
    ump = policy.ump.get((record.get("region") or "")[:2])
    desil = desil_of(record, policy)
    family = {
        "registry_status": record.get("registry_status"),
        "channel": channel,
        "bank": record.get("bank"),
        "region": record.get("region"),
        "province": (record.get("region") or "")[:2],
        "desil": desil,
    }
    out: dict[str, Any] = {}
    for program in policy.programs_in_force(month):
        tpy = _tpy(program, channel)
        tahap = tahap_label(month, tpy)
        failed: list[str] = []
        comps: list[tuple[str, int]] = []
        allowed: dict[str, set[str]] = {}  # NIK -> the components a counting member may take
        annual = per = 0
        if program.unit == "family" and program.components:
            best = _best_assignment(members, program, channel, month, ump)
            annual, per, chosen, allowed = best
            comps = sorted((c.code, c.annual_amount) for _, c in chosen)
        for c in program.conditions:
            if c.kind == "family":
                ok = all(_test(p, family[p.field], ump) for p in c.test)
            elif c.kind == "desil":
                ok = desil is not None and c.minimum <= desil <= c.maximum
                if desil is None:
                    failed.append(c.code_unknown)
                    continue
            elif c.kind in ("no_member", "any_member"):
                hit = any(m.ok(c.test, program, channel, month, ump) for m in members)
                ok = hit if c.kind == "any_member" else not hit
            elif c.kind == "has_component":
                ok = bool(comps)
            elif c.kind == "not_program":
                ok = not any(
                    out.get(p, {}).get("eligible") and policy.programs[p].unit == "family"
                    for p in c.programs
                )
            else:
                continue  # person conditions: below
            if not ok:
                failed.append(c.code)
        if program.unit == "family":
            eligible = not failed
            if not program.components:
                annual, per = program.annual_amount, program.annual_amount // tpy
            out[program.code] = {
                "eligible": eligible,
                "codes": sorted(set(failed)),
                "components": comps if eligible else [],
                "allowed": allowed,
                "annual_amount": annual if eligible else 0,
                "amount_per_tahap": per if eligible else 0,
                "tahap": tahap,
                "tahap_per_year": tpy,
            }
            continue
        persons = []
        for position, m in enumerate(members):
            best = max(
                (
                    c
                    for c in program.components
                    if any(m.ok(alt, program, channel, month, ump) for alt in c.when)
                ),
                key=lambda c: c.annual_amount,
                default=None,
            )
            if best is None:
                continue
            codes_ = list(failed)
            for c in program.conditions:
                if c.kind == "person" and not m.ok(c.test, program, channel, month, ump):
                    codes_.append(c.code)
                if c.kind == "not_program":
                    for dep in c.programs:
                        other = out.get(dep)
                        person_dep = other and policy.programs[dep].unit == "person"
                        if person_dep and other["by_position"].get(position):
                            codes_.append(c.code)
            ok = not codes_
            persons.append(
                {
                    "position": position,
                    "nik": m.nik,
                    "eligible": ok,
                    "codes": sorted(set(codes_)),
                    "amount_per_tahap": best.annual_amount // tpy if ok else 0,
                }
            )
        out[program.code] = {
            "eligible": any(p["eligible"] for p in persons),
            "persons": persons,
            "by_position": {p["position"]: p["eligible"] for p in persons},
            "amount_per_tahap": sum(p["amount_per_tahap"] for p in persons),
            "tahap": tahap,
        }
    return out
