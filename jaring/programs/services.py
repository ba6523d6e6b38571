"""Eligibility runs: snapshot the registry, run the engine, store the decisions, swap them in.

A run is visible from its first second (status "running" with a progress figure that pages and
the CLI show). The decisions are loaded under the new run's id while readers keep using the
period's current run; one short transaction then points CurrentRun at the new run and records
the audit event. Superseded decisions are removed after the swap. A failure marks the run
failed with the error and leaves the period exactly as it was.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope
from jaring.programs.loading import decisions_load, decisions_sorted
from jaring.programs.models import CurrentRun, Decision, EligibilityRun
from jaring.programs.periods import PeriodError, parse_period
from jaring.programs.snapshot import snapshot_export

Progress = Callable[[str, int, int | None], None]

# Share of the progress bar per phase (export, engine, load); the swap is instantaneous.
_PHASES = {"ekspor": (0.0, 0.3), "mesin": (0.3, 0.7), "muat": (0.7, 0.98)}
_LABELS = {"ekspor": "Mengekspor registri", "mesin": "Menilai kelayakan", "muat": "Menyimpan"}
# A run that has reported no progress for this long is taken as dead (its process was killed).
STALE_AFTER = timedelta(hours=2)


class RunRefused(Exception):
    """A run that may not start (wrong role, bad period, one already running); message in Bahasa."""


class _RunProgress:
    """Records progress on the EligibilityRun row (at most once a second) and forwards it."""

    def __init__(self, run: EligibilityRun, forward: Progress | None) -> None:
        self.run = run
        self.forward = forward
        self.last_write = 0.0
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if self.forward:
            self.forward(phase, done, total)
        start, end = _PHASES.get(phase, (self.run.progress, self.run.progress))
        fraction = min(done / total, 1.0) if total else 0.0
        now = time.monotonic()
        if phase == self.phase and now - self.last_write < 1.0 and fraction < 1.0:
            return
        self.phase, self.last_write = phase, now
        self.run.progress = round(start + (end - start) * fraction, 3)
        EligibilityRun.objects.filter(pk=self.run.pk).update(
            progress=self.run.progress,
            progress_label=_LABELS.get(phase, phase),
            heartbeat_at=timezone.now(),
        )

    def engine(self, _label: str, fraction: float) -> None:
        """The engine reports (its own step, fraction done); shown as the "mesin" phase in %."""
        self("mesin", int(fraction * 100), 100)


def _policy() -> Any:
    from jaring.engine.api import load_policy

    return load_policy(settings.POLICY_DIR)


def eligibility_run_start(*, scope: AccessScope, period: str) -> EligibilityRun:
    """Create the run row (status running) after checking who asks and for what period."""
    if not scope.is_national:
        raise RunRefused("Hanya Kemensos pusat yang dapat menjalankan penilaian kelayakan.")
    try:
        first_day = parse_period(period)
    except PeriodError as error:
        raise RunRefused(str(error)) from error
    with transaction.atomic():
        running = EligibilityRun.objects.select_for_update().filter(
            period=first_day, status=EligibilityRun.Status.RUNNING
        )
        for other in running:
            if timezone.now() - (other.heartbeat_at or other.started_at) < STALE_AFTER:
                raise RunRefused(
                    f"Penilaian periode {period} sedang berjalan (run #{other.pk}); "
                    "tunggu sampai selesai."
                )
            other.status = EligibilityRun.Status.FAILED
            other.error = "Proses terhenti tanpa kabar (dianggap gagal)."
            other.finished_at = timezone.now()
            other.save(update_fields=["status", "error", "finished_at"])
            Decision.objects.filter(run=other).delete()
        return EligibilityRun.objects.create(
            period=first_day, started_by=scope.username or scope.role, progress_label="Menunggu"
        )


def eligibility_run_execute(
    *, scope: AccessScope, run: EligibilityRun, progress: Progress | None = None
) -> EligibilityRun:
    """Do the work of a started run; on any error mark it failed and re-raise."""
    from jaring.engine.api import run_batch

    period = f"{run.period:%Y-%m}"
    tracker = _RunProgress(run, progress)
    try:
        policy = _policy()
        EligibilityRun.objects.filter(pk=run.pk).update(policy_digest=policy.digest)
        with tempfile.TemporaryDirectory(prefix="jaring-run-") as tmp:
            work = Path(tmp)
            files = snapshot_export(out_dir=work / "snapshot", progress=tracker)
            tracker("mesin", 0, 100)
            run_batch(
                households=files.households,
                members=files.members,
                period=period,
                policy=policy,
                out_dir=work / "out",
                progress=tracker.engine,
            )
            tracker("mesin", 100, 100)
            ordered = decisions_sorted(
                source=work / "out" / "decisions.parquet", target=work / "decisions-sorted.parquet"
            )
            summary = decisions_load(
                run=run,
                path=ordered,
                programs=_programs_in_force(policy, run.period),
                progress=tracker,
            )
        summary = {"period": period, "programs": summary}
        _swap(scope=scope, run=run, summary=summary, households=files.household_count)
    except BaseException as error:
        _fail(run, error)
        raise
    # Readers now use the new run; the superseded decisions go outside the swap (and outside the
    # try: the run is done whatever happens here, and a later run deletes any leftovers).
    Decision.objects.filter(period=run.period).exclude(run=run).delete()
    run.refresh_from_db()
    return run


def _programs_in_force(policy: Any, period: date) -> list[str]:
    return [getattr(p, "code", p) for p in policy.programs_in_force(period)]


def _swap(
    *, scope: AccessScope, run: EligibilityRun, summary: dict[str, Any], households: int
) -> None:
    with transaction.atomic():
        previous = CurrentRun.objects.select_for_update().filter(period=run.period).first()
        previous_run = previous.run_id if previous else None
        CurrentRun.objects.update_or_create(period=run.period, defaults={"run": run})
        EligibilityRun.objects.filter(pk=run.pk).update(
            status=EligibilityRun.Status.DONE,
            progress=1.0,
            progress_label="Selesai",
            finished_at=timezone.now(),
            summary=summary,
        )
        audit_record(
            scope=scope,
            change=Change(
                "eligibility_run.done",
                "eligibility_run",
                str(run.pk),
                "",
                {"current_run": previous_run},
                {"current_run": run.pk, "households": households, **summary},
            ),
        )


def _fail(run: EligibilityRun, error: BaseException) -> None:
    message = str(error) or type(error).__name__
    EligibilityRun.objects.filter(pk=run.pk).update(
        status=EligibilityRun.Status.FAILED,
        error=f"{type(error).__name__}: {message}"[:2000],
        finished_at=timezone.now(),
        progress_label="Gagal",
    )
    Decision.objects.filter(run=run).delete()


def eligibility_run(
    *, scope: AccessScope, period: str, progress: Progress | None = None
) -> EligibilityRun:
    """Assess every household for `period` (YYYY-MM) and make the result the period's decisions."""
    run = eligibility_run_start(scope=scope, period=period)
    return eligibility_run_execute(scope=scope, run=run, progress=progress)
