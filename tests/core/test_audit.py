"""The audit chain: records append in order, and `jaring audit verify` finds any tampering."""

from __future__ import annotations

import io

import orjson
import pytest
from django.core.management import call_command
from django.db import transaction

from jaring.core.audit import Change, audit_record, audit_record_many, audit_verify
from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope

pytestmark = pytest.mark.django_db
SCOPE = AccessScope.system("uji")


def _record(count: int) -> None:
    with transaction.atomic():
        audit_record_many(
            scope=SCOPE,
            changes=[
                Change(
                    "keluarga.update",
                    "keluarga",
                    str(i),
                    "3273011001",
                    {"desil": i},
                    {"desil": i + 1},
                )
                for i in range(count)
            ],
        )


def verify() -> tuple[int, dict[str, object]]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, orjson.loads(out.getvalue())


def test_an_untouched_chain_verifies() -> None:
    _record(5)
    with transaction.atomic():
        audit_record(scope=SCOPE, change=Change("user.create", "user", "1"))
    assert verify() == (0, {"ok": True, "events": 6})
    assert [e.seq for e in AuditEvent.objects.order_by("seq")] == [1, 2, 3, 4, 5, 6]


def test_an_edited_after_value_is_reported_at_its_seq() -> None:
    _record(5)
    AuditEvent.objects.filter(seq=3).update(after={"desil": 1})
    code, summary = verify()
    assert code == 1 and summary["ok"] is False
    assert summary["breaks"] == [{"seq": 3, "reason": "isi peristiwa diubah (hash tidak cocok)"}]


def test_an_edited_before_value_or_actor_is_reported() -> None:
    _record(4)
    AuditEvent.objects.filter(seq=2).update(before=None)
    AuditEvent.objects.filter(seq=4).update(actor="orang lain")
    code, summary = verify()
    assert code == 1
    assert [b["seq"] for b in summary["breaks"]] == [2, 4]  # type: ignore[index]


def test_a_deleted_middle_row_is_reported() -> None:
    _record(5)
    AuditEvent.objects.filter(seq=3).delete()
    code, summary = verify()
    assert code == 1
    assert summary["breaks"] == [
        {"seq": 4, "reason": "urutan terputus: diharapkan #3"},
        {"seq": 4, "reason": "prev_hash tidak cocok dengan peristiwa sebelumnya"},
    ]


def test_a_deleted_last_row_is_reported() -> None:
    _record(5)
    AuditEvent.objects.filter(seq=5).delete()
    code, summary = verify()
    assert code == 1
    assert summary["breaks"] == [
        {"seq": 4, "reason": "ujung rantai tidak cocok (peristiwa terakhir dihapus?)"}
    ]


def test_a_rehashed_forgery_still_breaks_the_next_link() -> None:
    """Recomputing the hash of an edited row is not enough: the next row names the old hash."""
    from jaring.core.audit import _digest

    _record(3)
    event = AuditEvent.objects.get(seq=2)
    change = Change(
        event.action,
        event.object_type,
        event.object_id,
        event.region_code,
        event.before,
        {"desil": 9},
        event.note,
    )
    forged = _digest(event.prev_hash, event.seq, event.at, event.actor, change)
    AuditEvent.objects.filter(seq=2).update(after={"desil": 9}, hash=forged)
    breaks = list(audit_verify())
    assert [(b.seq, b.reason) for b in breaks] == [
        (3, "prev_hash tidak cocok dengan peristiwa sebelumnya")
    ]


def test_plain_output() -> None:
    _record(2)
    out = io.StringIO()
    call_command("audit", "verify", "--plain", stdout=out)
    assert out.getvalue().strip() == "OK: 2 peristiwa, rantai utuh"
