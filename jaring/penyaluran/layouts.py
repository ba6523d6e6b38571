"""The CSV layouts exchanged with banks and PT Pos (documented in docs/penyaluran.md).

UTF-8, comma-separated, one header row with exactly these column names, dates YYYY-MM-DD,
amounts in whole rupiah without separators. A change here is a breaking change for penyalur.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

SI_COLUMNS = (
    "referensi",
    "program",
    "tahap",
    "penyalur",
    "no_kks",
    "no_rekening",
    "nik_penerima",
    "nama_penerima",
    "kode_wilayah",
    "nominal",
)
POS_COLUMNS = (
    "referensi",
    "program",
    "tahap",
    "nik_penerima",
    "nama_penerima",
    "alamat",
    "rt",
    "rw",
    "kode_wilayah",
    "nama_desa",
    "lokasi_pengambilan",
    "nominal",
)
ACCOUNT_OPENING_COLUMNS = (
    "referensi",
    "bank",
    "kk",
    "nik_pengurus",
    "nama_pengurus",
    "tanggal_lahir",
    "jenis_kelamin",
    "alamat",
    "rt",
    "rw",
    "kode_wilayah",
    "nama_desa",
)
RESPONSE_COLUMNS = (
    "referensi",
    "status",
    "nominal",
    "tanggal",
    "kode_alasan",
    "alasan",
    "tempat",
    "no_rekening",
    "no_kks",
)
# Statuses a response line may carry, in the order they are applied within one file (so a
# file may credit and then report the withdrawal of the same payment).
RESPONSE_STATUSES = ("REKENING_DIBUKA", "TERSALUR", "GAGAL", "DICAIRKAN", "RETUR")


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The header and rows as CSV text lines (for streaming to a file or a response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["" if v is None else v for v in row])
        yield buffer.getvalue()
