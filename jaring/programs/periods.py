"""Assessment periods: a month, written YYYY-MM, stored as the month's first day."""

from __future__ import annotations

import re
from datetime import date

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """A period that is not a valid YYYY-MM month (message in Bahasa Indonesia)."""


def parse_period(text: str) -> date:
    match = _PERIOD.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise PeriodError(f"Periode '{text}' tidak valid; tulis sebagai TTTT-BB, mis. 2025-06.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def format_period(value: date) -> str:
    return f"{value:%Y-%m}"
