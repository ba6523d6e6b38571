"""Usul and sanggah by verified citizens: reference numbers, own-desa rule, status pages."""

from __future__ import annotations

import pytest
from django.test import Client

from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope
from jaring.portal.citizen_services import citizen_verify
from jaring.portal.models import CitizenAccount, CitizenRequest
from jaring.usulan.models import Usulan
from jaring.usulan.services import usulan_transition
from tests.portal.test_citizen import PASSWORD, form_data

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "uploads"


def signed_in_citizen(registry: dict, client: Client, *, verified: bool = True) -> CitizenAccount:
    client.post("/warga/daftar/", form_data(registry))
    account = CitizenAccount.objects.get()
    account.user.is_active = True
    account.user.save()
    if verified:
        citizen_verify(scope=AccessScope.system("staf"), account=account)
    response = client.post("/warga/masuk/", {"username": "siti@example.id", "password": PASSWORD})
    assert response.status_code == 302
    return account


def test_usul_gives_a_reference_and_a_status_page(registry: dict, client: Client) -> None:
    signed_in_citizen(registry, client)
    response = client.post(
        "/warga/ajukan/usul/", {"subject_name": "Wayan Sudirta", "reason": "Kehilangan pekerjaan."}
    )
    item = CitizenRequest.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/warga/permohonan/{item.reference}/"
    )
    assert item.reference.startswith("USL-") and item.region_code == "3273011001"
    page = client.get(response["Location"]).content.decode()
    assert item.reference in page and "menunggu verifikasi" in page
    usulan = Usulan.objects.get(reference=item.reference)
    assert (
        usulan.kind == "baru"
        and usulan.source == "warga"
        and usulan.subject_name == ("Wayan Sudirta")
    )
    assert AuditEvent.objects.filter(action="usulan.ajukan", object_id=item.reference).exists()
    desa = AccessScope(role="operator_desa", region_prefix="3273011001", username="op")
    usulan_transition(
        scope=desa, usulan_id=usulan.pk, action="kembalikan", note="Lampirkan foto rumah."
    )
    page = client.get(response["Location"]).content.decode()
    assert "Lampirkan foto rumah." in page and "Dikembalikan untuk perbaikan" in page
    repaired = client.post(
        f"/warga/usulan/{item.reference}/perbaiki/", {"note": "Foto rumah sudah dikirim."}
    )
    assert repaired.status_code == 302
    usulan.refresh_from_db()
    assert usulan.status == "diajukan"
    usulan_transition(
        scope=desa, usulan_id=usulan.pk, action="musdes_tolak", note="Keluarga sudah mampu."
    )
    item.refresh_from_db()
    assert item.status == "ditolak"
    assert "Keluarga sudah mampu." in client.get(response["Location"]).content.decode()


def test_sanggah_only_for_someone_registered_in_the_own_desa(
    registry: dict, client: Client
) -> None:
    signed_in_citizen(registry, client)
    refused = client.post(
        "/warga/ajukan/sanggah/", {"subject_name": "Orang Lain", "reason": "Mampu."}
    )
    assert refused.status_code == 400 and "tidak tercatat" in refused.content.decode()
    ok = client.post(
        "/warga/ajukan/sanggah/", {"subject_name": "wayan sudirta", "reason": "Mampu."}
    )
    assert ok.status_code == 302
    reference = CitizenRequest.objects.get().reference
    assert reference.startswith("SGH-")
    usulan = Usulan.objects.get(reference=reference)
    assert usulan.kind == "sanggah" and usulan.kk == registry["pos_family"].kk
    again = client.post(
        "/warga/ajukan/sanggah/", {"subject_name": "Wayan Sudirta", "reason": "Mampu."}
    )
    assert again.status_code == 400 and "terbuka" in again.content.decode()
    assert CitizenRequest.objects.count() == 1


def test_unverified_citizens_cannot_submit(registry: dict, client: Client) -> None:
    signed_in_citizen(registry, client, verified=False)
    response = client.post("/warga/ajukan/usul/", {"subject_name": "Siti Aminah", "reason": "x"})
    assert response.status_code == 400 and not CitizenRequest.objects.exists()


def test_another_citizens_reference_is_404(registry: dict, client: Client) -> None:
    signed_in_citizen(registry, client)
    client.post("/warga/ajukan/usul/", {"subject_name": "Wayan Sudirta", "reason": "x"})
    reference = CitizenRequest.objects.get().reference
    assert Client().get(f"/warga/permohonan/{reference}/").status_code == 302  # to login
    assert client.get("/warga/permohonan/USL-2026-TIDAKADA/").status_code == 404


def test_staff_of_another_region_cannot_change_the_status(registry: dict, client: Client) -> None:
    signed_in_citizen(registry, client)
    client.post("/warga/ajukan/usul/", {"subject_name": "Wayan Sudirta", "reason": "x"})
    other = AccessScope(role="operator_desa", region_prefix="3275011001", username="bekasi")
    usulan = Usulan.objects.get()
    with pytest.raises(PermissionError):
        usulan_transition(scope=other, usulan_id=usulan.pk, action="musdes_tolak", note="x")
    usulan.refresh_from_db()
    assert usulan.status == "diajukan" and CitizenRequest.objects.get().status == "diterima"
