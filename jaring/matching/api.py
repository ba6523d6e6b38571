"""JSON API of the matching app, mounted under /api/v1/kualitas-data/.

Staff only (session login), scoped like the pages: objects and regions outside the caller's
scope are 404. Identities are masked, as in the pages' lists.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from jaring.core.identity import mask_identity
from jaring.core.scope import AccessScope, OutOfScope
from jaring.matching import selectors
from jaring.matching.models import CandidatePair
from jaring.web.access import has_staff_role

router = Router(tags=["kualitas-data"], auth=django_auth)


class RegionCountsOut(Schema):
    code: str
    name: str
    counts: dict[str, int]


class SideOut(Schema):
    name: str
    nik: str
    kk: str
    birth_date: str | None
    sex: str
    region: str


class PairOut(Schema):
    id: int
    kind: str
    status: str
    probability: float
    match_weight: float
    weights: dict[str, float]
    region_code: str
    a: SideOut
    b: SideOut


def _scope(request: HttpRequest) -> AccessScope:
    if not has_staff_role(request.user):
        raise HttpError(403, "Akun Anda belum diberi peran staf.")
    return AccessScope.for_user(request.user)


def _side(side: dict) -> SideOut:  # type: ignore[type-arg]
    return SideOut(
        name=side["name"],
        nik=mask_identity(side["nik"]),
        kk=mask_identity(side["kk"]),
        birth_date=side.get("birth_date"),
        sex=side.get("sex", ""),
        region=side["region"],
    )


def _pair(pair: CandidatePair) -> PairOut:
    return PairOut(
        id=pair.pk,
        kind=pair.kind,
        status=pair.status,
        probability=pair.probability,
        match_weight=pair.match_weight,
        weights=pair.weights,
        region_code=pair.region_code,
        a=_side(pair.a),
        b=_side(pair.b),
    )


@router.get("/ringkasan/", response=list[RegionCountsOut])
def summary(request: HttpRequest, wilayah: str = "") -> list[RegionCountsOut]:
    scope = _scope(request)
    try:
        rows = selectors.region_summary(scope=scope, region_prefix=wilayah)
    except OutOfScope as error:
        raise HttpError(404, "Wilayah tidak ditemukan.") from error
    return [RegionCountsOut(code=r.code, name=r.name, counts=r.counts) for r in rows]


@router.get("/pasangan/", response=list[PairOut])
def pairs(
    request: HttpRequest, status: str = "terbuka", wilayah: str = "", limit: int = 100
) -> list[PairOut]:
    scope = _scope(request)
    if status not in CandidatePair.Status.values:
        raise HttpError(400, "Status tidak dikenal.")
    try:
        found = selectors.pair_list(scope=scope, status=status, region_prefix=wilayah)
    except OutOfScope as error:
        raise HttpError(404, "Wilayah tidak ditemukan.") from error
    return [_pair(p) for p in found[: max(1, min(limit, 1000))]]


@router.get("/pasangan/{pair_id}/", response=PairOut)
def pair(request: HttpRequest, pair_id: int) -> PairOut:
    scope = _scope(request)
    try:
        return _pair(selectors.pair_get(scope=scope, pair_id=pair_id))
    except OutOfScope as error:
        raise HttpError(404, "Data tidak ditemukan di wilayah Anda.") from error
