"""`jaring usulan …`: the proposal workflow from the command line.

- `jaring usulan tetapkan --batch ID` decides a penetapan batch in one transaction (a re-run of a
  decided batch changes nothing) and writes its SK PDF; prints one JSON object.
- `jaring usulan susun --program P --period YYYY-MM [--region PREFIX]` builds a draft batch of
  the validated proposals; prints its id.
- `jaring usulan eskalasi` flags the proposals past their step's SLA (run daily from cron).
- `jaring usulan impor FILE.jsonl` submits proposals from a file, all or nothing.

Progress of `tetapkan` goes to stderr as `tetapkan: n/N` lines (crash drills wait for them).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jaring.core.scope import AccessScope, OutOfScope
from jaring.usulan.workflow import TransitionRefused


class Command(BaseCommand):
    help = "Usulan: tetapkan batch, susun batch, eskalasi keterlambatan, impor berkas usulan."
    # A batch job: it must not depend on every app's URL wiring being importable.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        decide = sub.add_parser("tetapkan", help="Tetapkan satu batch penetapan (satu transaksi).")
        decide.add_argument("--batch", type=int, required=True)
        build = sub.add_parser("susun", help="Susun batch dari usulan tervalidasi.")
        build.add_argument("--program", required=True)
        build.add_argument("--period", required=True)
        build.add_argument("--region", default="")
        sub.add_parser("eskalasi", help="Tandai usulan yang melewati batas waktu tahapnya.")
        load = sub.add_parser("impor", help="Ajukan usulan dari berkas JSONL (semua atau tidak).")
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        scope = AccessScope.system("jaring usulan")
        try:
            result = getattr(self, f"_{options['action']}")(scope, options)
        except (TransitionRefused, OutOfScope) as error:
            raise CommandError(getattr(error, "message", "di luar wilayah")) from error
        sys.stdout.write(orjson.dumps(result, option=orjson.OPT_SORT_KEYS).decode() + "\n")

    def _tetapkan(self, scope: AccessScope, options: dict[str, Any]) -> dict[str, Any]:
        from jaring.usulan.models import PenetapanBatch
        from jaring.usulan.penetapan import penetapan_batch_apply

        if not PenetapanBatch.objects.filter(pk=options["batch"]).exists():
            raise CommandError(f"Batch {options['batch']} tidak ditemukan.")

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"tetapkan: {done}/{total}\n")
            sys.stderr.flush()

        batch = penetapan_batch_apply(scope=scope, batch_id=options["batch"], progress=progress)
        return {
            "batch": batch.pk,
            "sk": batch.sk_number,
            "status": batch.status,
            "summary": batch.summary,
            "sk_pdf": batch.sk_pdf.name,
        }

    def _susun(self, scope: AccessScope, options: dict[str, Any]) -> dict[str, Any]:
        from jaring.usulan.penetapan import penetapan_batch_create

        batch = penetapan_batch_create(
            scope=scope,
            program=options["program"],
            period=options["period"],
            region_prefix=options["region"],
        )
        return {"batch": batch.pk, "sk": batch.sk_number, "usulan": batch.items.count()}

    def _eskalasi(self, scope: AccessScope, options: dict[str, Any]) -> dict[str, Any]:
        from jaring.usulan.escalation import usulan_escalate_overdue

        return {"eskalasi": usulan_escalate_overdue(scope=scope)}

    def _impor(self, scope: AccessScope, options: dict[str, Any]) -> dict[str, Any]:
        from jaring.usulan.bulk import usulan_bulk_import

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        with path.open("rb") as stream:
            result = usulan_bulk_import(scope=scope, stream=stream)
        if not result.ok:
            for line, message in result.errors:
                sys.stderr.write(f"baris {line}: {message}\n")
            raise CommandError("Tidak ada usulan yang disimpan.")
        return {"usulan": len(result.created)}
