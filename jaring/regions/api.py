"""GET /api/v1/wilayah/ and /api/v1/wilayah/{code}/ (CONTRACTS.md).

The tree is public and static, so responses carry long-lived public cache headers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError

from jaring.core.scope import AccessScope
from jaring.regions import codes
from jaring.regions.selectors import RegionNode, normalize_code, region_node

router = Router(tags=["wilayah"])

CACHE_CONTROL = "public, max-age=86400"
PUBLIC_SCOPE = AccessScope.system("wilayah api")


class RegionChildOut(Schema):
    code: str
    name: str


class RegionNodeOut(Schema):
    code: str
    name: str
    level: str
    children: list[RegionChildOut]


def _respond(response: HttpResponse, node: RegionNode | None, code: str) -> RegionNode:
    if node is None:
        digits = normalize_code(code)
        successor = codes.successor(digits)
        if successor:
            raise HttpError(
                404, f"Kode wilayah {digits} sudah tidak berlaku; kode sekarang {successor}."
            )
        raise HttpError(404, f"Kode wilayah {code.strip()} tidak dikenal.")
    response["Cache-Control"] = CACHE_CONTROL
    return node


@router.get("/", response=RegionNodeOut, summary="Daftar provinsi")
def wilayah_root(request: HttpRequest, response: HttpResponse) -> RegionNode:
    return _respond(response, region_node(scope=PUBLIC_SCOPE, code=""), "")


@router.get("/{code}/", response=RegionNodeOut, summary="Satu wilayah dan anak-anaknya")
def wilayah_detail(request: HttpRequest, response: HttpResponse, code: str) -> RegionNode:
    node = region_node(scope=PUBLIC_SCOPE, code=code) if code.strip() else None
    return _respond(response, node, code)
