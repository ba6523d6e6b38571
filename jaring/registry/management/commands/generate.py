"""`jaring generate --households N --seed S --out DIR [--format jsonl|parquet] [--region P,...]`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jaring.registry.generate import (
    DEFAULT_AS_OF,
    FORMATS,
    GenerateOptions,
    RegionSelectionError,
    SerialsExhausted,
    parse_region_prefixes,
    write_population,
)
from jaring.registry.generate.geography import load_geography


class Command(BaseCommand):
    help = (
        "Membuat populasi sintetis (keluarga dan anggota) dalam format pertukaran: "
        "DIR/households.jsonl atau DIR/households.parquet + DIR/members.parquet. "
        "Hasilnya sama persis untuk seed yang sama."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, required=True, help="jumlah keluarga")
        parser.add_argument("--seed", type=int, default=1, help="benih acak (default 1)")
        parser.add_argument("--out", type=Path, required=True, help="folder keluaran")
        parser.add_argument("--format", choices=FORMATS, default="jsonl")
        parser.add_argument(
            "--region",
            default="",
            help="hanya desa di bawah kode wilayah ini; boleh beberapa, dipisah koma "
            "(mis. 3273,3204 atau 32.73)",
        )
        parser.add_argument(
            "--as-of",
            default=DEFAULT_AS_OF.isoformat(),
            help=f"tanggal acuan umur TTTT-BB-HH (default {DEFAULT_AS_OF.isoformat()})",
        )
        parser.add_argument(
            "--duplicates",
            type=float,
            default=0.0,
            help="bagian penduduk yang disalin ke keluarga kedua dengan salah ketik "
            "(mis. 0.02); kunci jawabannya ditulis ke DIR/duplicates.csv",
        )
        parser.add_argument(
            "--duplicate-families",
            type=float,
            default=0.0,
            help="bagian salinan itu yang datang sekeluarga, sebagai keluarga yang terdaftar "
            "lagi setelah pindah (mis. 0.5; default 0: setiap salinan sendirian)",
        )
        parser.add_argument("--quiet", action="store_true", help="tanpa bilah kemajuan")

    def handle(self, *args: Any, **options: Any) -> None:
        households: int = options["households"]
        if households < 1:
            raise CommandError("--households harus bilangan bulat 1 atau lebih")
        try:
            as_of = date.fromisoformat(options["as_of"])
        except ValueError as exc:
            raise CommandError("--as-of harus tanggal TTTT-BB-HH, mis. 2025-07-01") from exc
        if as_of > date.today():
            raise CommandError("--as-of tidak boleh di masa depan")
        if not 0 <= options["duplicates"] < 1:
            raise CommandError("--duplicates harus antara 0 dan 1, mis. 0.02")
        if not 0 <= options["duplicate_families"] <= 1:
            raise CommandError("--duplicate-families harus antara 0 dan 1, mis. 0.5")
        try:
            regions = parse_region_prefixes(options["region"])
            load_geography(regions)  # an unknown prefix fails here, before the progress bar
            config = GenerateOptions(
                households=households,
                seed=options["seed"],
                regions=regions,
                as_of=as_of,
                duplicates=options["duplicates"],
                duplicate_families=options["duplicate_families"],
            )
            with tqdm(
                total=households,
                desc="generate",
                unit="kel",
                file=sys.stderr,
                disable=options["quiet"],
                leave=False,
            ) as bar:
                result = write_population(config, options["out"], options["format"], bar.update)
        except (RegionSelectionError, SerialsExhausted) as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"tidak dapat menulis ke {options['out']}: {exc.strerror}") from exc
        summary = {
            "households": result.households,
            "members": result.members,
            "files": [str(path) for path in result.files],
        }
        self.stdout.write(orjson.dumps(summary).decode())
