"""Checks at submission, the bulk file (all or nothing), work queues with SLA and escalation."""

from __future__ import annotations

import io
from datetime import timedelta

import orjson
import pytest
from django.utils import timezone

from jaring.core.models import AuditEvent
from jaring.usulan.bulk import usulan_bulk_import
from jaring.usulan.escalation import usulan_escalate_overdue
from jaring.usulan.models import Status, Usulan
from jaring.usulan.selectors import escalated_to_me, queue_items, work_queue
from jaring.usulan.services import SubmissionRefused, usulan_submit
from tests.registry.helpers import household
from tests.usulan.conftest import DESA_A, DESA_B, World, scope_of, submit_new

pytestmark = pytest.mark.django_db


def submit(world: World, who: str = "op_a", **kwargs) -> Usulan:
    kwargs.setdefault("kind", "baru")
    kwargs.setdefault("source", "operator")
    kwargs.setdefault("reason", "Diusulkan RT 02")
    return usulan_submit(scope=scope_of(world, who), **kwargs)


def refusal(world: World, who: str = "op_a", **kwargs) -> str:
    with pytest.raises(SubmissionRefused) as caught:
        submit(world, who, **kwargs)
    return " | ".join(caught.value.problems)


def test_identity_rules_are_checked(world: World) -> None:
    bad_kk = household(DESA_A, 801) | {"kk": "3273011503200000"}
    assert "KK" in refusal(world, household=bad_kk)
    bad_nik = household(DESA_A, 802)
    bad_nik["members"][0]["nik"] = "3273019999850001"
    assert "NIK" in refusal(world, household=bad_nik)
    assert not Usulan.objects.exists()


def test_families_and_people_already_registered_are_duplicates(world: World) -> None:
    existing = household(DESA_A, 11)  # world.a has this KK
    assert "sudah terdaftar di DTKS" in refusal(world, household=existing)
    same_person = household(DESA_A, 803)
    same_person["members"][0]["nik"] = world.a.anggota.first().nik
    assert "sudah terdaftar pada KK lain" in refusal(world, household=same_person)


def test_a_second_open_proposal_for_the_same_family_is_refused(world: World) -> None:
    first = submit_new(world, serial=804)
    message = refusal(world, household=household(DESA_A, 804))
    assert first.reference in message and "terbuka" in message


def test_the_family_must_lie_in_the_submitters_region(world: World) -> None:
    message = refusal(world, "op_a", household=household(DESA_B, 805))
    assert "luar wilayah kerja" in message
    message = refusal(world, "op_a", kind="hapus", change_type="pindah", kk=world.b.kk)
    assert "luar wilayah kerja" in message


def test_removal_needs_a_registered_family_and_a_reason(world: World) -> None:
    assert "tidak ditemukan" in refusal(
        world, kind="hapus", change_type="pindah", kk="3273011503209999"
    )
    assert "jenis perubahan" in refusal(world, kind="hapus", kk=world.a.kk)
    with pytest.raises(SubmissionRefused, match="alasan"):
        submit(world, kind="hapus", change_type="pindah", kk=world.a.kk, reason=" ")


def test_eligibility_preview_gives_the_engines_reasons(world: World) -> None:
    rich = household(DESA_A, 806)
    rich["members"][0]["occupation"] = "asn"
    rich["members"][0]["monthly_income"] = 9_000_000
    usulan = submit(world, household=rich, program="PKH")
    pkh = usulan.eligibility["programs"]["PKH"]
    assert pkh["eligible"] is False and pkh["reasons"]
    assert AuditEvent.objects.filter(object_id=usulan.reference, action="usulan.ajukan").exists()


