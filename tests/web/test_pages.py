"""Staff pages: login, home, registry drill-down, search, family page and history."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import DESA_A, PASSWORD, World

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_the_indonesian_login_page(world: World) -> None:
    response = Client().get(reverse("staff-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = Client().get(response["Location"])
    assert "Masuk untuk staf" in page.content.decode()


def test_login_with_the_right_password_lands_on_the_staff_home(world: World) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "op_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff-home")
    home = client.get(reverse("staff-home")).content.decode()
    assert "Operator desa/kelurahan" in home
    assert "Keluarga terdaftar di wilayah Anda: <strong>1</strong>" in home


def test_five_failed_logins_lock_the_account_with_an_indonesian_page(world: World) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "op_a", "password": "salah"})
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": "op_a", "password": PASSWORD})
    assert response.status_code == 429


def test_logout_is_post_only(world: World) -> None:
    client = world.client("op_a")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("staff-home")).status_code == 302


def test_a_user_without_a_staff_role_gets_the_indonesian_403(world: World) -> None:
    response = world.client("norole").get(reverse("staff-home"))
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_django_admin_is_for_superusers_only(world: World) -> None:
    assert world.client("kab_3273").get("/admin/").status_code == 302
    assert world.client("pusat").get("/admin/accounts/user/").status_code == 302
    assert world.client("admin").get("/admin/accounts/user/").status_code == 200


def test_registry_drills_down_within_scope_with_counts(world: World) -> None:
    client = world.client("prov_32")
    start = client.get(reverse("staff-registry"))
    assert start.status_code == 302 and start["Location"].endswith("/staf/registri/32/")
    province = client.get(start["Location"]).content.decode()
    # Kota Bandung and Kab. Bandung each hold families; a count per child region is shown.
    assert "KOTA BANDUNG" in province.upper() and "3 keluarga" in province
    kota = client.get(reverse("staff-registry-region", args=["3273"])).content.decode()
    assert "2 keluarga" in kota
    desa = client.get(reverse("staff-registry-region", args=[DESA_A])).content.decode()
    assert "1 keluarga" in desa
    assert world.a.kk not in desa  # lists always mask the KK
    assert world.a.kk[:4] + "••••••••" + world.a.kk[-4:] in desa


def test_registry_refuses_a_region_outside_the_scope(world: World) -> None:
    client = world.client("kab_3204")
    assert client.get(reverse("staff-registry-region", args=["3273"])).status_code == 404
    assert client.get(reverse("staff-registry-region", args=["32"])).status_code == 404
    assert client.get(reverse("staff-registry-region", args=["3204"])).status_code == 200


def test_national_registry_lists_provinces_with_data(world: World) -> None:
    page = world.client("pusat").get(reverse("staff-registry")).content.decode()
    assert "3 keluarga" in page and "JAWA BARAT" in page.upper()


def test_search_by_name_nik_and_kk_stays_in_scope(world: World) -> None:
    client = world.client("kab_3273")
    head = world.a.anggota.get(relationship="kepala_keluarga")
    for query in (head.name, head.nik, world.a.kk):
        page = client.get(reverse("staff-search"), {"q": query}).content.decode()
        assert "1 keluarga cocok" in page, query
    page = client.get(reverse("staff-search"), {"q": world.c.kk}).content.decode()
    assert "Tidak ada keluarga" in page


def test_search_answers_htmx_with_the_results_fragment(world: World) -> None:
    response = world.client("op_a").get(
        reverse("staff-search"), {"q": "Ibu Nomor 11"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "1 keluarga cocok" in body and "<html" not in body


def test_family_page_shows_full_identity_only_to_roles_that_need_it(world: World) -> None:
    url = reverse("staff-keluarga", args=[world.a.pk])
    head = world.a.anggota.get(relationship="kepala_keluarga")
    operator_page = world.client("op_a").get(url).content.decode()
    assert head.nik in operator_page and world.a.kk in operator_page
    province_page = world.client("prov_32").get(url).content.decode()
    assert head.nik not in province_page and world.a.kk not in province_page
    assert head.name in province_page
    assert "Ubah data keluarga" not in province_page  # read-only role


def test_family_history_shows_who_and_the_field_diff(world: World) -> None:
    client = world.client("op_a")
    edit = reverse("staff-keluarga-edit", args=[world.a.pk])
    form = client.get(edit).context["form"]
    assert form.initial["desil"] == "3"
    from tests.web.test_forms import edit_post

    response = client.post(
        edit, edit_post(world.a, desil="5", address="Jl. Melati 7", channel="POS", bank=None)
    )
    assert response.status_code == 302
    page = client.get(reverse("staff-keluarga", args=[world.a.pk])).content.decode()
    assert "Data keluarga diubah" in page and "oleh op_a" in page
    assert '<td>Desil</td><td class="before">3</td><td class="after">5</td>' in page
    assert "Jl. Melati 7" in page
    assert (
        '<td class="before">KKS (rekening bank)</td><td class="after">PT Pos Indonesia</td>' in page
    )
    assert "Keluarga didaftarkan" in page and "2 anggota: Ibu Nomor 11, Anak Nomor 11" in page


def test_export_downloads_the_region_as_xlsx_and_csv(world: World) -> None:
    client = world.client("kab_3273")
    xlsx = client.get(reverse("staff-registry-export", args=["3273"]), {"format": "xlsx"})
    assert xlsx.status_code == 200
    body = b"".join(xlsx.streaming_content)
    assert body[:2] == b"PK"  # an xlsx is a zip
    assert 'filename="keluarga-3273.xlsx"' in xlsx["Content-Disposition"]
    csv = client.get(reverse("staff-registry-export", args=[DESA_A]), {"format": "csv"})
    assert csv.status_code == 200 and b"".join(csv.streaming_content)[:2] == b"PK"
    assert client.get(reverse("staff-registry-export", args=["3204"])).status_code == 404


def test_navigation_offers_the_add_form_only_to_roles_that_edit(world: World) -> None:
    add = reverse("staff-keluarga-add")
    assert f'href="{add}"' in world.client("op_a").get(reverse("staff-home")).content.decode()
    page = world.client("prov_32").get(reverse("staff-search")).content.decode()
    assert f'href="{add}"' not in page and f'href="{reverse("staff-registry")}"' in page


def test_a_role_without_its_region_sees_nothing(world: World) -> None:
    from jaring.accounts.models import Role, User

    orphan = User.objects.create_user(username="tanpa_wilayah", role=Role.DINSOS_KABKOTA)
    client = Client()
    client.force_login(orphan)
    home = client.get(reverse("staff-home")).content.decode()
    assert "Keluarga terdaftar di wilayah Anda: <strong>0</strong>" in home
    assert client.get(reverse("staff-registry")).status_code == 404
    page = client.get(reverse("staff-search"), {"q": world.a.kk}).content.decode()
    assert "Tidak ada keluarga" in page
