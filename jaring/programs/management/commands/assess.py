"""`jaring assess --input FILE.jsonl --period YYYY-MM`: assess households, store nothing.

Prints one JSON line per household, in input order (CONTRACTS.md "Assessment output"). DuckDB
reads the file in chunks of whole lines (bounded memory on any number of households; see
jaring.engine.jsonl). An invalid line stops the command with an Indonesian error on stderr naming
the line, and exit status 1; the lines before it have already been printed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jaring.core.periods import PeriodError, parse_period
from jaring.engine.api import PolicyError, RecordError, load_policy
from jaring.engine.jsonl import assess_jsonl_file


class Command(BaseCommand):
    help = "Menilai kelayakan rumah tangga dari berkas JSONL tanpa menyimpan apa pun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="berkas JSONL format pertukaran")
        parser.add_argument("--period", required=True, help="periode penilaian, TTTT-BB")
        parser.add_argument(
            "--chunk-size", type=int, default=100_000, help="rumah tangga per potong"
        )
        parser.add_argument("--policy-dir", help="direktori kebijakan (bawaan: POLICY_DIR)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            parse_period(options["period"])
            policy = load_policy(Path(options["policy_dir"] or settings.POLICY_DIR))
        except (PeriodError, PolicyError) as error:
            raise CommandError(str(error)) from error
        path = Path(options["input"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        out = sys.stdout
        out.flush()
        try:
            assess_jsonl_file(
                path,
                period=options["period"],
                policy=policy,
                write=out.buffer.write,
                chunk_size=options["chunk_size"],
                memory_limit=os.environ.get("JARING_ENGINE_MEMORY"),
            )
        except RecordError as error:
            raise CommandError(str(error)) from None
        finally:
            out.flush()
