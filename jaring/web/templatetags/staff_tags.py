"""Template helpers for staff pages: the navigation and identity display."""

from __future__ import annotations

from typing import Any

from django import template

from jaring.web.access import scope_from_request
from jaring.web.nav import nav_links

register = template.Library()


def mask_identity(value: str) -> str:
    # Imported late: jaring.core.identity loads region data on first use.
    from jaring.core.identity import mask_identity as mask

    return mask(value)


@register.simple_tag(takes_context=True)
def staff_nav(context: Any) -> list[tuple[str, str]]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return nav_links(scope_from_request(request))


@register.filter
def masked(value: Any) -> str:
    """3273••••••••0002: lists and history never show a full NIK or KK."""
    return mask_identity(str(value or ""))


@register.filter
def identity(value: Any, show_full: bool) -> str:
    """Full number for roles that need it (see FULL_IDENTITY_ROLES), masked for everyone else."""
    return str(value or "") if show_full else mask_identity(str(value or ""))


@register.filter
def label_of(value: Any, vocabulary: dict[str, str]) -> str:
    return vocabulary.get(value, value or "—") if value not in (None, "") else "—"


@register.filter
def rupiah(value: Any) -> str:
    try:
        return "Rp" + f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return "—"
