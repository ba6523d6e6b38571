"""Formatting for the public pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    """1500000 → "Rp1.500.000" (Indonesian thousands separator, whole rupiah)."""
    return f"Rp{int(amount or 0):,}".replace(",", ".")


@register.filter
def status_help(status: str) -> str:
    """The plain-language explanation of a Cek Bansos status."""
    from jaring.portal.status import STATUS_HELP

    return STATUS_HELP.get(status, "")
