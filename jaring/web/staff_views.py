"""Staff pages: home, the registry by region, search, and a region's export.

Views stay thin: they take the caller's scope from `scope_from_request` and hand it to the
registry selectors and services, which do all the region filtering.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from jaring.accounts.models import FULL_IDENTITY_ROLES, Role
from jaring.core.scope import AccessScope
from jaring.regions.models import LEVEL_BY_LENGTH, Region
from jaring.registry import selectors
from jaring.web.access import not_found, scope_from_request, staff_required

PAGE_SIZE = 25
CHILD_LENGTH = {0: 2, 2: 4, 4: 6, 6: 10}
EXPORT_FORMATS = {"xlsx": ("xlsx", ".xlsx"), "csv": ("csv", ".zip")}


def shows_full_identity(scope: AccessScope) -> bool:
    return scope.role in FULL_IDENTITY_ROLES


def can_edit(scope: AccessScope) -> bool:
    """Desa operators and kabupaten/kota Dinas Sosial correct data; others only read it."""
    return scope.role in {Role.OPERATOR_DESA, Role.DINSOS_KABKOTA, "superuser"}


def _region_chain(code: str) -> list[Region]:
    prefixes = [code[:n] for n in (2, 4, 6, 10) if n <= len(code)]
    regions = {r.code: r for r in Region.objects.filter(code__in=prefixes)}
    return [regions[p] for p in prefixes if p in regions]


def _in_scope_region(scope: AccessScope, code: str) -> bool:
    """A region page is visible when the whole region lies inside the scope."""
    return code.startswith(scope.region_prefix) and len(code) in CHILD_LENGTH.keys() | {10}


@staff_required
@require_GET
def staff_home(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    home_region = Region.objects.filter(code=scope.region_prefix).first()
    households = selectors.household_list(scope=scope).count()
    return render(
        request,
        "staff/home.html",
        {
            "scope": scope,
            "home_region": home_region,
            "household_count": households,
            "can_edit": can_edit(scope),
        },
    )


@staff_required
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    """The registry starts at the top of the caller's own region."""
    scope = scope_from_request(request)
    if scope.region_prefix == "-":
        return not_found(request)
    if scope.is_national:
        return registry_region(request, code="")
    return redirect("staff-registry-region", code=scope.region_prefix)


@staff_required
@require_GET
def registry_region(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_from_request(request)
    if code and not (code.isdigit() and _in_scope_region(scope, code)):
        return not_found(request)
    if not code and not scope.is_national:
        return not_found(request)
    region = Region.objects.filter(code=code).first() if code else None
    if code and region is None:
        return not_found(request)
    households = selectors.household_list(scope=scope, region_prefix=code or None)
    children: list[dict[str, object]] = []
    child_len = CHILD_LENGTH.get(len(code))
    if child_len:
        counts = dict(
            households.order_by()
            .annotate(child=Substr("region_id", 1, child_len))
            .values("child")
            .annotate(n=Count("id"))
            .values_list("child", "n")
        )
        child_regions = Region.objects.filter(
            code__startswith=code, level=LEVEL_BY_LENGTH[child_len], retired=False
        ).order_by("code")
        if not code:
            child_regions = child_regions.filter(code__in=list(counts) or ["-"])
        for child in child_regions.only("code", "name"):
            n = counts.get(child.code, 0)
            if n or len(code) >= 4:  # country/province: only regions with data
                children.append({"region": child, "count": n})
    page = Paginator(
        households.select_related("region").prefetch_related("anggota"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/registry.html",
        {
            "scope": scope,
            "code": code,
            "region": region,
            "chain": _region_chain(code) if code else [],
            "children": children,
            "page": page,
            "child_level": LEVEL_BY_LENGTH.get(child_len or 0, ""),
            "show_full": shows_full_identity(scope),
            "export_formats": EXPORT_FORMATS,
        },
    )


@staff_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    query = (request.GET.get("q") or "").strip()[:120]
    page = None
    if query:
        households = (
            selectors.household_list(scope=scope, query=query)
            .select_related("region")
            .prefetch_related("anggota")
        )
        page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "staff/_search_results.html" if request.htmx else "staff/search.html"
    return render(
        request,
        template,
        {"scope": scope, "query": query, "page": page, "show_full": shows_full_identity(scope)},
    )


@staff_required
@require_GET
def registry_export(request: HttpRequest, code: str) -> HttpResponse:
    """A region's households as XLSX or CSV (zip of keluarga.csv + anggota.csv)."""
    from jaring.registry.services import household_export

    scope = scope_from_request(request)
    if not (code.isdigit() and _in_scope_region(scope, code)):
        return not_found(request)
    fmt, suffix = EXPORT_FORMATS.get(request.GET.get("format", "xlsx"), EXPORT_FORMATS["xlsx"])
    # Written to a private temporary folder outside the web root, then streamed; the file is
    # unlinked at once (the open handle keeps it readable until the response closes it).
    folder = Path(tempfile.mkdtemp(prefix="jaring-export-"))
    out = folder / f"keluarga-{code}{suffix}"
    try:
        household_export(scope=scope, region_prefix=code, fmt=fmt, out=out)
        stream = out.open("rb")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return FileResponse(stream, as_attachment=True, filename=f"keluarga-{code}{suffix}")
