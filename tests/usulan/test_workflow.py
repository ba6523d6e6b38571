"""Every path through the state machine, each illegal transition, and each out-of-scope actor."""

from __future__ import annotations

import pytest

from jaring.core.models import AuditEvent
from jaring.core.scope import OutOfScope
from jaring.notify.models import OutboxMessage
from jaring.registry.models import Keluarga
from jaring.usulan.models import Status, Usulan
from jaring.usulan.penetapan import penetapan_batch_apply, penetapan_batch_create
from jaring.usulan.policy import usulan_policy
from jaring.usulan.services import usulan_resubmit, usulan_transition
from jaring.usulan.workflow import TRANSITIONS, TransitionRefused, check_transition
from tests.usulan.conftest import DESA_A, World, attach, scope_of, submit_new

pytestmark = pytest.mark.django_db


def move(world: World, usulan: Usulan, who: str, action: str, note: str = "", **data) -> Usulan:
    return usulan_transition(
        scope=scope_of(world, who), usulan_id=usulan.pk, action=action, note=note, data=data
    )


def field_visit() -> dict:
    return {
        "checklist": {item: "ya" for item in usulan_policy().checklist},
        "temuan": "Rumah semi permanen, penghasilan harian tidak tetap.",
    }


def to_dinsos(world: World, usulan: Usulan) -> Usulan:
    move(world, usulan, "op_a", "musdes_terima", "Notulen musdes 12 Mei: disetujui 14 warga.")
    attach(world, usulan, "op_a", "ktp", "kk", "sktm")
    return move(world, usulan, "op_a", "verifikasi_desa")


def to_validated(world: World, usulan: Usulan) -> Usulan:
    to_dinsos(world, usulan)
    move(world, usulan, "kab_3273", "dinsos_lulus", **field_visit())
    return move(world, usulan, "pusat", "validasi_setuju")


def test_accepted_path_ends_in_the_registry_with_history_audit_and_notice(world: World) -> None:
    usulan = submit_new(world)
    assert usulan.status == Status.DIAJUKAN and usulan.eligibility["programs"]["PKH"]["eligible"]
    to_validated(world, usulan)
    batch = penetapan_batch_create(scope=scope_of(world, "pusat"), program="PKH", period="2025-07")
    penetapan_batch_apply(scope=scope_of(world, "pusat"), batch_id=batch.pk)
    usulan.refresh_from_db()
    assert usulan.status == Status.DITETAPKAN and not usulan.is_open
    family = Keluarga.objects.get(kk=usulan.kk)
    assert family.registry_status == "aktif" and family.anggota.count() == 2
    assert usulan.keluarga_id_applied == family.pk
    actions = list(usulan.steps.values_list("action", flat=True))
    assert actions == [
        "ajukan",
        "musdes_terima",
        "verifikasi_desa",
        "dinsos_lulus",
        "validasi_setuju",
        "penetapan",
    ]
    who = list(usulan.steps.values_list("actor_name", flat=True))
    assert who[1:5] == ["op_a", "op_a", "kab_3273", "pusat"]
    visit = usulan.steps.get(action="dinsos_lulus").data
    assert visit["temuan"].startswith("Rumah") and set(visit["checklist"].values()) == {"ya"}
    assert AuditEvent.objects.filter(object_type="keluarga", object_id=str(family.pk)).exists()
    assert AuditEvent.objects.filter(object_id=usulan.reference).count() >= 6
    sms = OutboxMessage.objects.get(channel="sms", topic="usulan.penetapan")
    assert usulan.reference in sms.body and "ditetapkan masuk program PKH" in sms.body


def test_rejected_at_musdes_with_minutes_and_the_family_told(world: World) -> None:
    usulan = submit_new(world)
    with pytest.raises(TransitionRefused, match="alasan"):
        move(world, usulan, "op_a", "musdes_tolak")
    move(world, usulan, "op_a", "musdes_tolak", "Musdes: keluarga memiliki usaha toko besar.")
    usulan.refresh_from_db()
    assert usulan.status == Status.DITOLAK and not usulan.is_open
    assert "usaha toko" in usulan.outcome_reason
    body = OutboxMessage.objects.get(channel="sms").body
    assert "tidak dapat dilanjutkan" in body and "usaha toko" in body
    assert not Keluarga.objects.filter(kk=usulan.kk).exists()


def test_sent_back_for_repair_and_resubmitted(world: World) -> None:
    usulan = submit_new(world)
    to_dinsos(world, usulan)
    move(world, usulan, "kab_3273", "kembalikan", "Foto KTP buram, unggah ulang.")
    usulan.refresh_from_db()
    assert usulan.status == Status.PERLU_PERBAIKAN
    with pytest.raises(TransitionRefused):
        move(world, usulan, "kab_3273", "ajukan_ulang")  # only the submitter's side repairs
    usulan_resubmit(scope=scope_of(world, "op_a"), usulan_id=usulan.pk, note="KTP diunggah ulang")
    usulan.refresh_from_db()
    assert usulan.status == Status.DIAJUKAN
    assert list(usulan.steps.values_list("action", flat=True))[-2:] == [
        "kembalikan",
        "ajukan_ulang",
    ]


