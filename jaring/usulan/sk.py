"""The SK (surat keputusan) of a decided batch as a PDF, from the stored decisions.

Drawn line by line on a reportlab canvas (not a platypus table) so that a 100,000-family SK
streams in flat memory. Families are listed per desa/kelurahan; KK numbers are masked, since an
SK is posted publicly.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from jaring.core.identity import mask_identity
from jaring.regions.models import Region
from jaring.usulan.models import Outcome, PenetapanBatch, PenetapanItem

MARGIN = 18 * mm
LINE = 4.6 * mm


def sk_rows(batch: PenetapanBatch) -> Iterator[tuple[str, str, str, str, str]]:
    """(region_code, reference, head's name, masked KK, kind label) per decided family, by desa."""
    items = (
        PenetapanItem.objects.filter(batch=batch, outcome=Outcome.DITETAPKAN)
        .order_by("region_code", "usulan__reference")
        .values_list(
            "region_code", "usulan__reference", "usulan__subject_name", "usulan__kk", "usulan__kind"
        )
    )
    labels = {"baru": "baru", "perubahan": "perubahan data", "hapus": "keluar", "sanggah": "keluar"}
    for code, reference, name, kk, kind in items.iterator(chunk_size=5000):
        # The standard PDF fonts have no bullet that survives text extraction: mask with '*'.
        yield code, reference, name, mask_identity(kk).replace("•", "*"), labels.get(kind, kind)


def _region_title(code: str) -> str:
    chain = []
    region = Region.objects.filter(code=code).select_related("parent__parent__parent").first()
    while region is not None:
        chain.append(region.name)
        region = region.parent
    return f"{code} " + ", ".join(chain) if chain else code


class _Writer:
    def __init__(self, title: str) -> None:
        self.buffer = io.BytesIO()
        self.pdf = canvas.Canvas(self.buffer, pagesize=A4, invariant=1)
        self.pdf.setTitle(title)
        self.width, self.height = A4
        self.page = 1
        self.y = self.height - MARGIN

    def line(self, text: str, *, size: float = 9, bold: bool = False, x: float = 0) -> None:
        if self.y < MARGIN + LINE:
            self.pdf.setFont("Helvetica", 8)
            self.pdf.drawRightString(self.width - MARGIN, MARGIN / 2, f"Halaman {self.page}")
            self.pdf.showPage()
            self.page += 1
            self.y = self.height - MARGIN
        self.pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        self.pdf.drawString(MARGIN + x, self.y, text)
        self.y -= LINE * (size / 9)

    def finish(self) -> bytes:
        self.pdf.setFont("Helvetica", 8)
        self.pdf.drawRightString(self.width - MARGIN, MARGIN / 2, f"Halaman {self.page}")
        self.pdf.save()
        return self.buffer.getvalue()


def render_sk(batch: PenetapanBatch) -> bytes:
    program = "Data Terpadu Kesejahteraan Sosial" if batch.program == "DTKS" else batch.program
    out = _Writer(f"SK {batch.sk_number}")
    out.line("KEPUTUSAN MENTERI SOSIAL REPUBLIK INDONESIA", size=12, bold=True)
    out.line(f"Nomor: {batch.sk_number}", size=10)
    out.line(f"Tentang penetapan usulan {program} periode {batch.period}", size=10)
    decided_at = batch.decided_at.strftime("%d-%m-%Y") if batch.decided_at else "-"
    out.line(f"Ditetapkan oleh: {batch.decided_by}; tanggal: {decided_at}", size=9)
    summary = batch.summary or {}
    out.line(
        f"Jumlah ditetapkan: {summary.get('ditetapkan', 0)}; tidak ditetapkan: "
        f"{summary.get('ditolak', 0)}; desa/kelurahan: {summary.get('desa', 0)}"
    )
    out.line("")
    current = None
    number = 0
    for code, reference, name, kk, kind in sk_rows(batch):
        if code != current:
            current, number = code, 0
            out.line("")
            out.line(f"Desa/Kelurahan {_region_title(code)}", bold=True)
        number += 1
        out.line(f"{number}. {reference} | {name} | KK {kk} | {kind}", x=4 * mm)
    out.line("")
    out.line("Keluarga yang tercantum diberi tahu hasil dan alasannya melalui SMS/e-mail.", size=8)
    return out.finish()
