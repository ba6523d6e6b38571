"""Write use-cases of the review queue and of Dukcapil change actions: one transaction each,
audited, inside the caller's scope. Out-of-scope objects raise OutOfScope (shown as 404).

A merge removes the duplicate member from its family (or, when that family has no one else,
sets the family nonaktif) and keeps the household's before/after; undoing it puts the household
back exactly as it was, provided nothing changed it since.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.identity import mask_identity
from jaring.core.scope import AccessScope, OutOfScope
from jaring.matching.models import CandidatePair, ChangeAction, MergeRecord
from jaring.matching.registry_edit import RegistryConflict, household_change, household_restore
from jaring.registry.models import Keluarga
from jaring.registry.services import stored_record


class ReviewRefused(Exception):
    """The action is not possible in the pair's or action's state; message in Indonesian."""


def _locked_pair(scope: AccessScope, pair_id: int) -> CandidatePair:
    pair = CandidatePair.objects.select_for_update().filter(pk=pair_id).first()
    if pair is None or not scope.covers(pair.region_code):
        raise OutOfScope(str(pair_id))
    return pair


def _decide(
    scope: AccessScope, pair: CandidatePair, status: str, note: str, action: str
) -> CandidatePair:
    before = {"status": pair.status}
    pair.status = status
    pair.note = note[:500]
    pair.decided_by = scope.username or scope.role
    pair.decided_at = timezone.now()
    pair.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
    audit_record(
        scope=scope,
        change=Change(
            action,
            "candidate_pair",
            str(pair.pk),
            pair.region_code,
            before,
            {"status": status},
            note[:500],
        ),
    )
    return pair


def pair_mark_not_same(*, scope: AccessScope, pair_id: int, note: str = "") -> CandidatePair:
    """Two different people: the pair is closed and later runs do not propose it again."""
    with transaction.atomic():
        pair = _locked_pair(scope, pair_id)
        if pair.status not in (CandidatePair.Status.TERBUKA, CandidatePair.Status.VERIFIKASI):
            raise ReviewRefused("Pasangan ini sudah diputuskan.")
        return _decide(scope, pair, CandidatePair.Status.BUKAN_SAMA, note, "matching.pair.not_same")


def pair_send_to_field(*, scope: AccessScope, pair_id: int, note: str = "") -> CandidatePair:
    """Needs a visit: the pair waits at field verification (and can still be decided later)."""
    with transaction.atomic():
        pair = _locked_pair(scope, pair_id)
        if pair.status != CandidatePair.Status.TERBUKA:
            raise ReviewRefused("Hanya pasangan yang menunggu tinjauan dapat dikirim ke lapangan.")
        return _decide(scope, pair, CandidatePair.Status.VERIFIKASI, note, "matching.pair.field")


def _without_member(nik: str) -> Any:
    def change(record: dict[str, Any]) -> dict[str, Any]:
        members = [m for m in record["members"] if m["nik"] != nik]
        if not members:  # nobody else on this KK: keep the row, take the family off the list
            record["registry_status"] = "nonaktif"
        else:
            record["members"] = members
        return record

    return change


def pair_merge(*, scope: AccessScope, pair_id: int, keep: str = "a", note: str = "") -> MergeRecord:
    """Keep side `keep` ("a" or "b"); the other side's record leaves its family."""
    if keep not in ("a", "b"):
        raise ReviewRefused("Pilih data yang dipertahankan: A atau B.")
    with transaction.atomic():
        pair = _locked_pair(scope, pair_id)
        if pair.status not in (CandidatePair.Status.TERBUKA, CandidatePair.Status.VERIFIKASI):
            raise ReviewRefused("Pasangan ini sudah diputuskan.")
        kept, removed = (pair.a, pair.b) if keep == "a" else (pair.b, pair.a)
        if kept["keluarga_id"] == removed["keluarga_id"] and kept["nik"] == removed["nik"]:
            raise ReviewRefused("Kedua data adalah baris yang sama.")
        try:
            before, after = household_change(
                scope=scope,
                keluarga_id=removed["keluarga_id"],
                change=_without_member(removed["nik"]),
                note=f"matching: penggabungan pasangan #{pair.pk}",
            )
        except Keluarga.DoesNotExist as error:
            raise ReviewRefused("Keluarga data ini sudah tidak ada di registri.") from error
        if before == after:
            raise ReviewRefused("Data yang akan digabung sudah tidak ada di keluarganya.")
        merge = MergeRecord.objects.create(
            pair=pair,
            kept_anggota_id=kept["anggota_id"],
            removed_keluarga_id=removed["keluarga_id"],
            region_code=before["region"],
            before=before,
            after=after,
            merged_by=scope.username or scope.role,
        )
        _decide(scope, pair, CandidatePair.Status.DIGABUNG, note, "matching.pair.merge")
        return merge


