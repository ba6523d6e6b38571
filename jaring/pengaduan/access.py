"""Who may see and handle which complaints.

A `Desk` is the caller's complaint scope: the region scope of their staff role, the offices they
work in (a staff role is one office; an inspectorate grant another), and whether they are an
investigator. Selectors and services take a Desk; views build it with `desk_for(user)`.

Visibility:
- the handling office sees its own complaints, and the officer assigned to one sees it;
- staff of the region see the others in their region scope, except complaints about officials
  and confidential categories (pungli, pemotongan …), which only the handling office sees;
- investigators see only what is routed to their inspectorate or assigned to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from jaring.accounts.models import ROLE_REGION_LENGTH, Role
from jaring.core.scope import AccessScope
from jaring.pengaduan.models import Investigator, Office
from jaring.pengaduan.policy import complaint_policy
from jaring.pengaduan.routing import INSPEKTORAT_BY_LENGTH, OfficeRef

ROLE_OFFICE: dict[str, str] = {
    Role.OPERATOR_DESA: Office.DESA,
    Role.DINSOS_KABKOTA: Office.DINSOS_KABKOTA,
    Role.DINSOS_PROVINSI: Office.DINSOS_PROVINSI,
    Role.KEMENSOS_PUSAT: Office.KEMENSOS,
}
INSPEKTORAT_KINDS = frozenset(INSPEKTORAT_BY_LENGTH.values())


@dataclass(frozen=True, slots=True)
class Desk:
    scope: AccessScope
    offices: frozenset[OfficeRef]
    investigator: bool = False
    superuser: bool = False

    @property
    def user_id(self) -> int | None:
        return self.scope.user_id

    @property
    def is_empty(self) -> bool:
        return not self.offices and not self.superuser

    def works_in(self, kind: str, code: str) -> bool:
        return OfficeRef(kind, code) in self.offices

    def visible_q(self) -> Q:
        if self.superuser:
            return Q()
        own = Q(pk__in=[])
        for office in self.offices:
            own |= Q(office_kind=office.kind, office_code=office.code)
        if self.user_id is not None:
            own |= Q(assigned_to_id=self.user_id)
        if self.investigator or self.scope.region_prefix == "-":
            return own
        confidential = [c.code for c in complaint_policy().categories.values() if c.confidential]
        region = (
            Q(region_code__startswith=self.scope.region_prefix) if self.scope.region_prefix else Q()
        )
        oversight = (
            region
            & Q(reported_office="")
            & ~Q(category__in=confidential)
            & ~Q(office_kind__in=INSPEKTORAT_KINDS)
        )
        return own | oversight


def staff_office(user: Any) -> OfficeRef | None:
    role = getattr(user, "role", "")
    if role not in ROLE_OFFICE:
        return None
    length = ROLE_REGION_LENGTH[role]
    if length and not user.region_id:
        return None
    return OfficeRef(ROLE_OFFICE[role], (user.region_id or "")[:length])


def active_investigator(user: Any) -> Investigator | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Investigator.objects.filter(user_id=user.pk, is_active=True).first()


def desk_for(user: Any) -> Desk:
    """The complaint desk of a signed-in user (empty for anyone else)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Desk(scope=AccessScope(role="anonymous", region_prefix="-"), offices=frozenset())
    investigator = active_investigator(user)
    if investigator is not None:
        prefix = investigator.region_prefix
        office = OfficeRef(INSPEKTORAT_BY_LENGTH[len(prefix)], prefix)
        scope = AccessScope(
            role="inspektorat", region_prefix=prefix, user_id=user.pk, username=user.username
        )
        return Desk(scope=scope, offices=frozenset({office}), investigator=True)
    scope = AccessScope.for_user(user)
    office = staff_office(user)
    return Desk(
        scope=scope,
        offices=frozenset({office}) if office else frozenset(),
        superuser=bool(user.is_superuser),
    )


def office_members(office: OfficeRef) -> list[Any]:
    """Users who work in `office`: staff of the matching role and region, or investigators."""
    from jaring.accounts.models import User

    if office.kind in INSPEKTORAT_KINDS:
        return list(
            User.objects.filter(
                is_active=True,
                pengaduan_investigator__is_active=True,
                pengaduan_investigator__region_prefix=office.code,
            ).order_by("username")
        )
    role = next(r for r, kind in ROLE_OFFICE.items() if kind == office.kind)
    users = User.objects.filter(is_active=True, role=role).exclude(
        pengaduan_investigator__is_active=True
    )
    if office.code:
        users = users.filter(region_id=office.code)
    return list(users.order_by("username"))


def investigators_covering(region_code: str) -> list[Any]:
    """Investigators whose inspectorate covers a region: an office may hand them a complaint."""
    from jaring.accounts.models import User

    prefixes = ["", region_code[:2], region_code[:4]]
    return list(
        User.objects.filter(
            is_active=True,
            pengaduan_investigator__is_active=True,
            pengaduan_investigator__region_prefix__in=prefixes,
        ).order_by("username")
    )
