"""Citizen account pages: register, confirm e-mail, sign in, profile; staff view of photos."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from jaring.core.scope import AccessScope
from jaring.portal.citizen_forms import CitizenRegistrationForm
from jaring.portal.citizen_services import TokenInvalid, citizen_confirm_email, citizen_register
from jaring.portal.models import CitizenAccount
from jaring.portal.selectors import citizen_family_results


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = CitizenRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        citizen_register(
            nik=data["nik"],
            kk=data["kk"],
            full_name=data["full_name"],
            email=data["email"],
            password=data["password"],
            ktp_photo=data["ktp_photo"],
            selfie=data["selfie"],
            confirm_base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        return redirect("portal:citizen-registered")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/warga/daftar.html", {"form": form}, status=status)


@require_GET
def registered(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/warga/terdaftar.html")


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        citizen_confirm_email(token=token)
    except TokenInvalid:
        return render(request, "portal/warga/konfirmasi.html", {"ok": False}, status=400)
    return render(request, "portal/warga/konfirmasi.html", {"ok": True})


class CitizenLoginView(auth_views.LoginView):
    template_name = "portal/warga/masuk.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("portal:citizen-profile")

    def get_default_redirect_url(self) -> str:
        return str(self.next_page)


@login_required(login_url="portal:citizen-login")
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    account = CitizenAccount.objects.filter(user=request.user).first()
    if account is None:
        raise Http404("Akun warga tidak ditemukan.")
    family = []
    if account.status == CitizenAccount.Status.TERVERIFIKASI:
        family = citizen_family_results(kk=account.kk)
    context = {"account": account, "family": family, "requests": account.requests.all()[:50]}
    return render(request, "portal/warga/profil.html", context)


@login_required
@require_GET
def staff_photo(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """A citizen's KTP photo or selfie, for staff who may verify that citizen only."""
    if not request.user.has_perm("portal.change_citizenaccount"):
        raise PermissionDenied
    account = get_object_or_404(CitizenAccount, pk=pk)
    scope = AccessScope.for_user(request.user)
    if not scope.is_national and not (account.region_code and scope.covers(account.region_code)):
        raise Http404
    field = {"ktp": account.ktp_photo, "swafoto": account.selfie}.get(kind)
    if field is None or not field:
        raise Http404
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
