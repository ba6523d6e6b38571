"""Families the browser tests look up (run inside the served database's process)."""

from __future__ import annotations

from datetime import date


def seed() -> None:
    from tests.portal.helpers import DESA, decide, family

    keluarga, _ = family(
        DESA,
        1,
        [("Hj. Siti Aminah", date(1985, 4, 2), "P"), ("Budi Santoso", date(2015, 7, 9), "L")],
    )
    decide(
        keluarga,
        [
            {"program": "PKH", "eligible": True, "tahap": "2025-T3", "amount_per_tahap": 650000},
            {"program": "BPNT", "eligible": True, "tahap": "2025-Q2", "amount_per_tahap": 600000},
        ],
    )
