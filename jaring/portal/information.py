"""Reads for the information pages: program rules from the policy data, staff-edited content.

Program texts come from the engine's `describe_program()` of the policy in force, so the pages say
exactly what the engine applies; its sentences go through `gettext`, so they follow the visitor's
language (the English catalogue also holds the policy files' texts). Until a policy is installed
the pages say so instead of failing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from jaring.portal.models import Announcement, DisbursementSchedule, Faq

logger = logging.getLogger(__name__)
SEARCH_MAX_LENGTH = 100


class ProgramsUnavailable(Exception):
    """No policy is installed (or the engine is missing): the pages show a notice."""


def _policy() -> Any:
    try:
        from jaring.programs.policy import current_policy

        return current_policy()
    except (ImportError, FileNotFoundError, OSError, ValueError) as error:
        logger.warning("program policy unavailable for the portal: %s", type(error).__name__)
        raise ProgramsUnavailable from error


def program_descriptions(*, period: date | None = None) -> list[Any]:
    """Every program in force on `period` (default today), as the engine describes it."""
    period = period or timezone.localdate()
    policy = _policy()
    codes = [getattr(p, "code", p) for p in policy.programs_in_force(period)]
    return [_describe(policy, code, period) for code in codes]


def program_description(*, code: str, period: date | None = None) -> Any | None:
    period = period or timezone.localdate()
    policy = _policy()
    codes = {getattr(p, "code", p) for p in policy.programs_in_force(period)}
    if code not in codes:
        return None
    return _describe(policy, code, period)


def _describe(policy: Any, code: str, period: date) -> Any:
    from jaring.engine.describe import describe_program

    return describe_program(policy, policy.programs[code], period, translate=gettext)


def announcements_published() -> list[Announcement]:
    return list(
        Announcement.objects.filter(is_published=True, published_on__lte=timezone.localdate())
    )


def faq_published() -> list[Faq]:
    return list(Faq.objects.filter(is_published=True))


def schedules_upcoming(*, today: date | None = None, limit: int = 50) -> list[DisbursementSchedule]:
    today = today or timezone.localdate()
    rows = DisbursementSchedule.objects.filter(ends_on__gte=today).order_by("starts_on", "program")
    return list(rows[:limit])


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    title: str
    url: str
    excerpt: str
    lang: str = ""  # "id": written by staff in Indonesian, shown as written


def _excerpt(text: str, words: list[str], width: int = 160) -> str:
    lower = text.lower()
    at = min((lower.find(w) for w in words if w in lower), default=0)
    start = max(0, at - width // 3)
    snippet = text[start : start + width].strip()
    return ("…" if start else "") + snippet + ("…" if start + width < len(text) else "")


def site_search(*, query: str) -> list[SearchHit]:
    """Every word must appear (case-insensitive) in a program text, announcement or FAQ entry."""
    from django.urls import reverse

    words = [w for w in query.lower()[:SEARCH_MAX_LENGTH].split() if len(w) >= 2][:8]
    if not words:
        return []
    hits: list[SearchHit] = []
    try:
        for d in program_descriptions():
            text = " ".join(
                [d.code, d.name, d.summary, *d.conditions, *d.documents, *d.exclusions, d.schedule]
            )
            if all(w in text.lower() for w in words):
                url = reverse("portal:program", args=[d.code])
                hits.append(SearchHit(gettext("Program"), d.name, url, _excerpt(d.summary, words)))
    except ProgramsUnavailable:
        pass
    faq_filter = Q()
    ann_filter = Q()
    for w in words:
        faq_filter &= Q(question__icontains=w) | Q(answer__icontains=w)
        ann_filter &= Q(title__icontains=w) | Q(body__icontains=w)
    for faq in Faq.objects.filter(faq_filter, is_published=True)[:20]:
        url = reverse("portal:faq") + f"#tanya-{faq.pk}"
        hits.append(
            SearchHit(gettext("Tanya jawab"), faq.question, url, _excerpt(faq.answer, words), "id")
        )
    announcements = Announcement.objects.filter(
        ann_filter, is_published=True, published_on__lte=timezone.localdate()
    )
    for ann in announcements[:20]:
        url = reverse("portal:announcement", args=[ann.pk])
        hits.append(
            SearchHit(gettext("Pengumuman"), ann.title, url, _excerpt(ann.body, words), "id")
        )
    return hits
