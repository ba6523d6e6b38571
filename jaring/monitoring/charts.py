"""Server-rendered SVG charts and the choropleth: no JavaScript, a few kilobytes per chart.

Every chart has a <title>/<desc> for screen readers and the page shows the table behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jaring.monitoring.geo import ProvinceMap

# Sequential classes, light (worst) to dark (best); grey = no data.
PALETTE = ("#fde0c5", "#facba6", "#f59e72", "#e4573a", "#b2182b")
GOOD_PALETTE = ("#e0ecf4", "#bfd3e6", "#9ebcda", "#8c96c6", "#6e4a9e")
NO_DATA = "#d9d9d9"


def color_for(value: float | None, breaks: Sequence[float], higher_is_better: bool) -> str:
    if value is None:
        return NO_DATA
    index = sum(1 for b in breaks if value >= b)
    palette = GOOD_PALETTE if higher_is_better else PALETTE
    return palette[min(index, len(palette) - 1)]


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None
    href: str = ""


def _fmt_default(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def trend_chart(
    title: str, bars: Sequence[Bar], fmt: Callable[[float], str] = _fmt_default
) -> SafeString:
    """Vertical bars over tahap (left to right in time)."""
    width, height, top, bottom, left = 640, 220, 24, 40, 8
    n = max(len(bars), 1)
    slot = (width - left * 2) / n
    peak = max((b.value for b in bars if b.value is not None), default=0) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="t-{id(bars)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="t-{id(bars)}">{escape(title)}</title>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" '
        'stroke="#555"/>',
    ]
    for i, bar in enumerate(bars):
        x = left + i * slot + slot * 0.15
        w = slot * 0.7
        if bar.value is None:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{height - bottom - 6}" text-anchor="middle" '
                'font-size="11" fill="#777">n/a</text>'
            )
        else:
            h = (height - top - bottom) * bar.value / peak
            y = height - bottom - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#3b6ea5">'
                f"<title>{escape(bar.label)}: {escape(fmt(bar.value))}</title></rect>"
                f'<text x="{x + w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="12">'
                f"{escape(fmt(bar.value))}</text>"
            )
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'font-size="12">{escape(bar.label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_list(
    title: str, bars: Sequence[Bar], fmt: Callable[[float], str] = _fmt_default
) -> SafeString:
    """Horizontal bars, one per region, each a link to drill down."""
    row, label_w, width = 22, 210, 640
    height = row * max(len(bars), 1) + 8
    peak = max((b.value for b in bars if b.value is not None), default=0) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * row
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        text = "n/a" if bar.value is None else fmt(bar.value)
        w = 0 if bar.value is None else (width - label_w - 70) * bar.value / peak
        item = (
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="#3b6ea5"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{escape(text)}</text>'
        )
        if bar.href:
            item = f'<a href="{escape(bar.href)}">{item}</a>'
        parts.append(item)
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True, slots=True)
class MapCell:
    code: str
    name: str
    value: float | None
    label: str  # formatted value
    href: str = ""


def province_choropleth(
    title: str,
    shapes: ProvinceMap,
    cells: dict[tuple[str, ...], MapCell],
    breaks: Sequence[float],
    higher_is_better: bool,
    focus: str = "",
) -> SafeString:
    """The country (focus "") or one province zoomed in (its outline, neighbours faint)."""
    x0, y0, x1, y1 = 0.0, 0.0, shapes.width, shapes.height
    if focus:
        boxes = [s.bbox for s in shapes.shapes_for(focus)]
        if boxes:
            x0 = min(b[0] for b in boxes) - 10
            y0 = min(b[1] for b in boxes) - 10
            x1 = max(b[2] for b in boxes) + 10
            y1 = max(b[3] for b in boxes) + 10
    parts = [
        f'<svg class="map" viewBox="{x0:.0f} {y0:.0f} {x1 - x0:.0f} {y1 - y0:.0f}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<rect x="{x0:.0f}" y="{y0:.0f}" width="{x1 - x0:.0f}" height="{y1 - y0:.0f}" '
        'fill="#eef5fb"/>'
    ]
    for shape in shapes.shapes:
        cell = cells.get(shape.codes)
        inside = not focus or focus in shape.codes
        if cell is None or not inside:
            parts.append(
                f'<path d="{shape.path}" fill="{NO_DATA if inside else "#f2f2f2"}" '
                'stroke="#fff" stroke-width="0.6"/>'
            )
            continue
        fill = color_for(cell.value, breaks, higher_is_better)
        path = (
            f'<path d="{shape.path}" fill="{fill}" stroke="#fff" stroke-width="0.6" '
            f'data-code="{escape(cell.code)}"><title>{escape(cell.name)}: '
            f"{escape(cell.label)}</title></path>"
        )
        if cell.href:
            path = f'<a href="{escape(cell.href)}" aria-label="{escape(cell.name)}">{path}</a>'
        parts.append(path)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def tile_map(
    title: str, cells: Sequence[MapCell], breaks: Sequence[float], higher_is_better: bool
) -> SafeString:
    """Kabupaten/kota (or smaller) as equal squares in code order: a schematic, not a map."""
    columns = 6
    size, gap = 104, 6
    rows = (len(cells) + columns - 1) // columns or 1
    width = columns * (size + gap)
    height = rows * (size + gap)
    parts = [
        f'<svg class="map tiles" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, cell in enumerate(cells):
        x, y = (i % columns) * (size + gap), (i // columns) * (size + gap)
        fill = color_for(cell.value, breaks, higher_is_better)
        words = cell.name.replace("Kabupaten ", "Kab. ").split()
        lines, line = [], ""
        for word in words:
            if len(line) + len(word) > 13 and line:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        text = "".join(
            f'<tspan x="{x + size / 2}" dy="{0 if j == 0 else 13}">{escape(t)}</tspan>'
            for j, t in enumerate(lines[:4])
        )
        tile = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" '
            f'data-code="{escape(cell.code)}"><title>{escape(cell.name)}: '
            f"{escape(cell.label)}</title></rect>"
            f'<text x="{x + size / 2}" y="{y + 22}" text-anchor="middle" font-size="11">'
            f"{text}</text>"
            f'<text x="{x + size / 2}" y="{y + size - 12}" text-anchor="middle" font-size="14" '
            f'font-weight="bold">{escape(cell.label)}</text>'
        )
        if cell.href:
            tile = f'<a href="{escape(cell.href)}" aria-label="{escape(cell.name)}">{tile}</a>'
        parts.append(tile)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def legend(breaks: Sequence[float], higher_is_better: bool) -> list[tuple[str, str]]:
    palette = GOOD_PALETTE if higher_is_better else PALETTE
    edges = [0.0, *breaks]
    out = []
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else None
        text = f"≥ {low:.0%}" if high is None else f"{low:.0%} – < {high:.0%}"
        out.append((palette[min(i, len(palette) - 1)], text))
    out.append((NO_DATA, "tidak ada data"))
    return out
