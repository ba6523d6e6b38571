"""Usul and sanggah pages for verified citizens, and each request's status page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jaring.portal.citizen_forms import clean_translated_photo
from jaring.portal.models import CitizenAccount, CitizenRequest
from jaring.portal.request_services import RequestRefused, citizen_request_create, citizen_scope

LABELS = {
    CitizenRequest.Kind.USUL: (
        _("Usulkan penerima"),
        _("Nama lengkap yang diusulkan (boleh diri sendiri)"),
    ),
    CitizenRequest.Kind.SANGGAH: (_("Sanggah penerima"), _("Nama lengkap penerima yang disanggah")),
}


class CitizenRequestForm(forms.Form):
    subject_name = forms.CharField(max_length=120)
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )
    document = forms.FileField(label=_("Dokumen pendukung (foto, tidak wajib)"), required=False)

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        return clean_translated_photo(upload, label=gettext_noop("Dokumen"))


def _account(request: HttpRequest) -> CitizenAccount:
    account = CitizenAccount.objects.filter(user=request.user).first()
    if account is None:
        raise Http404("Akun warga tidak ditemukan.")
    return account


@login_required(login_url="portal:citizen-login")
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in CitizenRequest.Kind.values:
        raise Http404
    account = _account(request)
    title, subject_label = LABELS[CitizenRequest.Kind(kind)]
    form = CitizenRequestForm(request.POST or None, request.FILES or None)
    form.fields["subject_name"].label = subject_label
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            created = citizen_request_create(
                account=account,
                kind=kind,
                subject_name=form.cleaned_data["subject_name"],
                reason=form.cleaned_data["reason"],
                document=form.cleaned_data["document"],
            )
        except RequestRefused as refused:
            error = gettext(refused.message)
        else:
            return redirect("portal:citizen-request", reference=created.reference)
    context = {"form": form, "title": title, "kind": kind, "error": error, "account": account}
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/warga/permohonan_baru.html", context, status=status)


# What a citizen reads for each workflow step (staff names stay inside the office).
STEP_LABELS = {
    "ajukan": gettext_noop("Usulan diterima"),
    "musdes_terima": gettext_noop("Diterima musyawarah desa/kelurahan"),
    "musdes_tolak": gettext_noop("Ditolak musyawarah desa/kelurahan"),
    "verifikasi_desa": gettext_noop("Diverifikasi desa/kelurahan, diteruskan ke Dinas Sosial"),
    "dinsos_lulus": gettext_noop("Lolos verifikasi Dinas Sosial, diteruskan ke Kemensos"),
    "dinsos_tolak": gettext_noop("Ditolak Dinas Sosial"),
    "validasi_setuju": gettext_noop("Tervalidasi Kemensos, menunggu penetapan"),
    "validasi_tolak": gettext_noop("Ditolak Kemensos"),
    "kembalikan": gettext_noop("Dikembalikan untuk perbaikan"),
    "ajukan_ulang": gettext_noop("Diperbaiki dan diajukan ulang"),
    "eskalasi": gettext_noop("Melewati batas waktu, diteruskan ke atasan"),
    "penetapan": gettext_noop("Keputusan penetapan (SK)"),
}
PUBLIC_NOTES = frozenset(
    {"musdes_tolak", "dinsos_tolak", "validasi_tolak", "kembalikan", "penetapan"}
)


class RepairForm(forms.Form):
    note = forms.CharField(
        label=_("Perbaikan yang Anda lakukan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


def _history(item: CitizenRequest) -> list[dict[str, Any]]:
    usulan = getattr(item, "usulan", None)
    if usulan is None:
        return []
    return [
        {
            "at": step.at,
            "label": gettext(STEP_LABELS[step.action])
            if step.action in STEP_LABELS
            else step.action,
            "note": step.note if step.action in PUBLIC_NOTES else "",
        }
        for step in usulan.steps.all()
    ]


@login_required(login_url="portal:citizen-login")
@require_GET
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    # The same 404 for someone else's reference as for one that does not exist.
    item = get_object_or_404(CitizenRequest, reference=reference, account__user=request.user)
    usulan = getattr(item, "usulan", None)
    context = {
        "item": item,
        "history": _history(item),
        "repair_form": RepairForm() if usulan and usulan.status == "perlu_perbaikan" else None,
    }
    return render(request, "portal/warga/permohonan.html", context)


@login_required(login_url="portal:citizen-login")
@require_POST
def request_repair(request: HttpRequest, reference: str) -> HttpResponse:
    """The citizen answers "perlu perbaikan": the proposal goes back to the desa."""
    from jaring.usulan.services import usulan_transition
    from jaring.usulan.workflow import TransitionRefused

    item = get_object_or_404(CitizenRequest, reference=reference, account__user=request.user)
    usulan = getattr(item, "usulan", None)
    form = RepairForm(request.POST)
    if usulan is None:
        raise Http404
    if form.is_valid():
        try:
            usulan_transition(
                scope=citizen_scope(item.account),
                usulan_id=usulan.pk,
                action="ajukan_ulang",
                note=form.cleaned_data["note"],
            )
        except TransitionRefused as refused:
            messages.error(request, gettext(refused.message))
        else:
            messages.success(
                request, gettext("Perbaikan terkirim; usulan kembali dibahas di desa.")
            )
    else:
        messages.error(request, gettext("Tuliskan perbaikan yang Anda lakukan."))
    return redirect("portal:citizen-request", reference=reference)
