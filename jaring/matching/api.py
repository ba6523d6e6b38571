"""JSON API of the matching app, mounted under /api/v1/matching/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["matching"])
