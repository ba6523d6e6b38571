"""The lean path of the two public lookup endpoints: what it skips, what it keeps, and that its
answers (serialised without ninja's response validation) still fit the documented schemas."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import timezone
from ninja.operation import Operation

from jaring.portal import api as portal_api
from jaring.portal import guard
from jaring.portal.api import CaptchaOut, CekBansosOut, ErrorOut, direct_answer
from jaring.portal.counters import redis_client
from jaring.portal.fastpath import LookupFastPath
from tests.portal.helpers import DESA, lookup


def _rest_of_the_stack(request: HttpRequest) -> HttpResponse:
    """Stands for the middleware below the fast path; records that the request went there."""
    request.reached_full_stack = True  # type: ignore[attr-defined]
    return HttpResponse("full stack")


def test_fast_path_sits_right_after_the_security_middleware() -> None:
    security = settings.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    assert settings.MIDDLEWARE[security + 1] == "jaring.portal.fastpath.LookupFastPath"


@pytest.mark.django_db
def test_lookup_endpoints_skip_the_stack_and_others_do_not() -> None:
    fast = LookupFastPath(_rest_of_the_stack)
    captcha = RequestFactory().get("/api/v1/captcha/")
    response = fast(captcha)
    assert response.status_code == 200 and b'"key"' in response.content
    assert not hasattr(captcha, "reached_full_stack")
    assert not hasattr(captcha, "session") and not hasattr(captcha, "user")
    body = {"region": "12", "name": "x", "captcha_key": "k", "captcha_value": "v"}
    cek = RequestFactory().post("/api/v1/cek-bansos/", body, content_type="application/json")
    assert fast(cek).status_code == 400  # the view answered: invalid desa
    assert not hasattr(cek, "reached_full_stack")
    for path in ("/cek-bansos/", "/api/v1/cek-bansos", "/api/v1/wilayah/", "/api/v1/captcha/x/"):
        other = RequestFactory().get(path)
        assert fast(other).content == b"full stack", path
        assert other.reached_full_stack  # type: ignore[attr-defined]


def test_lean_answers_carry_the_full_stacks_headers(registry: dict, client: Client) -> None:
    captcha = client.get("/api/v1/captcha/")
    found = lookup(client, region=DESA, name="Siti Aminah")
    for response in (captcha, found):
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Language"] == "id"
        assert "Cookie" in response["Vary"]
        assert response["Content-Type"] == "application/json"
        assert int(response["Content-Length"]) == len(response.content)
        assert "Set-Cookie" not in response.headers  # no session, no CSRF cookie


def test_the_chosen_language_still_applies(registry: dict, client: Client) -> None:
    indonesian = lookup(client, region=DESA, name="Nama Yang Tidak Ada").json()["message"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = lookup(client, region=DESA, name="Nama Yang Tidak Ada")
    assert response["Content-Language"] == "en"
    assert response.json()["message"] != indonesian


def test_answers_fit_the_documented_schemas(registry: dict, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    """ninja no longer re-validates these answers: the test does, for every kind of answer."""
    CaptchaOut.model_validate(client.get("/api/v1/captcha/").json())
    found = lookup(client, region=DESA, name="Siti Aminah").json()
    assert found["results"] and found["results"][0]["programs"]
    assert CekBansosOut.model_validate(found).model_dump() == found
    not_found = lookup(client, region=DESA, name="Nama Yang Tidak Ada").json()
    assert CekBansosOut.model_validate(not_found).model_dump() == not_found
    wrong = client.post(
        "/api/v1/cek-bansos/",
        {"region": DESA, "name": "Siti", "captcha_key": "nope", "captcha_value": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert ErrorOut.model_validate(wrong.json()).model_dump() == wrong.json()
    settings.CEK_BANSOS_RATE_IP = "1/m"
    lookup(client, region=DESA, name="Siti Aminah")
    limited = lookup(client, region=DESA, name="Siti Aminah")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert ErrorOut.model_validate(limited.json()).model_dump() == limited.json()


def test_captcha_as_stored(db: None, client: Client, captcha_store: str) -> None:
    """Without Redis, the plain INSERT stores what django-simple-captcha's model holds (its
    challenge, the answer in lower case, the expiration); in Redis, one key with the captcha's
    lifetime as TTL. Either way the key is 40 hex digits and the image draws the challenge."""
    data = client.get("/api/v1/captcha/").json()
    assert re.fullmatch(r"[0-9a-f]{40}", data["key"])
    timeout = timedelta(minutes=settings.CAPTCHA_TIMEOUT)
    if captcha_store == "database":
        row = CaptchaStore.objects.get(hashkey=data["key"])
        assert row.challenge and row.response == row.response.lower()
        assert timezone.now() + timeout - timedelta(minutes=1) < row.expiration
        assert row.expiration <= timezone.now() + timeout
    else:
        assert not CaptchaStore.objects.filter(hashkey=data["key"]).exists()
        cache = caches["default"]
        ttl = redis_client(cache).ttl(guard._captcha_key(cache.key_prefix, data["key"]))
        assert timeout.total_seconds() - 60 < ttl <= timeout.total_seconds()
    issued = guard.captcha_issued(data["key"])
    assert issued is not None and issued.challenge
    assert issued.response == issued.response.lower()
    image = client.get(data["image_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert client.get("/api/v1/captcha/").json()["key"] != data["key"]


def _ninja_answer(request: HttpRequest) -> HttpResponse:
    """What ninja's own view (the whole operation: parsing, validation, the view) answers."""
    return resolve(request.path_info).func(request)


