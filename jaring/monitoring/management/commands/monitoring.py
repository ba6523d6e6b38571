"""`jaring monitoring refresh|report`: rebuild the aggregates; write evaluation reports.

  jaring monitoring refresh [--force]
  jaring monitoring report --program PKH --tahap 2025-T3 [--wilayah 32] [--out DIR]
  jaring monitoring report --monthly [--force]      (run daily by cron/systemd; see docs)
Each prints one JSON object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jaring.core.scope import AccessScope, OutOfScope
from jaring.monitoring import selectors
from jaring.monitoring.refresh import RefreshBusy, aggregates_refresh
from jaring.monitoring.reports import ReportRequest
from jaring.monitoring.scheduled import monthly_reports, write_report


class Command(BaseCommand):
    help = "Monitoring: perbarui agregat (refresh) atau buat laporan evaluasi (report)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["refresh", "report"])
        parser.add_argument("--force", action="store_true", help="hitung/buat ulang semuanya")
        parser.add_argument("--monthly", action="store_true", help="laporan bulanan terjadwal")
        parser.add_argument("--program", help="kode program, mis. PKH")
        parser.add_argument("--tahap", help="tahap, mis. 2025-T3 (bawaan: tahap terakhir)")
        parser.add_argument("--wilayah", default="", help="kode wilayah (bawaan: nasional)")
        parser.add_argument("--out", default="var/laporan", help="direktori keluaran")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = AccessScope.system("cli")
        if options["action"] == "refresh":
            try:
                result = aggregates_refresh(scope=scope, force=options["force"])
            except RefreshBusy as error:
                raise CommandError(str(error)) from error
            out: dict[str, Any] = {
                "refreshed": [f"{p} {t}" for p, t in result.refreshed],
                "unchanged": len(result.unchanged),
                "removed": [f"{p} {t}" for p, t in result.removed],
                "seconds": round(result.seconds, 3),
                "sources": {
                    "penyaluran": result.ledger,
                    "pengaduan": result.complaints,
                    "kualitas_data": result.matching,
                },
            }
        elif options["monthly"]:
            monthly = monthly_reports(today=timezone.localdate(), force=options["force"])
            out = {
                "due": monthly.due,
                "directory": monthly.directory,
                "files": len(monthly.files),
                "programs_without_data": monthly.skipped,
            }
        else:
            out = {"files": [str(p) for p in self._one_report(scope, options)]}
        self.stdout.write(json.dumps(out, ensure_ascii=False))

    def _one_report(self, scope: AccessScope, options: dict[str, Any]) -> list[Path]:
        program = options["program"]
        if not program:
            raise CommandError("Sebutkan --program (mis. PKH) atau gunakan --monthly.")
        try:
            place = selectors.resolve_region(scope=scope, region_code=options["wilayah"])
        except OutOfScope as error:
            raise CommandError(f"Kode wilayah '{options['wilayah']}' tidak dikenal.") from error
        tahaps = selectors.tahap_list(scope=scope, program=program)
        if not tahaps:
            raise CommandError(
                f"Belum ada agregat untuk program {program}; jalankan `jaring monitoring refresh`."
            )
        tahap = options["tahap"] or tahaps[-1]
        if tahap not in tahaps:
            raise CommandError(f"Tahap {tahap} tidak ada untuk {program}: {', '.join(tahaps)}.")
        request = ReportRequest(scope=scope, program=program, tahap=tahap, place=place)
        return write_report(request, Path(options["out"]))
