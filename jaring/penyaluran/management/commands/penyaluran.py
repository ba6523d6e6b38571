"""`jaring penyaluran …`: tahap, batches, SI/Pos/account-opening files, response imports,
overdue returns and the reconciliation report (see docs/penyaluran.md)."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jaring.core.periods import PeriodError, parse_period
from jaring.core.scope import AccessScope
from jaring.penyaluran import files, lifecycle, responses, services, uploads
from jaring.penyaluran.errors import DisbursementError
from jaring.penyaluran.layouts import ACCOUNT_OPENING_COLUMNS, csv_lines
from jaring.penyaluran.models import Batch, SiFile
from jaring.penyaluran.reports import reconciliation_xlsx
from jaring.penyaluran.selectors import FIGURES, reconciliation


def _write(path: str, lines: Any) -> int:
    count = -1  # the header is not a row
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for line in lines:
            handle.write(line)
            count += 1
    return count


class Command(BaseCommand):
    # A data command: URL/system checks add start-up time and nothing it needs.
    requires_system_checks: list[str] = []
    help = (
        "Penyaluran bansos: tahap, batch, berkas SI/Pos/buka rekening, impor jawaban, rekonsiliasi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("tahap", help="buat tahap setahun dari jadwal program")
        p.add_argument("--program", required=True)
        p.add_argument("--year", type=int, required=True)
        p = sub.add_parser("batch", help="buat batch per penyalur dari keputusan yang berlaku")
        p.add_argument("--program", required=True)
        p.add_argument("--tahap", required=True)
        p.add_argument("--period", help="periode keputusan TTTT-BB (bawaan: terbaru dalam tahap)")
        p = sub.add_parser("send-si", help="kirim SI (atau daftar bayar Pos) dan tulis berkasnya")
        p.add_argument("--program", required=True)
        p.add_argument("--tahap", required=True)
        p.add_argument("--channel", required=True)
        p.add_argument("--out", required=True, help="folder tujuan berkas CSV")
        p = sub.add_parser("export-si", help="tulis ulang berkas SI yang sudah dikirim")
        p.add_argument("--file-id", type=int, required=True)
        p.add_argument("--out", required=True)
        p = sub.add_parser("export-account-opening", help="daftar buka rekening KKS per bank")
        p.add_argument("--bank", required=True)
        p.add_argument("--out", required=True)
        p = sub.add_parser("import-response", help="impor berkas jawaban bank/PT Pos")
        p.add_argument("file")
        p.add_argument("--channel", required=True)
        p.add_argument("--report", help="tulis laporan baris bermasalah ke CSV")
        p = sub.add_parser("run-upload", help="jalankan impor unggahan halaman staf")
        p.add_argument("--job", type=int, required=True)
        p = sub.add_parser("return-overdue", help="retur dana yang melewati batas pencairan")
        p.add_argument("--today", help="TTTT-BB-HH (bawaan: hari ini)")
        p = sub.add_parser("reconcile", help="laporan rekonsiliasi (JSON; --xlsx untuk berkas)")
        p.add_argument("--program", required=True)
        p.add_argument("--tahap", required=True)
        p.add_argument("--region", default="")
        p.add_argument("--xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = AccessScope.system(f"penyaluran {options['action']}")
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(scope, options)
        except (DisbursementError, PeriodError) as error:
            raise CommandError(str(error)) from error

    def _out(self, payload: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(payload, sort_keys=True, default=str))

    def _tahap(self, scope: AccessScope, o: dict[str, Any]) -> None:
        created = services.tahap_generate(scope=scope, program=o["program"], year=o["year"])
        self._out({"created": [t.label for t in created]})

    def _batch(self, scope: AccessScope, o: dict[str, Any]) -> None:
        period = parse_period(o["period"]) if o["period"] else None
        s = services.batches_create(
            scope=scope, program=o["program"], tahap=o["tahap"], period=period
        )
        self._out({"tahap": s.tahap, "period": f"{s.period:%Y-%m}", "created": s.created,
                   "without_channel": s.without_channel, "batches": s.batches})  # fmt: skip

    def _send_si(self, scope: AccessScope, o: dict[str, Any]) -> None:
        batch = Batch.objects.filter(
            tahap__program=o["program"], tahap__label=o["tahap"], channel=o["channel"]
        ).first()
        if batch is None:
            raise CommandError("Batch tidak ditemukan; buat batch dulu.")
        si_file = files.si_send(scope=scope, batch_id=batch.pk)
        if si_file is None:
            self._out(
                {"file": None, "rows": 0, "message": "Tidak ada pembayaran yang siap dikirim."}
            )
            return
        path = Path(o["out"]) / si_file.name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write_si(si_file, str(path))
        self._out(
            {
                "file": str(path),
                "file_id": si_file.pk,
                "rows": si_file.rows,
                "amount": si_file.amount,
            }
        )

    def _write_si(self, si_file: SiFile, path: str) -> None:
        with open(path, "wb") as handle:
            for chunk in files.si_file_chunks(si_file):
                handle.write(chunk)

    def _export_si(self, scope: AccessScope, o: dict[str, Any]) -> None:
        si_file = SiFile.objects.select_related("batch__tahap").filter(pk=o["file_id"]).first()
        if si_file is None:
            raise CommandError("Berkas SI tidak ditemukan.")
        self._write_si(si_file, o["out"])
        self._out({"file": o["out"], "rows": si_file.rows, "amount": si_file.amount})

    def _export_account_opening(self, scope: AccessScope, o: dict[str, Any]) -> None:
        rows = _write(
            o["out"], csv_lines(ACCOUNT_OPENING_COLUMNS, files.account_opening_rows(bank=o["bank"]))
        )
        self._out({"file": o["out"], "rows": rows})

    def _import_response(self, scope: AccessScope, o: dict[str, Any]) -> None:
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        with path.open("rb") as stream:
            result = responses.response_import(
                scope=scope, channel=o["channel"], stream=stream, filename=path.name
            )
        if not result.ok:
            for line, message in result.errors:
                self.stderr.write(f"baris {line}: {message}")
            if o["report"]:
                with open(o["report"], "w", encoding="utf-8", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(["baris", "masalah"])
                    writer.writerows(result.errors)
            self.stderr.write(
                f"Berkas ditolak seluruhnya: {result.error_count} masalah; tidak ada yang diubah."
            )
            sys.exit(1)
        if o["report"]:
            with open(o["report"], "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["baris", "referensi", "status", "hasil", "keterangan"])
                for row in responses.problem_rows(import_id=result.import_id):
                    writer.writerow(
                        [row.line, row.reference, row.status, row.get_outcome_display(), row.note]
                    )
        self._out({"import_id": result.import_id, "rows": result.rows, "applied": result.applied,
                   "unchanged": result.unchanged, "rejected": result.rejected,
                   "earlier_import_id": result.earlier_import_id})  # fmt: skip

    def _run_upload(self, scope: AccessScope, o: dict[str, Any]) -> None:
        job = uploads.upload_execute(job_id=o["job"])
        self._out({"job": job.pk, "status": job.status, "summary": job.summary})

    def _return_overdue(self, scope: AccessScope, o: dict[str, Any]) -> None:
        today = date.fromisoformat(o["today"]) if o["today"] else timezone.localdate()
        self._out({"returned": lifecycle.payments_return_overdue(scope=scope, today=today)})

    def _reconcile(self, scope: AccessScope, o: dict[str, Any]) -> None:
        total, children = reconciliation(
            scope=scope, program=o["program"], tahap=o["tahap"], region_prefix=o["region"]
        )
        if o["xlsx"]:
            reconciliation_xlsx(scope=scope, program=o["program"], tahap=o["tahap"],
                                region_prefix=o["region"], out=Path(o["xlsx"]))  # fmt: skip
        self._out({
            "program": o["program"], "tahap": o["tahap"], "region": o["region"],
            "identities_hold": total.identities_hold,
            "amounts": total.amounts, "counts": total.counts,
            "regions": {c.code: c.amounts for c in children},
            "figures": list(FIGURES),
        })  # fmt: skip