# Bodies ninja refuses or reads differently from a plain JSON object of four strings: each goes
# to ninja's view, whose answer (status and bytes) the client must get unchanged.
_FOUR = '"name": "Siti Aminah", "captcha_key": "k", "captcha_value": "PASSED"'
_PLAIN = f'{{"region": "{DESA}", {_FOUR}}}'
NOT_ORDINARY = [
    b"",
    b"[]",
    b'"region"',
    b"{",
    b"not json",
    b'{"region": 3273011001, ' + _FOUR.encode() + b"}",  # a number: 422
    b'{"region": null, ' + _FOUR.encode() + b"}",
    b'{"name": "Siti Aminah", "captcha_key": "k"}',  # fields missing
    b"\xef\xbb\xbf" + _PLAIN.encode(),  # a BOM: json.loads reads it
    _PLAIN.encode("utf-16"),  # ditto, UTF-16
    b'{"region": "\\ud800", ' + _FOUR.encode() + b"}",  # a lone surrogate: orjson refuses
    b'{"region": NaN, ' + _FOUR.encode() + b"}",
    b"\xff\xfe\xfd",
]


@pytest.mark.parametrize("body", NOT_ORDINARY)
def test_what_is_not_ordinary_is_answered_by_ninja(
    registry: dict, client: Client, body: bytes
) -> None:
    factory = RequestFactory()
    request = factory.post("/api/v1/cek-bansos/", body, content_type="application/json")
    assert direct_answer("cek_bansos", request) is None
    expected = _ninja_answer(
        factory.post("/api/v1/cek-bansos/", body, content_type="application/json")
    )
    got = client.post("/api/v1/cek-bansos/", body, content_type="application/json")
    assert (got.status_code, got.content) == (expected.status_code, expected.content)
    assert got.status_code in (400, 422)


@pytest.mark.parametrize(
    ("method", "path"),
    [("put", "/api/v1/cek-bansos/"), ("get", "/api/v1/cek-bansos/"), ("post", "/api/v1/captcha/")],
)
def test_other_methods_are_answered_by_ninja(client: Client, method: str, path: str) -> None:
    assert direct_answer(resolve(path).url_name, getattr(RequestFactory(), method)(path)) is None
    got = getattr(client, method)(path)
    expected = _ninja_answer(getattr(RequestFactory(), method)(path))
    assert got.status_code == expected.status_code == 405
    assert got.content == expected.content


def test_ordinary_requests_skip_ninja_and_answer_as_it_did(
    registry: dict, client: Client, settings, monkeypatch: pytest.MonkeyPatch, captcha_store: str
) -> None:  # type: ignore[no-untyped-def]
    """Found, not found, refused: the same bytes as ninja's view gives for the same body, other
    keys ignored as ninja ignores them; and ninja's operation is not run for any of them."""
    settings.CAPTCHA_TEST_MODE = True  # "PASSED": the same body can be sent twice
    bodies = [
        {"region": DESA, "name": "Siti Aminah", "captcha_key": "k", "captcha_value": "PASSED"},
        {"region": DESA, "name": "Tidak Ada", "captcha_key": "k", "captcha_value": "PASSED"},
        {"region": "12", "name": "Siti", "captcha_key": "k", "captcha_value": "PASSED"},
        {"region": DESA, "name": "Siti", "captcha_key": "k", "captcha_value": "salah"},
        {"region": DESA, "name": "Siti", "captcha_key": "k", "captcha_value": "x", "extra": 1},
    ]
    expected = []
    for body in bodies:
        request = RequestFactory().post("/api/v1/cek-bansos/", body, "application/json")
        answer = _ninja_answer(request)
        expected.append((answer.status_code, answer.content))
    assert expected[0][0] == 200 and b'"results":[{' in expected[0][1]
    assert [status for status, _ in expected] == [200, 200, 400, 400, 400]

    def not_ninja(*args: object, **kwargs: object) -> None:
        raise AssertionError("ninja's operation ran")

    monkeypatch.setattr(Operation, "run", not_ninja)
    for body, (status, content) in zip(bodies, expected, strict=True):
        got = client.post("/api/v1/cek-bansos/", body, content_type="application/json")
        assert (got.status_code, got.content) == (status, content), body
    captcha = client.get("/api/v1/captcha/")
    assert captcha.status_code == 200
    CaptchaOut.model_validate(captcha.json())


def test_an_error_in_the_direct_path_is_handled_as_ninja_would(
    registry: dict, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ninja's exception handlers still apply (an Http404 becomes its JSON 404)."""

    def missing(*args: object, **kwargs: object) -> None:
        raise Http404("gone")

    monkeypatch.setattr(portal_api, "cek_bansos_lookup", missing)
    body = {"region": DESA, "name": "Siti", "captcha_key": "k", "captcha_value": "x"}
    got = client.post("/api/v1/cek-bansos/", body, content_type="application/json")
    assert got.status_code == 404 and got.json() == {"detail": "Not Found"}


def test_the_direct_answer_checks_what_ninja_would_check() -> None:
    """`direct_answer` accepts any four strings because the payload's model asks no more: the
    day a field gains a constraint (a length, a pattern) or another type, the direct path
    would skip it, so this fails and the direct path must learn it too."""
    fields = portal_api.CekBansosIn.model_fields
    assert set(fields) == {"region", "name", "captcha_key", "captcha_value"}
    for name, field in fields.items():
        assert field.annotation is str and field.is_required(), name
        assert not field.metadata, f"{name}: {field.metadata}"
    assert not portal_api.CekBansosIn.__pydantic_decorators__.field_validators
    # ninja's Schema brings one model validator of its own (for `resolve_*` methods, none here).
    assert set(portal_api.CekBansosIn.__pydantic_decorators__.model_validators) == {
        "_run_root_validator"
    }
    assert not [name for name in dir(portal_api.CekBansosIn) if name.startswith("resolve_")]
