"""The reconciliation report as XLSX: the figures per region and the payments behind them.

Written with openpyxl's write-only mode (rows streamed to disk, memory flat). KK and NIK are
masked: the workbook travels further than the screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from openpyxl import Workbook

from jaring.core.identity import mask_identity
from jaring.core.scope import AccessScope
from jaring.penyaluran.selectors import FIGURES, payments, reconciliation

MAX_LIST_ROWS = 1_000_000  # one sheet's limit is 1,048,576 rows


def reconciliation_xlsx(
    *, scope: AccessScope, program: str, tahap: str, region_prefix: str, out: IO[bytes] | Path
) -> int:
    """Write the workbook; returns how many payments are listed."""
    total, children = reconciliation(
        scope=scope, program=program, tahap=tahap, region_prefix=region_prefix
    )
    book = Workbook(write_only=True)
    summary = book.create_sheet("rekonsiliasi")
    summary.append([f"Rekonsiliasi {program} tahap {tahap}", total.name])
    header = ["kode_wilayah", "wilayah"]
    for label, _q in FIGURES.values():
        header += [f"{label} (jumlah)", f"{label} (Rp)"]
    header.append("identitas cocok")
    summary.append(header)
    for figures in [*children, total]:
        row: list[object] = [figures.code or "-", figures.name]
        for key in FIGURES:
            row += [figures.counts[key], figures.amounts[key]]
        row.append("ya" if figures.identities_hold else "TIDAK")
        summary.append(row)
    listing = book.create_sheet("pembayaran")
    listing.append(
        [
            "referensi",
            "kk",
            "nik",
            "kode_wilayah",
            "penyalur",
            "nominal",
            "status",
            "si",
            "tersalur",
            "gagal",
            "alasan_gagal",
            "dicairkan",
            "tempat_cair",
            "retur",
            "percobaan",
        ]
    )
    rows = (
        payments(scope=scope, program=program, tahap=tahap, region_prefix=region_prefix)
        .order_by("region_code", "reference")
        .values_list(
            "reference",
            "kk",
            "nik",
            "region_code",
            "channel",
            "amount",
            "status",
            "si_at",
            "credited_at",
            "failed_at",
            "failure_code",
            "withdrawn_at",
            "withdrawn_place",
            "returned_at",
            "attempt",
        )
    )
    count = 0
    for values in rows.iterator(chunk_size=5000):
        ref, kk, nik, region, channel, amount, status, si_at, *rest = values
        masked_nik = mask_identity(nik) if nik else ""
        si_day = si_at.date() if si_at else None
        listing.append(
            [ref, mask_identity(kk), masked_nik, region, channel, amount, status, si_day, *rest]
        )
        count += 1
        if count >= MAX_LIST_ROWS:
            listing.append(["(daftar dipotong: gunakan CSV per wilayah yang lebih kecil)"])
            break
    book.save(out)
    return count
