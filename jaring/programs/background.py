"""Running a started eligibility run in the background, for the staff page.

Default: a detached `jaring run-eligibility --run ID` process (survives the web worker being
recycled; its output goes to var/logs/). Setting JARING_RUN_LAUNCHER=thread runs it in a thread
of the web process instead: needed when the database is one a child process cannot open (the
test suite's) and handy on a single-process demo.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

from django.conf import settings
from django.db import connection

from jaring.core.scope import AccessScope
from jaring.programs.models import EligibilityRun

log = logging.getLogger(__name__)


def _launcher() -> str:
    return getattr(settings, "JARING_RUN_LAUNCHER", os.environ.get("JARING_RUN_LAUNCHER", ""))


def _in_thread(run: EligibilityRun) -> threading.Thread:
    from jaring.programs.services import eligibility_run_execute

    def work() -> None:
        try:
            eligibility_run_execute(scope=AccessScope.system(run.started_by), run=run)
        except Exception:  # already recorded on the run row as failed
            log.exception("eligibility run %s failed", run.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=work, name=f"eligibility-run-{run.pk}", daemon=True)
    thread.start()
    return thread


def launch_run(run: EligibilityRun) -> threading.Thread | None:
    """Start executing `run` without waiting; returns the thread in thread mode."""
    if _launcher() == "thread":
        return _in_thread(run)
    logs = settings.VAR_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "jaring.cli", "run-eligibility", "--quiet"]
    with open(logs / f"run-eligibility-{run.pk}.log", "ab") as output:
        subprocess.Popen(
            [*command, "--run", str(run.pk)],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    return None
