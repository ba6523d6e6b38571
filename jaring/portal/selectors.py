"""Public reads: the Cek Bansos lookup.

The caller's scope is the one desa the citizen picked (a public scope with a 10-digit prefix), and
a lookup is an exact match of the normalised name inside it: no prefix or partial matching, so a
visitor sees only people whose full name they already typed. The query is keyed by (desa,
normalised name) through indexes, so its cost does not grow with the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from django.db import connection
from django.utils import timezone

from jaring.core.names import normalize_name
from jaring.core.prepared import fetch_all
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


def _today() -> date:
    """Today in the installation's time zone (TIME_ZONE, Asia/Jakarta): ages are whole years on
    the citizen's date. Nothing on the public pages activates another zone, so this is what
    timezone.localdate() returns, without its per-call look-up of the active zone."""
    return datetime.now(timezone.get_default_timezone()).date()


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _period_label(decision_period: date, tahap: str) -> str:
    return tahap or f"{decision_period:%Y-%m}"


@dataclass(frozen=True, slots=True)
class MemberRow:
    name: str
    nik: str
    birth_date: date
    kk: str
    channel: str
    bank: str
    region_code: str


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """What the portal shows of a decision (and what a payment status source is given)."""

    period: date
    program: str
    kk: str
    nik: str
    eligible: bool
    tahap: str
    amount_per_tahap: int


def _date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _table(model: type, *fields: str) -> tuple[str, dict[str, str]]:
    opts = model._meta
    quote = connection.ops.quote_name
    return quote(opts.db_table), {f: quote(opts.get_field(f).column) for f in fields}


@cache
def _lookup_sql() -> str:
    """The lookup's one statement, in plain SQL from the models' own table and column names: the
    ORM spent more CPU compiling it than the database spent answering (the lookup is the portal's
    hottest path).

    `m`: the living members of the desa with the typed normalised name (at most
    MAX_PEOPLE_PER_LOOKUP). The desa's families are a subquery, so PostgreSQL starts from the
    handful of families of the desa (not every namesake in the country) and probes the registry
    index (keluarga, name_normalized) once per family, whatever the registry's size. Beside each
    member, every in-force decision of their family (index decision_kk_period): one row per
    (member, decision), or one row with NULL decision columns when the family has none. One
    round trip and one plan for the whole read."""
    a, ac = _table(
        Anggota, "keluarga", "name", "nik", "birth_date", "name_normalized", "alive", "position"
    )
    k, kc = _table(Keluarga, "id", "kk", "channel", "bank", "region")
    d, dc = _table(
        Decision, "period", "program", "kk", "nik", "eligible", "tahap", "amount_per_tahap", "run"
    )
    c, cc = _table(CurrentRun, "run")
    members = (
        f"SELECT a.{ac['name']} AS m_name, a.{ac['nik']} AS m_nik, a.{ac['birth_date']} AS born, "
        f"k.{kc['kk']} AS m_kk, k.{kc['channel']} AS channel, k.{kc['bank']} AS bank, "
        f"k.{kc['region']} AS region, a.{ac['keluarga']} AS fam, a.{ac['position']} AS pos "
        f"FROM {a} a JOIN {k} k ON k.{kc['id']} = a.{ac['keluarga']} "
        f"WHERE a.{ac['keluarga']} IN (SELECT {kc['id']} FROM {k} WHERE {kc['region']} = %s) "
        f"AND a.{ac['name_normalized']} = %s AND a.{ac['alive']} = %s "
        f"ORDER BY a.{ac['keluarga']}, a.{ac['position']} LIMIT {MAX_PEOPLE_PER_LOOKUP}"
    )
    return (
        f"WITH m AS ({members}) "
        "SELECT m.m_name, m.m_nik, m.born, m.m_kk, m.channel, m.bank, m.region, "
        f"d.{dc['period']}, d.{dc['program']}, d.{dc['nik']}, d.{dc['eligible']}, "
        f"d.{dc['tahap']}, d.{dc['amount_per_tahap']} "
        f"FROM m LEFT JOIN {d} d ON d.{dc['kk']} = m.m_kk "
        f"AND d.{dc['run']} IN (SELECT {cc['run']} FROM {c}) "
        f"ORDER BY m.fam, m.pos, d.{dc['program']}, d.{dc['nik']}"
    )


@cache
def _decision_sql(count: int) -> str:
    d, dc = _table(
        Decision, "period", "program", "kk", "nik", "eligible", "tahap", "amount_per_tahap", "run"
    )
    c, cc = _table(CurrentRun, "run")
    marks = ", ".join(["%s"] * count)
    return (
        f"SELECT d.{dc['period']}, d.{dc['program']}, d.{dc['kk']}, d.{dc['nik']}, "
        f"d.{dc['eligible']}, d.{dc['tahap']}, d.{dc['amount_per_tahap']} FROM {d} d "
        f"WHERE d.{dc['kk']} IN ({marks}) AND d.{dc['run']} IN (SELECT {cc['run']} FROM {c}) "
        f"ORDER BY d.{dc['program']}, d.{dc['nik']}"
    )


def _fetch(sql: str, params: list[object]) -> list[tuple]:
    # Prepared on PostgreSQL (jaring.core.prepared): planning the lookup's statement afresh
    # cost the database more CPU than running it.
    return fetch_all(sql, params)


def cek_bansos_search(
    *, scope: AccessScope, name: str, today: date | None = None, normalized: str | None = None
) -> list[PersonResult]:
    """Living members registered in the scope's desa whose normalised name equals the typed one
    (`normalized`: that name already normalised by the caller)."""
    desa = scope.region_prefix
    if len(desa) != 10:
        raise ValueError("Cek Bansos needs a desa-level scope")
    wanted = normalize_name(name) if normalized is None else normalized
    if not wanted:
        return []
    today = today or _today()
    found: dict[tuple[str, str], MemberRow] = {}  # (kk, nik) → member, in the query's order
    decisions: dict[str, dict[tuple, DecisionRow]] = {}  # kk → its decisions (once per family)
    for n, nik, born, kk, channel, bank, region, *decision in _fetch(
        _lookup_sql(), [desa, wanted, True]
    ):
        if (kk, nik) not in found:
            found[kk, nik] = MemberRow(n, nik, _date(born), kk, channel, bank, region)
        period, program, d_nik, eligible, tahap, amount = decision
        if program is not None:
            row = DecisionRow(_date(period), program, kk, d_nik, bool(eligible), tahap, int(amount))
            decisions.setdefault(kk, {})[program, d_nik, row.period] = row
    for member in found.values():
        scope.check(member.region_code)
    by_kk = {kk: _newest_eligible(list(rows.values())) for kk, rows in decisions.items()}
    return _person_results(list(found.values()), today=today, decisions_by_kk=by_kk)


def _newest_eligible(decisions: list[DecisionRow]) -> list[DecisionRow]:
    """The eligible decisions of the family's newest period with decisions in force (as
    programs.selectors.decisions_for_kk)."""
    newest = max(d.period for d in decisions)
    return [d for d in decisions if d.period == newest and d.eligible]


def eligible_decisions_by_kk(kks: set[str]) -> dict[str, list[DecisionRow]]:
    """The eligible in-force decisions of each family, of its newest period with decisions in
    force (as programs.selectors.decisions_for_kk), for all the families in one query."""
    if not kks:
        return {}
    ordered = sorted(kks)
    rows = [
        DecisionRow(_date(period), program, kk, nik, bool(eligible), tahap, int(amount))
        for period, program, kk, nik, eligible, tahap, amount in _fetch(
            _decision_sql(len(ordered)), list(ordered)
        )
    ]
    by_kk: dict[str, list[DecisionRow]] = {}
    for row in rows:
        by_kk.setdefault(row.kk, []).append(row)
    return {kk: _newest_eligible(decisions) for kk, decisions in by_kk.items()}


def _person_results(
    members: list[MemberRow],
    *,
    today: date,
    mask: bool = True,
    decisions_by_kk: dict[str, list[DecisionRow]] | None = None,
) -> list[PersonResult]:
    """Each member with the eligible programs of their family and of themselves (the decisions
    are read here unless the caller already has them)."""
    results: list[PersonResult] = []
    if decisions_by_kk is None:
        decisions_by_kk = eligible_decisions_by_kk({m.kk for m in members})
    # Payment states are asked once per family (a source answers per KK), not once per member.
    statuses_by_kk = {kk: decision_statuses(kk, found) for kk, found in decisions_by_kk.items()}
    for member in members:
        # Family programs (no NIK) belong to every member; person programs only to that person.
        own = [d for d in decisions_by_kk.get(member.kk, []) if d.nik in ("", member.nik)]
        statuses = statuses_by_kk.get(member.kk, {})
        channel = channel_label(member.channel, member.bank)
        programs = [
            ProgramStatus(
                program=d.program,
                period=_period_label(d.period, d.tahap),
                status=statuses[(d.program, d.nik, d.tahap)],
                amount=d.amount_per_tahap,
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
    rows = [
        MemberRow(
            m.name,
            m.nik,
            m.birth_date,
            m.keluarga.kk,
            m.keluarga.channel,
            m.keluarga.bank,
            m.keluarga.region_id,
        )
        for m in members
    ]
    return _person_results(rows, today=today or timezone.localdate(), mask=False)
