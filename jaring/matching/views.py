"""Staff pages of data quality (/staf/kualitas-data/): results by region, jobs with progress,
the review queue of candidate pairs, Dukcapil change actions, overlaps, dead recipients, XLSX.

Views stay thin: scope from the request, a selector or a service, a template. Objects outside
the caller's scope answer 404 like missing ones.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jaring.core.scope import OutOfScope
from jaring.matching import intake, selectors, services
from jaring.matching.jobs import RUNNER_ROLES, JobRefused, job_launch
from jaring.matching.models import CandidatePair, JobStatus, MatchingJob
from jaring.programs.periods import PeriodError, format_period, parse_period
from jaring.regions.models import Region
from jaring.web.access import not_found, scope_from_request, staff_required

PAGE_SIZE = 25
EXTRACT_SUFFIXES = (".csv", ".parquet")


def _prefix(request: HttpRequest) -> str:
    code = "".join(ch for ch in request.GET.get("wilayah", "") if ch.isdigit())
    return code[:10]


def _period(request: HttpRequest) -> date | None:
    text = request.GET.get("periode", "")
    if not text:
        return None
    try:
        return parse_period(text)
    except PeriodError:
        return None


def _jobs_context(request: HttpRequest) -> dict[str, Any]:
    scope = scope_from_request(request)
    jobs = selectors.jobs(scope=scope)
    return {"jobs": jobs, "polling": any(j.status == JobStatus.RUNNING for j in jobs)}


@staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    prefix = _prefix(request)
    try:
        rows = selectors.region_summary(scope=scope, region_prefix=prefix)
        effective = selectors.effective_prefix(scope=scope, region_prefix=prefix)
    except OutOfScope:
        return not_found(request)
    region = Region.objects.filter(code=effective).first() if effective else None
    context = {
        "rows": rows,
        "columns": selectors.SUMMARY_COLUMNS,
        "region": region,
        "prefix": effective,
        "parent": effective[: {10: 6, 6: 4, 4: 2}.get(len(effective), 0)] if effective else None,
        "counts": selectors.open_counts(scope=scope),
        "can_run": scope.role in RUNNER_ROLES,
        "default_period": format_period(date.today().replace(day=1)),
        **_jobs_context(request),
    }
    return render(request, "matching/index.html", context)


@staff_required
@require_GET
def job_table(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/_jobs.html", _jobs_context(request))


@staff_required
@require_POST
def job_run(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    kind = request.POST.get("kind", "")
    try:
        if kind == MatchingJob.Kind.DUKCAPIL:
            name, path = intake.store_upload(
                request.FILES.get("berkas"), label="Ekstrak Dukcapil", suffixes=EXTRACT_SUFFIXES
            )
            job = intake.dukcapil_start(scope=scope, name=name, path=path)
        elif kind == MatchingJob.Kind.EKSTERNAL:
            name, path = intake.store_upload(
                request.FILES.get("berkas"), label="Daftar penerima", suffixes=(".csv",)
            )
            job = intake.external_start(scope=scope, name=name, path=path)
        elif kind == MatchingJob.Kind.DUPLIKAT:
            job = intake.duplicates_start(scope=scope)
        elif kind == MatchingJob.Kind.TUMPANG_TINDIH:
            job = intake.overlap_start(scope=scope, period=request.POST.get("periode", ""))
        else:
            raise JobRefused("Jenis proses tidak dikenal.")
    except JobRefused as error:
        messages.error(request, str(error))
    else:
        job_launch(job)
        messages.success(request, f"{job.get_kind_display()} #{job.pk} dimulai.")
    return redirect("matching:index")


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    status = request.GET.get("status", CandidatePair.Status.TERBUKA)
    if status not in CandidatePair.Status.values:
        status = CandidatePair.Status.TERBUKA
    try:
        pairs = selectors.pair_list(scope=scope, status=status, region_prefix=_prefix(request))
    except OutOfScope:
        return not_found(request)
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/queue.html",
        {
            "page": page,
            "status": status,
            "statuses": CandidatePair.Status.choices,
            "prefix": _prefix(request),
        },
    )


EVIDENCE_ROWS = (
    ("name", "Nama", "name_canon"),
    ("birth_date", "Tanggal lahir", "birth_date"),
    ("sex", "Jenis kelamin", "sex"),
    ("birth_place", "Tempat lahir", "birth_place"),
    ("nik", "NIK", "nik"),
    ("kk", "Nomor KK", ""),
    ("region", "Desa/kelurahan", "region"),
    ("household", "Anggota keluarga lain", "household"),
)


@staff_required
@require_http_methods(["GET", "POST"])
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    try:
        pair = selectors.pair_get(scope=scope, pair_id=pair_id)
    except OutOfScope:
        return not_found(request)
    if request.method == "POST":
        op, note = request.POST.get("op", ""), request.POST.get("catatan", "")
        try:
            if op == "gabung":
                services.pair_merge(
                    scope=scope,
                    pair_id=pair.pk,
                    keep=request.POST.get("pertahankan", ""),
                    note=note,
                )
                messages.success(request, "Data digabung. Penggabungan dapat dibatalkan.")
            elif op == "bukan_sama":
                services.pair_mark_not_same(scope=scope, pair_id=pair.pk, note=note)
                messages.success(
                    request, "Ditandai bukan orang yang sama; tidak akan diusulkan lagi."
                )
            elif op == "verifikasi":
                services.pair_send_to_field(scope=scope, pair_id=pair.pk, note=note)
                messages.success(request, "Dikirim untuk verifikasi lapangan.")
            else:
                messages.error(request, "Tindakan tidak dikenal.")
        except services.ReviewRefused as error:
            messages.error(request, str(error))
        except OutOfScope:
            return not_found(request)
        return redirect("matching:pair", pair_id=pair.pk)
    names = dict(
        Region.objects.filter(code__in=[pair.a["region"], pair.b["region"]]).values_list(
            "code", "name"
        )
    )
    evidence = [
        {
            "label": label,
            "a": pair.a.get(key),
            "b": pair.b.get(key),
            "weight": pair.weights.get(weight_key) if weight_key else None,
            "identity": key in ("nik", "kk"),
            "same": pair.a.get(key) == pair.b.get(key),
        }
        for key, label, weight_key in EVIDENCE_ROWS
    ]
    return render(
        request,
        "matching/pair.html",
        {
            "pair": pair,
            "evidence": evidence,
            "names": names,
            "merges": selectors.pair_merges(scope=scope, pair=pair),
            "open": pair.status in (CandidatePair.Status.TERBUKA, CandidatePair.Status.VERIFIKASI),
        },
    )


@staff_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    try:
        pair = services.merge_revert(
            scope=scope, merge_id=merge_id, note=request.POST.get("catatan", "")
        )
    except OutOfScope:
        return not_found(request)
    except services.ReviewRefused as error:
        messages.error(request, str(error))
        return redirect(request.POST.get("next") or reverse("matching:queue"))
    messages.success(request, "Penggabungan dibatalkan; keluarga kembali seperti semula.")
    return redirect("matching:pair", pair_id=pair.pk)
