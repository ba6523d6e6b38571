"""Reads of matching results. Every function takes the caller's scope; objects outside it are
answered like missing ones (OutOfScope → 404)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from jaring.core.scope import AccessScope, OutOfScope
from jaring.matching.models import (
    CandidatePair,
    ChangeAction,
    DukcapilResult,
    JobStatus,
    MatchingJob,
    MergeRecord,
    OverlapFinding,
)
from jaring.programs.models import Decision
from jaring.programs.selectors import CHILD_LENGTH, current_run, effective_prefix
from jaring.regions.models import Region
from jaring.registry.models import Anggota


def jobs(*, scope: AccessScope, limit: int = 20) -> list[MatchingJob]:
    """Jobs run for the caller's region or a wider one that covers it."""
    visible = [
        job
        for job in MatchingJob.objects.all()[: limit * 5]
        if job.region_prefix.startswith(scope.region_prefix)
        or scope.region_prefix.startswith(job.region_prefix)
    ]
    return visible[:limit]


def job_get(*, scope: AccessScope, job_id: int) -> MatchingJob:
    job = MatchingJob.objects.filter(pk=job_id).first()
    if job is None or not (
        job.region_prefix.startswith(scope.region_prefix)
        or scope.region_prefix.startswith(job.region_prefix)
    ):
        raise OutOfScope(str(job_id))
    return job


def latest_done_job(*, kind: str) -> MatchingJob | None:
    return MatchingJob.objects.filter(kind=kind, status=JobStatus.DONE).first()


def _in_region(
    queryset: QuerySet[Any], scope: AccessScope, region_prefix: str, status: str
) -> QuerySet[Any]:
    """Rows in the caller's scope, narrowed to a chosen region and (unless empty) one status."""
    prefix = effective_prefix(scope=scope, region_prefix=region_prefix)
    rows = scope.filter(queryset, "region_code")
    if prefix:
        rows = rows.filter(region_code__startswith=prefix)
    return rows.filter(status=status) if status else rows


def pair_list(
    *, scope: AccessScope, status: str = CandidatePair.Status.TERBUKA, region_prefix: str = ""
) -> QuerySet[CandidatePair]:
    return _in_region(CandidatePair.objects.all(), scope, region_prefix, status)


def pair_get(*, scope: AccessScope, pair_id: int) -> CandidatePair:
    pair = CandidatePair.objects.filter(pk=pair_id).first()
    if pair is None or not scope.covers(pair.region_code):
        raise OutOfScope(str(pair_id))
    return pair


def pair_merges(*, scope: AccessScope, pair: CandidatePair) -> list[MergeRecord]:
    scope.check(pair.region_code)
    return list(pair.merges.all())


def action_list(
    *, scope: AccessScope, status: str = ChangeAction.Status.MENUNGGU, region_prefix: str = ""
) -> QuerySet[ChangeAction]:
    return _in_region(ChangeAction.objects.select_related("usulan"), scope, region_prefix, status)


def action_get(*, scope: AccessScope, action_id: int) -> ChangeAction:
    action = ChangeAction.objects.filter(pk=action_id).first()
    if action is None or not scope.covers(action.region_code):
        raise OutOfScope(str(action_id))
    return action


def dukcapil_problems(*, scope: AccessScope, region_prefix: str = "") -> QuerySet[DukcapilResult]:
    """Members of the latest Dukcapil job that are not padan."""
    job = latest_done_job(kind=MatchingJob.Kind.DUKCAPIL)
    if job is None:
        return DukcapilResult.objects.none()
    prefix = effective_prefix(scope=scope, region_prefix=region_prefix)
    results = scope.filter(DukcapilResult.objects.filter(job=job), "region_code")
    if prefix:
        results = results.filter(region_code__startswith=prefix)
    return results.exclude(status=DukcapilResult.Status.PADAN).order_by("region_code", "pk")


def overlap_findings(*, scope: AccessScope, region_prefix: str = "") -> QuerySet[OverlapFinding]:
    job = latest_done_job(kind=MatchingJob.Kind.TUMPANG_TINDIH)
    if job is None:
        return OverlapFinding.objects.none()
    prefix = effective_prefix(scope=scope, region_prefix=region_prefix)
    findings = scope.filter(OverlapFinding.objects.filter(job=job), "region_code")
    if prefix:
        findings = findings.filter(region_code__startswith=prefix)
    return findings.order_by("region_code", "rule", "pk")


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    name: str
    counts: dict[str, int]


SUMMARY_COLUMNS = (
    ("pasangan", "Pasangan duplikat terbuka"),
    ("tidak_padan", "Tidak padan Dukcapil"),
    ("tidak_ditemukan", "Tidak ditemukan di Dukcapil"),
    ("perubahan", "Kematian/pindah menunggu"),
    ("tumpang_tindih", "Tumpang tindih program"),
)


