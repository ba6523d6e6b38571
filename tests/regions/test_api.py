"""GET /api/v1/wilayah/ and /api/v1/wilayah/{code}/."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_root_lists_the_provinces(client: Client) -> None:
    response = client.get("/api/v1/wilayah/")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"], body["level"]) == ("", "Indonesia", "negara")
    assert len(body["children"]) == 38
    assert body["children"][0] == {"code": "11", "name": "Aceh"}
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]


def test_jawa_barat_lists_its_27_kabupaten_kota(client: Client) -> None:
    body = client.get("/api/v1/wilayah/32/").json()
    assert (body["code"], body["name"], body["level"]) == ("32", "Jawa Barat", "provinsi")
    assert len(body["children"]) == 27
    assert {"code": "3273", "name": "Kota Bandung"} in body["children"]
    child_codes = [c["code"] for c in body["children"]]
    assert child_codes == sorted(child_codes)


def test_dotted_codes_are_accepted(client: Client) -> None:
    body = client.get("/api/v1/wilayah/32.73/").json()
    assert body["code"] == "3273" and body["level"] == "kabupaten_kota"
    assert {"code": "327301", "name": "Sukasari"} in body["children"]


def test_desa_has_no_children(client: Client) -> None:
    body = client.get("/api/v1/wilayah/3273011001/").json()
    assert body["level"] == "desa_kelurahan" and body["children"] == []


def test_papua_lists_only_current_kabupaten(client: Client) -> None:
    children = [c["code"] for c in client.get("/api/v1/wilayah/91/").json()["children"]]
    assert "9103" in children and "9101" not in children


@pytest.mark.parametrize("code", ["99", "3299", "abc", "32.7x"])
def test_unknown_code_is_404_in_indonesian(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/wilayah/{code}/")
    assert response.status_code == 404
    assert "tidak dikenal" in response.json()["detail"]


def test_retired_code_is_404_naming_the_successor(client: Client) -> None:
    response = client.get("/api/v1/wilayah/9101/")
    assert response.status_code == 404
    assert "9301" in response.json()["detail"]
