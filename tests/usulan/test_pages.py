"""The staff pages work as plain forms (CSRF on, no JavaScript) within the caller's scope."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen import canvas

from jaring.usulan.models import PenetapanBatch, Status, Usulan
from jaring.usulan.policy import usulan_policy
from tests.registry.helpers import household
from tests.usulan.conftest import DESA_A, World, attach, submit_new
from tests.web.conftest import form_data

pytestmark = pytest.mark.django_db


def real_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(50, 800, "KTP")
    page.save()
    return buffer.getvalue()


def test_operator_enters_a_new_family_and_sees_checks_and_preview(world: World) -> None:
    client = world.client("op_a")
    assert client.get("/staf/usulan/baru/baru/").status_code == 200
    record = household(DESA_A, 950)
    record["members"] = record["members"][:1]
    data = form_data(record) | {"program": "PKH", "reason": "Usulan RT 04 RW 02"}
    response = client.post("/staf/usulan/baru/baru/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    usulan = Usulan.objects.get()
    assert usulan.kk == record["kk"] and usulan.region_code == DESA_A
    page = client.get(response["Location"]).content.decode()
    assert usulan.reference in page and "Pratinjau kelayakan" in page and "PKH" in page

    again = client.post("/staf/usulan/baru/baru/", data)
    assert again.status_code == 400 and "terbuka" in again.content.decode()


def test_bad_input_gets_an_indonesian_error_and_loses_nothing(world: World) -> None:
    client = world.client("op_a")
    record = household(DESA_A, 951) | {"kk": "12"}
    record["members"] = record["members"][:1]
    data = form_data(record) | {"program": "PKH", "reason": "x"}
    response = client.post("/staf/usulan/baru/baru/", data)
    body = response.content.decode()
    assert response.status_code == 400 and "belum dapat disimpan" in body
    assert 'value="Ibu Nomor 951"' in body  # what was typed is still there
    assert not Usulan.objects.exists()
    assert client.get("/staf/usulan/baru/tidakada/").status_code == 404
    assert world.client("kab_3273").get("/staf/usulan/baru/baru/").status_code == 403


def test_actions_documents_and_bulk_from_the_pages(world: World) -> None:
    first, second = submit_new(world, serial=952), submit_new(world, serial=953)
    client = world.client("op_a")
    queue = client.get("/staf/usulan/").content.decode()
    assert first.reference in queue and second.reference in queue
    response = client.post(
        "/staf/usulan/massal/",
        {"ids": [first.pk, second.pk], "action": "musdes_terima", "note": "Musdes 3 Juni"},
    )
    assert response.status_code == 302
    assert Usulan.objects.filter(status=Status.VERIFIKASI_DESA).count() == 2

    refused = client.post(f"/staf/usulan/{first.pk}/tindakan/", {"action": "verifikasi_desa"})
    assert refused.status_code == 302
    page = client.get(f"/staf/usulan/{first.pk}/").content.decode()
    assert "Dokumen belum lengkap" in page

    bad = client.post(
        f"/staf/usulan/{first.pk}/dokumen/",
        {"doc_type": "ktp", "file": io.BytesIO(b"MZ not a pdf")},
    )
    assert bad.status_code == 302 and not first.documents.exists()
    for doc_type in ("ktp", "kk", "sktm"):
        upload = io.BytesIO(real_pdf())
        upload.name = f"{doc_type}.pdf"
        client.post(f"/staf/usulan/{first.pk}/dokumen/", {"doc_type": doc_type, "file": upload})
    assert first.documents.count() == 3
    document = first.documents.first()
    assert client.get(f"/staf/usulan/{first.pk}/dokumen/{document.pk}/").status_code == 200
    assert (
        world.client("op_b").get(f"/staf/usulan/{first.pk}/dokumen/{document.pk}/").status_code
        == 404
    )
    client.post(f"/staf/usulan/{first.pk}/tindakan/", {"action": "verifikasi_desa"})
    first.refresh_from_db()
    assert first.status == Status.VERIFIKASI_DINSOS

    dinsos = world.client("kab_3273")
    checklist = {f"cek_{i}": "ya" for i in range(len(usulan_policy().checklist))}
    dinsos.post(
        f"/staf/usulan/{first.pk}/tindakan/",
        {"action": "dinsos_lulus", "temuan": "Sesuai data", **checklist},
    )
    first.refresh_from_db()
    assert first.status == Status.VALIDASI_KEMENSOS


def test_other_regions_get_404_and_change_nothing(world: World) -> None:
    usulan = submit_new(world)
    for name in ("op_b", "kab_3204"):
        client = world.client(name)
        assert client.get(f"/staf/usulan/{usulan.pk}/").status_code == 404
        response = client.post(
            f"/staf/usulan/{usulan.pk}/tindakan/", {"action": "musdes_tolak", "note": "x"}
        )
        assert response.status_code == 404
        assert usulan.reference not in client.get("/staf/usulan/semua/").content.decode()
    usulan.refresh_from_db()
    assert usulan.status == Status.DIAJUKAN


def test_penetapan_pages_decide_a_batch_and_serve_the_sk(world: World) -> None:
    usulan = submit_new(world)
    attach(world, usulan, "op_a", "ktp", "kk", "sktm")
    Usulan.objects.filter(pk=usulan.pk).update(status=Status.TERVALIDASI)
    pusat = world.client("pusat")
    response = pusat.post(
        "/staf/usulan/penetapan/", {"program": "PKH", "period": "2025-07", "region_prefix": ""}
    )
    assert response.status_code == 302
    batch = PenetapanBatch.objects.get()
    assert world.client("kab_3273").post(
        "/staf/usulan/penetapan/", {"program": "PKH", "period": "2025-07"}
    ).status_code in (200, 400)
    assert world.client("kab_3273").get(f"/staf/usulan/penetapan/{batch.pk}/").status_code == 404
    assert pusat.post(f"/staf/usulan/penetapan/{batch.pk}/tetapkan/").status_code == 302
    sk = pusat.get(f"/staf/usulan/penetapan/{batch.pk}/sk.pdf")
    assert sk.status_code == 200 and b"".join(sk.streaming_content).startswith(b"%PDF")
    usulan.refresh_from_db()
    assert usulan.status == Status.DITETAPKAN


def test_a_change_of_data_starts_from_the_registered_family_in_scope_only(world: World) -> None:
    member = world.a.anggota.order_by("position").first()
    own = world.client("op_a").get(f"/staf/usulan/baru/perubahan/?kk={world.a.kk}")
    assert own.status_code == 200 and member.name in own.content.decode()
    other = world.client("op_a").get(f"/staf/usulan/baru/perubahan/?kk={world.b.kk}")
    assert world.b.anggota.first().name not in other.content.decode()
