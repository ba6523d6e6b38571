"""JSON API of the penyaluran app, mounted under /api/v1/penyaluran/ (staff session)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from jaring.core.scope import AccessScope, OutOfScope
from jaring.penyaluran import lifecycle, selectors
from jaring.web.access import has_staff_role

router = Router(tags=["penyaluran"])


class PaymentOut(Schema):
    reference: str
    program: str
    tahap: str
    region_code: str
    channel: str
    amount: int
    status: str
    attempt: int
    si_at: str | None
    credited_at: date | None
    failed_at: date | None
    failure_code: str
    withdrawn_at: date | None
    returned_at: date | None


class FiguresOut(Schema):
    code: str
    name: str
    counts: dict[str, int]
    amounts: dict[str, int]
    identities_hold: bool


class ReconciliationOut(Schema):
    total: FiguresOut
    regions: list[FiguresOut]


def _scope(request: HttpRequest) -> AccessScope:
    if not request.user.is_authenticated:
        raise HttpError(401, "Silakan masuk sebagai petugas.")
    if not has_staff_role(request.user):
        raise HttpError(403, "Akun Anda belum diberi peran staf.")
    return AccessScope.for_user(request.user)


@router.get("/pembayaran/{reference}/", response=PaymentOut)
def payment(request: HttpRequest, reference: str) -> PaymentOut:
    try:
        p = lifecycle.payment_in_scope(scope=_scope(request), reference=reference)
    except OutOfScope as error:
        raise HttpError(404, "Pembayaran tidak ditemukan di wilayah Anda.") from error
    return PaymentOut(
        reference=p.reference, program=p.program, tahap=p.tahap_label,
        region_code=p.region_code, channel=p.channel, amount=p.amount, status=p.status,
        attempt=p.attempt, si_at=p.si_at.isoformat() if p.si_at else None,
        credited_at=p.credited_at, failed_at=p.failed_at, failure_code=p.failure_code,
        withdrawn_at=p.withdrawn_at, returned_at=p.returned_at,
    )  # fmt: skip


def _figures(f: selectors.Figures) -> FiguresOut:
    return FiguresOut(
        code=f.code, name=f.name, counts=f.counts, amounts=f.amounts,
        identities_hold=f.identities_hold,
    )  # fmt: skip


@router.get("/rekonsiliasi/", response=ReconciliationOut)
def reconciliation(
    request: HttpRequest, program: str, tahap: str, wilayah: str = ""
) -> ReconciliationOut:
    if wilayah and not wilayah.isdigit():
        raise HttpError(400, "Kode wilayah harus angka.")
    try:
        total, children = selectors.reconciliation(
            scope=_scope(request), program=program, tahap=tahap, region_prefix=wilayah
        )
    except OutOfScope as error:
        raise HttpError(404, "Wilayah tidak ditemukan di wilayah Anda.") from error
    return ReconciliationOut(total=_figures(total), regions=[_figures(c) for c in children])
