"""GET /api/v1/wilayah/ and /api/v1/wilayah/{code}/ (CONTRACTS.md)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["wilayah"])