def merge_revert(*, scope: AccessScope, merge_id: int, note: str = "") -> CandidatePair:
    """Undo a merge: the household is restored exactly and the pair waits for review again."""
    with transaction.atomic():
        merge = MergeRecord.objects.select_for_update().filter(pk=merge_id).first()
        if merge is None or not scope.covers(merge.pair.region_code):
            raise OutOfScope(str(merge_id))
        if merge.reverted_at is not None:
            raise ReviewRefused("Penggabungan ini sudah dibatalkan.")
        try:
            household_restore(
                scope=scope,
                keluarga_id=merge.removed_keluarga_id,
                expected=merge.after,
                restore=merge.before,
                note=f"matching: pembatalan penggabungan #{merge.pk}",
            )
        except RegistryConflict as error:
            raise ReviewRefused(str(error)) from error
        merge.reverted_at = timezone.now()
        merge.reverted_by = scope.username or scope.role
        merge.save(update_fields=["reverted_at", "reverted_by"])
        pair = _locked_pair(scope, merge.pair_id)
        return _decide(scope, pair, CandidatePair.Status.TERBUKA, note, "matching.pair.unmerge")


# -- Dukcapil change actions ------------------------------------------------------------------
def _locked_action(scope: AccessScope, action_id: int) -> ChangeAction:
    action = ChangeAction.objects.select_for_update().filter(pk=action_id).first()
    if action is None or not scope.covers(action.region_code):
        raise OutOfScope(str(action_id))
    return action


def _close_action(
    scope: AccessScope,
    action: ChangeAction,
    status: str,
    verb: str,
    note: str,
    extra: dict[str, object] | None = None,
) -> ChangeAction:
    """Record the decision on a death/move action (officer or policy), audited."""
    previous = action.status
    action.status = status
    action.decided_by = scope.username or scope.role
    action.decided_at = timezone.now()
    action.note = note[:500]
    action.save()
    audit_record(
        scope=scope,
        change=Change(
            f"matching.action.{verb}",
            "change_action",
            str(action.pk),
            action.region_code,
            {"status": previous},
            {"status": status, **(extra or {})},
            note[:500],
        ),
    )
    return action


def _death(nik: str, died: date | None) -> Any:
    def change(record: dict[str, Any]) -> dict[str, Any]:
        for member in record["members"]:
            if member["nik"] == nik:
                member["alive"] = False
                member["date_of_death"] = died.isoformat() if died else None
                member["pregnant"] = False
                member["pregnancy_order"] = None
        return record

    return change


def _move(nik: str, moved_to: str) -> Any:
    """The whole family moves when this is its only member; otherwise the member leaves the KK
    (Dukcapil issues them a new one in the new desa)."""

    def change(record: dict[str, Any]) -> dict[str, Any]:
        if [m["nik"] for m in record["members"]] == [nik]:
            record["region"] = moved_to
        else:
            record["members"] = [m for m in record["members"] if m["nik"] != nik]
        return record

    return change


def _waiting(action: ChangeAction) -> None:
    if action.status == ChangeAction.Status.DIUSULKAN and action.usulan is not None:
        raise ReviewRefused(
            f"Perubahan ini sedang diproses lewat usulan {action.usulan.reference}; "
            "putuskan di alur usulan."
        )
    if action.status != ChangeAction.Status.MENUNGGU:
        raise ReviewRefused("Perubahan ini sudah diputuskan.")


def _change_of(action: ChangeAction) -> Any:
    if action.kind == ChangeAction.Kind.MENINGGAL:
        return _death(action.nik, action.date_of_death)
    return _move(action.nik, action.moved_to)


def action_apply(
    *, scope: AccessScope, action_id: int, automatic: bool = False, note: str = ""
) -> ChangeAction:
    with transaction.atomic():
        action = _locked_action(scope, action_id)
        _waiting(action)
        if action.kind == ChangeAction.Kind.PINDAH and not scope.covers(action.moved_to):
            raise ReviewRefused(
                "Desa tujuan di luar wilayah Anda; perubahan ini diputuskan petugas "
                "yang membawahi kedua wilayah."
            )
        change = _change_of(action)
        try:
            before, after = household_change(
                scope=scope,
                keluarga_id=action.keluarga_id,
                change=change,
                note=f"matching: {action.get_kind_display().lower()} menurut Dukcapil",
            )
        except Keluarga.DoesNotExist as error:
            raise ReviewRefused("Keluarga ini sudah tidak ada di registri.") from error
        action.before, action.after = before, after
        action.automatic = automatic
        return _close_action(
            scope, action, ChangeAction.Status.DITERAPKAN, "apply", note, {"automatic": automatic}
        )


def action_reject(*, scope: AccessScope, action_id: int, note: str = "") -> ChangeAction:
    with transaction.atomic():
        action = _locked_action(scope, action_id)
        _waiting(action)
        if not note.strip():
            raise ReviewRefused("Tuliskan alasan penolakan.")
        return _close_action(scope, action, ChangeAction.Status.DITOLAK, "reject", note)


