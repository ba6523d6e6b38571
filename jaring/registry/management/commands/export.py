"""`jaring export --region PREFIX --format xlsx|csv|jsonl --out PATH`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jaring.core.scope import AccessScope
from jaring.registry.exporter import EXPORT_FORMATS
from jaring.registry.progress import TqdmProgress
from jaring.registry.services import household_export


class Command(BaseCommand):
    help = (
        "Ekspor keluarga dan anggota suatu wilayah. xlsx: satu buku kerja; csv: PATH.zip, atau "
        "PATH.csv (+ anggota di sampingnya), atau folder; jsonl: format pertukaran. "
        "Hasil ekspor dapat diimpor kembali tanpa perubahan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default="", help="awalan kode wilayah; kosong = nasional")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="xlsx")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--quiet", action="store_true", help="tanpa bilah kemajuan")

    def handle(self, *args: Any, **options: Any) -> None:
        region = options["region"].replace(".", "")
        if region and not region.isdigit():
            raise CommandError("--region harus berupa kode wilayah angka, mis. 3273 atau 32.73")
        progress = TqdmProgress(disable=options["quiet"])
        try:
            count = household_export(
                scope=AccessScope.system("jaring export"),
                region_prefix=region,
                fmt=options["format"],
                out=options["out"],
                progress=progress,
            )
        finally:
            progress.close()
        self.stdout.write(orjson.dumps({"households": count, "out": str(options["out"])}).decode())
