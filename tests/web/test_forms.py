"""The staff forms: valid input is saved and audited; invalid input shows the import's
Indonesian messages next to the fields and saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jaring.core.models import AuditEvent
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.services import stored_record
from tests.registry.helpers import household
from tests.web.conftest import DESA_A, DESA_C, World, form_data

pytestmark = pytest.mark.django_db


def edit_post(keluarga: Keluarga, **changes: Any) -> dict[str, Any]:
    _, record = stored_record(keluarga)
    record.update(changes)
    return form_data(record, extra_blank=1)


def test_operator_adds_a_family_in_their_desa_and_it_is_audited(world: World) -> None:
    record = household(DESA_A, 21)
    before = AuditEvent.objects.count()
    response = world.client("op_a").post(reverse("staff-keluarga-add"), form_data(record))
    assert response.status_code == 302, response.content.decode()[:2000]
    keluarga = Keluarga.objects.get(kk=record["kk"])
    assert keluarga.region_id == DESA_A
    assert keluarga.anggota.count() == 2
    event = AuditEvent.objects.get(seq__gt=before, object_id=str(keluarga.pk))
    assert (event.action, event.actor) == ("keluarga.create", "op_a")


def test_operator_cannot_pick_another_desa(world: World) -> None:
    """The desa field is fixed for an operator: a forged region is ignored, the family lands in
    the operator's own desa (and its NIKs, made for desa C, still validate)."""
    record = household(DESA_C, 22)
    response = world.client("op_a").post(reverse("staff-keluarga-add"), form_data(record))
    assert response.status_code == 302
    assert Keluarga.objects.get(kk=record["kk"]).region_id == DESA_A


def test_invalid_nik_shows_the_indonesian_message_and_saves_nothing(world: World) -> None:
    record = household(DESA_A, 23)
    record["members"][1]["nik"] = "3273013213150099"  # day 32: no such date
    counts = (Keluarga.objects.count(), Anggota.objects.count(), AuditEvent.objects.count())
    response = world.client("op_a").post(reverse("staff-keluarga-add"), form_data(record))
    assert response.status_code == 400
    member_form = response.context["formset"].forms[1]
    assert member_form.errors["nik"], member_form.errors
    message = member_form.errors["nik"][0]
    assert message.startswith("Anggota ke-2:") and "NIK" in message
    assert message in response.content.decode()
    assert counts == (Keluarga.objects.count(), Anggota.objects.count(), AuditEvent.objects.count())


def test_missing_head_of_family_is_reported_on_top_of_the_form(world: World) -> None:
    record = household(DESA_A, 24)
    record["members"][0]["relationship"] = "istri"
    response = world.client("op_a").post(reverse("staff-keluarga-add"), form_data(record))
    assert response.status_code == 400
    assert "tepat satu kepala_keluarga" in response.content.decode()
    assert not Keluarga.objects.filter(kk=record["kk"]).exists()


def test_kabupaten_officer_cannot_add_outside_the_kabupaten(world: World) -> None:
    record = household(DESA_C, 25)
    response = world.client("kab_3273").post(reverse("staff-keluarga-add"), form_data(record))
    assert response.status_code == 400
    assert "di luar wilayah tugas Anda" in response.content.decode()
    assert not Keluarga.objects.filter(kk=record["kk"]).exists()


def test_a_kk_registered_elsewhere_cannot_be_taken_over(world: World) -> None:
    record = household(DESA_A, 26)
    record["kk"] = world.c.kk
    response = world.client("op_a").post(reverse("staff-keluarga-add"), form_data(record))
    assert response.status_code == 400
    assert "tidak dapat digunakan di wilayah Anda" in response.content.decode()
    assert Keluarga.objects.get(kk=world.c.kk).region_id == DESA_C


def test_read_only_roles_cannot_open_the_forms(world: World) -> None:
    client = world.client("prov_32")
    assert client.get(reverse("staff-keluarga-add")).status_code == 403
    assert client.get(reverse("staff-keluarga-edit", args=[world.a.pk])).status_code == 403


def test_correcting_a_family_updates_and_audits_before_and_after(world: World) -> None:
    client = world.client("kab_3273")
    url = reverse("staff-keluarga-edit", args=[world.a.pk])
    response = client.post(url, edit_post(world.a, desil=7, channel="POS", bank=None))
    assert response.status_code == 302, response.content.decode()[:2000]
    world.a.refresh_from_db()
    assert (world.a.desil, world.a.channel, world.a.bank) == (7, "POS", "")
    event = AuditEvent.objects.filter(object_id=str(world.a.pk)).order_by("-seq").first()
    assert event is not None and event.action == "keluarga.update"
    assert (event.before["desil"], event.after["desil"]) == (3, 7)


def test_correction_with_bad_data_changes_nothing(world: World) -> None:
    url = reverse("staff-keluarga-edit", args=[world.a.pk])
    response = world.client("op_a").post(url, edit_post(world.a, desil=11))
    assert response.status_code == 400
    assert "desil harus bilangan bulat 1–10" in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.desil == 3


def test_a_new_member_can_be_added_in_the_blank_row(world: World) -> None:
    _, record = stored_record(world.a)
    newborn = household(DESA_A, 27)["members"][1]
    record["members"].append({**newborn, "name": "Bayi Baru"})
    url = reverse("staff-keluarga-edit", args=[world.a.pk])
    response = world.client("op_a").post(url, form_data(record))
    assert response.status_code == 302
    assert world.a.anggota.filter(name="Bayi Baru").exists()


def test_correcting_one_member(world: World) -> None:
    child = world.a.anggota.get(relationship="anak")
    url = reverse("staff-anggota-edit", args=[world.a.pk, child.pk])
    client = world.client("op_a")
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].initial["name"] == child.name
    data = {
        f"{key}": value
        for key, value in form_data({"members": [stored_record(world.a)[1]["members"][1]]}).items()
        if key.startswith("anggota-0-")
    }
    data = {key.removeprefix("anggota-0-"): value for key, value in data.items()}
    data.update({"schooling": "smp", "name": "Anak Sudah SMP"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    child.refresh_from_db()
    assert (child.schooling, child.name) == ("smp", "Anak Sudah SMP")
    data["nik"] = "1234"
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["nik"]
    child.refresh_from_db()
    assert child.name == "Anak Sudah SMP"


def test_the_region_picker_steps_without_javascript_and_saves_nothing(world: World) -> None:
    record = household(DESA_A, 28)
    data = form_data(record)
    data.pop("wilayah_desa")
    data["wilayah_lanjut"] = "1"
    response = world.client("kab_3273").post(reverse("staff-keluarga-add"), data)
    assert response.status_code == 200
    picker = response.context["picker"]
    assert [level.selected for level in picker.levels][:3] == ["32", "3273", DESA_A[:6]]
    assert not Keluarga.objects.filter(kk=record["kk"]).exists()


def test_an_operator_sees_their_own_desa_already_chosen(world: World) -> None:
    response = world.client("op_a").get(reverse("staff-keluarga-add"))
    assert response.context["picker"].code == DESA_A
    assert f'value="{DESA_A}" selected' in response.content.decode()
