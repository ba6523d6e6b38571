"""JSON API of the penyaluran app, mounted under /api/v1/penyaluran/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["penyaluran"])