def _grouped(queryset: QuerySet[Any], length: int, **filters: Any) -> dict[str, int]:
    rows = (
        queryset.filter(**filters)
        .annotate(child=Substr("region_code", 1, length))
        .values("child")
        .annotate(n=Count("pk"))
    )
    return {row["child"]: row["n"] for row in rows}


def region_summary(*, scope: AccessScope, region_prefix: str = "") -> list[RegionRow]:
    """Open findings per child region of `region_prefix` (within the scope)."""
    prefix = effective_prefix(scope=scope, region_prefix=region_prefix)
    length = CHILD_LENGTH.get(len(prefix), len(prefix))
    problems = dukcapil_problems(scope=scope, region_prefix=prefix)
    columns = {
        "pasangan": _grouped(pair_list(scope=scope, region_prefix=prefix), length),
        "tidak_padan": _grouped(problems, length, status=DukcapilResult.Status.TIDAK_PADAN),
        "tidak_ditemukan": _grouped(problems, length, status=DukcapilResult.Status.TIDAK_DITEMUKAN),
        "perubahan": _grouped(action_list(scope=scope, region_prefix=prefix), length),
        "tumpang_tindih": _grouped(overlap_findings(scope=scope, region_prefix=prefix), length),
    }
    codes = sorted({code for values in columns.values() for code in values})
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        RegionRow(
            code=code,
            name=names.get(code, "(wilayah di atas desa)" if len(code) < length else code),
            counts={key: columns[key].get(code, 0) for key, _ in SUMMARY_COLUMNS},
        )
        for code in codes
    ]


@dataclass(frozen=True, slots=True)
class DeadRecipient:
    program: str
    tahap: str
    kk: str
    nik: str
    name: str
    region_code: str
    amount_per_tahap: int
    reason: str
    source: str


def _dead_people(scope: AccessScope, prefix: str) -> dict[str, dict[str, tuple[str, str]]]:
    """KK → NIK → (name, source) of members dead per the registry or the latest Dukcapil job."""
    dead: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    members = scope.filter(Anggota.objects.filter(alive=False), "keluarga__region__code")
    if prefix:
        members = members.filter(keluarga__region__code__startswith=prefix)
    for kk, nik, name in members.values_list("keluarga__kk", "nik", "name").iterator():
        dead[kk][nik] = (name, "registri")
    job = latest_done_job(kind=MatchingJob.Kind.DUKCAPIL)
    if job is not None:
        reported = scope.filter(DukcapilResult.objects.filter(job=job, dead=True), "region_code")
        if prefix:
            reported = reported.filter(region_code__startswith=prefix)
        for kk, nik, name in reported.values_list("kk", "nik", "name").iterator():
            dead[kk].setdefault(nik, (name, "Dukcapil"))
    return dead


def dead_recipients(
    *, scope: AccessScope, period: date, region_prefix: str = ""
) -> list[DeadRecipient]:
    """Decided recipients of the period's current run who are dead: a person program's
    recipient, a component's member (PKH), or the family's first listed member (pengurus)."""
    run = current_run(period=period)
    if run is None:
        return []
    prefix = effective_prefix(scope=scope, region_prefix=region_prefix)
    dead = _dead_people(scope, prefix)
    kks = sorted(dead)
    found: list[DeadRecipient] = []
    for start in range(0, len(kks), 500):
        heads = dict(
            Anggota.objects.filter(
                keluarga__kk__in=kks[start : start + 500], position=0
            ).values_list("keluarga__kk", "nik")
        )
        decisions = scope.filter(
            Decision.objects.filter(run=run, eligible=True, kk__in=kks[start : start + 500]),
            "region_code",
        )
        for decision in decisions.order_by("region_code", "kk", "program"):
            people = dead[decision.kk]
            hits: list[tuple[str, str]] = []
            if decision.nik:
                if decision.nik in people:
                    hits.append((decision.nik, "penerima meninggal"))
            else:
                for component in decision.components or []:
                    if component.get("nik") in people:
                        hits.append((component["nik"], "anggota komponen meninggal"))
                head = heads.get(decision.kk)
                if head in people and all(h[0] != head for h in hits):
                    hits.append((head, "pengurus keluarga meninggal"))
            for nik, reason in hits:
                name, source = people[nik]
                found.append(
                    DeadRecipient(
                        program=decision.program,
                        tahap=decision.tahap,
                        kk=decision.kk,
                        nik=nik,
                        name=name,
                        region_code=decision.region_code,
                        amount_per_tahap=decision.amount_per_tahap,
                        reason=reason,
                        source=source,
                    )
                )
    return found


def open_counts(*, scope: AccessScope) -> dict[str, int]:
    pairs = scope.filter(CandidatePair.objects.all(), "region_code")
    actions = scope.filter(ChangeAction.objects.all(), "region_code")
    return {
        "pasangan": pairs.filter(status=CandidatePair.Status.TERBUKA).count(),
        "verifikasi": pairs.filter(status=CandidatePair.Status.VERIFIKASI).count(),
        "perubahan": actions.filter(status=ChangeAction.Status.MENUNGGU).count(),
    }
