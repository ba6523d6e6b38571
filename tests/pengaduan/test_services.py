"""The complaint workflow: every status path, replies, notes, assignment, links, escalation,
and the whistleblower's identity (assigned investigator only, every view audited)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from jaring.core.audit import audit_verify
from jaring.core.models import AuditEvent
from jaring.notify.models import OutboxMessage
from jaring.pengaduan import services
from jaring.pengaduan.escalation import complaints_escalate_overdue
from jaring.pengaduan.models import Complaint, ComplaintReporter, Entry, Status
from jaring.pengaduan.services import ComplaintNotFound, ComplaintRefused
from jaring.pengaduan.uploads import check_evidence
from tests.pengaduan.helpers import DESA_C, World, submit

pytestmark = pytest.mark.django_db

PATHS = [
    ["diverifikasi", "ditindaklanjuti", "selesai"],
    ["ditolak"],
    ["diverifikasi", "ditolak"],
]
REFUSED = [
    ([], "selesai"),
    ([], "ditindaklanjuti"),
    (["diverifikasi"], "selesai"),
    (["diverifikasi", "ditindaklanjuti"], "ditolak"),
    (["diverifikasi", "ditindaklanjuti"], "diverifikasi"),
    (["diverifikasi", "ditindaklanjuti", "selesai"], "ditindaklanjuti"),
    (["ditolak"], "diverifikasi"),
    ([], "diterima"),
    ([], "bukan-status"),
]


def _move(
    world: World, complaint: Complaint, steps: list[str], user: str = "kab_3273"
) -> Complaint:
    for step in steps:
        reason = "Tidak terbukti setelah diperiksa." if step == "ditolak" else ""
        complaint = services.complaint_set_status(
            desk=world.desk(user), complaint_id=complaint.pk, status=step, reason=reason
        )
    return complaint


def test_submit_routes_stores_and_confirms(world: World) -> None:
    complaint = submit(kk=world.families["a"].kk)
    assert complaint.status == Status.DITERIMA
    assert (complaint.office_kind, complaint.office_code) == ("dinsos_kabkota", "3273")
    assert complaint.keluarga == world.families["a"]
    assert complaint.sla_days == 14
    assert complaint.due_at - complaint.created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )
    messages = OutboxMessage.objects.filter(topic="pengaduan")
    assert {m.channel for m in messages} == {"email", "sms"}
    assert all(complaint.reference in m.body for m in messages)
    event = AuditEvent.objects.get(action="pengaduan.submit")
    assert "Rahasia Pelapor" not in str(event.after) and "pelapor@example.id" not in str(
        event.after
    )
    assert list(audit_verify()) == []


def test_anonymous_report_stores_no_identity(world: World) -> None:
    complaint = submit(anonymous=True)
    assert complaint.anonymous
    assert not ComplaintReporter.objects.filter(complaint=complaint).exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("path", PATHS, ids=["->".join(p) for p in PATHS])
def test_every_status_path(world: World, path: list[str]) -> None:
    complaint = _move(world, submit(), path)
    complaint.refresh_from_db()
    assert complaint.status == path[-1]
    assert complaint.resolved_at is not None
    if "diverifikasi" in path:
        assert complaint.verified_at is not None
    public = list(
        complaint.entries.filter(kind=Entry.Kind.STATUS).values_list("status_to", flat=True)
    )
    assert public == ["diterima", *path]
    sent = OutboxMessage.objects.filter(channel="sms").count()
    assert sent == 1 + len(path)  # received, then each change
    assert AuditEvent.objects.filter(action="pengaduan.status").count() == len(path)


@pytest.mark.parametrize("before,status", REFUSED)
def test_invalid_transitions_are_refused(world: World, before: list[str], status: str) -> None:
    complaint = _move(world, submit(), before)
    with pytest.raises(ComplaintRefused):
        services.complaint_set_status(
            desk=world.desk("kab_3273"), complaint_id=complaint.pk, status=status, reason="x"
        )
    complaint.refresh_from_db()
    assert complaint.status == (before[-1] if before else "diterima")


def test_rejection_needs_a_reason(world: World) -> None:
    complaint = submit()
    with pytest.raises(ComplaintRefused, match="alasan"):
        services.complaint_set_status(
            desk=world.desk("kab_3273"), complaint_id=complaint.pk, status="ditolak", reason="  "
        )
    assert Complaint.objects.get(pk=complaint.pk).status == "diterima"


def test_only_the_handling_office_may_act(world: World) -> None:
    complaint = submit(category="salah_sasaran")  # dinsos 3273, visible to desa A too
    for user in ("op_a", "prov_32", "pusat"):
        with pytest.raises(ComplaintRefused):
            services.complaint_set_status(
                desk=world.desk(user), complaint_id=complaint.pk, status="diverifikasi"
            )
    for user in ("op_c", "kab_3204", "insp_3204"):
        with pytest.raises(ComplaintNotFound):
            services.complaint_reply(desk=world.desk(user), complaint_id=complaint.pk, body="x")
    assert Complaint.objects.get(pk=complaint.pk).status == "diterima"


def test_reply_is_public_and_sent_note_is_internal(world: World) -> None:
    complaint = submit()
    desk = world.desk("kab_3273")
    services.complaint_reply(desk=desk, complaint_id=complaint.pk, body="Kami sedang memeriksa.")
    services.complaint_note(desk=desk, complaint_id=complaint.pk, body="Saksi: ketua RT 03.")
    reply = Entry.objects.get(kind="reply")
    note = Entry.objects.get(kind="note")
    assert reply.is_public and not note.is_public
    bodies = list(OutboxMessage.objects.values_list("body", flat=True))
    assert any("Kami sedang memeriksa." in b for b in bodies)
    assert not any("Saksi" in b for b in bodies)


def test_assignment_to_office_members_and_covering_investigators(world: World) -> None:
    complaint = submit()
    desk = world.desk("kab_3273")
    services.complaint_assign(
        desk=desk, complaint_id=complaint.pk, assignee_id=world.users["kab_3273b"].pk
    )
    services.complaint_assign(
        desk=desk, complaint_id=complaint.pk, assignee_id=world.users["insp_3273"].pk
    )
    assert Complaint.objects.get(pk=complaint.pk).assigned_to == world.users["insp_3273"]
    for outsider in ("kab_3204", "op_a", "insp_3204"):
        with pytest.raises(ComplaintRefused):
            services.complaint_assign(
                desk=desk, complaint_id=complaint.pk, assignee_id=world.users[outsider].pk
            )


def test_links_family_in_scope_and_references(world: World) -> None:
    complaint = submit()
    desk = world.desk("kab_3273")
    with pytest.raises(ComplaintRefused, match="KK"):
        services.complaint_link(desk=desk, complaint_id=complaint.pk, kk=world.families["c"].kk)
    services.complaint_link(
        desk=desk,
        complaint_id=complaint.pk,
        kk=world.families["b"].kk,
        usulan_ref="USL-2025-ABCDEFGH",
        penyaluran_ref="PAY-1",
    )
    complaint.refresh_from_db()
    assert complaint.keluarga == world.families["b"]
    assert complaint.usulan_ref == "USL-2025-ABCDEFGH"
    from jaring.pengaduan.selectors import complaint_links

    assert complaint_links(complaint)["usulan"].found is False


def test_reporter_identity_only_for_the_assigned_investigator(world: World) -> None:
    complaint = submit(category="pungli", reported_office="desa")
    assert (complaint.office_kind, complaint.office_code) == ("inspektorat_kabkota", "3273")
    # Unassigned: even the inspectorate may not open it; Dinas Sosial cannot see the case.
    with pytest.raises(ComplaintRefused):
        services.reporter_reveal(desk=world.desk("insp_3273"), complaint_id=complaint.pk)
    for user in ("kab_3273", "op_a", "prov_32", "pusat"):
        with pytest.raises(ComplaintNotFound):
            services.reporter_reveal(desk=world.desk(user), complaint_id=complaint.pk)
    services.complaint_assign(
        desk=world.desk("insp_3273"),
        complaint_id=complaint.pk,
        assignee_id=world.users["insp_3273"].pk,
    )
    person = services.reporter_reveal(desk=world.desk("insp_3273"), complaint_id=complaint.pk)
    assert person is not None and person.email == "pelapor@example.id"
    services.reporter_reveal(desk=world.desk("insp_3273"), complaint_id=complaint.pk)
    views = AuditEvent.objects.filter(
        action="pengaduan.reporter_view", object_id=complaint.reference
    )
    assert views.count() == 2
    assert set(views.values_list("actor", flat=True)) == {"insp_3273"}


def test_a_non_investigator_assignee_never_sees_the_identity(world: World) -> None:
    complaint = submit()
    desk = world.desk("kab_3273")
    services.complaint_assign(
        desk=desk, complaint_id=complaint.pk, assignee_id=world.users["kab_3273"].pk
    )
    with pytest.raises(ComplaintRefused):
        services.reporter_reveal(desk=world.desk("kab_3273"), complaint_id=complaint.pk)
    assert not AuditEvent.objects.filter(action="pengaduan.reporter_view").exists()


def test_overdue_complaints_escalate_to_the_level_above(world: World) -> None:
    complaint = submit(category="data_salah")  # desa office, 14 days
    other = submit(category="data_salah", region=DESA_C)
    services.complaint_assign(
        desk=world.desk("op_a"), complaint_id=complaint.pk, assignee_id=world.users["op_a2"].pk
    )
    later = timezone.now() + timedelta(days=15)
    Complaint.objects.filter(pk=other.pk).update(status="selesai", resolved_at=timezone.now())
    assert complaints_escalate_overdue(now=later) == 1
    complaint.refresh_from_db()
    assert (complaint.office_kind, complaint.office_code) == ("dinsos_kabkota", "3273")
    assert complaint.escalation_level == 1 and complaint.assigned_to is None
    assert complaint.due_at == later + timedelta(days=7)
    assert complaints_escalate_overdue(now=later) == 0  # not overdue at its new office yet
    # Up to Kemensos, then it stays (and stays overdue).
    assert complaints_escalate_overdue(now=later + timedelta(days=8)) == 1
    assert complaints_escalate_overdue(now=later + timedelta(days=16)) == 1
    assert complaints_escalate_overdue(now=later + timedelta(days=24)) == 0
    complaint.refresh_from_db()
    assert (complaint.office_kind, complaint.office_code, complaint.escalation_level) == (
        "kemensos",
        "",
        3,
    )
    assert AuditEvent.objects.filter(action="pengaduan.escalate").count() == 3
    # The new office can act; the desa no longer can.
    services.complaint_set_status(
        desk=world.desk("pusat"), complaint_id=complaint.pk, status="diverifikasi"
    )
    with pytest.raises(ComplaintRefused):
        services.complaint_note(desk=world.desk("op_a"), complaint_id=complaint.pk, body="x")


def test_escalating_a_complaint_about_the_province_skips_the_province(world: World) -> None:
    complaint = submit(reported_office="dinsos_provinsi")
    assert complaint.office_kind == "inspektorat_pusat"
    Complaint.objects.filter(pk=complaint.pk).update(
        office_kind="dinsos_kabkota", office_code="3273"
    )
    complaints_escalate_overdue(now=timezone.now() + timedelta(days=40))
    complaint.refresh_from_db()
    assert complaint.office_kind == "kemensos"


def test_failed_submit_leaves_no_files(
    world: World, png: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = [check_evidence(SimpleUploadedFile("a.png", png), label="Bukti 1")]

    def boom(**_kwargs: object) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", boom)
    with pytest.raises(RuntimeError):
        submit(evidence=evidence)
    assert not Complaint.objects.exists()
    folders = (
        default_storage.listdir("pengaduan/bukti")[1]
        if default_storage.exists("pengaduan/bukti")
        else []
    )
    assert folders == []


def test_reference_links_resolve_against_whichever_model_exists(world: World) -> None:
    from jaring.pengaduan.selectors import _resolve

    target = submit()
    candidates = (("usulan", "TidakAda", "reference"), ("pengaduan", "Complaint", "reference"))
    found = _resolve(target.reference, candidates)
    assert found.found and target.reference in found.label
    assert not _resolve("ADU-TIDAK-ADA", candidates).found
    assert _resolve("", candidates).value == ""
