"""What the decision pages show: masked decision rows, and one family's live explanation next to
its stored decisions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from jaring.core import vocab
from jaring.programs.models import Decision
from jaring.programs.periods import format_period
from jaring.programs.policy import current_policy
from jaring.programs.selectors import decisions_for_kk
from jaring.programs.snapshot import keluarga_interchange
from jaring.registry.models import Keluarga


def _mask(number: str) -> str:
    from jaring.core.identity import mask_identity

    return mask_identity(number) if number else ""


def _first_reason(reasons: list[dict[str, Any]]) -> str:
    return reasons[0].get("message", "") if reasons else ""


def decision_rows(decisions: Iterable[Decision]) -> list[dict[str, Any]]:
    """Rows of the decision list: KK and NIK masked, linked to the family when it exists."""
    decisions = list(decisions)
    ids = dict(Keluarga.objects.filter(kk__in={d.kk for d in decisions}).values_list("kk", "pk"))
    return [
        {
            "kk": _mask(d.kk),
            "nik": _mask(d.nik),
            "keluarga_id": ids.get(d.kk),
            "region_code": d.region_code,
            "eligible": d.eligible,
            "amount_per_tahap": d.amount_per_tahap,
            "tahap": d.tahap,
            "reason": "" if d.eligible else _first_reason(d.reasons),
        }
        for d in decisions
    ]


def _stored_by_program(decisions: list[Decision]) -> dict[str, dict[str, Any]]:
    """Stored rows grouped per program: the family row and the person rows."""
    stored: dict[str, dict[str, Any]] = {}
    for d in decisions:
        entry = stored.setdefault(
            d.program, {"eligible": False, "amount_per_tahap": 0, "tahap": d.tahap, "rows": []}
        )
        entry["rows"].append(d)
        entry["eligible"] = entry["eligible"] or d.eligible
        entry["amount_per_tahap"] += d.amount_per_tahap if d.eligible else 0
    return stored


def _live_amount(program: dict[str, Any]) -> int:
    return int(program.get("amount_per_tahap", 0) or 0)


def _reason_texts(reason: Any) -> list[str]:
    """A member's reason as the engine gives it: a {code, message} object, a list, or nothing."""
    if not reason:
        return []
    if isinstance(reason, dict):
        return [reason.get("message", reason.get("code", ""))]
    return [r.get("message", "") if isinstance(r, dict) else str(r) for r in reason]


def _people(
    program: dict[str, Any], names: dict[int, str], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """Members (family programs) or persons (person programs) ready for the page."""
    people = []
    for row in program.get("members") or program.get("persons") or []:
        failed = [c["label"] for c in row.get("conditions", []) if c.get("passed") is False]
        people.append(
            {
                "name": names.get(row["position"], f"Anggota ke-{row['position']}"),
                "nik": _mask(row.get("nik") or ""),
                "eligible": row.get("eligible", bool(row.get("component"))),
                "component": labels.get(row.get("component") or "", row.get("component")),
                "amount_per_tahap": row.get("amount_per_tahap", 0),
                "notes": _reason_texts(row.get("reason")) + _reason_texts(row.get("reasons")),
                "failed": failed,
            }
        )
    return people


def _pmt_parts(pmt: dict[str, Any], record: dict[str, Any]) -> list[dict[str, Any]]:
    """PMT parts with the registry's Indonesian labels for coded values (and the asset list)."""
    parts = []
    for part in pmt.get("parts", []):
        value = part.get("value")
        vocabulary = vocab.HOUSING_FIELDS.get(part.get("part", ""))
        if vocabulary and value is not None:
            value = vocabulary.get(value, value)
        if part.get("part") == "assets":
            assets = record.get("housing", {}).get("assets") or []
            value = ", ".join(vocab.ASSETS.get(a, a) for a in assets) or None
        parts.append({**part, "value": value})
    return parts


def family_explanation(*, keluarga: Keluarga, period: date) -> dict[str, Any]:
    """Context of the explanation page: live explain() on the family's current registry data,
    the stored decision of the period (if any), and whether the two differ."""
    from jaring.engine.api import explain

    policy = current_policy()
    record = keluarga_interchange(keluarga)
    live = explain(record, period=format_period(period), policy=policy)
    stored = _stored_by_program(decisions_for_kk(kk=keluarga.kk, period=period))
    names = {i + 1: m["name"] for i, m in enumerate(record["members"])}
    programs = []
    for code, program in live.get("programs", {}).items():
        definition = policy.programs.get(code)
        labels = {c.code: c.label for c in getattr(definition, "components", ())}
        kept = stored.get(code)
        live_amount = _live_amount(program)
        differs = kept is not None and (
            kept["eligible"] != bool(program.get("eligible"))
            or kept["amount_per_tahap"] != live_amount
        )
        programs.append(
            {
                "code": code,
                "name": program.get("name", code),
                "per_person": program.get("unit") == "person",
                "eligible": bool(program.get("eligible")),
                "tahap": program.get("tahap", ""),
                "conditions": [
                    c for c in program.get("conditions", []) if c.get("passed") is not None
                ],
                "person_conditions": [
                    c["label"] for c in program.get("conditions", []) if c.get("passed") is None
                ],
                "reasons": program.get("reasons", []),
                "people": _people(program, names, labels),
                "live_amount": live_amount,
                "stored": kept,
                "differs": differs,
            }
        )
    return {
        "keluarga": keluarga,
        "kk": _mask(keluarga.kk),
        "period": format_period(period),
        "desil": live.get("desil", {}),
        "ump_text": live.get("ump_text"),
        "pmt": {**live.get("pmt", {}), "parts": _pmt_parts(live.get("pmt", {}), record)},
        "programs": programs,
        "has_stored": bool(stored),
    }