def action_revert(*, scope: AccessScope, action_id: int, note: str = "") -> ChangeAction:
    """Undo an applied death or move (e.g. a Dukcapil error): the household as it was before."""
    with transaction.atomic():
        action = _locked_action(scope, action_id)
        if action.status != ChangeAction.Status.DITERAPKAN or action.before is None:
            raise ReviewRefused("Hanya perubahan yang sudah diterapkan dapat dibatalkan.")
        try:
            household_restore(
                scope=scope,
                keluarga_id=action.keluarga_id,
                expected=action.after,
                restore=action.before,
                note=f"matching: pembatalan perubahan #{action.pk}",
            )
        except RegistryConflict as error:
            raise ReviewRefused(str(error)) from error
        return _close_action(scope, action, ChangeAction.Status.DIBATALKAN, "revert", note)


# -- Deaths and moves as workflow proposals ----------------------------------------------------
def _proposal_reason(action: ChangeAction) -> str:
    who = f"{action.name} (NIK {mask_identity(action.nik)})"
    if action.kind == ChangeAction.Kind.MENINGGAL:
        when = f" pada {action.date_of_death:%d-%m-%Y}" if action.date_of_death else ""
        fact = f"{who} meninggal dunia{when}"
    else:
        fact = f"{who} pindah ke desa/kelurahan {action.moved_to}"
    return f"Menurut data Dukcapil (pemadanan #{action.job_id}), {fact}."


def action_propose(*, scope: AccessScope, action_id: int) -> ChangeAction:
    """Send a waiting death or move into the usulan workflow as a "perubahan data" proposal
    carrying the household as it would be after the change. The registry is not touched: the
    workflow's penetapan applies it, and `proposals_sync` then records it here (reversible like
    any applied action). If the workflow refuses the proposal (say another one is open for the
    KK), the action keeps waiting for an officer and its note says why."""
    from jaring.usulan.models import Kind, Source
    from jaring.usulan.services import SubmissionRefused, usulan_submit

    with transaction.atomic():
        action = _locked_action(scope, action_id)
        _waiting(action)
        keluarga = Keluarga.objects.filter(pk=action.keluarga_id).first()
        if keluarga is None:
            raise ReviewRefused("Keluarga ini sudah tidak ada di registri.")
        before = stored_record(keluarga)[1]
        after = _change_of(action)(copy.deepcopy(before))
        try:
            with transaction.atomic():
                usulan = usulan_submit(
                    scope=scope,
                    kind=Kind.PERUBAHAN,
                    change_type=str(action.kind),
                    source=Source.BERKAS,
                    reason=_proposal_reason(action),
                    household=after,
                )
        except SubmissionRefused as error:
            action.note = f"Tidak dapat diusulkan: {error}"[:500]
            action.save(update_fields=["note"])
            return action
        action.usulan = usulan
        action.before = before
        return _close_action(
            scope,
            action,
            ChangeAction.Status.DIUSULKAN,
            "propose",
            f"usulan {usulan.reference}",
            {"usulan": usulan.reference},
        )


def proposals_sync(*, scope: AccessScope) -> int:
    """Record the outcome of decided proposals: ditetapkan → diterapkan (penetapan changed the
    registry; `action_revert` can still put the household back), ditolak → ditolak. Returns
    how many actions were closed. Penetapan and rejection already do this through
    `proposals_decided`; this catches what they left (an action outside the decider's region,
    or decided before the listener existed)."""
    decided = scope.filter(
        ChangeAction.objects.filter(
            status=ChangeAction.Status.DIUSULKAN, usulan__isnull=False, usulan__is_open=False
        ),
        "region_code",
    )
    closed = 0
    for action_id in decided.values_list("pk", flat=True):
        with transaction.atomic():
            closed += _record_outcome(scope, action_id)
    return closed


def _record_outcome(scope: AccessScope, action_id: int) -> int:
    """Close one proposed action whose proposal is decided (1), or leave it (0)."""
    from jaring.usulan.models import Status

    action = _locked_action(scope, action_id)
    usulan = action.usulan
    if action.status != ChangeAction.Status.DIUSULKAN or usulan is None or usulan.is_open:
        return 0
    reference = usulan.reference
    if usulan.status == Status.DITETAPKAN:
        keluarga = Keluarga.objects.filter(pk=action.keluarga_id).first()
        action.after = stored_record(keluarga)[1] if keluarga else None
        status, verb = ChangeAction.Status.DITERAPKAN, "apply"
        note = f"ditetapkan lewat usulan {reference}"
    else:
        status, verb = ChangeAction.Status.DITOLAK, "reject"
        note = f"usulan {reference} ditolak: {usulan.outcome_reason}"
    _close_action(scope, action, status, verb, note, {"usulan": reference})
    return 1


def proposals_decided(*, scope: AccessScope, usulan_ids: Sequence[int]) -> None:
    """The usulan workflow's decision listener (registered in MatchingConfig.ready): the
    actions waiting on these proposals record the outcome in the deciding transaction. An
    action outside the decider's region is left to `proposals_sync`."""
    waiting = ChangeAction.objects.filter(
        status=ChangeAction.Status.DIUSULKAN, usulan_id__in=list(usulan_ids)
    ).values_list("pk", "region_code")
    for action_id, region in list(waiting):
        if scope.covers(region):
            _record_outcome(scope, action_id)
