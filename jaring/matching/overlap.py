"""Cross-program overlap: people or families on programs that exclude each other.

Who receives what in a period comes from two places: the eligible decisions of the period's
current eligibility run (jaring.programs), and recipient lists of other ministries or programs
imported as CSV (`external_import`; layout in docs/matching.md). The exclusion rules are data
(policy/overlap_*.toml): a family-level rule compares KKs (a person on a list counts for their
family), a person-level rule compares NIKs.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from jaring.core.identity import ERROR, check_nik
from jaring.core.scope import AccessScope
from jaring.matching.jobs import job_finish
from jaring.matching.models import ExternalRecipient, MatchingJob, OverlapFinding
from jaring.matching.policy import overlap_rules
from jaring.programs.models import Decision
from jaring.programs.periods import PeriodError, parse_period
from jaring.programs.selectors import current_run
from jaring.registry.models import Anggota

EXTERNAL_COLUMNS = ("program", "kementerian", "nik", "periode")
MAX_ERRORS = 50


class ListError(ValueError):
    """The recipient list cannot be used; the message lists the problems in Indonesian."""


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ListError("Berkas harus CSV berkode UTF-8.") from error
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in EXTERNAL_COLUMNS if c not in header]
    if missing:
        raise ListError(f"Kolom wajib tidak ada: {', '.join(missing)}.")
    return [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def external_import(
    *, scope: AccessScope, job: MatchingJob, progress: Callable[[str, float], None]
) -> dict[str, Any]:
    """Store a recipient list (all or nothing). KK and region come from the registry by NIK."""
    rows = _rows(Path(job.source_path))
    errors: list[str] = []
    parsed = []
    for line, row in enumerate(rows, start=2):
        problems = [p.message for p in check_nik(row["nik"]) if p.severity == ERROR]
        problem = problems[0] if problems else ""
        try:
            period = parse_period(row["periode"])
        except PeriodError:
            problem = problem or "periode harus TTTT-BB"
            period = None
        if not row["program"]:
            problem = problem or "program kosong"
        if problem:
            errors.append(f"baris {line}: {problem}")
        else:
            parsed.append(
                (row["program"].upper()[:16], row["kementerian"][:60], row["nik"], period)
            )
    if errors:
        raise ListError(
            "Daftar ditolak, tidak ada yang disimpan:\n" + "\n".join(errors[:MAX_ERRORS])
        )
    progress("Mencari NIK di registri", 0.4)
    homes: dict[str, tuple[str, str]] = {}
    niks = sorted({nik for _, _, nik, _ in parsed})
    for start in range(0, len(niks), 500):
        members = Anggota.objects.filter(nik__in=niks[start : start + 500]).values_list(
            "nik", "keluarga__kk", "keluarga__region_id"
        )
        for nik, kk, region in members:
            homes.setdefault(nik, (kk, region))
    with transaction.atomic():
        ExternalRecipient.objects.bulk_create(
            [
                ExternalRecipient(
                    job=job,
                    program=program,
                    ministry=ministry,
                    period=period,
                    nik=nik,
                    kk=homes.get(nik, ("", ""))[0],
                    region_code=homes.get(nik, ("", ""))[1],
                )
                for program, ministry, nik, period in parsed
            ],
            batch_size=5000,
        )
        summary = {"baris": len(parsed), "ditemukan_di_registri": sum(n in homes for n in niks)}
        job_finish(scope=scope, job=job, summary=summary)
    return summary


Holdings = dict[str, dict[str, set[str]]]  # program → key (KK or NIK) → sources


def _holdings(*, scope: AccessScope, job: MatchingJob) -> tuple[Holdings, Holdings, dict[str, str]]:
    """Who holds which program in the job's period, by KK and by NIK, and each KK's region."""
    by_kk: Holdings = defaultdict(lambda: defaultdict(set))
    by_nik: Holdings = defaultdict(lambda: defaultdict(set))
    regions: dict[str, str] = {}
    run = current_run(period=job.period)
    if run is not None:
        decisions = scope.filter(
            Decision.objects.filter(run=run, eligible=True), "region_code"
        ).values_list("program", "kk", "nik", "region_code")
        for program, kk, nik, region in decisions.iterator(chunk_size=20000):
            by_kk[program][kk].add(f"{program}: keputusan kelayakan")
            if nik:
                by_nik[program][nik].add(f"{program}: keputusan kelayakan")
            regions[kk] = region
    external = scope.filter(
        ExternalRecipient.objects.filter(period=job.period), "region_code"
    ).values_list("program", "ministry", "nik", "kk", "region_code")
    for program, ministry, nik, kk, region in external.iterator(chunk_size=20000):
        source = f"{program}: daftar {ministry or 'eksternal'}"
        by_nik[program][nik].add(source)
        if kk:
            by_kk[program][kk].add(source)
            regions.setdefault(kk, region)
    return by_kk, by_nik, regions


def overlap_find(
    *, scope: AccessScope, job: MatchingJob, progress: Callable[[str, float], None]
) -> dict[str, Any]:
    rules = overlap_rules(job.period)
    progress("Mengumpulkan penerima", 0.1)
    by_kk, by_nik, regions = _holdings(scope=scope, job=job)
    nik_home: dict[str, tuple[str, str]] = {}
    findings: list[OverlapFinding] = []
    counts: dict[str, int] = {}
    for number, rule in enumerate(rules):
        first, second = rule.programs
        table = by_kk if rule.level == "keluarga" else by_nik
        common = sorted(set(table[first]) & set(table[second]))
        if rule.level == "orang" and common:
            for start in range(0, len(common), 500):
                rows = Anggota.objects.filter(nik__in=common[start : start + 500]).values_list(
                    "nik", "keluarga__kk", "keluarga__region_id"
                )
                for nik, kk, region in rows:
                    nik_home.setdefault(nik, (kk, region))
        for key in common:
            if rule.level == "keluarga":
                kk, nik, region = key, "", regions.get(key, "")
            else:
                kk, region = nik_home.get(key, ("", ""))
                nik = key
            findings.append(
                OverlapFinding(
                    job=job,
                    rule=rule.code,
                    level=rule.level,
                    programs=list(rule.programs),
                    sources=sorted(table[first][key] | table[second][key]),
                    kk=kk,
                    nik=nik,
                    region_code=region,
                    message=rule.message[:255],
                )
            )
        counts[rule.code] = len(common)
        progress("Memeriksa aturan", 0.2 + 0.7 * (number + 1) / max(len(rules), 1))
    with transaction.atomic():
        OverlapFinding.objects.bulk_create(findings, batch_size=5000)
        summary = {"periode": f"{job.period:%Y-%m}", "temuan": len(findings), "aturan": counts}
        job_finish(scope=scope, job=job, summary=summary)
    return summary