def _jsonl(*rows: dict) -> io.BytesIO:
    return io.BytesIO(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")


def test_bulk_file_is_all_or_nothing_with_errors_per_line(world: World) -> None:
    good = {"kind": "baru", "reason": "RT 1", "program": "PKH", "household": household(DESA_A, 901)}
    twin = {"kind": "baru", "reason": "RT 1", "household": household(DESA_A, 901)}
    broken = {"kind": "baru", "reason": "", "household": {"kk": "123"}}
    stream = io.BytesIO(_jsonl(good, twin, broken).getvalue() + b"{not json\n")
    result = usulan_bulk_import(scope=scope_of(world, "op_a"), stream=stream)
    assert not result.ok and not Usulan.objects.exists()
    lines = {line for line, _ in result.errors}
    assert lines == {2, 3, 4}
    assert any("baris 1" in message for line, message in result.errors if line == 2)

    removal = {"kind": "hapus", "change_type": "tidak_miskin", "kk": world.a.kk, "reason": "Mampu"}
    result = usulan_bulk_import(scope=scope_of(world, "op_a"), stream=_jsonl(good, removal))
    assert result.ok and len(result.created) == 2
    assert Usulan.objects.filter(source="berkas", status=Status.DIAJUKAN).count() == 2
    assert all(u.steps.count() == 1 for u in Usulan.objects.all())


def test_queue_counts_age_sla_overdue_and_escalation(world: World) -> None:
    old = submit_new(world, serial=902)
    submit_new(world, serial=903)
    Usulan.objects.filter(pk=old.pk).update(step_entered_at=timezone.now() - timedelta(days=40))
    rows = {r.status: r for r in work_queue(scope=scope_of(world, "op_a"))}
    row = rows[Status.DIAJUKAN]
    assert (row.count, row.overdue, row.sla_days) == (2, 1, 30) and row.oldest_days == 40
    items = queue_items(scope=scope_of(world, "op_a"), status=Status.DIAJUKAN)
    assert [i.overdue for i in items] == [True, False]
    # Desa B's operator and Kab. Bandung see none of it.
    assert work_queue(scope=scope_of(world, "op_b"))[0].count == 0
    assert all(r.count == 0 for r in work_queue(scope=scope_of(world, "kab_3204")))

    assert usulan_escalate_overdue(scope=scope_of(world, "pusat")) == 1
    assert usulan_escalate_overdue(scope=scope_of(world, "pusat")) == 0  # once per step
    assert [u.pk for u in escalated_to_me(scope=scope_of(world, "kab_3273"))] == [old.pk]
    assert escalated_to_me(scope=scope_of(world, "kab_3204")) == []
    assert old.steps.filter(action="eskalasi").get().data == {"eskalasi_ke": "dinsos_kabkota"}


def test_a_citizens_usul_is_completed_by_the_desa_before_verification(world: World) -> None:
    from jaring.core.scope import AccessScope
    from jaring.usulan.services import (
        usulan_household_set,
        usulan_submit_pending,
        usulan_transition,
    )
    from jaring.usulan.workflow import TransitionRefused

    warga = AccessScope(role="warga", region_prefix=DESA_A, username="warga")
    with pytest.raises(SubmissionRefused, match="desa/kelurahan Anda sendiri"):
        usulan_submit_pending(scope=warga, region_code=DESA_B, subject_name="X", reason="y")
    usulan = usulan_submit_pending(
        scope=warga, region_code=DESA_A, subject_name="Wayan Sudirta", reason="Tidak mampu"
    )
    assert usulan.kk == "" and usulan.household == {} and usulan.source == "warga"
    op = scope_of(world, "op_a")
    usulan_transition(scope=op, usulan_id=usulan.pk, action="musdes_terima", note="Notulen")
    with pytest.raises(TransitionRefused, match="Lengkapi data keluarga"):
        usulan_transition(scope=op, usulan_id=usulan.pk, action="verifikasi_desa")
    with pytest.raises(TransitionRefused, match="operator desa"):
        usulan_household_set(
            scope=scope_of(world, "kab_3273"), usulan_id=usulan.pk, household=household(DESA_A, 960)
        )
    with pytest.raises(SubmissionRefused, match="tidak sama dengan desa"):
        usulan_household_set(scope=op, usulan_id=usulan.pk, household=household(DESA_B, 961))
    usulan_household_set(scope=op, usulan_id=usulan.pk, household=household(DESA_A, 960))
    usulan.refresh_from_db()
    assert usulan.kk == household(DESA_A, 960)["kk"] and usulan.eligibility["programs"]
