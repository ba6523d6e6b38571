"""Information pages: programs from the policy, staff-edited content (audited), site search."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope
from jaring.portal.information import ProgramsUnavailable, program_descriptions
from jaring.portal.models import Announcement, DisbursementSchedule, Faq
from jaring.portal.services import portal_content_delete, portal_content_save

PUSAT = AccessScope(role="kemensos_pusat", region_prefix="", username="pusat")


@pytest.mark.parametrize(
    "url",
    [
        "/informasi/program/",
        "/informasi/jadwal/",
        "/informasi/pengumuman/",
        "/informasi/tanya-jawab/",
        "/informasi/kontak/",
        "/informasi/cari/?q=kks",
        "/",
    ],
)
def test_public_pages_are_small_and_carry_the_warning(db: None, client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.content) < 100_000
    assert "gratis" in response.content.decode()


def test_programs_page_renders_the_policy_descriptions(db: None, client: Client) -> None:
    html = client.get("/informasi/program/").content.decode()
    try:
        descriptions = program_descriptions()
    except ProgramsUnavailable:
        assert "sedang disiapkan" in html
        return
    for d in descriptions:
        assert d.name in html
        detail = client.get(f"/informasi/program/{d.code}/").content.decode()
        assert all(doc in detail for doc in d.documents)


def test_unknown_program_is_404(db: None, client: Client) -> None:
    assert client.get("/informasi/program/TIDAKADA/").status_code == 404


def test_staff_content_is_audited_and_shown_when_published(db: None, client: Client) -> None:
    today = timezone.localdate()
    shown = portal_content_save(
        scope=PUSAT,
        obj=Announcement(title="Penyaluran BPNT tahap 2", body="Mulai 1 Juni.", published_on=today),
    )
    hidden = portal_content_save(
        scope=PUSAT,
        obj=Announcement(title="Draf rahasia", body="x", published_on=today, is_published=False),
    )
    future = portal_content_save(
        scope=PUSAT,
        obj=Announcement(title="Belum terbit", body="x", published_on=today + timedelta(days=3)),
    )
    assert AuditEvent.objects.filter(action="portal.content_save").count() == 3
    html = client.get("/informasi/pengumuman/").content.decode()
    assert shown.title in html and hidden.title not in html and future.title not in html
    assert client.get(f"/informasi/pengumuman/{hidden.pk}/").status_code == 404
    portal_content_delete(scope=PUSAT, obj=shown)
    assert AuditEvent.objects.filter(action="portal.content_delete").count() == 1


def test_regional_staff_cannot_edit_national_information(db: None) -> None:
    desa_operator = AccessScope(role="operator_desa", region_prefix="3273011001")
    with pytest.raises(PermissionError):
        portal_content_save(scope=desa_operator, obj=Faq(question="a?", answer="b"))
    assert not Faq.objects.exists()


def test_schedule_and_faq_pages(db: None, client: Client) -> None:
    today = timezone.localdate()
    portal_content_save(
        scope=PUSAT,
        obj=DisbursementSchedule(
            program="PKH", tahap="2025-T3", starts_on=today, ends_on=today + timedelta(days=14)
        ),
    )
    portal_content_save(
        scope=PUSAT,
        obj=Faq(question="Apakah daftar bansos dipungut biaya?", answer="Tidak, <b>gratis</b>."),
    )
    assert "2025-T3" in client.get("/informasi/jadwal/").content.decode()
    faq = client.get("/informasi/tanya-jawab/").content.decode()
    assert "dipungut biaya" in faq and "&lt;b&gt;gratis&lt;/b&gt;" in faq


def test_schedule_must_end_after_it_starts(db: None) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        portal_content_save(
            scope=PUSAT,
            obj=DisbursementSchedule(
                program="PKH", tahap="T", starts_on=date(2025, 6, 2), ends_on=date(2025, 6, 1)
            ),
        )


def test_site_search_needs_every_word(db: None, client: Client) -> None:
    portal_content_save(
        scope=PUSAT,
        obj=Faq(question="Bagaimana jika kartu KKS hilang?", answer="Lapor ke bank penyalur."),
    )
    assert "kartu KKS hilang" in client.get("/informasi/cari/?q=kks+hilang").content.decode()
    none = client.get("/informasi/cari/?q=kks+paspor").content.decode()
    assert "Tidak ada informasi yang cocok" in none
