"""Reads of the region tree. Every function takes the caller's AccessScope.

The tree itself is public, but pickers for staff are limited to what their scope covers: a node
is visible when it lies inside the scope or is an ancestor of it (so a desa operator can still
walk provinsi → kabupaten → kecamatan down to their own desa, seeing one option per level).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from jaring.core.scope import AccessScope
from jaring.regions.models import Level, Region

ROOT_NAME = "Indonesia"
ROOT_LEVEL = "negara"


@dataclass(frozen=True, slots=True)
class RegionOption:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class RegionNode:
    code: str
    name: str
    level: str
    children: list[RegionOption]


def normalize_code(value: str) -> str:
    """Accept codes as written in documents (32.73.01) as well as digits (327301)."""
    return value.strip().replace(".", "")


def _visible(scope: AccessScope, code: str) -> bool:
    prefix = scope.region_prefix
    return code.startswith(prefix) or prefix.startswith(code)


def region_children(*, scope: AccessScope, code: str) -> list[RegionOption]:
    """Current (non-retired) children of `code` ("" = the provinces) visible to the scope."""
    code = normalize_code(code)
    rows = Region.objects.filter(retired=False)
    rows = rows.filter(level=Level.PROVINSI) if code == "" else rows.filter(parent_id=code)
    prefix = scope.region_prefix
    if prefix:
        # Inside the scope, or an ancestor on the way down to it.
        ancestors = [prefix[:n] for n in (2, 4, 6, 10) if n <= len(prefix)]
        rows = rows.filter(Q(code__startswith=prefix) | Q(code__in=ancestors))
    return [RegionOption(c, n) for c, n in rows.order_by("code").values_list("code", "name")]


def region_node(*, scope: AccessScope, code: str) -> RegionNode | None:
    """One current node and its current children, or None when unknown, retired or out of scope."""
    code = normalize_code(code)
    if code == "":
        return RegionNode("", ROOT_NAME, ROOT_LEVEL, region_children(scope=scope, code=""))
    if not code.isdigit() or not _visible(scope, code):
        return None
    found = Region.objects.filter(code=code, retired=False).values_list("name", "level").first()
    if found is None:
        return None
    name, level = found
    return RegionNode(code, name, level, region_children(scope=scope, code=code))


def region_name(*, scope: AccessScope, code: str) -> str | None:
    """Name of a code (current or retired) the scope may see."""
    code = normalize_code(code)
    if not _visible(scope, code):
        return None
    return Region.objects.filter(code=code).values_list("name", flat=True).first()


def region_stats(*, scope: AccessScope) -> dict[str, int]:
    """Count of current regions per level inside the scope, in the CONTRACTS.md key order."""
    rows = scope.filter(Region.objects.filter(retired=False), field="code")
    counts = dict(rows.values_list("level").annotate(n=Count("code")).values_list("level", "n"))
    return {level.value: counts.get(level.value, 0) for level in Level}
