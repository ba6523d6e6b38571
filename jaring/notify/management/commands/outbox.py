"""`jaring outbox send` delivers queued e-mail/SMS; `jaring outbox stats` counts by status."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count

from jaring.notify.models import OutboxMessage
from jaring.notify.services import outbox_deliver


class Command(BaseCommand):
    help = "Kirim pesan e-mail/SMS yang menunggu di kotak keluar (send) atau hitung (stats)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["send", "stats"])
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "send":
            result = outbox_deliver(limit=options["limit"])
        else:
            rows = OutboxMessage.objects.values("status").annotate(n=Count("id"))
            result = {row["status"]: row["n"] for row in rows}
        self.stdout.write(json.dumps(result))
