"""Usul and sanggah pages for verified citizens, and each request's status page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jaring.portal.models import CitizenAccount, CitizenRequest
from jaring.portal.request_services import RequestRefused, citizen_request_create
from jaring.portal.uploads import clean_photo

LABELS = {
    CitizenRequest.Kind.USUL: (
        "Usulkan penerima",
        "Nama lengkap yang diusulkan (boleh diri sendiri)",
    ),
    CitizenRequest.Kind.SANGGAH: ("Sanggah penerima", "Nama lengkap penerima yang disanggah"),
}


class CitizenRequestForm(forms.Form):
    subject_name = forms.CharField(max_length=120)
    reason = forms.CharField(
        label="Alasan", widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )
    document = forms.FileField(label="Dokumen pendukung (foto, tidak wajib)", required=False)

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        return clean_photo(upload, label="Dokumen") if upload else None


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
            error = refused.message
        else:
            return redirect("portal:citizen-request", reference=created.reference)
    context = {"form": form, "title": title, "kind": kind, "error": error, "account": account}
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/warga/permohonan_baru.html", context, status=status)


@login_required(login_url="portal:citizen-login")
@require_GET
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    # The same 404 for someone else's reference as for one that does not exist.
    item = get_object_or_404(CitizenRequest, reference=reference, account__user=request.user)
    return render(request, "portal/warga/permohonan.html", {"item": item})
