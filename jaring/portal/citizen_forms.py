"""The citizen registration form: identity numbers checked, password validated, photos cleaned."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from jaring.core.identity import check_kk, check_nik
from jaring.core.names import normalize_name
from jaring.portal.models import CitizenAccount
from jaring.portal.uploads import clean_photo


def _errors(problems: list[Any]) -> list[str]:
    return [p.message for p in problems if p.severity != "warning"]


class CitizenRegistrationForm(forms.Form):
    nik = forms.CharField(label="NIK", min_length=16, max_length=16)
    kk = forms.CharField(label="Nomor KK", min_length=16, max_length=16)
    full_name = forms.CharField(label="Nama lengkap sesuai KTP", max_length=120)
    email = forms.EmailField(label="E-mail")
    password = forms.CharField(label="Kata sandi", widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(
        label="Ulangi kata sandi", widget=forms.PasswordInput, strip=False
    )
    ktp_photo = forms.FileField(label="Foto KTP")
    selfie = forms.FileField(label="Swafoto (foto diri memegang KTP)")

    def clean_nik(self) -> str:
        nik = self.cleaned_data["nik"].strip()
        if errors := _errors(check_nik(nik)):
            raise ValidationError(errors)
        if CitizenAccount.objects.filter(nik=nik).exists():
            raise ValidationError("NIK ini sudah terdaftar. Silakan masuk atau hubungi 1500-111.")
        return nik

    def clean_kk(self) -> str:
        kk = self.cleaned_data["kk"].strip()
        if errors := _errors(check_kk(kk)):
            raise ValidationError(errors)
        return kk

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not normalize_name(name):
            raise ValidationError("Tulis nama lengkap sesuai KTP.")
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(username=email).exists():
            raise ValidationError("E-mail ini sudah dipakai akun lain.")
        return email

    def clean_ktp_photo(self) -> Any:
        return clean_photo(self.cleaned_data["ktp_photo"], label="Foto KTP")

    def clean_selfie(self) -> Any:
        return clean_photo(self.cleaned_data["selfie"], label="Swafoto")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "Kedua kata sandi tidak sama.")
        elif password:
            try:
                validate_password(password)
            except ValidationError as error:
                self.add_error("password", error)
        return data
