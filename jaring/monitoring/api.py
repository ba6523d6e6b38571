"""JSON API of the monitoring app, mounted under /api/v1/monitoring/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["monitoring"])
