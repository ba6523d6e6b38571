"""RegionPicker, its scope limits, and /wilayah/pilih/ with and without htmx."""

from __future__ import annotations

import pytest
from django.test import Client

from jaring.accounts.models import Role, User
from jaring.core.scope import AccessScope
from jaring.regions.picker import RegionPicker
from jaring.regions.selectors import region_children, region_node, region_stats

pytestmark = pytest.mark.django_db

FULL = {
    "wilayah_provinsi": "32",
    "wilayah_kabupaten": "3273",
    "wilayah_kecamatan": "327301",
    "wilayah_desa": "3273011001",
}


def test_empty_picker_offers_the_provinces() -> None:
    picker = RegionPicker({})
    assert len(picker.levels) == 1
    assert len(picker.levels[0].options) == 38
    assert picker.code == "" and not picker.is_complete


def test_full_choice_is_complete() -> None:
    picker = RegionPicker(FULL)
    assert [lvl.selected for lvl in picker.levels] == ["32", "3273", "327301", "3273011001"]
    assert picker.is_complete and picker.code == "3273011001"
    assert picker.selected_names[:2] == ["Jawa Barat", "Kota Bandung"]
    assert len(picker.levels[1].options) == 27


def test_changing_a_parent_drops_stale_children() -> None:
    picker = RegionPicker({**FULL, "wilayah_provinsi": "33"})
    assert [lvl.selected for lvl in picker.levels] == ["33", ""]
    assert picker.code == "33" and not picker.is_complete


def test_unknown_or_retired_choices_are_ignored() -> None:
    picker = RegionPicker({"wilayah_provinsi": "91", "wilayah_kabupaten": "9101"})
    assert picker.code == "91"
    assert "9101" not in {o.code for o in picker.levels[1].options}


def test_depth_and_prefix() -> None:
    picker = RegionPicker(
        {"asal_provinsi": "32", "asal_kabupaten": "3273"}, prefix="asal_", depth="kabupaten_kota"
    )
    assert picker.is_complete and picker.code == "3273" and len(picker.levels) == 2
    with pytest.raises(ValueError):
        RegionPicker({}, prefix='x"><script>')


def test_scope_limits_choices_and_preselects_the_way_down() -> None:
    scope = AccessScope(role=Role.OPERATOR_DESA, region_prefix="3273011001")
    picker = RegionPicker({}, scope=scope)
    assert [lvl.selected for lvl in picker.levels] == ["32", "3273", "327301", "3273011001"]
    assert all(len(lvl.options) == 1 for lvl in picker.levels)
    kab = RegionPicker({"wilayah_kecamatan": "327302"}, scope=AccessScope("dinsos_kabkota", "3273"))
    assert [lvl.selected for lvl in kab.levels] == ["32", "3273", "327302", ""]
    assert len(kab.levels[2].options) == 30
    outside = RegionPicker(
        {"wilayah_kabupaten": "3201"}, scope=AccessScope("dinsos_kabkota", "3273")
    )
    assert outside.levels[1].selected == "3273"


def test_selectors_respect_the_scope() -> None:
    scope = AccessScope("dinsos_provinsi", "32")
    assert [o.code for o in region_children(scope=scope, code="")] == ["32"]
    assert region_node(scope=scope, code="33") is None
    node = region_node(scope=scope, code="3273")
    assert node is not None and node.name == "Kota Bandung"
    stats = region_stats(scope=scope)
    assert stats["provinsi"] == 1 and stats["kabupaten_kota"] == 27
    nobody = AccessScope("none", "-")
    assert region_children(scope=nobody, code="") == []


def test_page_without_javascript_walks_the_levels(client: Client) -> None:
    page = client.get("/wilayah/pilih/").content.decode()
    assert '<label for="id_wilayah_provinsi">Provinsi</label>' in page
    assert '<option value="32">Jawa Barat</option>' in page
    assert "Lanjut" in page and "<html" in page
    assert 'name="wilayah_kabupaten"' not in page
    step = client.get("/wilayah/pilih/", {"wilayah_provinsi": "32", "wilayah_lanjut": "1"})
    html = step.content.decode()
    assert '<option value="32" selected>Jawa Barat</option>' in html
    assert '<option value="3273">Kota Bandung</option>' in html
    done = client.get("/wilayah/pilih/", FULL).content.decode()
    assert "Wilayah terpilih" in done and "3273011001" in done and "Lanjut" not in done


def test_htmx_request_gets_only_the_fieldset(client: Client) -> None:
    response = client.get(
        "/wilayah/pilih/", {"wilayah_provinsi": "32"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "{#" not in html
    assert "<html" not in html and 'id="region-picker-wilayah"' in html
    assert 'hx-get="/wilayah/pilih/"' in html
    assert '<option value="3273">Kota Bandung</option>' in html


def test_partial_applies_the_signed_in_users_scope(client: Client) -> None:
    user = User.objects.create_user(
        "op", password="x", role=Role.OPERATOR_DESA, region_id="3273011001"
    )
    client.force_login(user)
    scoped = client.get("/wilayah/pilih/", {"lingkup": "1"}, headers={"HX-Request": "true"})
    html = scoped.content.decode()
    assert '<option value="3273011001" selected>' in html
    assert '<option value="33">' not in html
    open_tree = client.get("/wilayah/pilih/", headers={"HX-Request": "true"}).content.decode()
    assert '<option value="33">' in open_tree


def test_bad_picker_parameters_are_rejected(client: Client) -> None:
    response = client.get("/wilayah/pilih/", {"tingkat": "rt"})
    assert response.status_code == 400
    assert "tidak sah" in response.content.decode()
