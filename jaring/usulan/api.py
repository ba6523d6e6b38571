"""JSON API of the usulan app, mounted under /api/v1/usulan/ (staff, session sign-in + CSRF).

- `GET antrean/` — the caller's work queue: per step the count, overdue count, oldest age, SLA.
- `GET /?status=&kind=` — proposals in the caller's scope (KK masked), oldest step first.
- `GET {reference}/` — one proposal with its history.
- `POST {reference}/tindakan/` `{"action", "note"}` — move it a step (same rules as the page;
  409 with the Indonesian reason when refused; 404 outside the scope).
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from jaring.core.identity import mask_identity
from jaring.core.scope import AccessScope, OutOfScope
from jaring.usulan import selectors
from jaring.usulan.models import Usulan
from jaring.usulan.services import usulan_transition
from jaring.usulan.workflow import TransitionRefused
from jaring.web.access import has_staff_role

router = Router(tags=["usulan"], auth=django_auth)


class QueueOut(Schema):
    status: str
    label: str
    count: int
    overdue: int
    oldest_days: int
    sla_days: int


class UsulanOut(Schema):
    reference: str
    kind: str
    program: str
    status: str
    region_code: str
    kk_masked: str
    subject_name: str
    step_entered_at: datetime
    escalated: bool


class StepOut(Schema):
    at: datetime
    action: str
    from_status: str
    to_status: str
    actor_role: str
    note: str


class UsulanDetailOut(UsulanOut):
    reason: str
    checks: list[str]
    eligibility: dict
    steps: list[StepOut]


class ActionIn(Schema):
    action: str
    note: str = ""


def _scope(request: HttpRequest) -> AccessScope:
    if not has_staff_role(request.user):
        raise HttpError(403, "Akun Anda tidak memiliki peran staf.")
    return AccessScope.for_user(request.user)


def _out(usulan: Usulan) -> dict:
    return {
        "reference": usulan.reference,
        "kind": usulan.kind,
        "program": usulan.program,
        "status": usulan.status,
        "region_code": usulan.region_code,
        "kk_masked": mask_identity(usulan.kk) if usulan.kk else "",
        "subject_name": usulan.subject_name,
        "step_entered_at": usulan.step_entered_at,
        "escalated": usulan.escalated_at is not None,
    }


def _get(scope: AccessScope, reference: str) -> Usulan:
    usulan = Usulan.objects.filter(reference=reference).first()
    if usulan is None or not scope.covers(usulan.region_code):
        raise HttpError(404, "Usulan tidak ditemukan di wilayah Anda.")
    return usulan


@router.get("/antrean/", response=list[QueueOut])
def queue(request: HttpRequest) -> list:
    return [row.__dict__ for row in selectors.work_queue(scope=_scope(request))]


@router.get("/", response=list[UsulanOut])
def usulan_list(request: HttpRequest, status: str = "", kind: str = "") -> list:
    items = selectors.usulan_list(scope=_scope(request), status=status, kind=kind)[:500]
    return [_out(u) for u in items]


@router.get("/{reference}/", response=UsulanDetailOut)
def usulan_detail(request: HttpRequest, reference: str) -> dict:
    usulan = _get(_scope(request), reference)
    steps = [
        {
            "at": s.at,
            "action": s.action,
            "from_status": s.from_status,
            "to_status": s.to_status,
            "actor_role": s.actor_role,
            "note": s.note,
        }
        for s in usulan.steps.all()
    ]
    return {
        **_out(usulan),
        "reason": usulan.reason,
        "checks": list(usulan.checks),
        "eligibility": usulan.eligibility,
        "steps": steps,
    }


@router.post("/{reference}/tindakan/", response=UsulanOut)
def usulan_act(request: HttpRequest, reference: str, payload: ActionIn) -> dict:
    scope = _scope(request)
    usulan = _get(scope, reference)
    try:
        usulan = usulan_transition(
            scope=scope, usulan_id=usulan.pk, action=payload.action, note=payload.note
        )
    except OutOfScope as error:
        raise HttpError(404, "Usulan tidak ditemukan di wilayah Anda.") from error
    except TransitionRefused as refused:
        raise HttpError(409, refused.message) from refused
    return _out(usulan)
