"""POST /api/v1/cek-bansos/ and GET /api/v1/captcha/ (CONTRACTS.md), incl. abuse cases.

Every test runs twice: captchas and counters in Redis (one script per lookup) and without Redis
(the captcha table, django-ratelimit's counters); see the `captcha_store` fixture."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from jaring.portal import guard
from tests.portal.helpers import DESA, expire_captcha, lookup, solved_captcha

NIK_OR_KK = re.compile(r"\d{16}")
pytestmark = pytest.mark.usefixtures("captcha_store")


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_captcha_gives_key_and_a_real_image(db: None, client: Client) -> None:
    data = client.get("/api/v1/captcha/").json()
    assert set(data) >= {"key", "image_url"}
    assert guard.captcha_issued(data["key"]) is not None
    image = client.get(data["image_url"])
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert _body(image)[:4] == b"\x89PNG"
    # The same key draws the same image (no second, easier drawing on reload).
    assert _body(client.get(data["image_url"])) == _body(image)
    double = client.get(reverse("captcha-image-2x", args=[data["key"]]))
    assert double.status_code == 200 and _body(double)[:4] == b"\x89PNG"
    # Viewing does not use the captcha up.
    assert guard.captcha_issued(data["key"]) is not None


def test_image_of_an_unknown_used_or_expired_captcha_is_gone(
    registry: dict, client: Client
) -> None:
    assert client.get(reverse("captcha-image", args=["0123abcd"])).status_code == 410
    key, value = solved_captcha(client)
    assert client.get(reverse("captcha-image", args=[key])).status_code == 200
    payload = {"region": DESA, "name": "Siti Aminah", "captcha_key": key, "captcha_value": value}
    used = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert used.status_code == 200
    assert client.get(reverse("captcha-image", args=[key])).status_code == 410
    other, _ = solved_captcha(client)
    expire_captcha(other)
    assert client.get(reverse("captcha-image", args=[other])).status_code == 410


def test_audio_reads_the_issued_challenge(
    db: None, client: Client, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The audio view speaks the issued challenge (a stand-in flite records what it was told)."""
    told = tmp_path / "told.txt"
    flite = tmp_path / "flite"
    flite.write_text(
        f'#!/bin/sh\nprintf %s "$2" > {told}\nprintf \'RIFF\\044\\000\\000\\000WAVEfmt \' > "$4"\n'
    )
    flite.chmod(flite.stat().st_mode | stat.S_IEXEC)
    settings.CAPTCHA_FLITE_PATH = str(flite)
    settings.CAPTCHA_SOX_PATH = None
    data = client.get("/api/v1/captcha/").json()
    audio = client.get(data["audio_url"])
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/wav"
    assert _body(audio)[:4] == b"RIFF"
    challenge = guard.captcha_issued(data["key"]).challenge
    assert told.read_text() == ", ".join(challenge)
    assert client.get(reverse("captcha-audio", args=["0123abcd"])).status_code == 410


def test_found(registry: dict, client: Client) -> None:
    response = lookup(client, region=DESA, name="siti aminah")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "message"}
    [person] = body["results"]
    assert set(person) == {"name", "age", "programs"}
    assert person["name"] == "H** Si** Am***** S.**"
    programs = {p["program"]: p for p in person["programs"]}
    assert programs["PKH"] == {
        "program": "PKH",
        "period": "2025-T3",
        "status": "ditetapkan",
        "amount": 650000,
        "channel": "Bank BRI (KKS)",
    }
    assert "Ditemukan 1 data" in body["message"]
    assert not NIK_OR_KK.search(response.content.decode())


def test_not_found_gives_guidance(registry: dict, client: Client) -> None:
    response = lookup(client, region=DESA, name="Siti")
    assert response.status_code == 200
    body = response.json()
    assert body["results"] == []
    assert "data tidak ditemukan" in body["message"].lower()
    assert "RT/RW" in body["message"] and "1500-111" in body["message"]


def test_wrong_captcha_is_400_and_burns_the_captcha(registry: dict, client: Client) -> None:
    key, value = solved_captcha(client)
    payload = {"region": DESA, "name": "Siti Aminah", "captcha_key": key, "captcha_value": "zzzz"}
    wrong = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert wrong.status_code == 400
    assert "Kode keamanan salah" in wrong.json()["message"]
    # The right answer no longer works: a captcha is valid for one attempt only.
    payload["captcha_value"] = value
    again = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert again.status_code == 400


def test_reused_captcha_is_400(registry: dict, client: Client) -> None:
    key, value = solved_captcha(client)
    payload = {"region": DESA, "name": "Siti Aminah", "captcha_key": key, "captcha_value": value}
    first = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert first.status_code == 200 and first.json()["results"]
    second = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert second.status_code == 400
    assert "results" not in second.json()


def test_unknown_captcha_key_is_400(registry: dict, client: Client) -> None:
    payload = {"region": DESA, "name": "Siti Aminah", "captcha_key": "x", "captcha_value": "abcd"}
    response = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert response.status_code == 400


def test_empty_answer_is_400_and_burns_the_captcha(registry: dict, client: Client) -> None:
    key, _ = solved_captcha(client)
    payload = {"region": DESA, "name": "Siti Aminah", "captcha_key": key, "captcha_value": " "}
    response = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert response.status_code == 400
    assert guard.captcha_issued(key) is None


