"""Forms of the usulan pages (all work without JavaScript; CSRF on)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from jaring.core.uploads import IMAGE, PDF, check_upload
from jaring.usulan.checks import CHANGE_TYPES, PROPOSAL_PROGRAMS
from jaring.usulan.models import DocumentType, KemnakerProgram, Kind
from jaring.usulan.workflow import TRANSITIONS

PROGRAM_CHOICES = [(p, "DTKS saja" if p == "DTKS" else p) for p in PROPOSAL_PROGRAMS]


class ProposalForm(forms.Form):
    """The proposal's own fields; a new family's data comes from the registry's household form."""

    program = forms.ChoiceField(label="Diusulkan untuk", choices=PROGRAM_CHOICES, initial="DTKS")
    change_type = forms.ChoiceField(label="Jenis perubahan/penghapusan", required=False)
    kk = forms.RegexField(
        label="Nomor KK (16 angka)",
        regex=r"^\d{16}$",
        required=False,
        error_messages={"invalid": "Nomor KK harus 16 angka."},
    )
    reason = forms.CharField(
        label="Alasan (dari RT/RW atau pengusul)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    contact_phone = forms.RegexField(
        label="Nomor HP keluarga (untuk pemberitahuan, tidak wajib)",
        regex=r"^(\+62|0)8\d{7,12}$",
        required=False,
        error_messages={"invalid": "Nomor HP tidak sah, contoh 081234567890."},
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = CHANGE_TYPES.get(Kind(kind), {})
        self.fields["change_type"].choices = [("", "—"), *types.items()]
        self.fields["change_type"].required = bool(types)
        if kind == Kind.BARU or kind == Kind.PERUBAHAN:
            del self.fields["kk"]
        else:
            self.fields["kk"].required = True


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, t.label) for a, t in TRANSITIONS.items()])
    note = forms.CharField(
        label="Catatan / alasan / notulen", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    temuan = forms.CharField(
        label="Temuan kunjungan lapangan", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label="Jenis dokumen", choices=DocumentType.choices)
    file = forms.FileField(label="Berkas (foto atau PDF)")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            return check_upload(upload, label="Dokumen", kinds={IMAGE, PDF})
        except ValidationError:
            raise


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, t.label) for a, t in TRANSITIONS.items()])
    note = forms.CharField(label="Catatan", required=False, max_length=2000)
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, str(i)) for i in ids]
        self.fields["ids"].error_messages["required"] = "Pilih sedikitnya satu usulan."
        self.fields["ids"].error_messages["invalid_choice"] = "Usulan yang dipilih tidak dikenal."


class UploadForm(forms.Form):
    file = forms.FileField(label="Berkas usulan (JSONL, satu usulan per baris)")


class BatchForm(forms.Form):
    program = forms.ChoiceField(label="Program", choices=PROGRAM_CHOICES)
    period = forms.RegexField(
        label="Periode (TTTT-BB)",
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": "Periode harus TTTT-BB, misalnya 2025-07."},
    )
    region_prefix = forms.RegexField(
        label="Kode wilayah (kosong = seluruh wilayah Anda)", regex=r"^\d{0,10}$", required=False
    )


class ItemForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("ditetapkan", "Tetapkan"), ("ditolak", "Tolak")])
    reason = forms.CharField(label="Alasan", required=False, max_length=300)


class SelectionForm(forms.Form):
    program = forms.ChoiceField(label="Program", choices=KemnakerProgram.choices)
    period = BatchForm.base_fields["period"]
