"""The staff dashboard's content for one program, tahap and region: figures, charts, map, table.

Reads aggregates only (jaring.monitoring.selectors), so it costs the same on a registry of ten
thousand families as on ten million.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from jaring.core.scope import AccessScope
from jaring.monitoring import charts, selectors
from jaring.monitoring.formatting import decimal, number, percent, rupiah
from jaring.monitoring.geo import province_map
from jaring.monitoring.indicators import MAP_INDICATORS, Indicators
from jaring.monitoring.policy import monitoring_policy
from jaring.monitoring.selectors import Place


@dataclass(frozen=True, slots=True)
class Choice:
    program: str
    tahap: str
    place: Place
    indicator: str  # key of MAP_INDICATORS


def figures(ind: Indicators) -> list[tuple[str, str, str]]:
    """(label, value, explanation) for the cards."""
    return [
        ("Keluarga layak", number(ind.eligible), "keputusan kelayakan yang berlaku"),
        ("Keluarga ditetapkan", number(ind.decided), "tercatat di buku besar penyaluran"),
        ("Keluarga dibayar", number(ind.paid), "tersalur atau sudah dicairkan"),
        ("Keluarga mencairkan", number(ind.withdrawn), "dana sudah ditarik"),
        ("Cakupan", percent(ind.coverage), "dibayar ÷ layak"),
        ("Kesalahan inklusi", percent(ind.inclusion_error_rate), "dibayar tapi tidak layak"),
        ("Kesalahan eksklusi", percent(ind.exclusion_error_rate), "layak tapi belum ditetapkan"),
        ("Anggaran tahap", rupiah(ind.budget_amount), "jumlah di buku besar"),
        ("Dana dicairkan", rupiah(ind.withdrawn_amount), "sudah ditarik penerima"),
        ("Realisasi", percent(ind.realisation), "dicairkan ÷ anggaran"),
        ("SI sampai pencairan", decimal(ind.si_to_withdrawal_days, "hari"), "rata-rata"),
        ("Pengaduan per 1.000 penerima", decimal(ind.complaints_per_1000), "diajukan selama tahap"),
        ("Waktu penyelesaian pengaduan", decimal(ind.resolve_days, "hari"), "rata-rata"),
    ]


def link(choice: Choice, **changes: str) -> str:
    params = {
        "program": choice.program,
        "tahap": choice.tahap,
        "wilayah": choice.place.code,
        "indikator": choice.indicator,
    }
    params.update(changes)
    return reverse("monitoring:dashboard") + "?" + urlencode({k: v for k, v in params.items() if v})


def build(*, scope: AccessScope, choice: Choice) -> dict[str, Any]:
    policy = monitoring_policy()
    attribute, indicator_label, higher_better = MAP_INDICATORS[choice.indicator]
    place = choice.place
    current = selectors.indicators(
        scope=scope, program=choice.program, tahap=choice.tahap, place=place
    )
    children = selectors.child_indicators(
        scope=scope, program=choice.program, tahap=choice.tahap, place=place
    )
    trend = selectors.trend(scope=scope, program=choice.program, place=place)
    cells = [
        charts.MapCell(
            code=p.code,
            name=p.name,
            value=ind.value(attribute),
            label=percent(ind.value(attribute)),
            href=link(choice, wilayah=p.code),
        )
        for p, ind in children
    ]
    if place.level == 0:
        by_code = {p.code: (p, ind) for p, ind in children}
        polygons = {}
        for shape in province_map().shapes:
            parts = [by_code[c] for c in shape.codes if c in by_code]
            if not parts:
                continue
            combined = Indicators.combine([i for _, i in parts], choice.program, choice.tahap, "")
            value = combined.value(attribute)
            polygons[shape.codes] = charts.MapCell(
                code=parts[0][0].code,
                name=" + ".join(p.name for p, _ in parts),
                value=value,
                label=percent(value),
                href=link(choice, wilayah=parts[0][0].code),
            )
        region_map = charts.province_choropleth(
            f"Peta {indicator_label} per provinsi",
            province_map(),
            polygons,
            policy.map_breaks,
            higher_better,
        )
        outline = None
    else:
        region_map = charts.tile_map(
            f"Peta petak {indicator_label} per {selectors.LEVEL_NAMES[place.child_level or 10]}",
            cells,
            policy.map_breaks,
            higher_better,
        )
        outline = (
            charts.province_choropleth(
                f"Letak {place.name}",
                province_map(),
                {
                    s.codes: charts.MapCell(place.code, place.name, None, "")
                    for s in province_map().shapes_for(place.code[:2])
                },
                policy.map_breaks,
                higher_better,
                focus=place.code[:2],
            )
            if province_map().shapes_for(place.code[:2])
            else None
        )
    return {
        "current": current,
        "figures": figures(current),
        "children": children,
        "child_level_name": selectors.LEVEL_NAMES.get(place.child_level or -1, ""),
        "trend": trend,
        "trend_chart": charts.trend_chart(
            "Cakupan per tahap",
            [charts.Bar(t.tahap, None if t.coverage is None else t.coverage * 100) for t in trend],
            fmt=lambda v: f"{v:.0f}%",
        ),
        "realisation_chart": charts.trend_chart(
            "Realisasi anggaran per tahap",
            [
                charts.Bar(t.tahap, None if t.realisation is None else t.realisation * 100)
                for t in trend
            ],
            fmt=lambda v: f"{v:.0f}%",
        ),
        "children_chart": charts.bar_list(
            f"{indicator_label} per wilayah",
            [charts.Bar(c.name, None if c.value is None else c.value * 100, c.href) for c in cells],
            fmt=lambda v: f"{v:.1f}%".replace(".", ","),
        ),
        "region_map": region_map,
        "outline": outline,
        "legend": charts.legend(policy.map_breaks, higher_better),
        "indicator_label": indicator_label,
        "indicators": [(key, label) for key, (_, label, _) in MAP_INDICATORS.items()],
        "quality": selectors.quality(scope=scope, place=place),
        "path": [(p, link(choice, wilayah=p.code)) for p in selectors.region_path(place, scope)],
    }
