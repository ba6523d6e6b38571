"""`jaring assess --input FILE.jsonl --period YYYY-MM`: assess households, store nothing.

Prints one JSON line per household, in input order (CONTRACTS.md "Assessment output"). Reads the
file in chunks (bounded memory on any number of households). An invalid line stops the command
with an Indonesian error on stderr naming the line, and exit status 1; the lines before it have
already been printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jaring.core.periods import PeriodError, parse_period
from jaring.engine.api import PolicyError, RecordError, load_policy
from jaring.engine.runner import Assessor


class Command(BaseCommand):
    help = "Menilai kelayakan rumah tangga dari berkas JSONL tanpa menyimpan apa pun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="berkas JSONL format pertukaran")
        parser.add_argument("--period", required=True, help="periode penilaian, TTTT-BB")
        parser.add_argument("--chunk-size", type=int, default=20000, help="rumah tangga per potong")
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
        assessor = Assessor(period=options["period"], policy=policy)
        out = sys.stdout
        try:
            with path.open("rb") as handle:
                chunk: list[Any] = []
                numbers: list[int] = []
                for number, raw in enumerate(handle, start=1):
                    if not raw.strip():
                        continue
                    try:
                        chunk.append(orjson.loads(raw))
                    except orjson.JSONDecodeError:
                        self._flush(assessor, chunk, numbers, out)
                        raise CommandError(f"Baris {number}: bukan JSON yang sah.") from None
                    numbers.append(number)
                    if len(chunk) >= options["chunk_size"]:
                        self._flush(assessor, chunk, numbers, out)
                        chunk, numbers = [], []
                self._flush(assessor, chunk, numbers, out)
        finally:
            assessor.close()
            out.flush()

    def _flush(self, assessor: Assessor, chunk: list[Any], numbers: list[int], out: Any) -> None:
        if not chunk:
            return
        try:
            lines = assessor.assess_lines(chunk)
        except RecordError as error:
            good = error.line - 1
            if good:  # print what came before the bad line, so the output matches "lines before"
                out.write("\n".join(assessor.assess_lines(chunk[:good])) + "\n")
            message = str(error).split(": ", 1)[-1]
            raise CommandError(f"Baris {numbers[error.line - 1]}: {message}") from None
        out.write("\n".join(lines))
        out.write("\n")
