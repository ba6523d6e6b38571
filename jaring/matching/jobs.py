"""Matching jobs: started by a service, run in the background, progress on the job row.

A job is visible from its first second (status running, progress 0..1, a label) so the results
page and the CLI can follow it. Background mode follows jaring.programs.background: a detached
`jaring matching run-job --job ID` process by default; JARING_RUN_LAUNCHER=thread runs it in a
thread of the web process (the test suite, a single-process demo).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.background import launch
from jaring.core.scope import AccessScope
from jaring.matching.models import JobStatus, MatchingJob

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=2)
Progress = Callable[[str, float], None]

# Roles that may start jobs (a desa operator reviews, but does not run national linkage).
RUNNER_ROLES = frozenset(
    {"kemensos_pusat", "dinsos_provinsi", "dinsos_kabkota", "system", "superuser"}
)


class JobRefused(Exception):
    """A job that may not start; the message is in Bahasa Indonesia."""


class JobProgress:
    """Writes (label, fraction) to the job row at most once a second; forwards to a callback."""

    def __init__(self, job: MatchingJob, forward: Progress | None = None) -> None:
        self.job = job
        self.forward = forward
        self.last = 0.0

    def __call__(self, label: str, fraction: float) -> None:
        if self.forward:
            self.forward(label, fraction)
        now = time.monotonic()
        if now - self.last < 1.0 and fraction < 1.0:
            return
        self.last = now
        MatchingJob.objects.filter(pk=self.job.pk).update(
            progress=round(min(max(fraction, 0.0), 1.0), 3),
            progress_label=label[:120],
            heartbeat_at=timezone.now(),
        )


def job_start(
    *,
    scope: AccessScope,
    kind: str,
    source_name: str = "",
    source_path: str = "",
    period: object = None,
) -> MatchingJob:
    """Create the job row after checking the caller may run it and no same job is running."""
    if scope.role not in RUNNER_ROLES:
        raise JobRefused("Peran Anda tidak dapat menjalankan proses kualitas data.")
    running = MatchingJob.objects.filter(
        kind=kind, status=JobStatus.RUNNING, region_prefix=scope.region_prefix
    )
    for other in running:
        if timezone.now() - (other.heartbeat_at or other.started_at) < STALE_AFTER:
            raise JobRefused(
                f"Proses {other.get_kind_display()} untuk wilayah ini sedang berjalan "
                f"(#{other.pk}); tunggu sampai selesai."
            )
        MatchingJob.objects.filter(pk=other.pk).update(
            status=JobStatus.FAILED,
            error="Proses terhenti tanpa kabar (dianggap gagal).",
            finished_at=timezone.now(),
        )
    return MatchingJob.objects.create(
        kind=kind,
        region_prefix=scope.region_prefix,
        source_name=source_name[:255],
        source_path=source_path[:500],
        period=period,
        started_by=scope.username or scope.role,
        progress_label="Menunggu",
    )


def job_finish(*, scope: AccessScope, job: MatchingJob, summary: dict[str, object]) -> None:
    """Mark done and audit; callers run this inside the transaction that stored the results."""
    MatchingJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        progress=1.0,
        progress_label="Selesai",
        finished_at=timezone.now(),
        summary=summary,
    )
    job.status, job.summary = JobStatus.DONE, summary
    audit_record(
        scope=scope,
        change=Change(
            f"matching.{job.kind}.done",
            "matching_job",
            str(job.pk),
            job.region_prefix,
            None,
            summary,
        ),
    )


def job_fail(job: MatchingJob, error: BaseException) -> None:
    message = str(error) or type(error).__name__
    MatchingJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        error=message[:4000],
        finished_at=timezone.now(),
        progress_label="Gagal",
    )
    job.status, job.error = JobStatus.FAILED, message


def job_execute(*, job: MatchingJob, progress: Progress | None = None) -> MatchingJob:
    """Run a started job to the end; failures are recorded on the row (and re-raised)."""
    from jaring.matching import dedup, dukcapil, overlap

    runners = {
        MatchingJob.Kind.DUKCAPIL: dukcapil.dukcapil_match,
        MatchingJob.Kind.DUPLIKAT: dedup.duplicates_find,
        MatchingJob.Kind.TUMPANG_TINDIH: overlap.overlap_find,
        MatchingJob.Kind.EKSTERNAL: overlap.external_import,
    }
    scope = AccessScope(
        role="system", region_prefix=job.region_prefix, username=job.started_by or "system"
    )
    tracker = JobProgress(job, progress)
    try:
        runners[MatchingJob.Kind(job.kind)](scope=scope, job=job, progress=tracker)
    except BaseException as error:
        job_fail(job, error)
        raise
    job.refresh_from_db()
    return job


def job_launch(job: MatchingJob) -> threading.Thread | None:
    """Start executing `job` without waiting; returns the thread in thread mode."""
    return launch(
        name=f"matching-job-{job.pk}",
        work=lambda: job_execute(job=job),
        command=["matching", "run-job", "--job", str(job.pk)],
    )
