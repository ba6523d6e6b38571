"""Where the indicators come from, and whether each source app is there yet.

Monitoring reads other apps' tables read-only: programs.Decision (eligibility), penyaluran.Payment
(the ledger: decided, paid, withdrawn, budget, SI and withdrawal dates), pengaduan.Complaint
(complaints and their resolution) and the matching app's results (data quality). Each is found
through the app registry, so a missing app makes its indicators "belum tersedia" (NULL) instead
of breaking the refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection

LEDGER_FIELDS = (
    "program",
    "tahap_label",
    "kk",
    "region_code",
    "amount",
    "status",
    "si_at",
    "credited_at",
    "failed_at",
    "withdrawn_at",
    "returned_at",
    "updated_at",
)
COMPLAINT_FIELDS = ("region_code", "created_at", "resolved_at", "status", "updated_at")
# Ledger statuses (penyaluran.PaymentStatus) that count as paid: credited and not returned.
PAID_STATUSES = ("tersalur", "dicairkan")
WITHDRAWN_STATUS = "dicairkan"


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    model: Any


def _model(app_label: str, model_name: str, fields: tuple[str, ...]) -> Table | None:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()} | {
        getattr(f, "attname", "") for f in model._meta.get_fields()
    }
    if not set(fields) <= names:
        return None
    table = model._meta.db_table
    if table not in connection.introspection.table_names():
        return None  # app present but not migrated on this database
    return Table(table, model)


def ledger_table() -> Table | None:
    return _model("penyaluran", "Payment", LEDGER_FIELDS)


def complaint_table() -> Table | None:
    return _model("pengaduan", "Complaint", COMPLAINT_FIELDS)


def matching_counts() -> dict[str, tuple[int, int]] | None:
    """Per desa: (NIKs not matched to Dukcapil, open duplicate pairs), from the matching app.

    The matching app documents `jaring.matching.selectors.quality_counts_by_desa()`; until it
    exists the data-quality indicators stay "belum tersedia".
    """
    try:
        from jaring.matching import selectors  # type: ignore[attr-defined]
    except ImportError:
        return None
    counter = getattr(selectors, "quality_counts_by_desa", None)
    if counter is None:
        return None
    return {str(code): (int(a), int(b)) for code, (a, b) in counter().items()}