def test_rejected_at_dinsos(world: World) -> None:
    usulan = submit_new(world)
    to_dinsos(world, usulan)
    move(world, usulan, "kab_3273", "dinsos_tolak", "Kunjungan: penghasilan di atas UMK.")
    usulan.refresh_from_db()
    assert usulan.status == Status.DITOLAK and usulan.outcome_reason.startswith("Kunjungan")


def test_rejected_by_kemensos(world: World) -> None:
    first = submit_new(world, serial=601)
    to_dinsos(world, first)
    move(world, first, "kab_3273", "dinsos_lulus", **field_visit())
    move(world, first, "pusat", "validasi_tolak", "Terdeteksi ganda dengan data Dukcapil.")
    first.refresh_from_db()
    assert first.status == Status.DITOLAK


def test_dinsos_needs_the_field_visit_and_desa_needs_the_documents(world: World) -> None:
    usulan = submit_new(world)
    move(world, usulan, "op_a", "musdes_terima", "Notulen")
    with pytest.raises(TransitionRefused, match=r"Dokumen belum lengkap: .*SKTM"):
        move(world, usulan, "op_a", "verifikasi_desa")
    attach(world, usulan, "op_a", "ktp", "kk", "sktm")
    move(world, usulan, "op_a", "verifikasi_desa")
    with pytest.raises(TransitionRefused, match="daftar periksa"):
        move(world, usulan, "kab_3273", "dinsos_lulus", temuan="sesuai")
    with pytest.raises(TransitionRefused, match="temuan"):
        move(world, usulan, "kab_3273", "dinsos_lulus", checklist=field_visit()["checklist"])


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("status", [s.value for s in Status])
@pytest.mark.parametrize(
    "role", ["operator_desa", "dinsos_kabkota", "dinsos_provinsi", "kemensos_pusat", "warga"]
)
def test_the_transition_table_refuses_every_move_it_does_not_list(
    action: str, status: str, role: str
) -> None:
    transition = TRANSITIONS[action]
    allowed = status in transition.sources and role in transition.roles
    if action == "kembalikan" and allowed:
        owner = {
            "diajukan": "operator_desa",
            "verifikasi_desa": "operator_desa",
            "verifikasi_dinsos": "dinsos_kabkota",
            "validasi_kemensos": "kemensos_pusat",
        }
        allowed = owner[status] == role
    if allowed:
        assert check_transition(action=action, status=status, role=role) is transition
    else:
        with pytest.raises(TransitionRefused):
            check_transition(action=action, status=status, role=role)


def test_illegal_transitions_are_refused_with_a_clear_message_and_change_nothing(
    world: World,
) -> None:
    usulan = submit_new(world)
    events = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused, match="tidak dapat dilakukan pada usulan berstatus"):
        move(world, usulan, "pusat", "validasi_setuju")
    with pytest.raises(TransitionRefused, match="tidak berwenang"):
        move(world, usulan, "kab_3273", "musdes_terima", "x")
    with pytest.raises(TransitionRefused, match="tidak berwenang"):
        move(world, usulan, "prov_32", "kembalikan", "x")
    with pytest.raises(TransitionRefused, match="tidak dikenal"):
        move(world, usulan, "op_a", "tetapkan_langsung")
    usulan.refresh_from_db()
    assert usulan.status == Status.DIAJUKAN and AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["op_b", "op_c", "kab_3204"])
def test_out_of_scope_actors_are_refused_as_not_found(world: World, who: str) -> None:
    usulan = submit_new(world, region=DESA_A)
    with pytest.raises(OutOfScope):
        move(world, usulan, who, "musdes_terima", "x")
    to_dinsos(world, usulan)
    with pytest.raises(OutOfScope):
        move(world, usulan, who, "dinsos_lulus", **field_visit())
    usulan.refresh_from_db()
    assert usulan.status == Status.VERIFIKASI_DINSOS


def test_penetapan_is_refused_to_regional_staff(world: World) -> None:
    usulan = submit_new(world)
    to_validated(world, usulan)
    for who in ("op_a", "kab_3273", "prov_32"):
        with pytest.raises(TransitionRefused, match="tidak berwenang"):
            penetapan_batch_create(scope=scope_of(world, who), program="PKH", period="2025-07")
    batch = penetapan_batch_create(scope=scope_of(world, "pusat"), program="PKH", period="2025-07")
    with pytest.raises(TransitionRefused):
        penetapan_batch_apply(scope=scope_of(world, "kab_3273"), batch_id=batch.pk)
    usulan.refresh_from_db()
    assert usulan.status == Status.TERVALIDASI