def test_answer_is_case_insensitive(registry: dict, client: Client) -> None:
    key, value = solved_captcha(client)
    payload = {
        "region": DESA,
        "name": "Siti Aminah",
        "captcha_key": key,
        "captcha_value": f" {value.upper()} ",
    }
    response = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["results"]


def test_check_captcha_is_single_use(db: None, client: Client) -> None:
    """The check other forms use (pengaduan): right once, then refused; a wrong answer burns."""
    key, value = solved_captcha(client)
    guard.check_captcha(key=key, value=value)
    with pytest.raises(guard.CaptchaInvalid):
        guard.check_captcha(key=key, value=value)
    key, value = solved_captcha(client)
    with pytest.raises(guard.CaptchaInvalid):
        guard.check_captcha(key=key, value=value + "x")
    with pytest.raises(guard.CaptchaInvalid):
        guard.check_captcha(key=key, value=value)


@pytest.mark.parametrize(
    ("region", "name", "field_text"),
    [
        ("3273", "Siti Aminah", "Pilih desa"),
        ("9999999999", "Siti Aminah", "tidak dikenal"),
        ("3273011001", "  ...  ", "nama lengkap"),
        ("3273011001", "a" * 121, "terlalu panjang"),
    ],
)
def test_bad_input_is_a_clear_indonesian_400(
    registry: dict, client: Client, region: str, name: str, field_text: str
) -> None:
    response = lookup(client, region=region, name=name)
    assert response.status_code == 400
    assert field_text in response.json()["message"]


def test_too_many_from_one_client_is_429(registry: dict, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CEK_BANSOS_RATE_IP = "3/m"
    statuses = [lookup(client, region=DESA, name="Siti Aminah").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = lookup(client, region=DESA, name="Siti Aminah")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "Terlalu banyak pencarian" in limited.json()["message"]
    # Another client address is not affected.
    other = lookup(client, region=DESA, name="Siti Aminah", remote_addr="10.1.2.3")
    assert other.status_code == 200


def test_a_throttled_attempt_leaves_its_captcha(registry: dict, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    """Refused by the per-address limit before the captcha is looked at: the captcha stays
    valid for the next attempt (it is not burnt by a 429)."""
    settings.CEK_BANSOS_RATE_IP = "1/m"
    assert lookup(client, region=DESA, name="Siti Aminah").status_code == 200
    key, value = solved_captcha(client)
    payload = {"region": DESA, "name": "Siti Aminah", "captcha_key": key, "captcha_value": value}
    limited = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert limited.status_code == 429
    assert guard.captcha_issued(key) is not None


def test_too_many_for_one_desa_is_429(registry: dict, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CEK_BANSOS_RATE_DESA = "2/m"
    for i in range(2):
        address = f"10.0.0.{i + 1}"
        key, value = solved_captcha(client)
        payload = {"region": DESA, "name": "x y", "captcha_key": key, "captcha_value": value}
        ok = client.post(
            "/api/v1/cek-bansos/", payload, content_type="application/json", REMOTE_ADDR=address
        )
        assert ok.status_code == 200
    key, value = solved_captcha(client)
    payload = {"region": DESA, "name": "x y", "captcha_key": key, "captcha_value": value}
    limited = client.post(
        "/api/v1/cek-bansos/", payload, content_type="application/json", REMOTE_ADDR="10.0.0.9"
    )
    assert limited.status_code == 429 and limited["Retry-After"]


def test_failed_captchas_do_not_use_up_a_desa(registry: dict, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CEK_BANSOS_RATE_DESA = "2/m"
    for i in range(5):
        payload = {"region": DESA, "name": "x y", "captcha_key": "nope", "captcha_value": "a"}
        wrong = client.post(
            "/api/v1/cek-bansos/",
            payload,
            content_type="application/json",
            REMOTE_ADDR=f"10.9.{i}.1",
        )
        assert wrong.status_code == 400
    assert lookup(client, region=DESA, name="Siti Aminah").status_code == 200


def test_script_in_the_name_is_just_text(registry: dict, client: Client) -> None:
    response = lookup(client, region=DESA, name="<script>alert(1)</script>")
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response["Content-Type"].startswith("application/json")


def test_openapi_lists_the_contract(db: None, client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/cek-bansos/" in schema["paths"]
    assert "/api/v1/captcha/" in schema["paths"]


def test_passed_only_in_test_mode(registry: dict, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    key, _ = solved_captcha(client)
    payload = {"region": DESA, "name": "Siti Aminah", "captcha_key": key, "captcha_value": "PASSED"}
    settings.CAPTCHA_TEST_MODE = False
    refused = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert refused.status_code == 400
    settings.CAPTCHA_TEST_MODE = True
    accepted = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["results"]


def test_expired_captcha_is_400(registry: dict, client: Client) -> None:
    key, value = solved_captcha(client)
    expire_captcha(key)
    payload = {"region": DESA, "name": "Siti Aminah", "captcha_key": key, "captcha_value": value}
    response = client.post("/api/v1/cek-bansos/", payload, content_type="application/json")
    assert response.status_code == 400


def test_audio_captcha_or_a_clear_fallback(db: None, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/captcha/").json()
    page = client.get("/cek-bansos/").content.decode()
    if not settings.CAPTCHA_FLITE_PATH:
        assert data["audio_url"] is None
        assert "Versi audio belum tersedia" in page
        return
    audio = client.get(data["audio_url"])
    assert audio.status_code == 200
    body = b"".join(audio.streaming_content) if audio.streaming else audio.content
    assert body[:4] == b"RIFF" and b"WAVE" in body[:16]
    assert "Dengarkan kode (audio)" in page
