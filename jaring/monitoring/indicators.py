"""Indicator figures from aggregate counts: pure arithmetic, no database.

Rates are None when their denominator is zero or a source is not available ("belum tersedia"),
never a made-up zero. Definitions:
- coverage (cakupan) = paid ÷ eligible;
- inclusion error rate = paid-but-not-eligible ÷ paid;
- exclusion error rate = eligible-but-not-decided ÷ eligible;
- realisation (realisasi) = withdrawn rupiah ÷ budget rupiah (ledger amounts of the tahap);
- days from SI to withdrawal = mean over withdrawn payments;
- complaints per 1,000 recipients = complaints filed during the tahap ÷ paid × 1,000;
- time to resolve = mean days from filing to selesai/ditolak, complaints filed during the tahap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

COUNT_FIELDS = (
    "eligible",
    "decided",
    "paid",
    "withdrawn",
    "inclusion_errors",
    "exclusion_errors",
    "budget_amount",
    "withdrawn_amount",
    "si_days_sum",
    "si_days_count",
    "complaints",
    "complaints_resolved",
    "resolve_seconds_sum",
)


def _ratio(numerator: int | None, denominator: int | None, scale: float = 1.0) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator * scale / denominator


@dataclass(frozen=True, slots=True)
class Indicators:
    program: str
    tahap: str
    region_code: str
    eligible: int = 0
    decided: int | None = None
    paid: int | None = None
    withdrawn: int | None = None
    inclusion_errors: int | None = None
    exclusion_errors: int | None = None
    budget_amount: int | None = None
    withdrawn_amount: int | None = None
    si_days_sum: int | None = None
    si_days_count: int | None = None
    complaints: int | None = None
    complaints_resolved: int | None = None
    resolve_seconds_sum: int | None = None

    @classmethod
    def from_row(cls, row: Any) -> Indicators:
        return cls(
            program=row.program,
            tahap=row.tahap,
            region_code=row.region_code,
            **{name: getattr(row, name) for name in COUNT_FIELDS},
        )

    @classmethod
    def empty(cls, program: str, tahap: str, region_code: str) -> Indicators:
        return cls(program=program, tahap=tahap, region_code=region_code)

    @classmethod
    def combine(
        cls, parts: Iterable[Indicators], program: str, tahap: str, region_code: str
    ) -> Indicators:
        """Sum of several regions' counts (e.g. provinces drawn as one polygon)."""
        totals: dict[str, int | None] = {}
        items = list(parts)
        for name in COUNT_FIELDS:
            values = [getattr(p, name) for p in items]
            known = [v for v in values if v is not None]
            totals[name] = sum(known) if known else (0 if name == "eligible" else None)
        return cls(program=program, tahap=tahap, region_code=region_code, **totals)  # type: ignore[arg-type]

    @property
    def coverage(self) -> float | None:
        return _ratio(self.paid, self.eligible)

    @property
    def inclusion_error_rate(self) -> float | None:
        return _ratio(self.inclusion_errors, self.paid)

    @property
    def exclusion_error_rate(self) -> float | None:
        return _ratio(self.exclusion_errors, self.eligible)

    @property
    def realisation(self) -> float | None:
        return _ratio(self.withdrawn_amount, self.budget_amount)

    @property
    def si_to_withdrawal_days(self) -> float | None:
        return _ratio(self.si_days_sum, self.si_days_count)

    @property
    def complaints_per_1000(self) -> float | None:
        return _ratio(self.complaints, self.paid, 1000.0)

    @property
    def resolve_days(self) -> float | None:
        return _ratio(self.resolve_seconds_sum, self.complaints_resolved, 1 / 86400)

    def value(self, name: str) -> float | None:
        return getattr(self, name)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in RATE_NAMES:
            out[name] = getattr(self, name)
        return out


RATE_NAMES = (
    "coverage",
    "inclusion_error_rate",
    "exclusion_error_rate",
    "realisation",
    "si_to_withdrawal_days",
    "complaints_per_1000",
    "resolve_days",
)

# Map/legend choices: query value → (attribute, Indonesian label, higher is better).
MAP_INDICATORS: dict[str, tuple[str, str, bool]] = {
    "cakupan": ("coverage", "Cakupan (dibayar ÷ layak)", True),
    "realisasi": ("realisation", "Realisasi anggaran (dicairkan ÷ anggaran)", True),
    "inklusi": ("inclusion_error_rate", "Kesalahan inklusi (dibayar tapi tidak layak)", False),
    "eksklusi": ("exclusion_error_rate", "Kesalahan eksklusi (layak tapi tidak ditetapkan)", False),
}
