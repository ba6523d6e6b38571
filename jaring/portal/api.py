"""GET /api/v1/captcha/ and POST /api/v1/cek-bansos/ (CONTRACTS.md)."""

from __future__ import annotations

from functools import cache

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from jaring.portal.guard import LookupRefused, TooManyLookups, captcha_new
from jaring.portal.lookup import cek_bansos_lookup

router = Router(tags=["cek bansos"])


class CaptchaOut(Schema):
    key: str
    image_url: str
    audio_url: str | None = None


class CekBansosIn(Schema):
    region: str
    name: str
    captcha_key: str
    captcha_value: str


class ProgramOut(Schema):
    program: str
    period: str
    status: str
    amount: int
    channel: str


class PersonOut(Schema):
    name: str
    age: int
    programs: list[ProgramOut]


class CekBansosOut(Schema):
    results: list[PersonOut]
    message: str


class ErrorOut(Schema):
    message: str


def _json(data: dict, status: int = 200) -> HttpResponse:
    """The answer serialised by orjson and returned as is: ninja then skips re-validating it
    against the response schema (the schema still documents it; tests/portal/test_api.py checks
    that every answer fits), which was a tenth of a lookup's CPU in the worker."""
    return HttpResponse(orjson.dumps(data), status=status, content_type="application/json")


_KEY = "0captchakey0"


@cache
def _captcha_urls() -> tuple[str, str]:
    """The image and audio URLs with a placeholder key: reverse() once, not per captcha."""
    return reverse("captcha-image", args=[_KEY]), reverse("captcha-audio", args=[_KEY])


def _captcha() -> HttpResponse:
    key = captcha_new()
    image, audio = _captcha_urls()
    return _json(
        {
            "key": key,
            "image_url": image.replace(_KEY, key),
            "audio_url": audio.replace(_KEY, key) if settings.CAPTCHA_FLITE_PATH else None,
        }
    )


@router.get("/captcha/", response=CaptchaOut, summary="Kode keamanan baru (sekali pakai)")
def captcha(request: HttpRequest) -> HttpResponse:
    return _captcha()


def _cek_bansos(
    request: HttpRequest, *, region: str, name: str, captcha_key: str, captcha_value: str
) -> HttpResponse:
    try:
        answer = cek_bansos_lookup(
            request,
            region=region,
            name=name,
            captcha_key=captcha_key,
            captcha_value=captcha_value,
        )
    except LookupRefused as refused:
        response = _json({"message": refused.message}, status=refused.status)
        if isinstance(refused, TooManyLookups):
            response["Retry-After"] = str(refused.retry_after)
        return response
    # orjson writes the result dataclasses directly (as LookupAnswer.as_json, without the copy).
    return _json({"results": answer.results, "message": answer.message})


@router.post(
    "/cek-bansos/",
    response={200: CekBansosOut, 400: ErrorOut, 429: ErrorOut},
    summary="Cek status bantuan sosial berdasarkan desa dan nama lengkap",
    auth=None,
)
def cek_bansos(request: HttpRequest, payload: CekBansosIn) -> HttpResponse:
    return _cek_bansos(
        request,
        region=payload.region,
        name=payload.name,
        captcha_key=payload.captcha_key,
        captcha_value=payload.captcha_value,
    )


_FIELDS = tuple(CekBansosIn.model_fields)


def _lookup_fields(body: bytes) -> dict[str, str] | None:
    """The four fields of a body that ninja would accept as they are (a JSON object whose four
    fields are strings; other keys are ignored, as ninja does), or None for anything else."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None  # stricter than json.loads (BOMs, lone surrogates): ninja decides
    if type(data) is not dict:
        return None
    fields = {name: data.get(name) for name in _FIELDS}
    return fields if all(type(value) is str for value in fields.values()) else None


def direct_answer(url_name: str, request: HttpRequest) -> HttpResponse | None:
    """The answer of the two lookup endpoints to an ordinary request, without ninja's per-request
    machinery (its operation lookup, a throwaway response object, the payload's pydantic model):
    a tenth of a lookup pair's CPU in the worker. None when the request is anything else (another
    method, a body that is not a JSON object of four strings): ninja's own view then answers it,
    so every refusal (405, 400, 422 and its error list) stays ninja's, byte for byte. Exceptions
    go to the API's exception handlers, as inside ninja's view."""
    try:
        if url_name == "captcha":
            return _captcha() if request.method == "GET" else None
        if url_name == "cek_bansos" and request.method == "POST":
            fields = _lookup_fields(request.body)
            return None if fields is None else _cek_bansos(request, **fields)
        return None
    except Exception as exc:
        from jaring.api.urls import api  # the API this router is mounted on (imports this module)

        return api.on_exception(request, exc)
