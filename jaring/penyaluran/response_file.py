"""Reading a penyalur's response file: streamed, hashed, every line checked (no database).

`staged_rows` yields the good lines as rows for the ResponseRow table and records every problem
with its line number; the caller rejects the whole file when there is any.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import BinaryIO

from jaring.penyaluran.layouts import RESPONSE_COLUMNS, RESPONSE_STATUSES


class HashingReader(io.RawIOBase):
    """Reads a binary stream, keeping the SHA-256 of every byte read (and telling how many)."""

    def __init__(self, raw: BinaryIO, on_read: Callable[[int], None] | None = None) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.on_read = on_read
        self.done = 0

    def read_chunk(self, size: int) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.done += len(data)
        return data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read_chunk(len(buffer))
        buffer[: len(data)] = data
        if self.on_read:
            self.on_read(self.done)
        return len(data)


def parse_line(line: int, values: dict[str, str], errors: list[tuple[int, str]]) -> tuple | None:
    problems: list[str] = []
    reference = values["referensi"].strip()
    status = values["status"].strip().upper()
    if not reference or len(reference) > 32:
        problems.append("referensi kosong atau lebih dari 32 karakter")
    if status not in RESPONSE_STATUSES:
        problems.append(
            f"status '{values['status']}' tidak dikenal ({', '.join(RESPONSE_STATUSES)})"
        )
    amount_text = values["nominal"].strip()
    if not amount_text.isdigit() or len(amount_text) > 15:
        problems.append(f"nominal '{amount_text}' harus bilangan bulat rupiah tanpa titik/koma")
    try:
        event_date = date.fromisoformat(values["tanggal"].strip())
    except ValueError:
        event_date = None
        problems.append(f"tanggal '{values['tanggal']}' harus berformat TTTT-BB-HH")
    reason_code, reason = values["kode_alasan"].strip(), values["alasan"].strip()
    place = values["tempat"].strip()
    account, card = values["no_rekening"].strip(), values["no_kks"].strip()
    if status == "GAGAL" and not reason_code:
        problems.append("kode_alasan wajib diisi untuk status GAGAL")
    if status == "DICAIRKAN" and not place:
        problems.append("tempat pencairan wajib diisi untuk status DICAIRKAN")
    if status == "REKENING_DIBUKA" and not (account.isdigit() and card.isdigit()):
        problems.append("no_rekening dan no_kks (angka) wajib diisi untuk REKENING_DIBUKA")
    if (
        len(reason_code) > 20
        or max(len(reason), len(place)) > 200
        or max(len(account), len(card)) > 20
    ):
        problems.append("isian terlalu panjang (kode_alasan ≤ 20, alasan/tempat ≤ 200, nomor ≤ 20)")
    if problems:
        errors.append((line, "; ".join(problems)))
        return None
    return (line, reference, status, int(amount_text), event_date, reason_code, reason, place,
            account, card)  # fmt: skip


def staged_rows(
    handle: io.TextIOBase, errors: list[tuple[int, str]], counter: list[int]
) -> Iterator[tuple]:
    """The good lines as (line, reference, status, amount, date, reason code, reason, place,
    account, card); every problem goes to `errors`, and nothing is yielded after the first."""
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        errors.append((1, "berkas kosong"))
        return
    header = [h.strip().lower() for h in header]
    if sorted(header) != sorted(RESPONSE_COLUMNS):
        missing = sorted(set(RESPONSE_COLUMNS) - set(header))
        unknown = sorted(set(header) - set(RESPONSE_COLUMNS))
        parts = [f"kurang: {', '.join(missing)}"] if missing else []
        parts += [f"tak dikenal: {', '.join(unknown)}"] if unknown else []
        parts = parts or ["urutan atau nama kolom berulang"]
        errors.append((1, f"kolom tidak sesuai tata letak; {'; '.join(parts)}"))
        return
    for values in reader:
        line = reader.line_num
        if not values or values == [""]:
            continue
        if len(values) != len(header):
            errors.append((line, f"jumlah kolom {len(values)}, seharusnya {len(header)}"))
            continue
        row = parse_line(line, dict(zip(header, values, strict=True)), errors)
        counter[0] += 1
        if row is not None and not errors:
            yield row
    if counter[0] == 0 and not errors:
        errors.append((2, "berkas tidak berisi baris data"))
