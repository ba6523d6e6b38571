"""Collision-free NIK and KK numbers in flat memory.

A NIK is kecamatan(6) + DDMMYY (day + 40 for women) + serial(4); a KK is kecamatan(6) + issue
date DDMMYY + serial(4). Serials come from one counter per (kecamatan, month, two-digit year),
shared by NIKs and KKs: two numbers can only be equal if they share kecamatan, month and year —
and then their serials differ. So every NIK and KK of a run is distinct (a KK cannot even equal a
man's NIK), with no set of issued numbers to remember. The counters are a fixed array of 16-bit
integers (kecamatan × 100 years × 12 months ≈ 18 MB for the whole country), however many
households are generated.
"""

from __future__ import annotations

from array import array
from datetime import date


class SerialsExhausted(RuntimeError):
    """More than 9,999 numbers in one kecamatan-month — far beyond any real kecamatan."""


class Numbering:
    def __init__(self, kecamatan: tuple[str, ...]) -> None:
        self._index = {code: i for i, code in enumerate(kecamatan)}
        self._counters = array("H", bytes(2 * len(kecamatan) * 1200))

    def _serial(self, kecamatan: str, day: date) -> int:
        slot = self._index[kecamatan] * 1200 + (day.year % 100) * 12 + day.month - 1
        serial = self._counters[slot] + 1
        if serial > 9999:
            raise SerialsExhausted(
                f"nomor urut habis untuk kecamatan {kecamatan} bulan {day:%m/%Y}: "
                "jumlah keluarga terlalu besar untuk wilayah yang dipilih"
            )
        self._counters[slot] = serial
        return serial

    def nik(self, kecamatan: str, birth_date: date, sex: str) -> str:
        day = birth_date.day + (40 if sex == "P" else 0)
        serial = self._serial(kecamatan, birth_date)
        return f"{kecamatan}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"

    def kk(self, kecamatan: str, issued: date) -> str:
        serial = self._serial(kecamatan, issued)
        return f"{kecamatan}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"
