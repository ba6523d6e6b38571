"""Links in the staff navigation. Apps append their own in AppConfig.ready():

    from jaring.web.nav import NavItem, register_nav
    register_nav(NavItem("Program", "programs:list", order=30))

`roles` limits an item to some roles (empty = every staff role).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from jaring.core.scope import AccessScope


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    roles: frozenset[str] = field(default_factory=frozenset)


_ITEMS: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    """Idempotent by url_name, so a re-run ready() does not duplicate links."""
    _ITEMS[item.url_name] = item


def nav_links(scope: AccessScope) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.label)):
        if item.roles and scope.role not in item.roles and scope.role != "superuser":
            continue
        try:
            links.append((item.label, reverse(item.url_name)))
        except NoReverseMatch:
            continue  # an app registered a link before wiring its URLs
    return links


register_nav(NavItem("Beranda staf", "staff-home", order=0))
register_nav(NavItem("Registri", "staff-registry", order=10))
register_nav(NavItem("Cari", "staff-search", order=11))
register_nav(
    NavItem(
        "Tambah keluarga",
        "staff-keluarga-add",
        order=12,
        roles=frozenset({"operator_desa", "dinsos_kabkota"}),
    )
)
