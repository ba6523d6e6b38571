"""Reads of the maintained aggregates, always through the caller's access scope.

A region outside the scope raises OutOfScope (pages answer 404, as for a missing region). The
empty region code means "the caller's whole area": the nation for Kemensos, otherwise the
scope's own region.
"""

from __future__ import annotations

from dataclasses import dataclass

from jaring.core.scope import AccessScope, OutOfScope
from jaring.monitoring.indicators import Indicators
from jaring.monitoring.models import LEVEL_LENGTHS, IndicatorAggregate, QualityAggregate
from jaring.monitoring.tahap import tahap_sort_key
from jaring.regions.models import LEVEL_BY_LENGTH, Region

LEVEL_NAMES = {
    0: "Nasional",
    2: "Provinsi",
    4: "Kabupaten/Kota",
    6: "Kecamatan",
    10: "Desa/Kelurahan",
}


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str

    @property
    def level(self) -> int:
        return len(self.code)

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def child_level(self) -> int | None:
        index = LEVEL_LENGTHS.index(self.level)
        return LEVEL_LENGTHS[index + 1] if index + 1 < len(LEVEL_LENGTHS) else None


def resolve_region(*, scope: AccessScope, region_code: str = "") -> Place:
    """The region a page shows: checked against the scope and the region tree."""
    code = (region_code or "").strip()
    if not code:
        code = "" if scope.is_national else scope.region_prefix
    if len(code) not in LEVEL_LENGTHS or not (code == "" or code.isdigit()):
        raise OutOfScope(code)
    if not scope.covers(code):
        raise OutOfScope(code)
    if code == "":
        return Place("", "Indonesia")
    region = Region.objects.filter(code=code).only("name").first()
    if region is None:
        raise OutOfScope(code)
    return Place(code, region.name)


def region_path(place: Place, scope: AccessScope) -> list[Place]:
    """Breadcrumbs from the scope's own region down to the place."""
    codes = [place.code[:n] for n in LEVEL_LENGTHS if n < place.level]
    codes = [c for c in codes if scope.covers(c) and len(c) >= len(scope.region_prefix)]
    names = region_names(codes)
    return [Place(c, names.get(c, "Indonesia")) for c in codes]


def region_names(codes: list[str]) -> dict[str, str]:
    names = dict(
        Region.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name")
    )
    if "" in codes:
        names[""] = "Indonesia"
    return names


def programs(*, scope: AccessScope) -> list[str]:
    place = resolve_region(scope=scope)
    qs = IndicatorAggregate.objects.filter(level=place.level, region_code=place.code)
    return sorted(set(qs.values_list("program", flat=True)))


def tahap_list(*, scope: AccessScope, program: str) -> list[str]:
    place = resolve_region(scope=scope)
    qs = IndicatorAggregate.objects.filter(
        program=program, level=place.level, region_code=place.code
    )
    return sorted(set(qs.values_list("tahap", flat=True)), key=tahap_sort_key)


def indicators(*, scope: AccessScope, program: str, tahap: str, place: Place) -> Indicators:
    scope.check(place.code)
    row = IndicatorAggregate.objects.filter(
        program=program, tahap=tahap, level=place.level, region_code=place.code
    ).first()
    return Indicators.from_row(row) if row else Indicators.empty(program, tahap, place.code)


def child_indicators(
    *, scope: AccessScope, program: str, tahap: str, place: Place
) -> list[tuple[Place, Indicators]]:
    """Every child region of the place (also those with no families: shown as empty)."""
    scope.check(place.code)
    level = place.child_level
    if level is None:
        return []
    # Child codes are digits of a known length: a range the (program, level, region_code)
    # index can seek. LIKE 'prefix%' alone cannot under a non-C collation, and read every desa
    # row of the program (0.9 s for a kecamatan at 1M families).
    free = level - len(place.code)
    rows = {
        r.region_code: Indicators.from_row(r)
        for r in IndicatorAggregate.objects.filter(
            program=program,
            tahap=tahap,
            level=level,
            region_code__gte=place.code + "0" * free,
            region_code__lte=place.code + "9" * free,
            region_code__startswith=place.code,
        )
    }
    children = Region.objects.filter(
        code__startswith=place.code, level=LEVEL_BY_LENGTH[level], retired=False
    )
    out = [
        (Place(code, name), rows.pop(code, Indicators.empty(program, tahap, code)))
        for code, name in children.values_list("code", "name").order_by("code")
    ]
    # Codes with data but no current region row (retired codes) still count: list them too.
    names = region_names(list(rows))
    out += [(Place(code, names.get(code, code)), ind) for code, ind in sorted(rows.items())]
    return [(p, i) for p, i in out if scope.covers(p.code)]


def trend(*, scope: AccessScope, program: str, place: Place) -> list[Indicators]:
    scope.check(place.code)
    rows = IndicatorAggregate.objects.filter(
        program=program, level=place.level, region_code=place.code
    )
    return sorted((Indicators.from_row(r) for r in rows), key=lambda i: tahap_sort_key(i.tahap))


@dataclass(frozen=True, slots=True)
class Quality:
    region_code: str
    families: int
    members: int
    unmatched_niks: int | None
    open_duplicate_pairs: int | None


def quality(*, scope: AccessScope, place: Place) -> Quality:
    scope.check(place.code)
    row = QualityAggregate.objects.filter(level=place.level, region_code=place.code).first()
    if row is None:
        return Quality(place.code, 0, 0, None, None)
    return Quality(
        place.code, row.families, row.members, row.unmatched_niks, row.open_duplicate_pairs
    )


def all_rows(*, scope: AccessScope, program: str, tahap: str, max_level: int) -> list[Indicators]:
    """Every aggregate row of the scope down to a level (for the XLSX and CSV downloads)."""
    place = resolve_region(scope=scope)
    qs = IndicatorAggregate.objects.filter(
        program=program,
        tahap=tahap,
        level__gte=place.level,
        level__lte=max_level,
        region_code__startswith=place.code,
    ).order_by("region_code")
    return [Indicators.from_row(r) for r in qs]
