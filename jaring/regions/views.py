"""The region picker as a page (works without JavaScript) and as an htmx partial."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jaring.core.scope import AccessScope
from jaring.regions.picker import DEFAULT_PREFIX, DEPTHS, RegionPicker


@require_GET
def region_picker(request: HttpRequest) -> HttpResponse:
    """GET /wilayah/pilih/: the picker's next state from the chosen codes.

    htmx requests get only the fieldset; others a full page with a plain GET form.
    `awalan` (field prefix) and `tingkat` (depth) come from the include; `lingkup=1` limits the
    choices to the signed-in user's scope, as the host page did.
    """
    prefix = request.GET.get("awalan") or DEFAULT_PREFIX
    depth = request.GET.get("tingkat") or DEPTHS[-1]
    scope = None
    if request.GET.get("lingkup") and request.user.is_authenticated:
        scope = AccessScope.for_user(request.user)
    try:
        picker = RegionPicker(request.GET, scope=scope, prefix=prefix, depth=depth)
    except ValueError:
        return HttpResponse("Parameter pemilih wilayah tidak sah.", status=400)
    htmx = getattr(request, "htmx", False)
    template = "regions/picker.html" if htmx else "regions/pilih.html"
    response = render(request, template, {"picker": picker})
    response["Vary"] = "HX-Request, Cookie"
    return response
