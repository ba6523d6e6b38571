"""Deaths and moves found by Dukcapil matching as "perubahan data" proposals in the usulan
workflow (policy `changes_via_usulan`): the registry changes only at penetapan, the outcome comes
back to the change action, and an applied change can still be undone exactly. Where the policy
applies a death automatically, or routes nothing to the workflow, the officer path is unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from jaring.core.audit import audit_verify
from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope
from jaring.matching import services
from jaring.matching.models import ChangeAction, MatchingJob
from jaring.registry.models import Anggota
from jaring.registry.services import stored_record
from jaring.usulan.decisions import register_decision_listener, unregister_decision_listener
from jaring.usulan.models import Kind, Status, Usulan
from jaring.usulan.penetapan import penetapan_batch_apply, penetapan_batch_create
from jaring.usulan.services import usulan_submit
from tests.matching.helpers import extract_row, registry_state, run_job, write_extract
from tests.usulan.conftest import World, scope_of
from tests.usulan.conftest import world as world  # the usulan tests' fixture
from tests.usulan.test_penetapan import validate
from tests.usulan.test_workflow import move

pytestmark = pytest.mark.django_db
DUKCAPIL = MatchingJob.Kind.DUKCAPIL


def _set_policy(settings: Any, tmp_path: Path, via_usulan: bool) -> None:
    target = tmp_path / "policy"
    shutil.copytree(Path(settings.POLICY_DIR), target)
    path = target / "matching_2025.toml"
    text = path.read_text(encoding="utf-8")
    assert "changes_via_usulan = true" in text  # the shipped policy routes them to the workflow
    path.write_text(
        text.replace("changes_via_usulan = true", f"changes_via_usulan = {str(via_usulan).lower()}")
    )
    settings.POLICY_DIR = target


def _members(world: World) -> list[Anggota]:
    return list(world.a.anggota.select_related("keluarga").order_by("position"))


def _dead_unmatched(tmp_path: Path, member: Anggota) -> Path:
    """A death reported for a member whose name differs at Dukcapil (tidak padan): the policy
    never applies that automatically."""
    row = extract_row(
        member,
        nama="Nama Lain Di Dukcapil",
        status_hidup="meninggal",
        tanggal_meninggal="2025-05-01",
    )
    return write_extract(tmp_path / "e.csv", [row])


def test_death_becomes_a_change_proposal_applied_at_penetapan_and_reversible(
    world: World, tmp_path: Path
) -> None:
    head, *_ = _members(world)
    before = registry_state()
    job = run_job(DUKCAPIL, source=_dead_unmatched(tmp_path, head))
    assert job.summary["diusulkan"] == 1 and job.summary["diterapkan_otomatis"] == 0
    action = ChangeAction.objects.get()
    assert action.status == ChangeAction.Status.DIUSULKAN
    usulan = Usulan.objects.get(pk=action.usulan_id)
    assert (usulan.kind, usulan.change_type, usulan.kk) == (Kind.PERUBAHAN, "meninggal", world.a.kk)
    proposed = {m["nik"]: m for m in usulan.household["members"]}
    assert proposed[head.nik]["alive"] is False
    assert proposed[head.nik]["date_of_death"] == "2025-05-01"
    assert head.nik not in usulan.reason  # the reason shows a masked NIK only
    assert registry_state() == before  # nothing changes before penetapan
    officer = AccessScope(role="operator_desa", region_prefix=head.keluarga.region_id)
    with pytest.raises(services.ReviewRefused, match=usulan.reference):
        services.action_apply(scope=officer, action_id=action.pk)
    with pytest.raises(services.ReviewRefused, match=usulan.reference):
        services.action_reject(scope=officer, action_id=action.pk, note="bukan")

    validate(world, usulan, "kk", "akta_kematian")
    pusat = scope_of(world, "pusat")
    batch = penetapan_batch_create(scope=pusat, program="DTKS", period="2025-07")
    # The outcome is recorded in penetapan's own transaction: rolled back with it ...
    with pytest.raises(RuntimeError), transaction.atomic():
        penetapan_batch_apply(scope=pusat, batch_id=batch.pk)
        action.refresh_from_db()
        assert action.status == ChangeAction.Status.DITERAPKAN
        raise RuntimeError("penetapan interrupted")
    action.refresh_from_db()
    assert action.status == ChangeAction.Status.DIUSULKAN
    # ... and committed with it, audited, with no sync needed.
    penetapan_batch_apply(scope=pusat, batch_id=batch.pk)
    head.refresh_from_db()
    assert head.alive is False and head.date_of_death.isoformat() == "2025-05-01"
    action.refresh_from_db()
    assert action.status == ChangeAction.Status.DITERAPKAN
    assert action.after == stored_record(world.a)[1]
    assert AuditEvent.objects.filter(
        action="matching.action.apply", object_id=str(action.pk)
    ).exists()
    kota = AccessScope(role="dinsos_kabkota", region_prefix="3273", username="kota")
    assert services.proposals_sync(scope=kota) == 0

    services.action_revert(scope=kota, action_id=action.pk, note="Dukcapil salah catat")
    assert registry_state() == before
    assert list(audit_verify()) == []


def test_a_rejected_proposal_rejects_the_action_and_leaves_the_registry(
    world: World, tmp_path: Path
) -> None:
    head, *_ = _members(world)
    before = registry_state()
    run_job(DUKCAPIL, source=_dead_unmatched(tmp_path, head))
    action = ChangeAction.objects.get()
    move(world, action.usulan, "op_a", "musdes_tolak", "Musdes: yang bersangkutan masih hidup.")
    action.refresh_from_db()  # recorded by the rejection itself, audited
    assert action.status == ChangeAction.Status.DITOLAK
    assert action.usulan.reference in action.note and "masih hidup" in action.note
    assert AuditEvent.objects.filter(
        action="matching.action.reject", object_id=str(action.pk)
    ).exists()
    assert services.proposals_sync(scope=scope_of(world, "pusat")) == 0
    assert registry_state() == before


def test_sync_still_closes_what_the_listener_did_not_see(world: World, tmp_path: Path) -> None:
    head, *_ = _members(world)
    run_job(DUKCAPIL, source=_dead_unmatched(tmp_path, head))
    action = ChangeAction.objects.get()
    unregister_decision_listener(services.proposals_decided)
    try:
        move(world, action.usulan, "op_a", "musdes_tolak", "Musdes: masih hidup.")
    finally:
        register_decision_listener(services.proposals_decided)
    action.refresh_from_db()
    assert action.status == ChangeAction.Status.DIUSULKAN
    assert services.proposals_sync(scope=scope_of(world, "pusat")) == 1
    action.refresh_from_db()
    assert action.status == ChangeAction.Status.DITOLAK


def test_move_of_one_member_is_proposed_as_the_household_without_them(
    world: World, tmp_path: Path
) -> None:
    _, child, *_ = _members(world)
    row = extract_row(child, pindah_ke="3273301002")
    run_job(DUKCAPIL, source=write_extract(tmp_path / "e.csv", [row]))
    action = ChangeAction.objects.get()
    assert action.kind == ChangeAction.Kind.PINDAH
    usulan = action.usulan
    assert usulan.change_type == "pindah"
    assert child.nik not in [m["nik"] for m in usulan.household["members"]]
    assert Anggota.objects.filter(nik=child.nik).exists()


def test_when_the_workflow_refuses_the_action_waits_for_an_officer(
    world: World, tmp_path: Path
) -> None:
    head, *_ = _members(world)
    record = stored_record(world.a)[1]
    record["members"][0]["schooling"] = "sma"
    open_change = usulan_submit(
        scope=scope_of(world, "op_a"),
        kind="perubahan",
        change_type="sekolah",
        source="operator",
        reason="Perubahan sekolah",
        household=record,
    )
    run_job(DUKCAPIL, source=_dead_unmatched(tmp_path, head))
    action = ChangeAction.objects.get()
    assert action.status == ChangeAction.Status.MENUNGGU and action.usulan is None
    assert open_change.reference in action.note  # why it was not proposed
    assert Usulan.objects.filter(status=Status.DIAJUKAN).count() == 1
    services.action_apply(scope=scope_of(world, "op_a"), action_id=action.pk)
    head.refresh_from_db()
    assert head.alive is False


def test_policy_without_the_workflow_keeps_the_officer_path(
    world: World, tmp_path: Path, settings: Any
) -> None:
    _set_policy(settings, tmp_path, via_usulan=False)
    head, *_ = _members(world)
    job = run_job(DUKCAPIL, source=_dead_unmatched(tmp_path, head))
    assert job.summary["diusulkan"] == 0
    action = ChangeAction.objects.get()
    assert action.status == ChangeAction.Status.MENUNGGU
    assert not Usulan.objects.exists()


def test_automatic_death_is_not_proposed(world: World, tmp_path: Path) -> None:
    head, *_ = _members(world)
    row = extract_row(head, status_hidup="meninggal", tanggal_meninggal="2025-05-01")
    job = run_job(DUKCAPIL, source=write_extract(tmp_path / "e.csv", [row]))
    assert job.summary["diterapkan_otomatis"] == 1 and job.summary["diusulkan"] == 0
    assert ChangeAction.objects.get().status == ChangeAction.Status.DITERAPKAN
    assert not Usulan.objects.exists()


def test_actions_page_shows_the_proposal_and_records_its_outcome(
    world: World, tmp_path: Path, client: Client
) -> None:
    head, *_ = _members(world)
    run_job(DUKCAPIL, source=_dead_unmatched(tmp_path, head))
    action = ChangeAction.objects.get()
    client.force_login(world.users["kab_3273"])
    page = client.get("/staf/kualitas-data/perubahan/?status=diusulkan")
    body = page.content.decode()
    assert page.status_code == 200 and action.usulan.reference in body
    assert 'value="terapkan"' not in body  # decided in the workflow, not here
    move(world, action.usulan, "op_a", "musdes_tolak", "Masih hidup.")
    client.get("/staf/kualitas-data/perubahan/")  # the page records decided proposals
    action.refresh_from_db()
    assert action.status == ChangeAction.Status.DITOLAK
