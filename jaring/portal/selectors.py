"""Public reads: the Cek Bansos lookup.

The caller's scope is the one desa the citizen picked (a public scope with a 10-digit prefix), and
a lookup is an exact match of the normalised name inside it: no prefix or partial matching, so a
visitor sees only people whose full name they already typed. The query is keyed by (desa,
normalised name) through indexes, so its cost does not grow with the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from jaring.core.names import normalize_name
from jaring.core.scope import AccessScope
from jaring.portal.masking import mask_name
from jaring.portal.status import channel_label, decision_statuses
from jaring.programs.models import CurrentRun, Decision
from jaring.registry.models import Anggota, Keluarga

# A real name is shared by a handful of people in one desa; more means something is off, and we
# never want one lookup to list a crowd.
MAX_PEOPLE_PER_LOOKUP = 10


@dataclass(frozen=True, slots=True)
class ProgramStatus:
    program: str
    period: str
    status: str
    amount: int
    channel: str


@dataclass(frozen=True, slots=True)
class PersonResult:
    name: str  # masked
    age: int
    programs: list[ProgramStatus] = field(default_factory=list)


def public_scope(*, desa: str) -> AccessScope:
    """The scope of an anonymous visitor who picked one desa."""
    if len(desa) != 10 or not desa.isdigit():
        raise ValueError("desa code must have 10 digits")
    return AccessScope(role="publik", region_prefix=desa, username="publik")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _period_label(decision_period: date, tahap: str) -> str:
    return tahap or f"{decision_period:%Y-%m}"


def cek_bansos_search(
    *, scope: AccessScope, name: str, today: date | None = None
) -> list[PersonResult]:
    """Living members registered in the scope's desa whose normalised name equals the typed one."""
    desa = scope.region_prefix
    if len(desa) != 10:
        raise ValueError("Cek Bansos needs a desa-level scope")
    wanted = normalize_name(name)
    if not wanted:
        return []
    today = today or timezone.localdate()
    # The desa's families (a subquery), then their members with that name: PostgreSQL starts
    # from the handful of families of the desa instead of every namesake in the country (a plain
    # join on keluarga__region did, so a common name cost more as the registry grew), and probes
    # the registry's (keluarga, name_normalized) index for each: one round trip, whatever the
    # registry's size.
    desa_families = Keluarga.objects.filter(region_id=desa).values("pk")
    members = (
        Anggota.objects.filter(keluarga_id__in=desa_families, name_normalized=wanted, alive=True)
        .select_related("keluarga")
        .only(
            "name",
            "nik",
            "birth_date",
            "keluarga__kk",
            "keluarga__channel",
            "keluarga__bank",
            "keluarga__region_id",
        )
        .order_by("keluarga_id", "position")[:MAX_PEOPLE_PER_LOOKUP]
    )
    found = list(members)
    for member in found:
        scope.check(member.keluarga.region_id)
    return _person_results(found, today=today)


def eligible_decisions_by_kk(kks: set[str]) -> dict[str, list[Decision]]:
    """The eligible in-force decisions of each family, of its newest period with decisions in
    force (as programs.selectors.decisions_for_kk), for all the families in one query."""
    if not kks:
        return {}
    rows = (
        Decision.objects.filter(kk__in=kks, run_id__in=CurrentRun.objects.values("run_id"))
        .only("period", "program", "kk", "nik", "eligible", "tahap", "amount_per_tahap")
        .order_by("program", "nik")
    )
    by_kk: dict[str, list[Decision]] = {}
    for row in rows:
        by_kk.setdefault(row.kk, []).append(row)
    eligible: dict[str, list[Decision]] = {}
    for kk, decisions in by_kk.items():
        newest = max(d.period for d in decisions)
        eligible[kk] = [d for d in decisions if d.period == newest and d.eligible]
    return eligible


def _person_results(
    members: list[Anggota], *, today: date, mask: bool = True
) -> list[PersonResult]:
    """Each member with the eligible programs of their family and of themselves."""
    results: list[PersonResult] = []
    decisions_by_kk = eligible_decisions_by_kk({m.keluarga.kk for m in members})
    # Payment states are asked once per family (a source answers per KK), not once per member.
    statuses_by_kk = {kk: decision_statuses(kk, found) for kk, found in decisions_by_kk.items()}
    for member in members:
        keluarga = member.keluarga
        # Family programs (no NIK) belong to every member; person programs only to that person.
        own = [d for d in decisions_by_kk.get(keluarga.kk, []) if d.nik in ("", member.nik)]
        statuses = statuses_by_kk.get(keluarga.kk, {})
        channel = channel_label(keluarga.channel, keluarga.bank)
        programs = [
            ProgramStatus(
                program=d.program,
                period=_period_label(d.period, d.tahap),
                status=statuses[(d.program, d.nik, d.tahap)],
                amount=int(d.amount_per_tahap),
                channel=channel,
            )
            for d in own
        ]
        results.append(
            PersonResult(
                name=mask_name(member.name) if mask else member.name,
                age=age_on(member.birth_date, today),
                programs=programs,
            )
        )
    return results


def citizen_family_results(*, kk: str, today: date | None = None) -> list[PersonResult]:
    """A verified citizen's own family (names in full: it is their own KK card)."""
    members = (
        Anggota.objects.filter(keluarga__kk=kk, alive=True)
        .select_related("keluarga")
        .order_by("position")
    )
    return _person_results(list(members), today=today or timezone.localdate(), mask=False)
