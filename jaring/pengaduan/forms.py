"""The public complaint form and the staff handling forms (all plain HTML forms, no JavaScript)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jaring.core.identity import check_kk
from jaring.pengaduan.models import Status
from jaring.pengaduan.policy import ComplaintPolicy
from jaring.pengaduan.services import TRANSITIONS
from jaring.pengaduan.uploads import CheckedFile, check_evidence

PHONE_RE = re.compile(r"^(\+62|62|0)8[0-9]{7,12}$")
NOT_OFFICIAL = ("", "Bukan petugas / tidak tahu")


def evidence_field_names(policy: ComplaintPolicy) -> list[str]:
    return [f"bukti_{i}" for i in range(1, policy.max_files + 1)]


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(label="Jenis pengaduan", widget=forms.RadioSelect)
    description = forms.CharField(
        label="Apa yang terjadi?",
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=4000,
        help_text="Ceritakan kejadiannya: apa, di mana, berapa (jika ada uang), dan bagaimana.",
    )
    occurred_on = forms.DateField(
        label="Kapan terjadi? (tidak wajib)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    involved = forms.CharField(
        label="Siapa yang terlibat? (tidak wajib)", max_length=500, required=False
    )
    reported_office = forms.ChoiceField(
        label="Apakah pelakunya petugas? Dari mana?", required=False
    )
    kk = forms.CharField(
        label="Nomor KK keluarga yang bersangkutan (tidak wajib)",
        max_length=16,
        required=False,
    )
    usulan_ref = forms.CharField(
        label="Nomor usulan/sanggahan (bila ada)", max_length=40, required=False
    )
    penyaluran_ref = forms.CharField(
        label="Nomor penyaluran (bila ada)", max_length=40, required=False
    )
    anonymous = forms.BooleanField(
        label="Kirim tanpa identitas (anonim). Anda tetap dapat melacak dengan nomor pengaduan.",
        required=False,
    )
    name = forms.CharField(label="Nama (tidak wajib)", max_length=120, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    phone = forms.CharField(label="Nomor HP", max_length=20, required=False)

    def __init__(self, *args: Any, policy: ComplaintPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.fields["category"].choices = [(c.code, c.label) for c in policy.categories.values()]
        self.fields["reported_office"].choices = [NOT_OFFICIAL] + [
            (r.code, r.label) for r in policy.reported_offices.values()
        ]
        for i, name in enumerate(evidence_field_names(policy), start=1):
            self.fields[name] = forms.FileField(
                label=f"Bukti {i} (foto, PDF, atau video pendek; tidak wajib)", required=False
            )
        self.evidence: list[CheckedFile] = []

    def clean_occurred_on(self) -> Any:
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise ValidationError("Tanggal kejadian tidak boleh di masa depan.")
        return value

    def clean_kk(self) -> str:
        kk = self.cleaned_data.get("kk", "").strip().replace(" ", "")
        if kk and (problems := [p.message for p in check_kk(kk) if p.severity != "warning"]):
            raise ValidationError(problems)
        return kk

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s\-.]", "", self.cleaned_data.get("phone", ""))
        if phone and not PHONE_RE.match(phone):
            raise ValidationError("Nomor HP tidak sah. Contoh: 081234567890.")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for i, name in enumerate(evidence_field_names(self.policy), start=1):
            upload = self.files.get(name)
            if upload is None:
                continue
            try:
                self.evidence.append(check_evidence(upload, label=f"Bukti {i}"))
            except ValidationError as error:
                self.add_error(name, error)
        no_contact = not (data.get("email") or data.get("phone"))
        if not data.get("anonymous") and no_contact and not {"email", "phone"} & set(self.errors):
            self.add_error(
                None,
                "Isi e-mail atau nomor HP agar kami dapat mengabari Anda, atau pilih kirim tanpa "
                "identitas (anonim).",
            )
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status baru", choices=Status.choices)
    reason = forms.CharField(
        label="Keterangan untuk pelapor (wajib bila ditolak)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(current, frozenset())
        self.fields["status"].choices = [(v, lbl) for v, lbl in Status.choices if v in allowed]


class TextForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label="Petugas", coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, users: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "— belum ditugaskan —")] + [
            (u.pk, u.username) for u in users
        ]


class LinkForm(forms.Form):
    kk = forms.CharField(label="Nomor KK", max_length=16, required=False)
    usulan_ref = forms.CharField(label="Nomor usulan/sanggahan", max_length=40, required=False)
    penyaluran_ref = forms.CharField(label="Nomor penyaluran", max_length=40, required=False)
