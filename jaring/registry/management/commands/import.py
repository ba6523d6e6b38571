"""`jaring import FILE [--report FILE.csv]`: load households, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandParser

from jaring.core.scope import AccessScope
from jaring.registry.progress import TqdmProgress
from jaring.registry.services import household_import

PRINT_LIMIT = 1000


class Command(BaseCommand):
    help = (
        "Impor keluarga dari JSONL, CSV (keluarga.csv + anggota.csv di sampingnya, atau .zip "
        "keduanya) atau XLSX templat. Semua atau tidak sama sekali: bila ada baris bermasalah "
        "tidak ada yang disimpan dan status keluar 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="berkas .jsonl, .csv, .xlsx, atau .zip")
        parser.add_argument("--report", type=Path, help="tulis laporan per baris sebagai CSV")
        parser.add_argument("--quiet", action="store_true", help="tanpa bilah kemajuan")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = TqdmProgress(disable=options["quiet"])
        try:
            result = household_import(
                scope=AccessScope.system("jaring import"),
                source=options["file"],
                report=options["report"],
                progress=progress,
            )
        finally:
            progress.close()
        for row in result.rows[:PRINT_LIMIT]:
            self.stdout.write(row.as_text())
        shown = min(len(result.rows), PRINT_LIMIT)
        if result.error_count + result.warning_count > shown:
            more = result.error_count + result.warning_count - shown
            self.stdout.write(f"... dan {more} baris lagi (lihat --report)")
        self.stdout.write(orjson.dumps(result.summary()).decode())
        if not result.ok:
            self.stderr.write(
                f"Impor dibatalkan: {result.error_count} masalah ditemukan; "
                "tidak ada data yang disimpan."
            )
            sys.exit(1)
