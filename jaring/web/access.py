"""The one way a page learns who is asking and what they may see.

Views call `scope_from_request(request)` and pass the scope to selectors and services; they never
filter by region themselves. `staff_required` guards every staff page: anonymous users go to the
login page, signed-in users without a staff role get the Indonesian 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jaring.core.scope import AccessScope

View = Callable[..., HttpResponse]


def scope_from_request(request: HttpRequest) -> AccessScope:
    user = request.user
    if not user.is_authenticated:
        return AccessScope(role="anonymous", region_prefix="-")
    return AccessScope.for_user(user)


def has_staff_role(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "has_staff_role", False))


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(
        request,
        "staff/403.html",
        {"message": message or "Anda tidak memiliki akses ke halaman ini."},
        status=403,
    )


def not_found(request: HttpRequest, message: str = "") -> HttpResponse:
    """The same 404 for missing and out-of-scope objects, so nobody learns what exists."""
    return render(
        request,
        "staff/404.html",
        {"message": message or "Data tidak ditemukan di wilayah Anda."},
        status=404,
    )


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_staff_role(request.user):
            return forbidden(request, "Akun Anda belum diberi peran staf. Hubungi administrator.")
        return view(request, *args, **kwargs)

    return wrapper
