"""Disclosure control for the public transparency page and its CSV.

Published: counts of families (eligible, decided, paid, withdrawn) and rupiah (budget, withdrawn)
for the nation, each provinsi and each kabupaten/kota. A count under the policy threshold (10) is
suppressed ("primary"). Because a parent's total equals the sum of its children, one suppressed
child among visible siblings could be recovered by subtraction, so ("secondary") suppression is
applied per column, top-down over the tree, with one state per region shared by every table it
appears in (as a child on its parent's page and as the total on its own page):
- a visible parent never has exactly one suppressed child: the smallest other child is hidden too;
- a hidden parent has at least one hidden child, else the children would add up to it.
Rupiah follow the count they are paid to (budget → decided, withdrawn amount → withdrawn), and a
rate is shown only when both of its terms are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jaring.monitoring.indicators import Indicators

PUBLIC_LEVELS = (0, 2, 4)
COUNT_COLUMNS = ("eligible", "decided", "paid", "withdrawn")
AMOUNT_BASIS = {"budget_amount": "decided", "withdrawn_amount": "withdrawn"}


@dataclass(frozen=True, slots=True)
class PublicRow:
    region_code: str
    values: dict[str, int | None]  # None = not available at all ("belum tersedia")
    hidden: frozenset[str]  # columns suppressed

    def shown(self, column: str) -> int | None:
        return None if column in self.hidden else self.values.get(column)

    def is_hidden(self, column: str) -> bool:
        return column in self.hidden

    def rate(self, numerator: str, denominator: str) -> float | None:
        if self.is_hidden(numerator) or self.is_hidden(denominator):
            return None
        top, bottom = self.values.get(numerator), self.values.get(denominator)
        if top is None or not bottom:
            return None
        return top / bottom


def _children(codes: list[str], parent: str, level: int) -> list[str]:
    return [c for c in codes if len(c) == level and c.startswith(parent)]


def _suppress_column(values: Mapping[str, int], threshold: int) -> set[str]:
    codes = sorted(values)
    hidden = {c for c in codes if values[c] < threshold}
    parents = [""]
    for level in PUBLIC_LEVELS[1:]:
        next_parents = []
        for parent in parents:
            kids = _children(codes, parent, level)
            next_parents += kids
            if not kids:
                continue
            visible = sorted((c for c in kids if c not in hidden), key=lambda c: (values[c], c))
            hidden_kids = [c for c in kids if c in hidden]
            parent_hidden = parent in hidden or parent not in values
            # A hidden parent needs a hidden child; a visible one never exactly one.
            needs_more = len(hidden_kids) == 0 if parent_hidden else len(hidden_kids) == 1
            if needs_more and visible:
                hidden.add(visible[0])
        parents = next_parents
    return hidden


def protect(rows: Mapping[str, Indicators], threshold: int) -> dict[str, PublicRow]:
    """Suppression state of every published region (codes of length 0, 2 and 4)."""
    rows = {code: ind for code, ind in rows.items() if len(code) in PUBLIC_LEVELS}
    hidden: dict[str, set[str]] = {code: set() for code in rows}
    for column in COUNT_COLUMNS:
        values = {code: getattr(ind, column) for code, ind in rows.items()}
        if any(v is None for v in values.values()):
            continue  # source not available: nothing is published for this column
        for code in _suppress_column(values, threshold):  # type: ignore[arg-type]
            hidden[code].add(column)
    out = {}
    for code, ind in rows.items():
        columns = hidden[code]
        columns |= {amount for amount, basis in AMOUNT_BASIS.items() if basis in columns}
        values = {c: getattr(ind, c) for c in (*COUNT_COLUMNS, *AMOUNT_BASIS)}
        out[code] = PublicRow(code, values, frozenset(columns))
    return out
