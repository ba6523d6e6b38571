"""JSON API of the usulan app, mounted under /api/v1/usulan/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["usulan"])
