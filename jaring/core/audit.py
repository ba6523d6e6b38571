"""Appending to and verifying the hash-chained audit log.

Services call `audit_record` (or `audit_record_many` for bulk work) inside their transaction,
so the change and its audit event commit or roll back together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from django.db import transaction
from django.utils import timezone

from jaring.core.models import AuditChainHead, AuditEvent
from jaring.core.scope import AccessScope

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class Change:
    action: str
    object_type: str
    object_id: str
    region_code: str = ""
    before: Any = None
    after: Any = None
    note: str = ""


def _digest(prev_hash: str, seq: int, at: datetime, actor: str, change: Change) -> str:
    payload = orjson.dumps(
        {
            "seq": seq,
            "at": at.isoformat(),
            "actor": actor,
            "action": change.action,
            "object_type": change.object_type,
            "object_id": change.object_id,
            "region_code": change.region_code,
            "before": change.before,
            "after": change.after,
            "note": change.note,
        },
        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
    )
    return hashlib.sha256(prev_hash.encode() + payload).hexdigest()


def _actor(scope: AccessScope) -> str:
    return scope.username or scope.role


def audit_record_many(
    *,
    scope: AccessScope,
    changes: Iterable[Change],
    batch_size: int = 5000,
    insert: Callable[[list[AuditEvent]], object] | None = None,
) -> int:
    """Append changes to the chain; must run inside the caller's transaction. Returns count.

    `insert` writes one batch of built events (default: bulk_create); bulk imports pass a
    COPY-based writer, since bulk_create binds every JSON payload client-side on PostgreSQL.
    """
    write = insert or AuditEvent.objects.bulk_create
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the service's transaction")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    actor = _actor(scope)
    at = timezone.now()
    seq, prev = head.seq, head.hash
    pending: list[AuditEvent] = []
    count = 0
    for change in changes:
        seq += 1
        digest = _digest(prev, seq, at, actor, change)
        pending.append(
            AuditEvent(
                seq=seq,
                at=at,
                actor=actor,
                action=change.action,
                object_type=change.object_type,
                object_id=change.object_id,
                region_code=change.region_code,
                before=change.before,
                after=change.after,
                note=change.note,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
        count += 1
        if len(pending) >= batch_size:
            write(pending)
            pending.clear()
    if pending:
        write(pending)
    head.seq, head.hash = seq, prev
    head.save(update_fields=["seq", "hash"])
    return count


def audit_record(*, scope: AccessScope, change: Change) -> None:
    audit_record_many(scope=scope, changes=[change])


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    reason: str


def audit_verify(*, chunk: int = 20000) -> Iterator[ChainBreak]:
    """Yield every place where the stored chain does not recompute."""
    prev = GENESIS
    expected_seq = 1
    last_seq = 0
    qs = AuditEvent.objects.order_by("seq")
    start = 0
    while True:
        rows = list(qs.filter(seq__gt=start)[:chunk])
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                yield ChainBreak(ev.seq, f"urutan terputus: diharapkan #{expected_seq}")
            if ev.prev_hash != prev:
                yield ChainBreak(ev.seq, "prev_hash tidak cocok dengan peristiwa sebelumnya")
            change = Change(
                ev.action,
                ev.object_type,
                ev.object_id,
                ev.region_code,
                ev.before,
                ev.after,
                ev.note,
            )
            if _digest(ev.prev_hash, ev.seq, ev.at, ev.actor, change) != ev.hash:
                yield ChainBreak(ev.seq, "isi peristiwa diubah (hash tidak cocok)")
            prev = ev.hash
            expected_seq = ev.seq + 1
            last_seq = ev.seq
        start = rows[-1].seq
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != last_seq or head.hash != prev):
        yield ChainBreak(last_seq, "ujung rantai tidak cocok (peristiwa terakhir dihapus?)")
