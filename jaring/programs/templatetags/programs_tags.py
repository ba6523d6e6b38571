"""Template filters of the programs pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    """Whole rupiah the Indonesian way: Rp1.500.000."""
    if value is None or value == "":
        return "–"
    return "Rp" + f"{int(value):,}".replace(",", ".")


@register.filter
def number(value: Any) -> str:
    return f"{int(value or 0):,}".replace(",", ".")


@register.filter
def percent(value: Any) -> str:
    return f"{round(float(value or 0) * 100)}%"
