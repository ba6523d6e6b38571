"""`jaring regions stats` (one JSON object of counts) and `jaring regions load`."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jaring.core.scope import AccessScope
from jaring.regions.loader import load_regions
from jaring.regions.selectors import region_stats


class Command(BaseCommand):
    help = "Pohon wilayah Kemendagri: statistik dan pemuatan data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("stats", help="cetak jumlah wilayah aktif per tingkat (JSON)")
        sub.add_parser("load", help="muat (atau perbarui) seluruh pohon wilayah dari data bawaan")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "stats":
            stats = region_stats(scope=AccessScope.system("regions stats"))
            self.stdout.write(json.dumps(stats))
            return
        started = time.perf_counter()
        count = load_regions()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{count} kode wilayah dimuat dalam {elapsed:.1f} detik.")
