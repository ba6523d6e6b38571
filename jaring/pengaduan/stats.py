"""Complaint statistics per category, region and period: counts, open, overdue, and the median
time to resolve. Feeds the statistics page, its XLSX export and the monitoring app.

Counts are made in the database (GROUP BY category and region prefix); the median is computed
from the resolved complaints' durations, one group at a time, since SQLite has no percentile.
"""

from __future__ import annotations

import io
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from jaring.core.scope import AccessScope
from jaring.pengaduan.models import OPEN_STATUSES, Complaint, Status
from jaring.pengaduan.policy import complaint_policy

LEVELS = {"provinsi": 2, "kabupaten_kota": 4, "kecamatan": 6, "desa_kelurahan": 10}
LEVEL_LABELS = {
    "provinsi": "Provinsi",
    "kabupaten_kota": "Kabupaten/kota",
    "kecamatan": "Kecamatan",
    "desa_kelurahan": "Desa/kelurahan",
}


@dataclass(slots=True)
class StatRow:
    category: str
    category_label: str
    region_code: str
    region_name: str
    period: str = ""  # "YYYY-MM" when grouped per month of filing, else ""
    total: int = 0
    open: int = 0
    overdue: int = 0
    selesai: int = 0
    ditolak: int = 0
    median_days: float | None = None


@dataclass(slots=True)
class StatTable:
    date_from: date | None
    date_to: date | None
    level: str
    per_month: bool = False
    rows: list[StatRow] = field(default_factory=list)
    total: StatRow | None = None


def _bounds(date_from: date | None, date_to: date | None) -> Q:
    query = Q()
    if date_from:
        query &= Q(created_at__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        query &= Q(created_at__lt=timezone.make_aware(end))
    return query


def _key_part(value: object) -> str:
    """Group keys as text: months (datetime or date, by backend) become "YYYY-MM"."""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m")
            if timezone.is_aware(value)
            else f"{value:%Y-%m}"
        )
    if isinstance(value, date):
        return f"{value:%Y-%m}"
    return str(value)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def complaint_statistics(
    *,
    scope: AccessScope,
    date_from: date | None = None,
    date_to: date | None = None,
    level: str = "kabupaten_kota",
    category: str = "",
    per_month: bool = False,
    now: datetime | None = None,
) -> StatTable:
    """Rows per (category, region at `level`[, month filed]) within the caller's scope and the
    period; months are those of the filing date in the server's time zone."""
    from jaring.regions.models import Region

    if level not in LEVELS:
        raise ValueError(f"tingkat wilayah tidak dikenal: {level}")
    now = now or timezone.now()
    length = LEVELS[level]
    policy = complaint_policy()
    qs = scope.filter(Complaint.objects.all(), field="region_code").filter(
        _bounds(date_from, date_to)
    )
    if scope.region_prefix == "-":
        qs = qs.none()
    if category:
        qs = qs.filter(category=category)
    keys = ["category", "area", *(["month"] if per_month else [])]
    qs = qs.annotate(area=Substr("region_code", 1, length))
    if per_month:
        qs = qs.annotate(month=TruncMonth("created_at"))
    grouped = (
        qs.values(*keys)
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
            selesai=Count("pk", filter=Q(status=Status.SELESAI)),
            ditolak=Count("pk", filter=Q(status=Status.DITOLAK)),
        )
        .order_by(*keys)
    )
    durations: dict[tuple[str, ...], list[float]] = defaultdict(list)
    resolved = qs.filter(status=Status.SELESAI, resolved_at__isnull=False).values_list(
        *keys, "created_at", "resolved_at"
    )
    for *key, created, done in resolved.iterator(chunk_size=5000):
        durations[tuple(_key_part(k) for k in key)].append((done - created).total_seconds() / 86400)
    rows = [
        StatRow(
            category=g["category"],
            category_label=policy.category_label(g["category"]),
            region_code=g["area"],
            region_name="",
            period=_key_part(g["month"]) if per_month else "",
            total=g["total"],
            open=g["open"],
            overdue=g["overdue"],
            selesai=g["selesai"],
            ditolak=g["ditolak"],
            median_days=_median(durations[tuple(_key_part(g[k]) for k in keys)]),
        )
        for g in grouped
    ]
    names = dict(
        Region.objects.filter(code__in={r.region_code for r in rows}).values_list("code", "name")
    )
    for row in rows:
        row.region_name = names.get(row.region_code, row.region_code)
    total = StatRow(category="", category_label="Semua", region_code="", region_name="Semua")
    for row in rows:
        total.total += row.total
        total.open += row.open
        total.overdue += row.overdue
        total.selesai += row.selesai
        total.ditolak += row.ditolak
    total.median_days = _median([d for values in durations.values() for d in values])
    return StatTable(
        date_from=date_from,
        date_to=date_to,
        level=level,
        per_month=per_month,
        rows=rows,
        total=total,
    )


HEADERS = (
    "Periode",
    "Kategori",
    "Kode wilayah",
    "Wilayah",
    "Jumlah",
    "Terbuka",
    "Lewat batas waktu",
    "Selesai",
    "Ditolak",
    "Median hari penyelesaian",
)


def statistics_xlsx(table: StatTable) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Statistik pengaduan")
    period = (
        f"{table.date_from or 'awal'} s.d. {table.date_to or 'sekarang'}; "
        f"tingkat {LEVEL_LABELS[table.level].lower()}"
    )
    sheet.append(["Statistik pengaduan", period])
    sheet.append(list(HEADERS))
    for row in [*table.rows, *([table.total] if table.total else [])]:
        sheet.append(
            [
                row.period,
                row.category_label,
                row.region_code,
                row.region_name,
                row.total,
                row.open,
                row.overdue,
                row.selesai,
                row.ditolak,
                row.median_days,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
