"""A short middleware stack for the two public lookup endpoints.

`POST /api/v1/cek-bansos/` and `GET /api/v1/captcha/` are the portal's hottest paths (a
disbursement week brings hundreds a second) and use none of what most of the stack provides:
no session, no logged-in user, no messages, no CSRF token (ninja views are CSRF-exempt and these
two take no cookie-based auth), no htmx, no login lockout (axes), no static files, no slash
redirect (the paths are exact). Run through the whole stack, that machinery was about a fifth of
a lookup's CPU in the worker.

`LookupFastPath` sits right after SecurityMiddleware (so HTTPS redirects and the security
headers stay). For exactly those two paths it hands the request to `LEAN_MIDDLEWARE` — the
middleware they do need: the visitor's chosen language (the API's messages are translated) and
X-Frame-Options — and then straight to the view (for an ordinary request, straight to the
lookup or the captcha: `jaring.portal.api.direct_answer`), adding the Content-Length
CommonMiddleware would (without it gunicorn sends the answer chunked); every other path
continues down the normal stack unchanged. Exceptions become responses as they would in the
full stack.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch, resolve, reverse
from django.utils.module_loading import import_string

from jaring.portal.api import direct_answer

# The only middleware the lean endpoints pass through (outermost first), after SecurityMiddleware.
LEAN_MIDDLEWARE = (
    "jaring.portal.language.ChosenLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
# URL names (ninja's "api" namespace) of the endpoints that take the lean path.
LEAN_URL_NAMES = ("api:cek_bansos", "api:captcha")

Handler = Callable[[HttpRequest], HttpResponse]


@cache
def _resolved(path: str) -> ResolverMatch:
    """The two paths always resolve to the same view with no arguments: resolved once."""
    return resolve(path)


def _call_view(request: HttpRequest) -> HttpResponse:
    match = request.resolver_match = _resolved(request.path_info)
    # An ordinary request is answered without ninja's per-request machinery; anything else
    # (another method, a body ninja would refuse) by ninja's own view (see api.direct_answer).
    if (response := direct_answer(match.url_name, request)) is not None:
        return response
    return match.func(request, *match.args, **match.kwargs)


def lean_handler() -> Handler:
    """The view wrapped in LEAN_MIDDLEWARE, each layer converting exceptions like Django's own
    handler does."""
    handler: Handler = convert_exception_to_response(_call_view)
    for path in reversed(LEAN_MIDDLEWARE):
        handler = convert_exception_to_response(import_string(path)(handler))
    return handler


class LookupFastPath:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.lean = lean_handler()
        self._paths: frozenset[str] | None = None

    def paths(self) -> frozenset[str]:
        if self._paths is None:  # the URLconf is not loaded yet when middleware is built
            self._paths = frozenset(reverse(name) for name in LEAN_URL_NAMES)
        return self._paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in self.paths():
            response = self.lean(request)
            # As CommonMiddleware does: without a length, the answer goes out chunked.
            if not response.streaming and not response.has_header("Content-Length"):
                response.headers["Content-Length"] = str(len(response.content))
            return response
        return self.get_response(request)
