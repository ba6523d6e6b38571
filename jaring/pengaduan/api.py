"""JSON API of the pengaduan app, mounted under /api/v1/pengaduan/.

- `GET kategori/` (public): the categories of the policy in force and their deadlines.
- `GET lacak/{reference}/` (public, rate limited): status and public replies, as the tracking
  page shows them; nothing else.
- `GET statistik/` (staff, session): the statistics table within the caller's scope, as on the
  statistics page; the monitoring app reads the same selector.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from jaring.pengaduan.access import desk_for
from jaring.pengaduan.policy import complaint_policy
from jaring.pengaduan.selectors import complaint_public_view
from jaring.pengaduan.stats import LEVELS, complaint_statistics
from jaring.portal.counters import hit
from jaring.portal.guard import client_address

router = Router(tags=["pengaduan"])


class CategoryOut(Schema):
    code: str
    label: str
    sla_days: int


class EntryOut(Schema):
    at: str
    title: str
    body: str


class TrackOut(Schema):
    reference: str
    category: str
    status: str
    status_label: str
    filed_on: date
    office: str
    due_on: date | None
    entries: list[EntryOut]


class StatRowOut(Schema):
    period: str
    category: str
    region_code: str
    region_name: str
    total: int
    open: int
    overdue: int
    selesai: int
    ditolak: int
    median_days: float | None


@router.get("/kategori/", response=list[CategoryOut], auth=None)
def categories(request: HttpRequest) -> list[CategoryOut]:
    policy = complaint_policy()
    return [
        CategoryOut(code=c.code, label=c.label, sla_days=c.sla_days)
        for c in policy.categories.values()
    ]


@router.get("/lacak/{reference}/", response=TrackOut, auth=None)
def track(request: HttpRequest, reference: str) -> TrackOut:
    usage = hit(
        request,
        group="pengaduan:lacak",
        value=client_address(request),
        rate=complaint_policy().track_rate_ip,
    )
    if usage.exceeded:
        raise HttpError(429, "Terlalu banyak permintaan. Silakan coba lagi nanti.")
    view = complaint_public_view(reference=reference)
    if view is None:
        raise HttpError(404, "Nomor pengaduan tidak ditemukan.")
    return TrackOut(
        reference=view.reference,
        category=view.category,
        status=view.status,
        status_label=view.status_label,
        filed_on=view.filed_on,
        office=view.office,
        due_on=view.due_on,
        entries=[EntryOut(at=e.at.isoformat(), title=e.title, body=e.body) for e in view.entries],
    )


@router.get("/statistik/", response=list[StatRowOut])
def stats(
    request: HttpRequest,
    dari: date | None = None,
    sampai: date | None = None,
    tingkat: str = "kabupaten_kota",
    kategori: str = "",
    per_bulan: bool = False,
) -> list[StatRowOut]:
    if not request.user.is_authenticated:
        raise HttpError(401, "Silakan masuk sebagai petugas.")
    desk = desk_for(request.user)
    if desk.is_empty:
        raise HttpError(403, "Akun Anda tidak memiliki akses ke statistik pengaduan.")
    if tingkat not in LEVELS:
        raise HttpError(
            400, "Tingkat wilayah harus provinsi, kabupaten_kota, kecamatan, atau desa_kelurahan."
        )
    table = complaint_statistics(
        scope=desk.scope,
        date_from=dari,
        date_to=sampai,
        level=tingkat,
        category=kategori,
        per_month=per_bulan,
    )
    return [
        StatRowOut(
            period=r.period,
            category=r.category,
            region_code=r.region_code,
            region_name=r.region_name,
            total=r.total,
            open=r.open,
            overdue=r.overdue,
            selesai=r.selesai,
            ditolak=r.ditolak,
            median_days=r.median_days,
        )
        for r in table.rows
    ]
