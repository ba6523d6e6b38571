"""`jaring demo`: demo data on top of `jaring setup`. Idempotent; the second run takes seconds.

First run: generates a synthetic population in a few kabupaten/kota, imports it through the
registry's own import service, runs eligibility for this month (when the programs app has
`run-eligibility`), and creates one demo account per staff role. Every run prints the accounts.
The passwords are fixed and public: for a local demo only, never for real data.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from jaring.accounts.models import Role, User
from jaring.accounts.services import user_create
from jaring.core.scope import AccessScope
from jaring.registry.models import Keluarga

DEMO_REGIONS = "3273,3204,3578,5171"  # Kota Bandung, Kab. Bandung, Kota Surabaya, Kota Denpasar
DEMO_HOUSEHOLDS = 3000
DEMO_SEED = 2025
# (username, role, region or a rule to find one, password, description)
DEMO_ACCOUNTS: list[tuple[str, str, str, str, str]] = [
    ("admin", "", "", "admin-demo-jaring", "superuser (admin Django, seluruh data)"),
    ("operator", Role.OPERATOR_DESA, "desa:3273", "operator-demo-jaring", "operator desa"),
    ("dinsos_bandung", Role.DINSOS_KABKOTA, "3273", "dinsos-demo-jaring", "Dinsos Kota Bandung"),
    ("dinsos_jabar", Role.DINSOS_PROVINSI, "32", "provinsi-demo-jaring", "Dinsos Jawa Barat"),
    ("kemensos", Role.KEMENSOS_PUSAT, "", "kemensos-demo-jaring", "Kemensos pusat"),
]


def busiest_desa(prefix: str) -> str | None:
    """The desa under `prefix` with the most demo families: the operator has data to work on."""
    row = (
        Keluarga.objects.filter(region__code__startswith=prefix)
        .values("region_id")
        .annotate(n=Count("id"))
        .order_by("-n", "region_id")
        .first()
    )
    return row["region_id"] if row else None


class Command(BaseCommand):
    help = "Mengisi data demo (keluarga sintetis, kelayakan, akun staf demo). Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, default=DEMO_HOUSEHOLDS)
        parser.add_argument("--seed", type=int, default=DEMO_SEED)
        parser.add_argument("--region", default=DEMO_REGIONS)
        parser.add_argument("--no-eligibility", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = AccessScope.system("demo")
        if not Keluarga.objects.exists():
            self._population(scope, options)
            if not options["no_eligibility"]:
                self._eligibility()
                self._disbursement()
        else:
            self.stdout.write(f"Registri sudah berisi {Keluarga.objects.count()} keluarga.")
        self._accounts(scope)

    def _population(self, scope: AccessScope, options: dict[str, Any]) -> None:
        from jaring.registry.progress import TqdmProgress
        from jaring.registry.services import household_import

        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="jaring-demo-") as tmp:
            self.stdout.write(
                f"Membuat {options['households']} keluarga sintetis di {options['region']} …"
            )
            call_command(
                "generate",
                "--households",
                str(options["households"]),
                "--seed",
                str(options["seed"]),
                "--out",
                tmp,
                "--region",
                options["region"],
                stdout=self.stderr,
            )
            source = Path(tmp) / "households.jsonl"
            if not source.exists():
                raise CommandError(f"Generator tidak menghasilkan {source.name}.")
            progress = TqdmProgress()
            try:
                result = household_import(scope=scope, source=source, progress=progress)
            finally:
                progress.close()
        if not result.ok:
            raise CommandError(
                f"Impor data demo gagal ({result.error_count} kesalahan); registri tidak diubah."
            )
        self.stdout.write(
            f"Diimpor {result.households} keluarga, {result.members} anggota "
            f"({time.monotonic() - started:.0f} dtk)."
        )

    def _eligibility(self) -> None:
        command = next(
            (c for c in ("run-eligibility", "run_eligibility") if c in get_commands()), None
        )
        if command is None:
            self.stdout.write("Perintah run-eligibility belum tersedia; penilaian dilewati.")
            return
        period = date.today().strftime("%Y-%m")
        self.stdout.write(f"Menilai kelayakan periode {period} …")
        call_command(command, "--period", period, "--quiet", stdout=self.stderr)

    def _disbursement(self) -> None:
        """This month's PKH tahap: batches per bank and PT Pos, SI to BRI, then the dashboards."""
        from jaring.core.periods import tahap_label

        today = date.today()
        tahap = tahap_label(today, 6)
        out = settings.VAR_DIR / "demo-penyaluran"
        self.stdout.write(f"Menyiapkan penyaluran PKH {tahap} dan agregat monitoring …")
        call_command(
            "penyaluran", "tahap", "--program", "PKH", "--year", str(today.year), stdout=self.stderr
        )
        call_command(
            "penyaluran", "batch", "--program", "PKH", "--tahap", tahap, stdout=self.stderr
        )
        call_command(
            "penyaluran",
            "send-si",
            "--program",
            "PKH",
            "--tahap",
            tahap,
            "--channel",
            "BRI",
            "--out",
            str(out),
            stdout=self.stderr,
        )
        call_command("monitoring", "refresh", stdout=self.stderr)

    def _accounts(self, scope: AccessScope) -> None:
        rows: list[tuple[str, str, str, str]] = []
        for username, role, region_rule, password, description in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                region = region_rule
                if region_rule.startswith("desa:"):
                    region = busiest_desa(region_rule.removeprefix("desa:")) or ""
                    if not region:
                        self.stderr.write(f"Tidak ada desa berdata untuk {username}; dilewati.")
                        continue
                user = user_create(
                    username=username,
                    password=password,
                    role=role,
                    region_code=region or None,
                    scope=scope,
                    full_name=description,
                    is_superuser=not role,
                )
            where = f"{user.region.code} {user.region.name}" if user.region else "seluruh Indonesia"
            rows.append((username, password, description, where))
        self.stdout.write("")
        self.stdout.write("Akun demo (HANYA untuk demo lokal; kata sandinya publik):")
        for username, password, description, where in rows:
            self.stdout.write(f"  {username:<16} {password:<22} {description} — {where}")
        self.stdout.write("Masuk di /masuk/ ; admin Django di /admin/ (hanya superuser).")
