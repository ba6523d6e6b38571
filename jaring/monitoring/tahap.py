"""Tahap labels (as written by jaring.core.periods) back to the months they cover.

`2025-T3` → May–June 2025, `2025-Q2` → April–June, `2025-B05` → May, `2025` → the year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_LABEL = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[TQSCB])(?P<index>\d{1,2}))?$")
_PER_YEAR = {"T": 6, "Q": 4, "S": 2, "C": 3, "B": 12}


class TahapLabelError(ValueError):
    """Not a tahap label (message in Bahasa Indonesia)."""


@dataclass(frozen=True, slots=True)
class TahapSpan:
    label: str
    start: date  # first day
    end: date  # first day AFTER the tahap

    @property
    def months(self) -> list[date]:
        out, day = [], self.start
        while day < self.end:
            out.append(day)
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return out


def tahap_span(label: str) -> TahapSpan:
    match = _LABEL.match(label or "")
    if not match:
        raise TahapLabelError(f"Tahap '{label}' tidak dikenal; contoh: 2025-T3 atau 2025-Q2.")
    year = int(match["year"])
    if not match["kind"]:
        return TahapSpan(label, date(year, 1, 1), date(year + 1, 1, 1))
    per_year, index = _PER_YEAR[match["kind"]], int(match["index"])
    if not 1 <= index <= per_year:
        raise TahapLabelError(f"Tahap '{label}' tidak dikenal; nomor tahap di luar jangkauan.")
    months = 12 // per_year
    first = (index - 1) * months + 1
    after = first + months
    end = date(year + 1, 1, 1) if after > 12 else date(year, after, 1)
    return TahapSpan(label, date(year, first, 1), end)


def tahap_sort_key(label: str) -> tuple[date, date, str]:
    try:
        span = tahap_span(label)
    except TahapLabelError:
        return (date.max, date.max, label)
    return (span.end, span.start, label)
