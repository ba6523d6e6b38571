"""Public pages: file a complaint (captcha, rate limit, evidence), track it by reference, and a
signed-in citizen's own complaints. Plain forms; they work without JavaScript."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from jaring.pengaduan.forms import ComplaintForm, evidence_field_names
from jaring.pengaduan.models import Source
from jaring.pengaduan.policy import ComplaintPolicy, complaint_policy
from jaring.pengaduan.selectors import complaint_public_view, complaints_of_citizen
from jaring.pengaduan.services import (
    ComplaintInput,
    ComplaintRefused,
    ReporterInput,
    complaint_submit,
)
from jaring.portal.counters import hit
from jaring.portal.guard import CaptchaInvalid, captcha_new, check_captcha, client_address
from jaring.regions.picker import DEFAULT_PREFIX, LEVELS, RegionPicker

TOO_MANY = gettext_noop(
    "Terlalu banyak permintaan dari alamat Anda. Silakan coba lagi dalam %(wait)s."
)
NOT_FOUND = (
    "Nomor pengaduan tidak ditemukan. Periksa kembali penulisannya (contoh: ADU-7KQ2M-9XH4T-P)."
)


def _limited(request: HttpRequest, *, group: str, rate: str) -> int | None:
    """Seconds to wait when the client is over `rate`, else None (and the attempt is counted).
    The same counters as Cek Bansos (Redis when configured, else the Django cache)."""
    if not rate:
        return None
    usage = hit(request, group=group, value=client_address(request), rate=rate)
    return max(1, usage.retry_after) if usage.exceeded else None


def _too_many(seconds: int) -> str:
    """The rate-limit message in the visitor's language, with the wait in seconds or minutes."""
    if seconds < 60:
        wait = ngettext("%(n)d detik", "%(n)d detik", seconds) % {"n": seconds}
    else:
        minutes = -(-seconds // 60)
        wait = ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes}
    return gettext(TOO_MANY) % {"wait": wait}


def _citizen_account(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        return None
    from jaring.portal.models import CitizenAccount

    return CitizenAccount.objects.filter(user=request.user).first()


def _initial(account: Any) -> dict[str, Any]:
    if account is None:
        return {}
    email = account.user.email or (account.user.username if "@" in account.user.username else "")
    return {"name": account.full_name, "email": email, "kk": account.kk}


def _picker(data: Any, account: Any) -> RegionPicker:
    if not data.get(DEFAULT_PREFIX + "provinsi") and account is not None and account.region_code:
        code = account.region_code
        data = {DEFAULT_PREFIX + suffix: code[:length] for _, length, _, suffix in LEVELS}
    return RegionPicker(data)


def _render(
    request: HttpRequest,
    form: ComplaintForm,
    picker: RegionPicker,
    policy: ComplaintPolicy,
    *,
    error: str = "",
    status: int = 200,
    account: Any = None,
) -> HttpResponse:
    context = {
        "form": form,
        "picker": picker,
        "error": error,
        "captcha_key": captcha_new(),
        "audio_available": bool(settings.CAPTCHA_FLITE_PATH),
        "evidence_fields": [form[name] for name in evidence_field_names(policy)],
        "account": account,
        "max_files": policy.max_files,
    }
    return render(request, "pengaduan/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    policy = complaint_policy()
    account = _citizen_account(request)
    if request.method == "GET":
        form = ComplaintForm(initial=_initial(account), policy=policy)
        return _render(request, form, _picker(request.GET, account), policy, account=account)
    form = ComplaintForm(request.POST, request.FILES, policy=policy)
    picker = _picker(request.POST, account)
    if picker.step_requested or request.POST.get("lanjut"):
        unbound = ComplaintForm(initial=request.POST.dict(), policy=policy)
        return _render(request, unbound, picker, policy, account=account)
    valid = form.is_valid()
    if not picker.is_complete:
        return _render(
            request,
            form,
            picker,
            policy,
            status=400,
            account=account,
            error=gettext("Pilih desa/kelurahan tempat kejadian sampai tingkat desa/kelurahan."),
        )
    if not valid:
        return _render(request, form, picker, policy, status=400, account=account)
    # Counted only for complete submissions, so fixing a typo costs nothing; captcha guesses do.
    wait = _limited(request, group="pengaduan:kirim", rate=policy.submit_rate_ip)
    if wait is not None:
        response = _render(
            request,
            form,
            picker,
            policy,
            error=_too_many(wait),
            status=429,
            account=account,
        )
        response["Retry-After"] = str(wait)
        return response
    try:
        check_captcha(
            key=request.POST.get("captcha_key", ""), value=request.POST.get("captcha_value", "")
        )
    except CaptchaInvalid as refused:
        return _render(
            request, form, picker, policy, error=refused.message, status=400, account=account
        )
    data = form.cleaned_data
    reporter = None
    if not data["anonymous"]:
        reporter = ReporterInput(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            citizen_account_id=account.pk if account is not None else None,
        )
    try:
        complaint = complaint_submit(
            data=ComplaintInput(
                category=data["category"],
                region_code=picker.code,
                description=data["description"],
                occurred_on=data["occurred_on"],
                involved=data["involved"],
                reported_office=data["reported_office"],
                kk=data["kk"],
                usulan_ref=data["usulan_ref"],
                penyaluran_ref=data["penyaluran_ref"],
            ),
            reporter=reporter,
            evidence=form.evidence,
            source=Source.AKUN_WARGA if account is not None and reporter else Source.PUBLIK,
            track_url=request.build_absolute_uri(reverse("pengaduan_publik:track")),
        )
    except ComplaintRefused as refused:
        return _render(
            request, form, picker, policy, error=refused.message, status=400, account=account
        )
    messages.success(
        request,
        gettext(
            "Pengaduan terkirim. Nomor pengaduan Anda: %(reference)s. Simpan nomor ini "
            "untuk melacak tindak lanjutnya."
        )
        % {"reference": complaint.reference},
    )
    return redirect("pengaduan_publik:track-detail", reference=complaint.reference)


def _track_page(request: HttpRequest, reference: str) -> HttpResponse:
    policy = complaint_policy()
    wait = _limited(request, group="pengaduan:lacak", rate=policy.track_rate_ip)
    if wait is not None:
        context = {"error": _too_many(wait), "nomor": reference}
        response = render(request, "pengaduan/track.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    view = complaint_public_view(reference=reference)
    if view is None:
        context = {"error": NOT_FOUND, "nomor": reference[:40]}
        return render(request, "pengaduan/track.html", context, status=404)
    response = render(request, "pengaduan/track.html", {"view": view, "nomor": view.reference})
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"  # the reference is in the URL: keep it there
    return response


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    reference = (request.GET.get("nomor") or "").strip()
    if not reference:
        return render(request, "pengaduan/track.html", {"nomor": ""})
    return _track_page(request, reference)


@require_GET
def track_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _track_page(request, reference)


@login_required(login_url="portal:citizen-login")
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    account = _citizen_account(request)
    items = complaints_of_citizen(account=account) if account is not None else []
    return render(request, "pengaduan/mine.html", {"items": items, "account": account})
