"""Running a started eligibility run in the background, for the staff page: a detached
`jaring run-eligibility --run ID` process, or a thread with JARING_RUN_LAUNCHER=thread
(`jaring.core.background`)."""

from __future__ import annotations

import threading

from jaring.core.background import launch
from jaring.core.scope import AccessScope
from jaring.programs.models import EligibilityRun


def launch_run(run: EligibilityRun) -> threading.Thread | None:
    """Start executing `run` without waiting; returns the thread in thread mode."""
    from jaring.programs.services import eligibility_run_execute

    return launch(
        name=f"eligibility-run-{run.pk}",
        work=lambda: eligibility_run_execute(scope=AccessScope.system(run.started_by), run=run),
        command=["run-eligibility", "--quiet", "--run", str(run.pk)],
    )
