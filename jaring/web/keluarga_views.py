"""The family page (members, housing, history) and the forms that add or correct a family.

Writes go through exactly the import's path: the form is turned into an interchange record,
checked by `parse_household`, and stored by `household_upsert` under the caller's scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jaring.core import vocab
from jaring.core.scope import AccessScope, OutOfScope
from jaring.regions.picker import RegionPicker
from jaring.registry import selectors
from jaring.registry.models import Keluarga
from jaring.registry.records import keluarga_record
from jaring.registry.services import household_upsert
from jaring.registry.validation import parse_household
from jaring.web.access import forbidden, not_found, scope_from_request, staff_required
from jaring.web.forms import (
    HouseholdForm,
    MemberForm,
    MemberFormSet,
    attach_errors,
    household_initial,
    member_initial,
)
from jaring.web.history import history_entries
from jaring.web.staff_views import can_edit, shows_full_identity
from jaring.web.templatetags.staff_tags import mask_identity

VOCAB = {
    "registry_status": vocab.REGISTRY_STATUS,
    "channel": vocab.CHANNEL,
    "sex": vocab.SEX,
    "relationship": vocab.RELATIONSHIP,
    "disability": vocab.DISABILITY,
    "schooling": vocab.SCHOOLING,
    "occupation": vocab.OCCUPATION,
    "employment": vocab.EMPLOYMENT,
    **{key: values for key, values in vocab.HOUSING_FIELDS.items()},
    "assets": vocab.ASSETS,
}


def _load(scope: AccessScope, keluarga_id: int) -> Keluarga | None:
    try:
        return selectors.household_get(scope=scope, keluarga_id=keluarga_id)
    except (Keluarga.DoesNotExist, OutOfScope):
        return None


def _save(
    scope: AccessScope,
    record: dict[str, Any],
    household_form: HouseholdForm | None,
    member_forms: list[MemberForm],
) -> Keluarga | None:
    """Validate like an import and store; on problems put them on the forms and return None."""
    data, errors = parse_household(record)
    if data is None:
        attach_errors(errors, household_form or member_forms[0], member_forms)
        return None
    if not scope.covers(data.region):
        target = household_form or member_forms[0]
        field = "region" if "region" in target.fields else None
        target.add_error(field, "Desa/kelurahan ini di luar wilayah tugas Anda.")
        return None
    try:
        return household_upsert(scope=scope, data=data)  # its own transaction, audited
    except OutOfScope:
        # The KK is registered in another region: say only that it cannot be used here.
        (household_form or member_forms[0]).add_error(
            None, "Nomor KK ini tidak dapat digunakan di wilayah Anda."
        )
        return None


def _fixed_region(scope: AccessScope) -> str | None:
    """A desa operator always works in their own desa."""
    return scope.region_prefix if len(scope.region_prefix) == 10 else None


def _picker(request: HttpRequest, scope: AccessScope, code: str = "") -> RegionPicker:
    """The regions app's cascading picker, limited to the caller's scope (an operator's own
    desa is pre-chosen, since it is the only option at every level)."""
    if request.method == "POST":
        return RegionPicker(request.POST, scope=scope)
    initial = {f"wilayah_{suffix}": code[:n] for n, suffix in PICKER_FIELDS if code}
    return RegionPicker(initial, scope=scope)


PICKER_FIELDS = ((2, "provinsi"), (4, "kabupaten"), (6, "kecamatan"), (10, "desa"))


def _chosen_region(request: HttpRequest, scope: AccessScope, picker: RegionPicker) -> str:
    if fixed := _fixed_region(scope):
        return fixed
    if picker.is_complete:
        return picker.code
    # The picker drops choices outside the scope; keep what was sent so the answer says why.
    return str(request.POST.get("wilayah_desa") or "").strip()


@staff_required
@require_GET
def keluarga_detail(request: HttpRequest, keluarga_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    keluarga = _load(scope, keluarga_id)
    if keluarga is None:
        return not_found(request)
    show_full = shows_full_identity(scope)
    anggota = list(keluarga.anggota.order_by("position", "pk"))
    events = selectors.household_history(scope=scope, keluarga_id=keluarga_id)
    mask = (lambda v: v) if show_full else mask_identity
    return render(
        request,
        "staff/keluarga.html",
        {
            "keluarga": keluarga,
            "anggota": anggota,
            "history": history_entries(events, mask),
            "show_full": show_full,
            "can_edit": can_edit(scope),
            "vocab": VOCAB,
            "housing": [
                (field.verbose_name.capitalize(), vocabulary.get(getattr(keluarga, key), "—"))
                for key, vocabulary in vocab.HOUSING_FIELDS.items()
                for field in [Keluarga._meta.get_field(key)]
            ],
            "assets": [vocab.ASSETS.get(a, a) for a in keluarga.assets or []],
        },
    )


def _members_from(formset: Any) -> tuple[list[MemberForm], list[dict[str, Any]]]:
    forms: list[MemberForm] = []
    records: list[dict[str, Any]] = []
    for form in formset.forms:
        if not form.is_valid() or (formset.can_delete and form.cleaned_data.get("DELETE")):
            continue
        if form.is_blank():
            continue
        forms.append(form)
        records.append(form.record())
    return forms, records


@staff_required
@require_http_methods(["GET", "POST"])
def keluarga_add(request: HttpRequest) -> HttpResponse:
    scope = scope_from_request(request)
    if not can_edit(scope):
        return forbidden(request, "Peran Anda hanya dapat melihat data, tidak mengubahnya.")
    picker = _picker(request, scope)
    status = 200
    if request.method == "POST":
        form = HouseholdForm(request.POST)
        formset = MemberFormSet(request.POST, prefix="anggota")
        if picker.step_requested:
            pass  # no-JS picker step: show the next level, save nothing yet
        elif form.is_valid() and formset.is_valid():
            member_forms, members = _members_from(formset)
            record = {
                **form.record(),
                "region": _chosen_region(request, scope, picker),
                "members": members,
            }
            keluarga = _save(scope, record, form, member_forms)
            if keluarga is not None:
                messages.success(request, "Keluarga berhasil disimpan.")
                return redirect("staff-keluarga", keluarga_id=keluarga.pk)
            status = 400
        else:
            status = 400
    else:
        form = HouseholdForm()
        formset = MemberFormSet(prefix="anggota")
    return render(
        request,
        "staff/keluarga_form.html",
        {"form": form, "formset": formset, "title": "Tambah keluarga", "picker": picker},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def keluarga_edit(request: HttpRequest, keluarga_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    keluarga = _load(scope, keluarga_id)
    if keluarga is None:
        return not_found(request)
    if not can_edit(scope):
        return forbidden(request, "Peran Anda hanya dapat melihat data, tidak mengubahnya.")
    anggota = list(keluarga.anggota.order_by("position", "pk"))
    stored = keluarga_record(keluarga, anggota)
    initial = household_initial(stored)
    picker = _picker(request, scope, keluarga.region_id)
    status = 200
    if request.method == "POST":
        form = HouseholdForm(request.POST, initial=initial, fixed_kk=True)
        formset = MemberFormSet(request.POST, prefix="anggota")
        if picker.step_requested:
            pass
        elif form.is_valid() and formset.is_valid():
            member_forms, members = _members_from(formset)
            record = {
                **form.record(),
                "kk": stored["kk"],
                "region": _chosen_region(request, scope, picker),
                "members": members,
            }
            saved = _save(scope, record, form, member_forms)
            if saved is not None:
                messages.success(request, "Perubahan data keluarga tersimpan.")
                return redirect("staff-keluarga", keluarga_id=saved.pk)
            status = 400
        else:
            status = 400
    else:
        form = HouseholdForm(initial=initial, fixed_kk=True)
        formset = MemberFormSet(
            prefix="anggota", initial=[member_initial(m) for m in stored["members"]]
        )
    return render(
        request,
        "staff/keluarga_form.html",
        {
            "form": form,
            "formset": formset,
            "keluarga": keluarga,
            "title": "Ubah data keluarga",
            "picker": picker,
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def anggota_edit(request: HttpRequest, keluarga_id: int, anggota_id: int) -> HttpResponse:
    scope = scope_from_request(request)
    keluarga = _load(scope, keluarga_id)
    if keluarga is None:
        return not_found(request)
    anggota = list(keluarga.anggota.order_by("position", "pk"))
    index = next((i for i, a in enumerate(anggota) if a.pk == anggota_id), None)
    if index is None:
        return not_found(request)
    if not can_edit(scope):
        return forbidden(request, "Peran Anda hanya dapat melihat data, tidak mengubahnya.")
    stored = keluarga_record(keluarga, anggota)
    status = 200
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            members = list(stored["members"])
            members[index] = form.record()
            # Other members pass through unchanged; errors for them land on top of this form.
            placeholders: list[Any] = [form if i == index else None for i in range(len(members))]
            record = {**stored, "members": members}
            data, errors = parse_household(record)
            if data is None:
                for error in errors:
                    if error.field.startswith(f"members[{index}]"):
                        attach_errors([error], form, placeholders)
                    else:
                        form.add_error(None, error.message)
            else:
                saved = _save(scope, record, None, [form])
                if saved is not None:
                    messages.success(request, "Data anggota tersimpan.")
                    return redirect("staff-keluarga", keluarga_id=saved.pk)
        status = 400
    else:
        form = MemberForm(initial=member_initial(stored["members"][index]))
    return render(
        request,
        "staff/anggota_form.html",
        {"form": form, "keluarga": keluarga, "anggota": anggota[index]},
        status=status,
    )
