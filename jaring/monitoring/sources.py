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
from django.db.models import Count

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


@dataclass(frozen=True, slots=True)
class MatchingCounts:
    unmatched: dict[str, int] | None  # None: no Dukcapil matching has been run yet
    open_pairs: dict[str, int]


def matching_counts() -> MatchingCounts | None:
    """Per region code: (NIKs not matched to Dukcapil, open duplicate pairs), from the matching app.

    Unmatched = members of the latest finished Dukcapil job whose result is not "padan" (tidak
    padan or tidak ditemukan). Open pairs = candidate duplicate pairs awaiting review or field
    verification; a pair's region is the smallest region holding both sides, so its code may be
    shorter than a desa code (it then counts only at that level and above).
    """
    job_model = _model("matching", "MatchingJob", ("kind", "status", "finished_at"))
    result_model = _model("matching", "DukcapilResult", ("job", "region_code", "status"))
    pair_model = _model("matching", "CandidatePair", ("region_code", "status"))
    if job_model is None or result_model is None or pair_model is None:
        return None
    unmatched_by_region: dict[str, int] | None = None
    job = (
        job_model.model.objects.filter(kind="dukcapil", status="done")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if job is not None:
        unmatched = (
            result_model.model.objects.filter(job=job)
            .exclude(status="padan")
            .values_list("region_code")
            .annotate(n=Count("id"))
        )
        unmatched_by_region = dict(unmatched)
    pairs = (
        pair_model.model.objects.filter(status__in=("terbuka", "verifikasi"))
        .values_list("region_code")
        .annotate(n=Count("id"))
    )
    return MatchingCounts(unmatched=unmatched_by_region, open_pairs=dict(pairs))
