"""Kemnaker applications: identity against the registry, program rules by the engine, selection
per round with the quota from policy data, and the citizen's pages."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.test import Client

from jaring.accounts.models import User
from jaring.core.scope import AccessScope
from jaring.notify.models import OutboxMessage
from jaring.portal.models import CitizenAccount
from jaring.usulan.kemnaker import ApplicationRefused, kemnaker_apply, kemnaker_select
from jaring.usulan.models import KemnakerApplication
from jaring.usulan.workflow import TransitionRefused
from tests.factories import make_nik
from tests.usulan.conftest import DESA_A, PDF, World, scope_of
from tests.usulan.test_pages import real_pdf

pytestmark = pytest.mark.django_db
PERIOD = "2025-07"


def citizen(nik: str, name: str, username: str = "warga1") -> CitizenAccount:
    user = User.objects.create_user(username=username, email=f"{username}@example.id")
    return CitizenAccount.objects.create(
        user=user,
        nik=nik,
        kk=f"{DESA_A[:6]}150320{len(username):04d}",
        full_name=name,
        status="terverifikasi",
        region_code=DESA_A,
    )


def apply(account: CitizenAccount, **extra) -> KemnakerApplication:
    values = {
        "program": "PRAKERJA",
        "period": PERIOD,
        "birth_date": date(1985, 4, 2),
        "occupation": "buruh",
        "employment": "tidak_bekerja",
        "monthly_income": 0,
        "bpjs_ketenagakerjaan": False,
    }
    return kemnaker_apply(account=account, **(values | extra))


def head_of(world: World):  # type: ignore[no-untyped-def]
    return world.a.anggota.order_by("position").first()


def test_a_registered_applicant_matches_and_the_engine_decides(world: World) -> None:
    head = head_of(world)
    account = citizen(head.nik, head.name)
    app = apply(account, birth_date=head.birth_date)
    assert app.identity["registry"] == "cocok" and app.identity["dukcapil"] == "tidak_tersedia"
    assert app.status == "memenuhi", app.eligibility
    with pytest.raises(ApplicationRefused, match="sudah mendaftar"):
        apply(account, birth_date=head.birth_date)


def test_name_or_birth_date_unlike_the_registry_stops_the_application(world: World) -> None:
    head = head_of(world)
    app = apply(citizen(head.nik, "Nama Lain Sekali"), birth_date=head.birth_date)
    assert app.status == "identitas_tidak_cocok" and not app.eligibility


def test_bsu_rules_come_from_the_engine(world: World) -> None:
    nik = make_nik(DESA_A, date(1990, 1, 5), "L", 77)
    app = apply(
        citizen(nik, "Agus Salim"),
        program="BSU",
        birth_date=date(1990, 1, 5),
        occupation="asn",
        employment="bekerja_tetap",
        monthly_income=4_000_000,
        bpjs_ketenagakerjaan=True,
    )
    assert app.identity["registry"] == "tidak_terdaftar"
    assert app.status == "tidak_memenuhi" and app.eligibility["reasons"], app.eligibility


def test_laid_off_applicants_must_attach_the_phk_letter(world: World) -> None:
    nik = make_nik(DESA_A, date(1992, 3, 3), "L", 78)
    account = citizen(nik, "Budi Hartono")
    with pytest.raises(ApplicationRefused, match="surat PHK"):
        apply(account, birth_date=date(1992, 3, 3), employment="phk")
    app = apply(
        account,
        birth_date=date(1992, 3, 3),
        employment="phk",
        document=ContentFile(PDF, name="phk.pdf"),
    )
    assert app.document.name and app.status in ("memenuhi", "tidak_memenuhi")


def test_selection_round_uses_the_policy_quota_and_tells_everyone(
    world: World, settings, tmp_path: Path
) -> None:
    policy = tmp_path / "policy"
    shutil.copytree(Path(django_settings.POLICY_DIR), policy)
    toml = policy / "usulan_2025.toml"
    toml.write_text(toml.read_text().replace("PRAKERJA = 5000", "PRAKERJA = 1"))
    settings.POLICY_DIR = policy
    first = apply(
        citizen(make_nik(DESA_A, date(1991, 1, 1), "L", 81), "A Satu", "w1"),
        birth_date=date(1991, 1, 1),
        monthly_income=1_000_000,
    )
    laid_off = apply(
        citizen(make_nik(DESA_A, date(1991, 1, 2), "L", 82), "B Dua", "w2"),
        birth_date=date(1991, 1, 2),
        employment="phk",
        monthly_income=2_000_000,
        document=ContentFile(PDF, name="phk.pdf"),
    )
    assert first.status == laid_off.status == "memenuhi"
    with pytest.raises(TransitionRefused):
        kemnaker_select(scope=scope_of(world, "kab_3273"), program="PRAKERJA", period=PERIOD)
    batch = kemnaker_select(scope=scope_of(world, "pusat"), program="PRAKERJA", period=PERIOD)
    assert (batch.quota, batch.selected, batch.not_selected) == (1, 1, 1)
    laid_off.refresh_from_db()
    first.refresh_from_db()
    assert laid_off.status == "terpilih" and first.status == "tidak_terpilih"
    mails = OutboxMessage.objects.filter(topic="kemnaker.seleksi")
    assert {m.recipient for m in mails} == {"w1@example.id", "w2@example.id"}
    assert "Selamat" in mails.get(recipient="w2@example.id").body
    with pytest.raises(TransitionRefused, match="Tidak ada pelamar"):
        kemnaker_select(scope=AccessScope.system(), program="PRAKERJA", period=PERIOD)


def test_citizen_pages(world: World) -> None:
    head = head_of(world)
    account = citizen(head.nik, head.name)
    client = Client()
    assert client.get("/warga/kemnaker/").status_code == 302  # to login
    client.force_login(account.user)
    assert client.get("/warga/kemnaker/").status_code == 200
    upload = io.BytesIO(real_pdf())
    upload.name = "phk.pdf"
    response = client.post(
        "/warga/kemnaker/",
        {
            "program": "JPS",
            "birth_date": head.birth_date.isoformat(),
            "occupation": "buruh",
            "employment": "phk",
            "monthly_income": "0",
            "document": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    app = KemnakerApplication.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert app.reference in page and "Cocok dengan DTKS" in page
    other = Client()
    other.force_login(User.objects.create_user(username="orang_lain"))
    assert other.get(response["Location"]).status_code == 404
    bad = client.post("/warga/kemnaker/", {"program": "BSU", "monthly_income": "-5"})
    assert bad.status_code == 400
