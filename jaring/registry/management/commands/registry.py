"""`jaring registry stats` and `jaring registry template --format csv|xlsx --out DIR`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandParser

from jaring.registry.selectors import registry_stats
from jaring.registry.templates_io import write_template


class Command(BaseCommand):
    help = "Registri keluarga: statistik dan templat impor."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("stats", help='cetak {"households": n, "members": n}')
        template = sub.add_parser("template", help="tulis templat impor kosong")
        template.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        template.add_argument("--out", type=Path, default=Path("."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "stats":
            self.stdout.write(orjson.dumps(registry_stats()).decode())
            return
        for path in write_template(fmt=options["format"], out_dir=options["out"]):
            self.stdout.write(str(path))
