"""The evaluation report's tables as XLSX (openpyxl): summary, regions, trend, definitions."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from jaring.monitoring.indicators import COUNT_FIELDS, RATE_NAMES
from jaring.monitoring.reports import ReportContent

HEADERS = {
    "eligible": "Keluarga layak",
    "decided": "Keluarga ditetapkan",
    "paid": "Keluarga dibayar",
    "withdrawn": "Keluarga mencairkan",
    "inclusion_errors": "Kesalahan inklusi (keluarga)",
    "exclusion_errors": "Kesalahan eksklusi (keluarga)",
    "budget_amount": "Anggaran (Rp)",
    "withdrawn_amount": "Dicairkan (Rp)",
    "si_days_sum": "Jumlah hari SI-cair",
    "si_days_count": "Pembayaran dicairkan (SI-cair)",
    "complaints": "Pengaduan",
    "complaints_resolved": "Pengaduan selesai",
    "resolve_seconds_sum": "Jumlah detik penyelesaian",
    "coverage": "Cakupan",
    "inclusion_error_rate": "Tingkat inklusi",
    "exclusion_error_rate": "Tingkat eksklusi",
    "realisation": "Realisasi",
    "si_to_withdrawal_days": "Rata-rata hari SI-cair",
    "complaints_per_1000": "Pengaduan per 1.000 penerima",
    "resolve_days": "Rata-rata hari penyelesaian",
}
COLUMNS = (*COUNT_FIELDS, *RATE_NAMES)


def _bold(sheet) -> None:  # type: ignore[no-untyped-def]
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def render_xlsx(content: ReportContent) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Ringkasan"
    summary.append([content.title])
    summary.append([content.subtitle])
    summary.append([f"Dibuat {content.generated}"])
    summary.append([])
    summary.append(["Indikator", "Nilai"])
    for label, value in content.findings:
        summary.append([label, value])
    summary.append([])
    for title, lines in (
        ("Ringkasan", content.summary),
        ("Analisis", content.analysis),
        ("Rekomendasi", content.recommendations),
    ):
        summary.append([title])
        for line in lines:
            summary.append(["", line])
    summary.column_dimensions["A"].width = 48
    summary.column_dimensions["B"].width = 60

    regions = book.create_sheet("Wilayah")
    regions.append(["Kode", "Wilayah", *[HEADERS[c] for c in COLUMNS]])
    rows = [(content.current.region_code, "Total", content.current)] + [
        (p.code, p.name, i) for p, i in content.children
    ]
    for code, name, ind in rows:
        regions.append([code, name, *[ind.value(c) for c in COLUMNS]])
    _bold(regions)

    trend = book.create_sheet("Tren")
    trend.append(["Tahap", *[HEADERS[c] for c in COLUMNS]])
    for ind in content.trend:
        trend.append([ind.tahap, *[ind.value(c) for c in COLUMNS]])
    _bold(trend)
    if content.trend:
        chart = BarChart()
        chart.title = "Cakupan per tahap"
        column = 2 + COLUMNS.index("coverage")
        chart.add_data(
            Reference(trend, min_col=column, min_row=1, max_row=len(content.trend) + 1),
            titles_from_data=True,
        )
        chart.set_categories(Reference(trend, min_col=1, min_row=2, max_row=len(content.trend) + 1))
        trend.add_chart(chart, "B" + str(len(content.trend) + 4))

    notes = book.create_sheet("Definisi")
    notes.append(["Metode"])
    for line in content.method:
        notes.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
