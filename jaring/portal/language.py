"""Bahasa Indonesia unless the visitor chose English with the switch in the page header.

Django's LocaleMiddleware would also follow the browser's Accept-Language, and most phones in
Indonesia are set to English: the public would switch language by accident (and
staff-written announcements and FAQ stay in Indonesian). Only the explicit choice counts —
the language cookie that `set_language` (the header switch) writes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # No Cookie header (most API clients): no cookie jar to parse for the choice.
        chosen = (
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            if "HTTP_COOKIE" in request.META
            else ""
        )
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if "Vary" in response.headers:
            patch_vary_headers(response, ("Cookie",))
        else:  # what patch_vary_headers writes when there is no Vary yet, without its parsing
            response.headers["Vary"] = "Cookie"
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
