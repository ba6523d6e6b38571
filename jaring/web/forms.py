"""Staff forms for a household and its members.

The forms only collect text: validation is the import's own `parse_household`, so a family typed
in by an operator passes exactly the checks a file row passes. Its errors come back onto the
fields they name (RecordError.field such as "members[1].nik" or "housing.floor_area_m2").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from jaring.core import vocab
from jaring.registry.errors import RecordError

HOUSING_KEYS = (*vocab.HOUSING_FIELDS, "floor_area_m2", "assets")


def _choices(vocabulary: dict[str, str], blank: str | None = "—") -> list[tuple[str, str]]:
    head = [("", blank)] if blank is not None else []
    return head + list(vocabulary.items())


class DateInput(forms.DateInput):
    input_type = "date"


class HouseholdForm(forms.Form):
    kk = forms.CharField(label="Nomor KK", required=False, max_length=20)
    # Chosen with the regions app's picker; this field only carries its errors to the page.
    region = forms.CharField(
        label="Desa/kelurahan", required=False, max_length=13, widget=forms.HiddenInput
    )
    address = forms.CharField(label="Alamat", required=False, max_length=255)
    rt = forms.CharField(label="RT", required=False, max_length=3)
    rw = forms.CharField(label="RW", required=False, max_length=3)
    desil = forms.CharField(label="Desil (1–10)", required=False, max_length=2)
    registry_status = forms.ChoiceField(
        label="Status DTKS", choices=_choices(vocab.REGISTRY_STATUS, None), initial="aktif"
    )
    channel = forms.ChoiceField(
        label="Jalur penyaluran", choices=_choices(vocab.CHANNEL, None), initial="KKS"
    )
    bank = forms.ChoiceField(label="Bank", choices=_choices(vocab.BANK), required=False)
    kks_number = forms.CharField(label="Nomor KKS", required=False, max_length=20)
    floor_material = forms.ChoiceField(
        label="Lantai", choices=_choices(vocab.FLOOR_MATERIAL), required=False
    )
    wall_material = forms.ChoiceField(
        label="Dinding", choices=_choices(vocab.WALL_MATERIAL), required=False
    )
    roof_material = forms.ChoiceField(
        label="Atap", choices=_choices(vocab.ROOF_MATERIAL), required=False
    )
    floor_area_m2 = forms.CharField(label="Luas lantai (m²)", required=False, max_length=6)
    drinking_water = forms.ChoiceField(
        label="Air minum", choices=_choices(vocab.DRINKING_WATER), required=False
    )
    sanitation = forms.ChoiceField(
        label="Sanitasi", choices=_choices(vocab.SANITATION), required=False
    )
    electricity = forms.ChoiceField(
        label="Listrik", choices=_choices(vocab.ELECTRICITY), required=False
    )
    cooking_fuel = forms.ChoiceField(
        label="Bahan bakar memasak", choices=_choices(vocab.COOKING_FUEL), required=False
    )
    assets = forms.MultipleChoiceField(
        label="Aset",
        choices=list(vocab.ASSETS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, fixed_kk: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_kk:
            # The KK is the household's key: a different KK is a different family.
            self.fields["kk"].disabled = True

    def record(self) -> dict[str, Any]:
        d = self.cleaned_data
        housing: dict[str, Any] = {key: d.get(key) or None for key in vocab.HOUSING_FIELDS}
        housing["floor_area_m2"] = (d.get("floor_area_m2") or "").strip() or None
        housing["assets"] = list(d.get("assets") or [])
        return {
            "kk": (d.get("kk") or "").strip(),
            "region": (d.get("region") or "").strip(),
            "desil": (d.get("desil") or "").strip() or None,
            "registry_status": d.get("registry_status") or "aktif",
            "channel": d.get("channel") or "",
            "bank": d.get("bank") or "",
            "kks_number": (d.get("kks_number") or "").strip(),
            "address": (d.get("address") or "").strip(),
            "rt": (d.get("rt") or "").strip(),
            "rw": (d.get("rw") or "").strip(),
            "housing": housing,
        }


class MemberForm(forms.Form):
    # Nothing is required here: the blank row must pass untouched, and parse_household reports
    # what a real member lacks, in the same words as an import.
    nik = forms.CharField(label="NIK", required=False, max_length=20)
    name = forms.CharField(label="Nama (sesuai KTP)", required=False, max_length=120)
    sex = forms.ChoiceField(label="Jenis kelamin", choices=_choices(vocab.SEX), required=False)
    birth_place = forms.CharField(label="Tempat lahir", required=False, max_length=80)
    birth_date = forms.CharField(label="Tanggal lahir", required=False, widget=DateInput)
    relationship = forms.ChoiceField(
        label="Hubungan dengan kepala keluarga",
        choices=_choices(vocab.RELATIONSHIP),
        required=False,
    )
    citizenship = forms.ChoiceField(
        label="Kewarganegaraan",
        choices=_choices(vocab.CITIZENSHIP, None),
        initial="WNI",
        required=False,
    )
    alive = forms.BooleanField(label="Masih hidup", required=False, initial=True)
    date_of_death = forms.CharField(label="Tanggal meninggal", required=False, widget=DateInput)
    pregnant = forms.BooleanField(label="Sedang hamil", required=False)
    pregnancy_order = forms.CharField(label="Kehamilan ke-", required=False, max_length=2)
    disability = forms.ChoiceField(
        label="Disabilitas",
        choices=_choices(vocab.DISABILITY, None),
        initial="tidak",
        required=False,
    )
    schooling = forms.ChoiceField(
        label="Pendidikan saat ini", choices=_choices(vocab.SCHOOLING), required=False
    )
    occupation = forms.ChoiceField(
        label="Pekerjaan", choices=_choices(vocab.OCCUPATION), required=False
    )
    employment = forms.ChoiceField(
        label="Status kerja",
        choices=_choices(vocab.EMPLOYMENT, None),
        initial="tidak_bekerja",
        required=False,
    )
    monthly_income = forms.CharField(
        label="Penghasilan per bulan (Rp)", required=False, max_length=15, initial="0"
    )
    bpjs_ketenagakerjaan = forms.BooleanField(label="Peserta BPJS Ketenagakerjaan", required=False)

    def is_blank(self) -> bool:
        d = self.cleaned_data
        return not any((d.get(k) or "").strip() for k in ("nik", "name", "birth_date"))

    def record(self) -> dict[str, Any]:
        d = self.cleaned_data

        def text(key: str) -> str:
            return (d.get(key) or "").strip()

        return {
            "nik": text("nik"),
            "name": text("name"),
            "sex": d.get("sex") or "",
            "birth_place": text("birth_place"),
            "birth_date": text("birth_date"),
            "relationship": d.get("relationship") or "",
            "citizenship": d.get("citizenship") or "WNI",
            "alive": bool(d.get("alive")),
            "date_of_death": text("date_of_death") or None,
            "pregnant": bool(d.get("pregnant")),
            "pregnancy_order": text("pregnancy_order") or None,
            "disability": d.get("disability") or "tidak",
            "schooling": d.get("schooling") or "",
            "occupation": d.get("occupation") or "",
            "employment": d.get("employment") or "tidak_bekerja",
            "monthly_income": text("monthly_income") or "0",
            "bpjs_ketenagakerjaan": bool(d.get("bpjs_ketenagakerjaan")),
        }


MemberFormSet = formset_factory(MemberForm, extra=1, can_delete=True)


def member_initial(member: dict[str, Any]) -> dict[str, Any]:
    """Form initial values from a canonical member record."""
    initial = {key: value for key, value in member.items() if value is not None}
    initial["monthly_income"] = str(member.get("monthly_income", 0))
    return initial


def household_initial(record: dict[str, Any]) -> dict[str, Any]:
    initial = {key: value for key, value in record.items() if key not in ("housing", "members")}
    initial["desil"] = "" if record.get("desil") is None else str(record["desil"])
    initial["bank"] = record.get("bank") or ""
    for key, value in (record.get("housing") or {}).items():
        initial[key] = value if value is not None else ""
    return initial


def attach_errors(
    errors: list[RecordError],
    household: forms.Form,
    members: list[forms.Form],
) -> None:
    """Put each RecordError beside the field it names; the rest go on top of the form.

    `members` lists the member forms in the order their records were sent to parse_household.
    """
    for error in errors:
        if error.severity != "error":
            continue
        path = error.field
        form: forms.Form = household
        name = path
        if path.startswith("members["):
            index_text, _, name = path[len("members[") :].partition("]")
            name = name.lstrip(".")
            if index_text.isdigit() and int(index_text) < len(members):
                form = members[int(index_text)]
        elif path.startswith("housing."):
            name = path[len("housing.") :]
        if name in form.fields and not form.fields[name].disabled:
            form.add_error(name, error.message)
        elif name in form.fields:
            form.add_error(None, f"{form.fields[name].label}: {error.message}")
        else:
            form.add_error(None, error.message)
