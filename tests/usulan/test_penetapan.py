"""Penetapan: registry changes per kind, rejections with reasons, the SK PDF read by pypdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from jaring.core.identity import mask_identity
from jaring.notify.models import OutboxMessage
from jaring.registry.models import Keluarga
from jaring.usulan.models import PenetapanBatch, Status, Usulan
from jaring.usulan.penetapan import (
    penetapan_batch_apply,
    penetapan_batch_create,
    penetapan_item_set,
)
from jaring.usulan.services import usulan_submit
from jaring.usulan.workflow import TransitionRefused
from tests.usulan.conftest import DESA_A, DESA_B, DESA_C, World, attach, scope_of, submit_new
from tests.usulan.test_workflow import field_visit, move

pytestmark = pytest.mark.django_db

OPERATOR = {DESA_A: "op_a", DESA_B: "op_b", DESA_C: "op_c"}
DINSOS = {DESA_A: "kab_3273", DESA_B: "kab_3273", DESA_C: "kab_3204"}


def validate(world: World, usulan: Usulan, *documents: str) -> Usulan:
    op, kab = OPERATOR[usulan.region_code], DINSOS[usulan.region_code]
    move(world, usulan, op, "musdes_terima", "Notulen musdes")
    attach(world, usulan, op, *documents)
    move(world, usulan, op, "verifikasi_desa")
    move(world, usulan, kab, "dinsos_lulus", **field_visit())
    return move(world, usulan, "pusat", "validasi_setuju")


def pdf_lines(batch: PenetapanBatch) -> list[str]:
    batch.sk_pdf.open("rb")
    reader = PdfReader(io.BytesIO(batch.sk_pdf.read()))
    batch.sk_pdf.close()
    text = "\n".join(page.extract_text() for page in reader.pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_batch_decides_new_families_per_region_and_the_sk_lists_them(world: World) -> None:
    proposals = [
        submit_new(world, DESA_A, 701),
        submit_new(world, DESA_A, 702),
        submit_new(world, DESA_B, 703),
        submit_new(world, DESA_C, 704),
    ]
    for usulan in proposals:
        validate(world, usulan, "ktp", "kk", "sktm")
    pusat = scope_of(world, "pusat")
    batch = penetapan_batch_create(scope=pusat, program="PKH", period="2025-07")
    rejected = proposals[1]
    penetapan_item_set(
        scope=pusat,
        batch_id=batch.pk,
        usulan_id=rejected.pk,
        outcome="ditolak",
        reason="Kuota PKH desa ini sudah penuh untuk periode 2025-07",
    )
    batch = penetapan_batch_apply(scope=pusat, batch_id=batch.pk)
    assert batch.summary == {"ditetapkan": 3, "ditolak": 1, "total": 4, "desa": 3}
    assert not Keluarga.objects.filter(kk=rejected.kk).exists()
    rejected.refresh_from_db()
    assert rejected.status == Status.DITOLAK and rejected.outcome_reason.startswith("Kuota")
    notice = OutboxMessage.objects.get(recipient="081234567890", body__contains=rejected.reference)
    assert "Kuota PKH desa ini sudah penuh" in notice.body

    lines = pdf_lines(batch)
    assert lines[0] == "KEPUTUSAN MENTERI SOSIAL REPUBLIK INDONESIA"
    assert f"Nomor: {batch.sk_number}" in lines
    assert "Jumlah ditetapkan: 3; tidak ditetapkan: 1; desa/kelurahan: 3" in lines
    decided = sorted(
        (p for p in proposals if p.pk != rejected.pk), key=lambda p: (p.region_code, p.reference)
    )
    expected_rows = []
    current = None
    for usulan in decided:
        if usulan.region_code != current:
            current, number = usulan.region_code, 0
            heading = next(line for line in lines if line.startswith(f"Desa/Kelurahan {current}"))
            assert "Kota Bandung" in heading or "Bandung" in heading
            expected_rows.append(heading)
        number += 1
        expected_rows.append(
            f"{number}. {usulan.reference} | {usulan.subject_name} | KK "
            f"{mask_identity(usulan.kk).replace('•', '*')} | baru"
        )
    listed = [line for line in lines if line.startswith(("Desa/Kelurahan", "1.", "2."))]
    assert listed == expected_rows
    assert rejected.reference not in "\n".join(lines)
    assert all(p.kk not in "\n".join(lines) for p in proposals)  # only masked KKs


def test_change_removal_and_upheld_objection_change_the_registry(world: World) -> None:
    family_b = world.b
    op_b = scope_of(world, "op_b")
    from jaring.registry.services import stored_record

    record = stored_record(family_b)[1]
    record["members"][1]["schooling"] = "smp"
    change = usulan_submit(
        scope=op_b,
        kind="perubahan",
        change_type="sekolah",
        source="operator",
        reason="Anak naik ke SMP",
        household=record,
    )
    validate(world, change, "kk", "sk_sekolah")
    removal = usulan_submit(
        scope=scope_of(world, "op_a"),
        kind="hapus",
        change_type="pindah",
        source="operator",
        reason="Pindah ke Surabaya",
        kk=world.a.kk,
    )
    validate(world, removal, "surat_pindah")
    objection = usulan_submit(
        scope=scope_of(world, "op_c"),
        kind="sanggah",
        source="operator",
        reason="Warga melaporkan keluarga ini mampu",
        kk=world.c.kk,
    )
    validate(world, objection)
    pusat = scope_of(world, "pusat")
    batch = penetapan_batch_create(scope=pusat, program="DTKS", period="2025-07")
    penetapan_batch_apply(scope=pusat, batch_id=batch.pk)
    assert family_b.anggota.order_by("position")[1].schooling == "smp"
    world.a.refresh_from_db()
    world.c.refresh_from_db()
    assert world.a.registry_status == "nonaktif" and world.c.registry_status == "nonaktif"
    family_b.refresh_from_db()
    assert family_b.registry_status == "aktif"


def test_a_decided_batch_is_applied_once_and_cannot_be_edited(world: World) -> None:
    usulan = validate(world, submit_new(world), "ktp", "kk", "sktm")
    pusat = scope_of(world, "pusat")
    batch = penetapan_batch_create(scope=pusat, program="PKH", period="2025-07")
    penetapan_batch_apply(scope=pusat, batch_id=batch.pk)
    messages = OutboxMessage.objects.count()
    again = penetapan_batch_apply(scope=pusat, batch_id=batch.pk)
    assert again.status == "ditetapkan" and OutboxMessage.objects.count() == messages
    assert Keluarga.objects.filter(kk=usulan.kk).count() == 1
    with pytest.raises(TransitionRefused, match="sudah ditetapkan"):
        penetapan_item_set(
            scope=pusat, batch_id=batch.pk, usulan_id=usulan.pk, outcome="ditolak", reason="x"
        )
    with pytest.raises(TransitionRefused, match="Tidak ada usulan"):
        penetapan_batch_create(scope=pusat, program="PKH", period="2025-07")


def test_a_family_registered_meanwhile_turns_into_a_rejection_not_a_crash(world: World) -> None:
    usulan = validate(world, submit_new(world), "ktp", "kk", "sktm")
    from tests.web.conftest import store

    store(usulan.household | {"registry_status": "aktif"})  # entered directly meanwhile
    pusat = scope_of(world, "pusat")
    batch = penetapan_batch_create(scope=pusat, program="PKH", period="2025-07")
    batch = penetapan_batch_apply(scope=pusat, batch_id=batch.pk)
    usulan.refresh_from_db()
    assert usulan.status == Status.DITOLAK and "sudah terdaftar" in usulan.outcome_reason
    assert batch.summary["ditolak"] == 1
