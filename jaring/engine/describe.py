"""Plain-Indonesian rule text generated from a program's data (staff and public pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jaring.core.periods import tahap_label

_SCHEDULE = {
    1: "sekali setahun",
    2: "2 tahap setahun (per semester)",
    3: "3 tahap setahun (per caturwulan)",
    4: "4 tahap setahun (per triwulan)",
    6: "6 tahap setahun (setiap dua bulan)",
    12: "12 tahap setahun (setiap bulan)",
}
_CHANNEL = {"KKS": "lewat rekening KKS", "POS": "lewat PT Pos Indonesia", "default": ""}


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


@dataclass(frozen=True)
class ProgramDescription:
    code: str
    name: str
    unit: str  # "keluarga" or "perorangan"
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


def _per_tahap(program: Any, annual: int) -> str:
    texts = []
    for channel, tpy in program.schedule.items():
        where = _CHANNEL.get(channel, f"lewat {channel}")
        texts.append(f"{rupiah(annual // tpy)} per tahap{(' ' + where) if where else ''}")
    return "; ".join(texts)


def describe_program(policy: Any, program: Any, period: date) -> ProgramDescription:
    exclusion_kinds = ("no_member", "not_program")
    conditions = [c.label for c in program.conditions if c.kind not in exclusion_kinds]
    exclusions = [c.label for c in program.conditions if c.kind in exclusion_kinds]
    components = [
        (c.label, c.annual_amount, _per_tahap(program, c.annual_amount)) for c in program.components
    ]
    if not components and program.annual_amount:
        components = [
            ("Bantuan", program.annual_amount, _per_tahap(program, program.annual_amount))
        ]
    limits = []
    capped = [c for c in program.components if c.max_per_family]
    for c in capped:
        limits.append(f"paling banyak {c.max_per_family} {c.label.lower()} per keluarga")
    if program.max_components:
        limits.append(f"paling banyak {program.max_components} komponen per keluarga")
    if limits:
        conditions.append(
            "Setiap anggota paling banyak satu komponen; "
            + ", ".join(limits)
            + "; dipilih susunan komponen dengan jumlah tertinggi."
        )
    schedule_parts = []
    for channel, tpy in program.schedule.items():
        where = _CHANNEL.get(channel, f"lewat {channel}")
        label = tahap_label(period, tpy)
        schedule_parts.append(
            f"{_SCHEDULE[tpy]}{(' ' + where) if where else ''} (periode ini: tahap {label})"
        )
    validity = f"berlaku sejak {program.valid_from:%d-%m-%Y}"
    if program.valid_to:
        validity += f" sampai {program.valid_to:%d-%m-%Y}"
    return ProgramDescription(
        code=program.code,
        name=program.name,
        unit="keluarga" if program.unit == "family" else "perorangan",
        summary=program.summary,
        conditions=conditions,
        components=components,
        schedule="; ".join(schedule_parts) + f"; {validity}.",
        exclusions=exclusions,
        documents=list(program.documents),
        valid_from=program.valid_from,
        valid_to=program.valid_to,
        version=program.version,
    )
