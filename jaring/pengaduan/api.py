"""JSON API of the pengaduan app, mounted under /api/v1/pengaduan/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["pengaduan"])
