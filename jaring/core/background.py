"""Starting long work (eligibility runs, matching jobs, response-file imports) in the background.

Default: a detached `jaring …` process (it survives the web worker being recycled; its output goes
to var/logs/<name>.log). With JARING_RUN_LAUNCHER=thread the work runs in a thread of the web
process instead: needed when the database is one a child process cannot open (the test suite's)
and handy on a single-process demo. Each caller records failures on its own job row, so here a
failure is only logged.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)


def launcher() -> str:
    """'thread' or '' (a detached process): the setting, else the environment variable."""
    return getattr(settings, "JARING_RUN_LAUNCHER", os.environ.get("JARING_RUN_LAUNCHER", ""))


def launch(*, name: str, work: Callable[[], object], command: list[str]) -> threading.Thread | None:
    """Start `work` in a thread (thread mode; the thread is returned) or `jaring <command>` as a
    detached process (None). `name` names the thread and the log file."""
    if launcher() == "thread":

        def run() -> None:
            try:
                work()
            except Exception:  # the caller's job row says it failed
                log.exception("%s failed", name)
            finally:
                connection.close()

        thread = threading.Thread(target=run, name=name, daemon=True)
        thread.start()
        return thread
    logs = Path(settings.VAR_DIR) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{name}.log", "ab") as output:
        subprocess.Popen(
            [sys.executable, "-m", "jaring.cli", *command],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    return None
