"""Template filters of the matching pages."""

from __future__ import annotations

from typing import Any

from django import template

from jaring.core.identity import mask_identity

register = template.Library()

FIELD_LABELS = {
    "name_canon": "Nama",
    "birth_date": "Tanggal lahir",
    "nik": "NIK",
    "sex": "Jenis kelamin",
    "birth_place": "Tempat lahir",
    "region": "Wilayah",
    "nama": "Nama",
    "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin",
    "tempat_lahir": "Tempat lahir",
    "kk": "Nomor KK",
    "desa": "Desa/kelurahan",
}


@register.filter
def masked(value: Any) -> str:
    return mask_identity(str(value or ""))


@register.filter
def field_label(code: str) -> str:
    return FIELD_LABELS.get(code, code)


@register.filter
def signed(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    return f"{number:+.1f}".replace(".", ",")


@register.filter
def pct(value: Any) -> str:
    try:
        return f"{float(value) * 100:.1f}%".replace(".", ",")
    except (TypeError, ValueError):
        return "–"


@register.filter
def get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
