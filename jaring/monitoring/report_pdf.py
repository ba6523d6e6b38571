"""The evaluation report as PDF (reportlab platypus), charts drawn with reportlab.graphics."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jaring.monitoring.formatting import number, percent
from jaring.monitoring.reports import ReportContent

BLUE = colors.HexColor("#3b6ea5")


def _trend_chart(content: ReportContent) -> Drawing:
    drawing = Drawing(16 * cm, 6 * cm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, 16 * cm - 60, 6 * cm - 55
    chart.data = [
        [round((t.coverage or 0) * 100, 1) for t in content.trend],
        [round((t.realisation or 0) * 100, 1) for t in content.trend],
    ]
    chart.categoryAxis.categoryNames = [t.tahap for t in content.trend]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.bars[0].fillColor = BLUE
    chart.bars[1].fillColor = colors.HexColor("#e4573a")
    drawing.add(chart)
    drawing.add(
        String(40, 6 * cm - 14, "Cakupan (biru) dan realisasi (merah) per tahap, %", fontSize=9)
    )
    return drawing


def _children_chart(content: ReportContent) -> Drawing | None:
    rows = [(p.name[:28], (i.coverage or 0) * 100) for p, i in content.children if i.eligible][:25]
    if not rows:
        return None
    height = 20 * len(rows) + 40
    drawing = Drawing(16 * cm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 20, 16 * cm - 170, height - 40
    chart.data = [[round(v, 1) for _, v in reversed(rows)]]
    chart.categoryAxis.categoryNames = [n for n, _ in reversed(rows)]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.bars[0].fillColor = BLUE
    drawing.add(chart)
    drawing.add(String(150, height - 12, f"Cakupan per {content.child_level_name}, %", fontSize=9))
    return drawing


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def render_pdf(content: ReportContent) -> bytes:
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    story: list = [
        Paragraph(escape(content.title), h1),
        Paragraph(escape(content.subtitle), styles["Heading3"]),
        Paragraph(f"Dibuat {escape(content.generated)}", body),
    ]

    def section(title: str, paragraphs: list[str]) -> None:
        story.append(Paragraph(title, h2))
        story.extend(Paragraph(escape(p), body) for p in paragraphs)

    section("1. Ringkasan", content.summary)
    section("2. Latar belakang program", content.background)
    section("3. Metode", content.method)
    story.append(Paragraph("4. Temuan", h2))
    story.append(
        _table([["Indikator", "Nilai"], *[[a, b] for a, b in content.findings]], [11 * cm, 5 * cm])
    )
    story.append(Spacer(1, 8))
    if content.trend:
        story.append(_trend_chart(content))
    if content.children:
        chart = _children_chart(content)
        if chart is not None:
            story.append(chart)
        story.append(
            _table(
                [
                    [
                        content.child_level_name,
                        "Layak",
                        "Dibayar",
                        "Cakupan",
                        "Inklusi",
                        "Eksklusi",
                    ],
                    *[
                        [
                            p.name[:34],
                            number(i.eligible),
                            number(i.paid),
                            percent(i.coverage),
                            number(i.inclusion_errors),
                            number(i.exclusion_errors),
                        ]
                        for p, i in content.children
                    ],
                ],
                [5.5 * cm, 2 * cm, 2 * cm, 2 * cm, 2 * cm, 2 * cm],
            )
        )
    section("5. Analisis", content.analysis)
    section("6. Rekomendasi", [f"{n}. {r}" for n, r in enumerate(content.recommendations, 1)])
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=content.title,
        author="Jaring",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    ).build(story)
    return buffer.getvalue()
