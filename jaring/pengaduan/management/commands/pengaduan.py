"""`jaring pengaduan eskalasi` moves overdue complaints up a level (run it hourly);
`jaring pengaduan inspektorat USERNAME --wilayah 32` grants the inspectorate role
(`--cabut` revokes it); `jaring pengaduan statistik` prints the national statistics as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jaring.core.scope import AccessScope
from jaring.pengaduan.escalation import (
    complaints_escalate_overdue,
    investigator_grant,
    investigator_revoke,
)
from jaring.pengaduan.stats import LEVELS, complaint_statistics


class Command(BaseCommand):
    help = "Pengaduan: eskalasi pengaduan lewat batas waktu, petugas inspektorat, statistik."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["eskalasi", "inspektorat", "statistik"])
        parser.add_argument("username", nargs="?", default="")
        parser.add_argument("--wilayah", default="", help="kode provinsi/kabupaten; kosong = pusat")
        parser.add_argument("--cabut", action="store_true", help="cabut peran inspektorat")
        parser.add_argument("--tingkat", default="provinsi", choices=sorted(LEVELS))

    def handle(self, *args: Any, **options: Any) -> None:
        scope = AccessScope.system("jaring pengaduan")
        action = options["action"]
        if action == "eskalasi":
            self.stdout.write(json.dumps({"escalated": complaints_escalate_overdue()}))
            return
        if action == "statistik":
            table = complaint_statistics(scope=scope, level=options["tingkat"])
            rows = [
                {k: getattr(r, k) for k in r.__slots__}
                for r in [*table.rows, *([table.total] if table.total else [])]
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"pengguna '{options['username']}' tidak ditemukan")
        if options["cabut"]:
            investigator_revoke(scope=scope, user=user)
            self.stdout.write(f"peran inspektorat {user.username} dicabut")
            return
        try:
            investigator_grant(scope=scope, user=user, region_prefix=options["wilayah"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user.username}: inspektorat {options['wilayah'] or 'pusat'}")
