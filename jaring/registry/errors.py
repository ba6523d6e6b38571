"""The problem record shared by validation, import reports and staff forms."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RecordError:
    line: int | None
    field: str
    code: str
    message: str  # Indonesian, shown to staff as is
    severity: str = "error"  # "error" rejects the record; "warning" is kept and reported
