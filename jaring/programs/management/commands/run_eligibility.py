"""`jaring run-eligibility --period YYYY-MM`: assess the whole registry and store the decisions.

Prints exactly one JSON object on stdout (CONTRACTS.md); the progress bar goes to stderr.
`--run ID` executes a run already created by the staff page (which starts this command in the
background so the web worker is never tied up).
"""

from __future__ import annotations

from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jaring.core.scope import AccessScope
from jaring.programs.models import EligibilityRun
from jaring.programs.services import (
    RunRefused,
    eligibility_run_execute,
    eligibility_run_start,
)
from jaring.registry.progress import TqdmProgress

# Units per phase of a run: families exported, percent of the engine, decisions stored.
_UNITS = {"ekspor": "kel", "mesin": "%", "muat": "keputusan"}


class RunProgress(TqdmProgress):
    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if phase != self.phase:
            super().__call__(phase, 0, total)
            if self.bar is not None:
                self.bar.unit = _UNITS.get(phase, "kel")
        super().__call__(phase, done, total)


class Command(BaseCommand):
    help = "Menilai kelayakan semua keluarga di registri untuk satu periode dan menyimpannya."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help="periode penilaian, TTTT-BB (mis. 2025-06)")
        parser.add_argument("--run", type=int, help="jalankan run yang sudah dibuat (halaman staf)")
        parser.add_argument("--quiet", action="store_true", help="tanpa progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = RunProgress(disable=options["quiet"])
        try:
            if options["run"]:
                run = EligibilityRun.objects.get(pk=options["run"])
                if run.status != EligibilityRun.Status.RUNNING:
                    raise CommandError(f"Run #{run.pk} sudah {run.get_status_display().lower()}.")
                scope = AccessScope.system(run.started_by or "run-eligibility")
            elif options["period"]:
                scope = AccessScope.system("run-eligibility")
                run = eligibility_run_start(scope=scope, period=options["period"])
            else:
                raise CommandError("Sebutkan --period TTTT-BB.")
            run = eligibility_run_execute(scope=scope, run=run, progress=progress)
        except EligibilityRun.DoesNotExist as error:
            raise CommandError(f"Run #{options['run']} tidak ditemukan.") from error
        except RunRefused as error:
            raise CommandError(str(error)) from error
        except (CommandError, KeyboardInterrupt):
            raise
        except Exception as error:  # the run is already marked failed with the details
            raise CommandError(f"Penilaian kelayakan gagal: {error}") from error
        finally:
            progress.close()
        # Sorted keys: PostgreSQL's jsonb returns the stored summary's keys in its own order.
        self.stdout.write(orjson.dumps(run.summary, option=orjson.OPT_SORT_KEYS).decode())
