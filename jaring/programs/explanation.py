"""What the decision pages show: masked decision rows, and one family's live explanation next to
its stored decisions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

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
    if "persons" in program:
        return sum(p.get("amount_per_tahap", 0) for p in program["persons"] if p.get("eligible"))
    return int(program.get("amount_per_tahap", 0) or 0)


def family_explanation(*, keluarga: Keluarga, period: date) -> dict[str, Any]:
    """Context of the explanation page: live explain() on the family's current registry data,
    the stored decision of the period (if any), and whether the two differ."""
    from jaring.engine.api import explain

    record = keluarga_interchange(keluarga)
    live = explain(record, period=format_period(period), policy=current_policy())
    stored = _stored_by_program(decisions_for_kk(kk=keluarga.kk, period=period))
    names = {m["nik"]: m["name"] for m in record["members"]}
    programs = []
    for code, program in live.get("programs", {}).items():
        kept = stored.get(code)
        live_amount = _live_amount(program)
        differs = kept is not None and (
            kept["eligible"] != bool(program.get("eligible"))
            or kept["amount_per_tahap"] != live_amount
        )
        programs.append(
            {
                "code": code,
                "live": program,
                "live_amount": live_amount,
                "stored": kept,
                "differs": differs,
            }
        )
    return {
        "keluarga": keluarga,
        "kk": _mask(keluarga.kk),
        "period": format_period(period),
        "explanation": live,
        "programs": programs,
        "member_names": names,
        "has_stored": bool(stored),
    }
