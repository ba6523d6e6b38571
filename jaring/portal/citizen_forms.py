"""The citizen registration form: identity numbers checked, password validated, photos cleaned.

Labels and messages follow the visitor's language (gettext). The identity and photo checks of
`jaring.core` answer in Indonesian; their fixed messages are looked up in the catalogue too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from jaring.core.identity import check_kk, check_nik
from jaring.core.names import normalize_name
from jaring.portal.models import CitizenAccount
from jaring.portal.uploads import clean_photo

# `jaring.core.uploads`' photo messages, as templates: "<label> kosong." and so on.
PHOTO_PROBLEMS = (
    gettext_noop("%(label)s kosong."),
    gettext_noop("%(label)s terlalu besar (paling besar 5 MB)."),
    gettext_noop("%(label)s bukan berkas gambar yang sah (foto JPG, PNG, atau WEBP)."),
    gettext_noop("%(label)s bukan berkas gambar yang sah."),
    gettext_noop("%(label)s beresolusi terlalu besar."),
)


def _errors(problems: list[Any]) -> list[str]:
    return [gettext(p.message) for p in problems if p.severity != "warning"]


def clean_translated_photo(upload: Any, *, label: str) -> Any:
    """`clean_photo`, its message in the visitor's language (`label`: the Indonesian label)."""
    try:
        return clean_photo(upload, label=label)
    except ValidationError as error:
        messages = []
        for message in error.messages:
            for template in PHOTO_PROBLEMS:
                if message == template % {"label": label}:
                    message = gettext(template) % {"label": gettext(label)}
                    break
            messages.append(message)
        raise ValidationError(messages) from error


class CitizenRegistrationForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), min_length=16, max_length=16)
    kk = forms.CharField(label=_("Nomor KK"), min_length=16, max_length=16)
    full_name = forms.CharField(label=_("Nama lengkap sesuai KTP"), max_length=120)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(
        label=_("Ulangi kata sandi"), widget=forms.PasswordInput, strip=False
    )
    ktp_photo = forms.FileField(label=_("Foto KTP"))
    selfie = forms.FileField(label=_("Swafoto (foto diri memegang KTP)"))

    def clean_nik(self) -> str:
        nik = self.cleaned_data["nik"].strip()
        if errors := _errors(check_nik(nik)):
            raise ValidationError(errors)
        if CitizenAccount.objects.filter(nik=nik).exists():
            raise ValidationError(
                gettext("NIK ini sudah terdaftar. Silakan masuk atau hubungi 1500-111.")
            )
        return nik

    def clean_kk(self) -> str:
        kk = self.cleaned_data["kk"].strip()
        if errors := _errors(check_kk(kk)):
            raise ValidationError(errors)
        return kk

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not normalize_name(name):
            raise ValidationError(gettext("Tulis nama lengkap sesuai KTP."))
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(username=email).exists():
            raise ValidationError(gettext("E-mail ini sudah dipakai akun lain."))
        return email

    def clean_ktp_photo(self) -> Any:
        return clean_translated_photo(
            self.cleaned_data["ktp_photo"], label=gettext_noop("Foto KTP")
        )

    def clean_selfie(self) -> Any:
        return clean_translated_photo(self.cleaned_data["selfie"], label=gettext_noop("Swafoto"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", gettext("Kedua kata sandi tidak sama."))
        elif password:
            try:
                validate_password(password)
            except ValidationError as error:
                self.add_error("password", error)
        return data
