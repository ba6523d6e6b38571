"""Forms of the staff pages (plain Django forms: work without JavaScript, CSRF on)."""

from __future__ import annotations

from django import forms

from jaring.penyaluran.models import Channel

PROGRAMS = [("PKH", "PKH"), ("BPNT", "BPNT"), ("BST", "BST"), ("ATENSI", "ATENSI")]


class TahapForm(forms.Form):
    program = forms.ChoiceField(label="Program", choices=PROGRAMS)
    year = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)


class BatchForm(forms.Form):
    program = forms.ChoiceField(label="Program", choices=PROGRAMS)
    tahap = forms.RegexField(
        label="Tahap", regex=r"^\d{4}(-[A-Z]\d{1,2})?$", max_length=10,
        error_messages={"invalid": "Tulis tahap seperti 2025-T3 atau 2025-Q2."},
    )  # fmt: skip


class ResponseUploadForm(forms.Form):
    file = forms.FileField(label="Berkas jawaban (CSV)")

    MAX_BYTES = 512 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("Berkas terlalu besar (maksimal 512 MB); pakai CLI.")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Unggah berkas CSV sesuai tata letak jawaban penyalur.")
        return upload


class ReissueForm(forms.Form):
    tahap = forms.CharField(label="Tahap tujuan", max_length=10)
    note = forms.CharField(label="Perbaikan penyebab", max_length=200)


class CardBlockForm(forms.Form):
    reason = forms.ChoiceField(
        label="Alasan", choices=[("hilang", "Kartu hilang"), ("rusak", "Kartu rusak")]
    )


class CardReplaceForm(forms.Form):
    card_number = forms.RegexField(
        label="Nomor KKS baru", regex=r"^\d{8,20}$",
        error_messages={"invalid": "Nomor KKS baru harus 8–20 angka."},
    )  # fmt: skip


class KkSearchForm(forms.Form):
    kk = forms.RegexField(
        label="Nomor KK", regex=r"^\d{16}$", error_messages={"invalid": "Nomor KK harus 16 angka."}
    )


CHANNEL_CHOICES = Channel.choices
