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


def seed_all() -> None:
    """The base seed, then every `tests/browser/seed_<area>.py` module's own `seed()`.

    Each area adds what its browser tests need (staff users, complaints, payments …) in its own
    module, so areas never edit one shared seed file.
    """
    import importlib
    from pathlib import Path

    seed()
    for module in sorted(Path(__file__).parent.glob("seed_*.py")):
        importlib.import_module(f"tests.browser.{module.stem}").seed()
