"""Disclosure control: no published cell under 10, and no hidden cell recoverable by arithmetic.

The attacker is a linear-algebra one: the unknowns are the hidden cells of a column, the
equations are "parent = sum of children" for every published table; a hidden cell is exposed iff
its unit vector lies in the row space of the equations (rank test). Random trees are drawn by
hypothesis, and the test fails when the secondary suppression is switched off.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jaring.monitoring import disclosure
from jaring.monitoring.disclosure import COUNT_COLUMNS, protect
from jaring.monitoring.indicators import Indicators

THRESHOLD = 10

kab_counts = st.lists(st.integers(0, 40), min_size=1, max_size=5)
trees = st.lists(kab_counts, min_size=1, max_size=5)


def build(tree: list[list[int]]) -> dict[str, Indicators]:
    """Kab counts for `eligible` (others derived), summed upwards."""
    counts: dict[str, int] = {}
    for p, kabs in enumerate(tree):
        province = f"{11 + p}"
        for k, value in enumerate(kabs):
            counts[f"{province}{k + 1:02d}"] = value
            counts[province] = counts.get(province, 0) + value
            counts[""] = counts.get("", 0) + value
    return {
        code: Indicators(
            program="PKH",
            tahap="2025-T3",
            region_code=code,
            eligible=n,
            decided=n,
            paid=n // 2 + (n % 3),
            withdrawn=n // 3,
            budget_amount=n * 500_000,
            withdrawn_amount=(n // 3) * 500_000,
        )
        for code, n in counts.items()
    }


def exposed(values: dict[str, int], hidden: set[str]) -> set[str]:
    unknown = sorted(hidden)
    if not unknown:
        return set()
    index = {c: i for i, c in enumerate(unknown)}
    rows = []
    for parent in values:
        kids = [c for c in values if len(c) == len(parent) + 2 and c.startswith(parent)]
        if not kids:
            continue
        row = np.zeros(len(unknown))
        for cell, sign in [(parent, 1.0), *[(k, -1.0) for k in kids]]:
            if cell in index:
                row[index[cell]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    out = set()
    for cell, i in index.items():
        unit = np.zeros(len(unknown))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            out.add(cell)
    return out


@settings(max_examples=200, deadline=None)
@given(trees)
def test_no_small_cell_shown_and_none_recoverable(tree: list[list[int]]) -> None:
    rows = build(tree)
    published = protect(rows, THRESHOLD)
    for column in COUNT_COLUMNS:
        values = {code: getattr(ind, column) for code, ind in rows.items()}
        hidden = {code for code, row in published.items() if row.is_hidden(column)}
        for code, row in published.items():
            shown = row.shown(column)
            assert shown is None or shown >= THRESHOLD, (column, code, shown)
        assert not exposed(values, hidden), (column, hidden)
    for row in published.values():
        assert row.is_hidden("budget_amount") == row.is_hidden("decided")
        assert row.is_hidden("withdrawn_amount") == row.is_hidden("withdrawn")
        if row.is_hidden("paid") or row.is_hidden("eligible"):
            assert row.rate("paid", "eligible") is None


def test_the_attacker_finds_primary_only_suppression(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Without secondary suppression one hidden child beside visible siblings is recovered."""
    rows = build([[3, 20, 30]])
    values = {code: ind.eligible for code, ind in rows.items()}
    primary = {code for code, v in values.items() if v < THRESHOLD}
    assert exposed(values, primary) == {"1101"}
    hidden = {c for c, r in protect(rows, THRESHOLD).items() if r.is_hidden("eligible")}
    assert hidden == {"1101", "1102"} and not exposed(values, hidden)


def test_hidden_parent_needs_a_hidden_child() -> None:
    # Province 11 is hidden to protect province 12 (5 families); its kabupaten are all large,
    # so one of them must go too, else they would add up to province 11.
    rows = build([[20, 30], [5]])
    hidden = {c for c, r in protect(rows, THRESHOLD).items() if r.is_hidden("eligible")}
    assert {"11", "12", "1201"} <= hidden
    assert hidden & {"1101", "1102"}
    assert disclosure.PUBLIC_LEVELS == (0, 2, 4)
