"""Which office handles a complaint, and which office is above it. Pure functions of the policy.

An office is a kind (desa, Dinas Sosial, inspectorate … at some level) plus the region prefix it
covers. The one rule that does not depend on the data: a complaint about an official never lands
at (or escalates to) the kind of office the official works for.
"""

from __future__ import annotations

from dataclasses import dataclass

from jaring.pengaduan.models import Office
from jaring.pengaduan.policy import ComplaintPolicy

# Length of the region prefix an office of each kind covers.
OFFICE_CODE_LENGTH: dict[str, int] = {
    Office.DESA: 10,
    Office.DINSOS_KABKOTA: 4,
    Office.DINSOS_PROVINSI: 2,
    Office.KEMENSOS: 0,
    Office.INSPEKTORAT_KABKOTA: 4,
    Office.INSPEKTORAT_PROVINSI: 2,
    Office.INSPEKTORAT_PUSAT: 0,
}
INSPEKTORAT_BY_LENGTH = {
    4: Office.INSPEKTORAT_KABKOTA,
    2: Office.INSPEKTORAT_PROVINSI,
    0: Office.INSPEKTORAT_PUSAT,
}
# Where a complaint goes when neither the table nor the chain offers an acceptable office.
LAST_RESORT = Office.INSPEKTORAT_PUSAT


@dataclass(frozen=True, slots=True)
class OfficeRef:
    kind: str
    code: str

    @property
    def label(self) -> str:
        return Office(self.kind).label

    def covers(self, region_code: str) -> bool:
        return region_code.startswith(self.code)


def office_for(kind: str, region_code: str) -> OfficeRef:
    return OfficeRef(kind, region_code[: OFFICE_CODE_LENGTH[kind]])


@dataclass(frozen=True, slots=True)
class Route:
    office: OfficeRef
    sla_days: int
    policy_version: str


def _table_office(policy: ComplaintPolicy, category: str, region_code: str) -> str:
    matches = [
        rule
        for rule in policy.routing
        if region_code.startswith(rule.region_prefix) and rule.category in ("*", category)
    ]
    if not matches:
        return policy.categories[category].office
    best = max(matches, key=lambda rule: (len(rule.region_prefix), rule.category == category))
    return best.office


def parent_kind(policy: ComplaintPolicy, kind: str, reported_office: str) -> str | None:
    """The office kind above `kind`, skipping the kind the complaint reports on."""
    parent = policy.escalation.get(kind)
    seen = {kind}
    while parent is not None and parent == reported_office and parent not in seen:
        seen.add(parent)
        parent = policy.escalation.get(parent)
    if parent == reported_office:
        return None
    return parent


def _acceptable(policy: ComplaintPolicy, kind: str, reported_office: str) -> str:
    seen: set[str] = set()
    while kind == reported_office and kind not in seen:
        seen.add(kind)
        kind = policy.escalation.get(kind) or LAST_RESORT
    return kind if kind != reported_office else LAST_RESORT


def route(
    policy: ComplaintPolicy, *, category: str, region_code: str, reported_office: str = ""
) -> Route:
    """The office responsible for a new complaint and its deadline in days."""
    if category not in policy.categories:
        raise KeyError(category)
    if reported_office and reported_office in policy.reported_offices:
        kind = policy.reported_offices[reported_office].office
    else:
        kind = _table_office(policy, category, region_code)
    kind = _acceptable(policy, kind, reported_office)
    return Route(
        office=office_for(kind, region_code),
        sla_days=policy.categories[category].sla_days,
        policy_version=policy.version,
    )


def escalation_target(
    policy: ComplaintPolicy, *, office_kind: str, region_code: str, reported_office: str
) -> OfficeRef | None:
    kind = parent_kind(policy, office_kind, reported_office)
    return office_for(kind, region_code) if kind else None
