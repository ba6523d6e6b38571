"""`jaring audit verify`: recompute the audit hash chain and report every break.

Prints one JSON object: {"ok": true, "events": n} or {"ok": false, "events": n, "breaks":
[{"seq": n, "reason": "..."}]}; exits with status 1 when the chain is broken.
"""

from __future__ import annotations

import sys
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jaring.core.audit import audit_verify
from jaring.core.models import AuditEvent


class Command(BaseCommand):
    help = "Memeriksa rantai hash log audit (jaring audit verify)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = sub.add_parser("verify", help="periksa bahwa tidak ada peristiwa audit diubah")
        verify.add_argument("--plain", action="store_true", help="ringkasan teks biasa, bukan JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "verify":
            raise CommandError("Tindakan yang tersedia: verify")
        breaks = [{"seq": b.seq, "reason": b.reason} for b in audit_verify()]
        summary: dict[str, Any] = {"ok": not breaks, "events": AuditEvent.objects.count()}
        if breaks:
            summary["breaks"] = breaks
        if options["plain"]:
            if breaks:
                self.stdout.write(f"RUSAK: {len(breaks)} kerusakan pada rantai audit")
                for b in breaks:
                    self.stdout.write(f"  #{b['seq']}: {b['reason']}")
            else:
                self.stdout.write(f"OK: {summary['events']} peristiwa, rantai utuh")
        else:
            self.stdout.write(orjson.dumps(summary).decode())
        if breaks:
            sys.exit(1)
