"""Information pages: programs (from the policy data), schedules, announcements, FAQ, contacts,
site search."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET

from jaring.portal import information
from jaring.portal.models import Announcement

NO_POLICY = gettext_noop(
    "Informasi program sedang disiapkan. Silakan hubungi call centre 1500-111."
)


@require_GET
def programs(request: HttpRequest) -> HttpResponse:
    try:
        items = information.program_descriptions()
        notice = ""
    except information.ProgramsUnavailable:
        items, notice = [], gettext(NO_POLICY)
    context = {"programs": items, "notice": notice, "today": timezone.localdate()}
    return render(request, "portal/programs.html", context)


@require_GET
def program(request: HttpRequest, code: str) -> HttpResponse:
    try:
        description = information.program_description(code=code)
    except information.ProgramsUnavailable:
        description = None
    if description is None:
        raise Http404("Program tidak ditemukan.")
    return render(request, "portal/program.html", {"program": description})


@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    try:
        items = information.program_descriptions()
    except information.ProgramsUnavailable:
        items = []
    context = {"schedules": information.schedules_upcoming(), "programs": items}
    return render(request, "portal/schedule.html", context)


@require_GET
def announcements(request: HttpRequest) -> HttpResponse:
    context = {"announcements": information.announcements_published()}
    return render(request, "portal/announcements.html", context)


@require_GET
def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Announcement, pk=pk, is_published=True, published_on__lte=timezone.localdate()
    )
    return render(request, "portal/announcement.html", {"announcement": item})


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/faq.html", {"faqs": information.faq_published()})


@require_GET
def contacts(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/contacts.html")


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[: information.SEARCH_MAX_LENGTH]
    hits = information.site_search(query=query) if query.strip() else []
    return render(request, "portal/search.html", {"query": query, "hits": hits})
