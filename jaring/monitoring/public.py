"""The public transparency page: national, provincial and kabupaten/kota aggregates only.

No login, no personal data: only the disclosure-controlled rows of jaring.monitoring.disclosure
(counts under the policy threshold and the cells that would reveal them are shown as "<10").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from jaring.monitoring.disclosure import PUBLIC_LEVELS, PublicRow, protect
from jaring.monitoring.indicators import Indicators
from jaring.monitoring.models import IndicatorAggregate
from jaring.monitoring.policy import monitoring_policy
from jaring.monitoring.selectors import LEVEL_NAMES, region_names
from jaring.monitoring.tahap import tahap_sort_key

CSV_COLUMNS = (
    ("eligible", "keluarga_layak"),
    ("decided", "keluarga_ditetapkan"),
    ("paid", "keluarga_dibayar"),
    ("withdrawn", "keluarga_mencairkan"),
    ("budget_amount", "anggaran_rupiah"),
    ("withdrawn_amount", "dicairkan_rupiah"),
)


@dataclass(frozen=True, slots=True)
class PublicLine:
    code: str
    name: str
    row: PublicRow

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[len(self.code)]

    def cell(self, column: str) -> str:
        if self.row.is_hidden(column):
            return f"<{monitoring_policy().small_cell_threshold}"
        value = self.row.values.get(column)
        return "" if value is None else str(value)


def public_choices() -> dict[str, list[str]]:
    """Programs and their tahap that have a national aggregate."""
    out: dict[str, list[str]] = {}
    for program, tahap in IndicatorAggregate.objects.filter(level=0).values_list(
        "program", "tahap"
    ):
        out.setdefault(program, []).append(tahap)
    return {p: sorted(t, key=tahap_sort_key) for p, t in sorted(out.items())}


def public_rows(program: str, tahap: str) -> dict[str, PublicLine]:
    aggregates = IndicatorAggregate.objects.filter(
        program=program, tahap=tahap, level__in=PUBLIC_LEVELS
    )
    indicators = {a.region_code: Indicators.from_row(a) for a in aggregates}
    protected = protect(indicators, monitoring_policy().small_cell_threshold)
    names = region_names(list(protected))
    return {
        code: PublicLine(code, names.get(code, code), row)
        for code, row in sorted(protected.items())
    }


def public_csv(program: str, tahap: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["program", "tahap", "kode_wilayah", "wilayah", "tingkat", *[h for _, h in CSV_COLUMNS]]
    )
    for line in public_rows(program, tahap).values():
        writer.writerow(
            [
                program,
                tahap,
                line.code,
                line.name,
                line.level_name,
                *[line.cell(c) for c, _ in CSV_COLUMNS],
            ]
        )
    return buffer.getvalue()
