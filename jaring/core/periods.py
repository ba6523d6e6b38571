"""Periods and tahap (payment instalments): plain Python, no Django (the engine uses it).

A period is a month, written YYYY-MM. A program paid `n` times a year (n divides 12) splits the
year into n equal tahap; the tahap containing a month is written
  6 → YYYY-T1..T6 (two months each; PKH through KKS), 4 → YYYY-Q1..Q4 (quarters; POS, BPNT),
  12 → YYYY-B01..B12 (monthly), 2 → YYYY-S1..S2 (half years), 3 → YYYY-C1..C3, 1 → YYYY.
Ages are taken on the first day of that tahap, so they are computed from `tahap_start`.
"""

from __future__ import annotations

import re
from datetime import date

TAHAP_PER_YEAR = (1, 2, 3, 4, 6, 12)
_PREFIX = {2: "S", 3: "C", 4: "Q", 6: "T", 12: "B"}
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """A period that is not a valid YYYY-MM month (message in Bahasa Indonesia)."""


def parse_period(text: str) -> date:
    """'2025-06' → date(2025, 6, 1); a clear Indonesian error otherwise."""
    match = _PERIOD.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise PeriodError(f"Periode '{text}' tidak valid; tulis sebagai TTTT-BB, mis. 2025-06.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def format_period(value: date) -> str:
    return f"{value:%Y-%m}"


def _check(per_year: int) -> None:
    if per_year not in TAHAP_PER_YEAR:
        raise PeriodError(
            f"Jumlah tahap per tahun {per_year} tidak didukung; pilih salah satu dari "
            f"{', '.join(map(str, TAHAP_PER_YEAR))}."
        )


def tahap_index(month: int, per_year: int) -> int:
    """1-based number of the tahap that contains `month` (1..12)."""
    _check(per_year)
    return (month - 1) // (12 // per_year) + 1


def tahap_label(period: date, per_year: int) -> str:
    index = tahap_index(period.month, per_year)
    if per_year == 1:
        return f"{period.year}"
    if per_year == 12:
        return f"{period.year}-B{index:02d}"
    return f"{period.year}-{_PREFIX[per_year]}{index}"


def tahap_start(period: date, per_year: int) -> date:
    """First day of the tahap that contains the period's month."""
    index = tahap_index(period.month, per_year)
    return date(period.year, (index - 1) * (12 // per_year) + 1, 1)


def age_on(birth: date, day: date) -> int:
    """Whole years completed on `day` (a 29 February birthday completes on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
