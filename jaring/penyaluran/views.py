"""Staff pages of the disbursement: tahap and batches, files, response imports, payments.

Thin: each reads the request, calls a selector or service with the caller's scope and renders.
Missing and out-of-scope objects answer the same 404. Batches and files are national work
(Kemensos); regional staff see the batches, figures and payments of their region only.
"""

from __future__ import annotations

from functools import wraps
from itertools import islice
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jaring.core.scope import AccessScope, OutOfScope
from jaring.penyaluran import files, lifecycle, responses, selectors, services, uploads
from jaring.penyaluran.errors import NATIONAL_ROLES, DisbursementError
from jaring.penyaluran.forms import BatchForm, ReissueForm, ResponseUploadForm, TahapForm
from jaring.penyaluran.layouts import ACCOUNT_OPENING_COLUMNS, csv_lines
from jaring.penyaluran.models import ResponseImport, ResponseUpload, SiFile
from jaring.web.access import forbidden, not_found, scope_from_request, staff_required


def is_national(scope: AccessScope) -> bool:
    return scope.role in NATIONAL_ROLES and scope.is_national


def _guarded(view: Any) -> Any:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (OutOfScope, KeyError):
            return not_found(request)

    return staff_required(wrapper)


def _national(view: Any) -> Any:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_national(scope_from_request(request)):
            return forbidden(request, "Hanya petugas Kemensos pusat yang boleh melakukan ini.")
        return view(request, *args, **kwargs)

    return _guarded(wrapper)


