"""Indonesian number formats: 1.234.567, Rp1.234.567, 66,7%."""

from __future__ import annotations


def number(value: float | int | None) -> str:
    if value is None:
        return "belum tersedia"
    return f"{value:,.0f}".replace(",", ".")


def rupiah(value: int | None) -> str:
    return "belum tersedia" if value is None else "Rp" + number(value)


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f}%".replace(".", ",")


def decimal(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",") + (f" {unit}" if unit else "")
