"""`jaring matching ...`: data-quality jobs from the command line (progress bar on stderr).

jaring matching dukcapil FILE          match the registry to a Dukcapil extract
jaring matching duplicates             find duplicate people (equal NIK, Splink model)
jaring matching external-import FILE   load another ministry's recipient list (CSV)
jaring matching overlap --period YYYY-MM
jaring matching dead-recipients --period YYYY-MM   decided recipients who have died
jaring matching run-job --job ID       (used by the web page's background launcher)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jaring.core.identity import mask_identity
from jaring.core.scope import AccessScope
from jaring.matching import intake
from jaring.matching.jobs import JobRefused, job_execute
from jaring.matching.models import MatchingJob
from jaring.matching.selectors import dead_recipients
from jaring.programs.periods import PeriodError, parse_period


class Command(BaseCommand):
    help = "Kualitas data: pencocokan Dukcapil, data ganda, tumpang tindih program."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        dukcapil = sub.add_parser("dukcapil", help="cocokkan registri dengan ekstrak Dukcapil")
        dukcapil.add_argument("file", type=Path)
        sub.add_parser("duplicates", help="cari orang yang tercatat ganda")
        external = sub.add_parser("external-import", help="impor daftar penerima program lain")
        external.add_argument("file", type=Path)
        overlap = sub.add_parser("overlap", help="periksa tumpang tindih program")
        overlap.add_argument("--period", required=True)
        dead = sub.add_parser("dead-recipients", help="penerima dalam keputusan yang meninggal")
        dead.add_argument("--period", required=True)
        run = sub.add_parser("run-job", help="jalankan proses yang sudah dibuat halaman web")
        run.add_argument("--job", type=int, required=True)
        for command in (dukcapil, external, overlap, run, sub.choices["duplicates"]):
            command.add_argument("--quiet", action="store_true", help="tanpa bilah kemajuan")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        scope = AccessScope.system("cli")
        if action == "dead-recipients":
            self._dead(scope, options["period"])
            return
        try:
            if action == "run-job":
                job = MatchingJob.objects.filter(pk=options["job"]).first()
                if job is None:
                    raise CommandError(f"proses #{options['job']} tidak ada")
            elif action == "dukcapil":
                name, path = intake.store_path(
                    options["file"], label="Ekstrak Dukcapil", suffixes=(".csv", ".parquet")
                )
                job = intake.dukcapil_start(scope=scope, name=name, path=path)
            elif action == "external-import":
                name, path = intake.store_path(
                    options["file"], label="Daftar penerima", suffixes=(".csv",)
                )
                job = intake.external_start(scope=scope, name=name, path=path)
            elif action == "duplicates":
                job = intake.duplicates_start(scope=scope)
            else:
                job = intake.overlap_start(scope=scope, period=options["period"])
        except JobRefused as error:
            raise CommandError(str(error)) from error
        with tqdm(total=100, file=sys.stderr, disable=options["quiet"], leave=False) as bar:

            def progress(label: str, fraction: float) -> None:
                bar.set_description(label[:40])
                bar.update(int(fraction * 100) - bar.n)

            try:
                job = job_execute(job=job, progress=progress)
            except Exception as error:
                raise CommandError(f"proses #{job.pk} gagal: {error}") from error
        self.stdout.write(orjson.dumps({"job": job.pk, "kind": job.kind, **job.summary}).decode())

    def _dead(self, scope: AccessScope, period_text: str) -> None:
        try:
            period = parse_period(period_text)
        except PeriodError as error:
            raise CommandError(str(error)) from error
        for item in dead_recipients(scope=scope, period=period):
            row = {
                "program": item.program,
                "tahap": item.tahap,
                "kk": mask_identity(item.kk),
                "nik": mask_identity(item.nik),
                "region": item.region_code,
                "reason": item.reason,
                "source": item.source,
            }
            self.stdout.write(orjson.dumps(row).decode())
