"""Proposals in bulk from a JSONL file, all or nothing (like `jaring import`).

One proposal per line: {"kind": "baru"|"perubahan"|"hapus"|"sanggah", "reason": "...",
"program": "PKH", "change_type": "...", "household": {interchange record}} for baru/perubahan,
or "kk" instead of "household" for hapus/sanggah. Every line is checked exactly as a form
submission is; one bad line stores nothing and every problem is reported with its line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

import orjson
from django.db import transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record_many
from jaring.core.scope import AccessScope
from jaring.usulan.checks import Checked, check_proposal, eligibility_preview, registry_record_for
from jaring.usulan.models import Source, Status, Usulan, UsulanStep
from jaring.usulan.services import new_reference

MAX_LINES = 20000
KEYS = frozenset({"kind", "reason", "program", "change_type", "household", "kk", "contact_phone"})


@dataclass
class BulkResult:
    created: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _line_problems(number: int, raw: bytes) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None, ["bukan JSON yang sah"]
    if not isinstance(value, dict):
        return None, ["setiap baris harus objek JSON"]
    problems = [f"kolom '{key}' tidak dikenal" for key in sorted(set(value) - KEYS)]
    if not isinstance(value.get("reason"), str) or not value["reason"].strip():
        problems.append("alasan (reason) wajib diisi")
    for key in ("kind", "program", "change_type", "kk", "contact_phone"):
        if key in value and not isinstance(value[key], str):
            problems.append(f"'{key}' harus berupa teks")
    return value, problems


def usulan_bulk_import(
    *, scope: AccessScope, stream: IO[bytes], submitted_by: Any = None
) -> BulkResult:
    result = BulkResult()
    rows: list[tuple[dict[str, Any], Checked]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        if number > MAX_LINES:
            result.errors.append((number, f"berkas melebihi {MAX_LINES} baris; bagi berkasnya"))
            break
        value, problems = _line_problems(number, raw)
        if value is not None and not problems:
            checked = check_proposal(
                scope=scope,
                kind=value.get("kind", ""),
                household=value.get("household"),
                kk=value.get("kk", ""),
                change_type=value.get("change_type", ""),
                program=value.get("program", ""),
            )
            problems = checked.errors
            key = (checked.kk, checked.kind)
            if checked.kk and key in seen:
                problems = [*problems, f"KK yang sama sudah diusulkan pada baris {seen[key]}"]
            seen.setdefault(key, number)
            rows.append((value, checked))
        result.errors += [(number, p) for p in problems]
    if not rows and not result.errors:
        result.errors.append((0, "berkas kosong"))
    if result.errors:
        return result
    previews = eligibility_preview(
        [c.household or registry_record_for(c.kk) or {} for _, c in rows]
    )
    now = timezone.now()
    with transaction.atomic():
        proposals = [
            Usulan(
                reference=new_reference(checked.kind),
                kind=checked.kind,
                change_type=value.get("change_type", ""),
                program=value.get("program") or "DTKS",
                source=Source.BERKAS,
                region_code=checked.region_code,
                kk=checked.kk,
                subject_nik=checked.subject_nik,
                subject_name=checked.subject_name,
                reason=value["reason"].strip(),
                household=checked.household,
                checks=checked.warnings,
                eligibility=preview,
                status=Status.DIAJUKAN,
                step_entered_at=now,
                submitted_by=submitted_by,
                contact_phone=value.get("contact_phone", ""),
            )
            for (value, checked), preview in zip(rows, previews, strict=True)
        ]
        Usulan.objects.bulk_create(proposals, batch_size=2000)
        saved = {
            u.reference: u
            for u in Usulan.objects.filter(reference__in=[p.reference for p in proposals])
        }
        actor = scope.username or scope.role
        UsulanStep.objects.bulk_create(
            [
                UsulanStep(
                    usulan=saved[p.reference],
                    action="ajukan",
                    to_status=Status.DIAJUKAN,
                    actor_name=actor,
                    actor_role=scope.role,
                    note=p.reason[:2000],
                    data={"sumber": "berkas"},
                    at=now,
                )
                for p in proposals
            ],
            batch_size=2000,
        )
        audit_record_many(
            scope=scope,
            changes=(
                Change(
                    "usulan.ajukan",
                    "usulan",
                    p.reference,
                    p.region_code,
                    None,
                    {"kind": p.kind, "status": p.status, "sumber": "berkas"},
                )
                for p in proposals
            ),
        )
    result.created = [p.reference for p in proposals]
    return result