@_guarded
def index(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    return render(
        request,
        "penyaluran/index.html",
        {
            "national": is_national(scope),
            "overview": selectors.tahap_overview(scope=scope),
            "batches": selectors.batches(scope=scope)[:100],
            "tahap_form": TahapForm(),
            "batch_form": BatchForm(),
        },
    )


@require_POST
@_national
def tahap_create(request: HttpRequest) -> HttpResponse:
    form = TahapForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isian tahap tidak valid: " + form.errors.as_text())
        return redirect("penyaluran:index")
    try:
        created = services.tahap_generate(scope=scope_from_request(request), **form.cleaned_data)
    except DisbursementError as error:
        messages.error(request, str(error))
    else:
        labels = ", ".join(t.label for t in created) or "tidak ada yang baru"
        messages.success(request, f"Tahap dibuat: {labels}.")
    return redirect("penyaluran:index")


@require_POST
@_national
def batch_create(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isian batch tidak valid: " + form.errors.as_text())
        return redirect("penyaluran:index")
    try:
        summary = services.batches_create(scope=scope_from_request(request), **form.cleaned_data)
    except DisbursementError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{summary.created} pembayaran baru dari keputusan periode {summary.period:%Y-%m}; "
            f"{summary.without_channel} keluarga tanpa penyalur dilewati.",
        )
    return redirect("penyaluran:index")


@_guarded
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    batch = selectors.batches(scope=scope).filter(pk=batch_id).first()
    if batch is None:
        raise OutOfScope(str(batch_id))
    national = is_national(scope)
    counts = files.batch_counts(batch) if national else None
    figures = selectors.reconciliation(
        scope=scope, program=batch.tahap.program, tahap=batch.tahap.label
    )[0]
    return render(
        request,
        "penyaluran/batch.html",
        {
            "batch": batch,
            "national": national,
            "counts": counts,
            "figures": figures,
            "si_files": batch.si_files.order_by("sequence") if national else [],
            "imports": ResponseImport.objects.filter(channel=batch.channel).order_by("-pk")[:20]
            if national
            else [],
            "upload_form": ResponseUploadForm(),
            "uploads": batch.uploads.order_by("-pk")[:10] if national else [],
        },
    )


@require_POST
@_national
def si_send(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        si_file = files.si_send(scope=scope_from_request(request), batch_id=batch_id)
    except DisbursementError as error:
        messages.error(request, str(error))
    else:
        if si_file is None:
            messages.info(request, "Tidak ada pembayaran yang siap dikirim.")
        else:
            messages.success(request, f"{si_file.name}: {si_file.rows} pembayaran dikirim.")
    return redirect("penyaluran:batch", batch_id=batch_id)


def _csv_response(name: str, lines: Any) -> StreamingHttpResponse:
    response = StreamingHttpResponse((line.encode() for line in lines), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@_national
def si_download(request: HttpRequest, file_id: int) -> HttpResponse:
    si_file = SiFile.objects.select_related("batch__tahap").filter(pk=file_id).first()
    if si_file is None:
        raise OutOfScope(str(file_id))
    response = StreamingHttpResponse(files.si_file_chunks(si_file), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{si_file.name}"'
    return response


@_national
def account_opening_download(request: HttpRequest, bank: str) -> HttpResponse:
    try:
        rows = files.account_opening_rows(bank=bank)
    except DisbursementError as error:
        return not_found(request, str(error))
    return _csv_response(f"BUKA-REKENING-{bank}.csv", csv_lines(ACCOUNT_OPENING_COLUMNS, rows))


@require_POST
@_national
def response_upload(request: HttpRequest, batch_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    batch = selectors.batches(scope=scope).filter(pk=batch_id).first()
    if batch is None:
        raise OutOfScope(str(batch_id))
    form = ResponseUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", ["Pilih berkas CSV."])))
        return redirect("penyaluran:batch", batch_id=batch_id)
    upload = form.cleaned_data["file"]
    try:
        job, recognised = uploads.upload_start(
            scope=scope, batch_id=batch.pk, source=upload, filename=upload.name
        )
    except DisbursementError as error:
        messages.error(request, str(error))
        return redirect("penyaluran:batch", batch_id=batch_id)
    if recognised:
        messages.info(
            request,
            f"Berkas yang sama sudah diunggah sebelumnya (unggahan #{job.pk}, "
            f"{job.created_at:%d/%m/%Y %H:%M}); tidak diimpor lagi.",
        )
    else:
        transaction.on_commit(lambda: uploads.upload_launch(job))
        messages.success(request, "Berkas disimpan; impor berjalan di latar belakang.")
    return redirect("penyaluran:upload", job_id=job.pk)


@_national
def upload_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """The upload's job: progress while it runs (the page polls), then its result."""
    job = ResponseUpload.objects.select_related("batch__tahap").filter(pk=job_id).first()
    if job is None:
        raise OutOfScope(str(job_id))
    problems: list[Any] = []
    if job.status == ResponseUpload.Status.DONE and job.response_import_id:
        problems = list(islice(responses.problem_rows(import_id=job.response_import_id), 1000))
    template = (
        "penyaluran/_upload_status.html"
        if request.headers.get("HX-Request")
        else "penyaluran/upload.html"
    )
    return render(request, template, {"job": job, "problems": problems})


@_national
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    imp = ResponseImport.objects.filter(pk=import_id).first()
    if imp is None:
        raise OutOfScope(str(import_id))
    problems = list(responses.problem_rows(import_id=imp.pk))[:1000]
    return render(request, "penyaluran/import.html", {"imp": imp, "problems": problems})


@_guarded
def payment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    scope = scope_from_request(request)
    payment = lifecycle.payment_in_scope(scope=scope, reference=reference)
    return render(
        request,
        "penyaluran/payment.html",
        {
            "payment": payment,
            "events": payment.events.all(),
            "national": is_national(scope),
            "reissue_form": ReissueForm(),
            "full_identity": scope.role in {"operator_desa", "dinsos_kabkota", "superuser"},
        },
    )


@require_POST
@_national
def payment_reissue(request: HttpRequest, reference: str) -> HttpResponse:
    scope = scope_from_request(request)
    lifecycle.payment_in_scope(scope=scope, reference=reference)
    form = ReissueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isi tahap tujuan dan perbaikan penyebabnya.")
    else:
        try:
            lifecycle.payment_reissue(scope=scope, reference=reference, **form.cleaned_data)
        except DisbursementError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Pembayaran diterbitkan ulang.")
    return redirect("penyaluran:payment", reference=reference)


@require_http_methods(["GET"])
@_guarded
def payment_list(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    figure = request.GET.get("angka", "")
    if figure and figure not in selectors.FIGURES:
        return not_found(request, "Angka rekonsiliasi tidak dikenal.")
    qs = selectors.payments(
        scope=scope,
        program=request.GET.get("program", ""),
        tahap=request.GET.get("tahap", ""),
        region_prefix=request.GET.get("wilayah", "").strip(),
        figure=figure,
    ).order_by("region_code", "reference")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "penyaluran/payments.html",
        {"page": page, "figure_label": selectors.FIGURES[figure][0] if figure else "Semua",
         "query": _without_page(request)},
    )  # fmt: skip


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
