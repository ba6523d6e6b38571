"""The results workbook: a summary per region, then one sheet per kind of finding.

Written with openpyxl's write-only mode (rows streamed, flat memory); identities masked.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from jaring.core.identity import mask_identity
from jaring.core.scope import AccessScope
from jaring.matching import selectors
from jaring.matching.templatetags.matching_tags import FIELD_LABELS

MAX_ROWS = 200_000  # per sheet; a larger region is exported region by region


def results_workbook(*, scope: AccessScope, region_prefix: str, period: date | None) -> bytes:
    selectors.effective_prefix(scope=scope, region_prefix=region_prefix)  # OutOfScope first
    book = Workbook(write_only=True)
    summary = book.create_sheet("Ringkasan")
    summary.append(
        ["Kode wilayah", "Nama wilayah", *(label for _, label in selectors.SUMMARY_COLUMNS)]
    )
    for row in selectors.region_summary(scope=scope, region_prefix=region_prefix):
        summary.append([row.code, row.name, *(row.counts[k] for k, _ in selectors.SUMMARY_COLUMNS)])

    pairs = book.create_sheet("Pasangan duplikat")
    pairs.append(
        [
            "No",
            "Jenis",
            "Probabilitas",
            "Wilayah",
            "Nama A",
            "NIK A",
            "KK A",
            "Desa A",
            "Nama B",
            "NIK B",
            "KK B",
            "Desa B",
        ]
    )
    queue = selectors.pair_list(scope=scope, region_prefix=region_prefix)[:MAX_ROWS]
    for pair in queue.iterator(chunk_size=2000):
        a, b = pair.a, pair.b
        pairs.append(
            [
                pair.pk,
                pair.get_kind_display(),
                round(pair.probability, 4),
                pair.region_code,
                a["name"],
                mask_identity(a["nik"]),
                mask_identity(a["kk"]),
                a["region"],
                b["name"],
                mask_identity(b["nik"]),
                mask_identity(b["kk"]),
                b["region"],
            ]
        )

    dukcapil = book.create_sheet("Dukcapil")
    dukcapil.append(["Desa", "Nama", "NIK", "KK", "Status", "Berbeda", "Meninggal", "Pindah ke"])
    problems = selectors.dukcapil_problems(scope=scope, region_prefix=region_prefix)[:MAX_ROWS]
    for result in problems.iterator(chunk_size=2000):
        dukcapil.append(
            [
                result.region_code,
                result.name,
                mask_identity(result.nik),
                mask_identity(result.kk),
                result.get_status_display(),
                ", ".join(FIELD_LABELS.get(f, f) for f in result.differing),
                "ya" if result.dead else "",
                result.moved_to,
            ]
        )

    overlap = book.create_sheet("Tumpang tindih")
    overlap.append(["Desa", "Aturan", "Tingkat", "Program", "KK", "NIK", "Sumber", "Keterangan"])
    findings = selectors.overlap_findings(scope=scope, region_prefix=region_prefix)[:MAX_ROWS]
    for finding in findings.iterator(chunk_size=2000):
        overlap.append(
            [
                finding.region_code,
                finding.rule,
                finding.level,
                " + ".join(finding.programs),
                mask_identity(finding.kk),
                mask_identity(finding.nik),
                "; ".join(finding.sources),
                finding.message,
            ]
        )

    if period is not None:
        dead = book.create_sheet("Penerima meninggal")
        dead.append(
            ["Desa", "Program", "Tahap", "Nama", "NIK", "KK", "Nilai per tahap", "Alasan", "Sumber"]
        )
        for item in selectors.dead_recipients(
            scope=scope, period=period, region_prefix=region_prefix
        ):
            dead.append(
                [
                    item.region_code,
                    item.program,
                    item.tahap,
                    item.name,
                    mask_identity(item.nik),
                    mask_identity(item.kk),
                    item.amount_per_tahap,
                    item.reason,
                    item.source,
                ]
            )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
