"""The monthly evaluation reports: which are due, and writing them (for cron/systemd timers).

Run `jaring monitoring report --monthly` daily: on or after the policy's `day_of_month`, the
first run of a month refreshes the aggregates and writes, for every program in the policy, the
report of its latest tahap for the nation (and each province when `per_province`), as PDF and
XLSX, into `<output_dir>/<YYYY-MM>/`; a `.selesai` marker makes later runs that month no-ops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings

from jaring.core.scope import AccessScope
from jaring.monitoring import selectors
from jaring.monitoring.policy import monitoring_policy
from jaring.monitoring.refresh import aggregates_refresh
from jaring.monitoring.reports import ReportRequest, report_pdf, report_xlsx
from jaring.regions.models import Level, Region

MARKER = ".selesai"


@dataclass
class MonthlyResult:
    due: bool
    directory: str = ""
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def write_report(request: ReportRequest, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    pdf = directory / f"{request.filename}.pdf"
    xlsx = directory / f"{request.filename}.xlsx"
    pdf.write_bytes(report_pdf(request))
    xlsx.write_bytes(report_xlsx(request))
    return [pdf, xlsx]


def monthly_reports(*, today: date, force: bool = False) -> MonthlyResult:
    policy = monitoring_policy(today)
    base = Path(policy.report_output_dir)
    if not base.is_absolute():
        base = Path(settings.BASE_DIR) / base
    directory = base / f"{today:%Y-%m}"
    if not force and (today.day < policy.report_day_of_month or (directory / MARKER).exists()):
        return MonthlyResult(due=False, directory=str(directory))
    scope = AccessScope.system("laporan-bulanan")
    aggregates_refresh(scope=scope)
    result = MonthlyResult(due=True, directory=str(directory))
    nation = selectors.resolve_region(scope=scope)
    available = selectors.programs(scope=scope)
    places = [nation]
    if policy.report_per_province:
        places += [
            selectors.Place(code, name)
            for code, name in Region.objects.filter(level=Level.PROVINSI, retired=False)
            .order_by("code")
            .values_list("code", "name")
        ]
    for program in policy.report_programs:
        if program not in available:
            result.skipped.append(program)
            continue
        tahap = selectors.tahap_list(scope=scope, program=program)[-1]
        for place in places:
            request = ReportRequest(scope=scope, program=program, tahap=tahap, place=place)
            result.files += [str(p) for p in write_report(request, directory)]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text(f"{len(result.files)} berkas\n", encoding="utf-8")
    return result
