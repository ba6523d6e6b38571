"""GET /api/v1/captcha/ and POST /api/v1/cek-bansos/ (CONTRACTS.md)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
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


@router.get("/captcha/", response=CaptchaOut, summary="Kode keamanan baru (sekali pakai)")
def captcha(request: HttpRequest) -> dict[str, str | None]:
    from django.conf import settings

    key = captcha_new()
    audio = reverse("captcha-audio", args=[key]) if settings.CAPTCHA_FLITE_PATH else None
    return {"key": key, "image_url": reverse("captcha-image", args=[key]), "audio_url": audio}


@router.post(
    "/cek-bansos/",
    response={200: CekBansosOut, 400: ErrorOut, 429: ErrorOut},
    summary="Cek status bantuan sosial berdasarkan desa dan nama lengkap",
    auth=None,
)
def cek_bansos(request: HttpRequest, payload: CekBansosIn) -> JsonResponse | dict:
    try:
        answer = cek_bansos_lookup(
            request,
            region=payload.region,
            name=payload.name,
            captcha_key=payload.captcha_key,
            captcha_value=payload.captcha_value,
        )
    except LookupRefused as refused:
        response = JsonResponse({"message": refused.message}, status=refused.status)
        if isinstance(refused, TooManyLookups):
            response["Retry-After"] = str(refused.retry_after)
        return response
    return answer.as_json()
