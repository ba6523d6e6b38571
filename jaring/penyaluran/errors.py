"""The one exception of the disbursement services: an Indonesian message for the user."""

from __future__ import annotations


class DisbursementError(ValueError):
    """A disbursement action that cannot be done as asked (message in Bahasa Indonesia)."""


NATIONAL_ROLES = frozenset({"kemensos_pusat", "superuser", "system"})


def require_national(scope: object) -> None:
    """Batches, files and the ledger's bulk actions belong to the ministry (national scope)."""
    if getattr(scope, "role", "") not in NATIONAL_ROLES or getattr(scope, "region_prefix", "-"):
        raise DisbursementError("Hanya petugas Kemensos pusat yang boleh melakukan tindakan ini.")
