"""Kemnaker programs for signed-in citizens: apply (data, documents) and follow the result."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from jaring.core import vocab
from jaring.core.uploads import IMAGE, PDF, check_upload
from jaring.portal.models import CitizenAccount
from jaring.usulan.kemnaker import ApplicationRefused, kemnaker_apply
from jaring.usulan.models import KemnakerApplication, KemnakerProgram


def _translated(choices: dict[str, str]) -> list[tuple[str, Any]]:
    """Choice labels in the visitor's language (the Indonesian labels are the catalogue's keys)."""
    return [(value, _(label)) for value, label in choices.items()]


class ApplicationForm(forms.Form):
    program = forms.ChoiceField(
        label=_("Pilih program"), choices=_translated(dict(KemnakerProgram.choices))
    )
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"})
    )
    occupation = forms.ChoiceField(label=_("Pekerjaan"), choices=_translated(vocab.OCCUPATION))
    employment = forms.ChoiceField(
        label=_("Status pekerjaan"), choices=_translated(vocab.EMPLOYMENT)
    )
    monthly_income = forms.IntegerField(label=_("Penghasilan per bulan (Rp)"), min_value=0)
    bpjs_ketenagakerjaan = forms.BooleanField(
        label=_("Peserta BPJS Ketenagakerjaan"), required=False
    )
    document = forms.FileField(
        label=_("Surat PHK (wajib bila terkena PHK; foto atau PDF)"), required=False
    )

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        try:
            return check_upload(upload, label="Surat PHK", kinds={IMAGE, PDF})
        except ValidationError:
            raise


def _account(request: HttpRequest) -> CitizenAccount:
    account = CitizenAccount.objects.filter(user=request.user).first()
    if account is None:
        raise Http404(gettext("Akun warga tidak ditemukan."))
    return account


@login_required(login_url="portal:citizen-login")
@require_http_methods(["GET", "POST"])
def kemnaker_apply_view(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = kemnaker_apply(
                account=account,
                period=f"{date.today():%Y-%m}",
                **data,
            )
        except ApplicationRefused as refused:
            error = gettext(refused.message)
        else:
            return redirect("usulan_publik:kemnaker-status", reference=app.reference)
    context = {
        "form": form,
        "error": error,
        "account": account,
        "applications": account.kemnaker_applications.all()[:20],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "usulan/warga/kemnaker.html", context, status=status)


@login_required(login_url="portal:citizen-login")
@require_GET
def kemnaker_status(request: HttpRequest, reference: str) -> HttpResponse:
    app = get_object_or_404(KemnakerApplication, reference=reference, account__user=request.user)
    return render(request, "usulan/warga/kemnaker_status.html", {"app": app})
