"""Plain-Indonesian rule text generated from a program's data (staff and public pages).

Every sentence goes through `translate` (default: unchanged), so the portal can show the same
rules in English without the engine depending on Django: it passes `gettext`, and the catalogue
holds the sentence templates below (`%(name)s` placeholders, filled after translation) and the
texts written in the policy files (labels, summaries, documents). A text without a catalogue
entry stays as written. Amounts, dates, periods and program names are never translated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from jaring.core.periods import tahap_label

Translate = Callable[[str], str]


def _(text: str) -> str:
    """Marks a sentence template for the catalogue; `describe_program` translates it."""
    return text


_SCHEDULE = {
    1: _("sekali setahun"),
    2: _("2 tahap setahun (per semester)"),
    3: _("3 tahap setahun (per caturwulan)"),
    4: _("4 tahap setahun (per triwulan)"),
    6: _("6 tahap setahun (setiap dua bulan)"),
    12: _("12 tahap setahun (setiap bulan)"),
}
_CHANNEL = {"KKS": _("lewat rekening KKS"), "POS": _("lewat PT Pos Indonesia"), "default": ""}
_CHANNEL_OTHER = _("lewat %(channel)s")
_UNIT = {"family": _("keluarga"), "person": _("perorangan")}


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class ProgramDescription:
    code: str
    name: str
    unit: str  # "keluarga" or "perorangan" (translated)
    summary: str
    conditions: list[str]
    components: list[tuple[str, int, str]]  # (label, annual amount, per-tahap text)
    schedule: str
    exclusions: list[str]
    documents: list[str]
    valid_from: date
    valid_to: date | None
    version: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "summary": self.summary,
            "conditions": self.conditions,
            "components": [list(c) for c in self.components],
            "schedule": self.schedule,
            "exclusions": self.exclusions,
            "documents": self.documents,
        }


def _where(channel: str, t: Translate) -> str:
    if channel in _CHANNEL:
        return t(_CHANNEL[channel])
    return t(_CHANNEL_OTHER) % {"channel": channel}


def _per_tahap(program: Any, annual: int, t: Translate) -> str:
    texts = []
    for channel, tpy in program.schedule.items():
        where = _where(channel, t)
        amount = t(_("%(amount)s per tahap")) % {"amount": rupiah(annual // tpy)}
        texts.append(f"{amount}{(' ' + where) if where else ''}")
    return "; ".join(texts)


def describe_program(
    policy: Any, program: Any, period: date, translate: Translate = _same
) -> ProgramDescription:
    t = translate
    exclusion_kinds = ("no_member", "not_program")
    conditions = [t(c.label) for c in program.conditions if c.kind not in exclusion_kinds]
    exclusions = [t(c.label) for c in program.conditions if c.kind in exclusion_kinds]
    components = [
        (t(c.label), c.annual_amount, _per_tahap(program, c.annual_amount, t))
        for c in program.components
    ]
    if not components and program.annual_amount:
        components = [
            (t(_("Bantuan")), program.annual_amount, _per_tahap(program, program.annual_amount, t))
        ]
    limits = []
    capped = [c for c in program.components if c.max_per_family]
    for c in capped:
        limits.append(
            t(_("paling banyak %(count)s %(component)s per keluarga"))
            % {"count": c.max_per_family, "component": t(c.label).lower()}
        )
    if program.max_components:
        limits.append(
            t(_("paling banyak %(count)s komponen per keluarga"))
            % {"count": program.max_components}
        )
    if limits:
        conditions.append(
            t(
                _(
                    "Setiap anggota paling banyak satu komponen; %(limits)s; dipilih susunan "
                    "komponen dengan jumlah tertinggi."
                )
            )
            % {"limits": ", ".join(limits)}
        )
    schedule_parts = []
    for channel, tpy in program.schedule.items():
        where = _where(channel, t)
        how = t(_SCHEDULE[tpy]) + ((" " + where) if where else "")
        schedule_parts.append(
            t(_("%(schedule)s (periode ini: tahap %(tahap)s)"))
            % {"schedule": how, "tahap": tahap_label(period, tpy)}
        )
    start = f"{program.valid_from:%d-%m-%Y}"
    if program.valid_to:
        validity = t(_("berlaku sejak %(start)s sampai %(end)s")) % {
            "start": start,
            "end": f"{program.valid_to:%d-%m-%Y}",
        }
    else:
        validity = t(_("berlaku sejak %(start)s")) % {"start": start}
    return ProgramDescription(
        code=program.code,
        name=program.name,
        unit=t(_UNIT["family" if program.unit == "family" else "person"]),
        summary=t(program.summary),
        conditions=conditions,
        components=components,
        schedule="; ".join(schedule_parts) + f"; {validity}.",
        exclusions=exclusions,
        documents=[t(d) for d in program.documents],
        valid_from=program.valid_from,
        valid_to=program.valid_to,
        version=program.version,
    )
