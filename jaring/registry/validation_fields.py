"""Value conversion for household validation: each helper converts one field or records why not.

Used only by jaring.registry.validation; the common, valid case is checked first in each helper
because an import runs them tens of millions of times.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from jaring.registry.errors import RecordError

_TRUE = frozenset({"true", "ya", "y", "1"})
_FALSE = frozenset({"false", "tidak", "t", "0"})
_TEXT_LIMITS = {"address": 255, "rt": 3, "rw": 3, "kks_number": 20, "name": 120, "birth_place": 80}


class FieldChecker:
    """Collects problems for one record while converting its values."""

    def __init__(self, line: int | None) -> None:
        self.line = line
        self.errors: list[RecordError] = []
        self.warnings: list[RecordError] = []

    def fail(self, field_name: str, code: str, message: str) -> None:
        self.errors.append(RecordError(self.line, field_name, code, message))

    def warn(self, field_name: str, code: str, message: str) -> None:
        self.warnings.append(RecordError(self.line, field_name, code, message, "warning"))

    def unknown_keys(self, data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.fail(
                    f"{where}{key}",
                    "kolom_tidak_dikenal",
                    f"kolom '{key}' tidak dikenal; kolom yang sah: {', '.join(sorted(allowed))}",
                )

    def text(
        self, data: Mapping[str, Any], key: str, label: str, where: str = "", required: bool = False
    ) -> str:
        value = data.get(key)
        if value.__class__ is str and value and value == value.strip():
            limit = _TEXT_LIMITS.get(key)
            if not limit or len(value) <= limit:
                return value
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{where}{key}", "wajib_diisi", f"{label} wajib diisi")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(f"{where}{key}", "tipe_salah", f"{label} harus berupa teks")
            return ""
        text = str(value).strip()
        limit = _TEXT_LIMITS.get(key)
        if limit and len(text) > limit:
            self.fail(f"{where}{key}", "terlalu_panjang", f"{label} paling banyak {limit} karakter")
            return ""
        return text

    def digits(self, data: Mapping[str, Any], key: str, label: str, where: str = "") -> str:
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(f"{where}{key}", "wajib_diisi", f"{label} wajib diisi")
            return ""
        if not isinstance(value, str):
            self.fail(f"{where}{key}", "tipe_salah", f"{label} harus berupa teks angka")
            return ""
        return value.strip()

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        label: str,
        vocabulary: Mapping[str, str],
        where: str = "",
        default: str | None = None,
    ) -> str:
        value = data.get(key)
        if value.__class__ is str and value in vocabulary:
            return value  # the common case, checked first: import speed matters
        if value is None or (isinstance(value, str) and not value.strip()):
            if default is None:
                self.fail(f"{where}{key}", "wajib_diisi", f"{label} wajib diisi")
            return default or ""
        if not isinstance(value, str):
            self.fail(f"{where}{key}", "tipe_salah", f"{label} harus berupa teks")
            return ""
        value = value.strip()
        if value not in vocabulary:
            self.fail(
                f"{where}{key}",
                "nilai_tidak_dikenal",
                f"{label} '{value}' tidak dikenal; nilai yang sah: {', '.join(vocabulary)}",
            )
            return ""
        return value

    def integer(
        self, data: Mapping[str, Any], key: str, label: str, where: str = ""
    ) -> int | str | None:
        """An integer, None when empty, or the marker "!" when invalid (already reported)."""
        value = data.get(key)
        if value.__class__ is int:
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            pass
        elif isinstance(value, int):
            return value
        elif isinstance(value, float) and value.is_integer():
            return int(value)
        elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value.strip())
        self.fail(f"{where}{key}", "tipe_salah", f"{label} harus bilangan bulat")
        return "!"

    def boolean(
        self, data: Mapping[str, Any], key: str, label: str, default: bool, where: str = ""
    ) -> bool:
        value = data.get(key)
        if value.__class__ is bool:
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        self.fail(f"{where}{key}", "tipe_salah", f"{label} harus true/false (ya/tidak)")
        return default

    def day(
        self, data: Mapping[str, Any], key: str, label: str, where: str = "", required: bool = False
    ) -> date | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{where}{key}", "wajib_diisi", f"{label} wajib diisi")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip()[:10]) if len(value.strip()) == 10 else None
            except ValueError:
                pass
        self.fail(f"{where}{key}", "tanggal_tidak_sah", f"{label} harus tanggal TTTT-BB-HH")
        return None
