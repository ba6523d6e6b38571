"""The evaluation report for a program, tahap and region: its content, shared by PDF and XLSX.

Sections follow the seeds' outline: summary, programme background, method, findings, analysis,
recommendations. Findings are the aggregates; analysis compares them with the targets in
policy/monitoring*.toml and with the child regions; recommendations follow from the gaps.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from jaring.core.scope import AccessScope
from jaring.monitoring import selectors
from jaring.monitoring.formatting import decimal, number, percent, rupiah
from jaring.monitoring.indicators import Indicators
from jaring.monitoring.models import RefreshState
from jaring.monitoring.policy import monitoring_policy
from jaring.monitoring.selectors import Place


@dataclass(frozen=True, slots=True)
class ReportRequest:
    scope: AccessScope
    program: str
    tahap: str
    place: Place

    @property
    def filename(self) -> str:
        return f"laporan-{self.program}-{self.tahap}-{self.place.code or 'nasional'}".lower()


@dataclass
class ReportContent:
    title: str
    subtitle: str
    generated: str
    summary: list[str]
    background: list[str]
    method: list[str]
    findings: list[tuple[str, str]]
    current: Indicators
    children: list[tuple[Place, Indicators]]
    trend: list[Indicators]
    analysis: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    child_level_name: str = ""


def program_info(code: str) -> tuple[str, str]:
    """(name, summary) of a program from its policy file; the code itself when unknown."""
    for path in sorted((Path(settings.POLICY_DIR) / "programs").glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if data.get("code") == code:
            return str(data.get("name", code)), str(data.get("summary", ""))
    return code, ""


def findings_table(ind: Indicators) -> list[tuple[str, str]]:
    return [
        ("Keluarga layak (keputusan berlaku)", number(ind.eligible)),
        ("Keluarga ditetapkan (buku besar)", number(ind.decided)),
        ("Keluarga dibayar (tersalur/dicairkan)", number(ind.paid)),
        ("Keluarga sudah mencairkan", number(ind.withdrawn)),
        ("Cakupan (dibayar ÷ layak)", percent(ind.coverage)),
        ("Kesalahan inklusi (dibayar tapi tidak layak)", number(ind.inclusion_errors)),
        ("Tingkat kesalahan inklusi", percent(ind.inclusion_error_rate)),
        ("Kesalahan eksklusi (layak tapi belum ditetapkan)", number(ind.exclusion_errors)),
        ("Tingkat kesalahan eksklusi", percent(ind.exclusion_error_rate)),
        ("Anggaran tahap", rupiah(ind.budget_amount)),
        ("Dana dicairkan", rupiah(ind.withdrawn_amount)),
        ("Realisasi anggaran", percent(ind.realisation)),
        ("Rata-rata hari dari SI sampai pencairan", decimal(ind.si_to_withdrawal_days)),
        ("Pengaduan selama tahap", number(ind.complaints)),
        ("Pengaduan per 1.000 penerima", decimal(ind.complaints_per_1000)),
        ("Rata-rata hari penyelesaian pengaduan", decimal(ind.resolve_days)),
    ]


def _analysis(ind: Indicators, children: list[tuple[Place, Indicators]]) -> tuple[list, list]:
    targets = monitoring_policy().targets
    analysis: list[str] = []
    advice: list[str] = []

    def check(value: float | None, key: str, label: str, higher: bool, action: str) -> None:
        target = targets.get(key)
        if value is None or target is None:
            return
        ok = value >= target if higher else value <= target
        shown = percent(value) if target <= 1 else decimal(value, "hari")
        goal = percent(target) if target <= 1 else decimal(target, "hari")
        sign = "≥" if higher else "≤"
        verdict = "memenuhi" if ok else "belum memenuhi"
        analysis.append(f"{label} {shown} {verdict} sasaran ({sign} {goal}).")
        if not ok:
            advice.append(action)

    check(
        ind.coverage,
        "coverage_min",
        "Cakupan",
        True,
        "Percepat penetapan dan penyaluran bagi keluarga layak yang belum dibayar; periksa "
        "rekening yang belum dibuka dan SI yang gagal.",
    )
    check(
        ind.inclusion_error_rate,
        "inclusion_error_max",
        "Kesalahan inklusi",
        False,
        "Verifikasi ulang penerima yang tidak lagi layak menurut data terkini dan usulkan "
        "penghentian bantuan melalui musyawarah desa.",
    )
    check(
        ind.exclusion_error_rate,
        "exclusion_error_max",
        "Kesalahan eksklusi",
        False,
        "Tetapkan keluarga layak yang belum masuk daftar penerima pada tahap berikutnya.",
    )
    check(
        ind.realisation,
        "realisation_min",
        "Realisasi anggaran",
        True,
        "Dampingi penerima yang belum mencairkan dana sebelum batas retur; koordinasikan "
        "dengan penyalur.",
    )
    check(
        ind.si_to_withdrawal_days,
        "si_to_withdrawal_days_max",
        "Waktu dari SI sampai pencairan",
        False,
        "Perpendek jeda SI–pencairan: jadwalkan penyaluran bersama pendamping dan penyalur.",
    )
    check(
        ind.resolve_days,
        "complaint_resolution_days_max",
        "Waktu penyelesaian pengaduan",
        False,
        "Tindak lanjuti pengaduan yang melewati batas waktu dan perkuat eskalasi.",
    )
    ranked = [(p, i) for p, i in children if i.coverage is not None and i.eligible > 0]
    if len(ranked) >= 2:
        ranked.sort(key=lambda pi: (pi[1].coverage, pi[0].code))
        low, high = ranked[0], ranked[-1]
        analysis.append(
            f"Cakupan terendah di {low[0].name} ({percent(low[1].coverage)}), tertinggi di "
            f"{high[0].name} ({percent(high[1].coverage)})."
        )
        if low[1].coverage is not None and low[1].coverage < targets.get("coverage_min", 0):
            advice.append(f"Prioritaskan pendampingan di {low[0].name}.")
    if ind.decided is None:
        analysis.append("Data buku besar penyaluran belum tersedia; indikator penyaluran kosong.")
    if not advice:
        advice.append("Pertahankan kinerja; pantau kembali pada tahap berikutnya.")
    return analysis, advice


def report_content(request: ReportRequest) -> ReportContent:
    scope, place = request.scope, request.place
    current = selectors.indicators(
        scope=scope, program=request.program, tahap=request.tahap, place=place
    )
    children = selectors.child_indicators(
        scope=scope, program=request.program, tahap=request.tahap, place=place
    )
    trend = selectors.trend(scope=scope, program=request.program, place=place)
    name, summary_text = program_info(request.program)
    state = RefreshState.objects.filter(program=request.program, tahap=request.tahap).first()
    refreshed = f"{timezone.localtime(state.refreshed_at):%d-%m-%Y %H:%M}" if state else "–"
    content = ReportContent(
        title=f"Laporan Evaluasi {name} ({request.program})",
        subtitle=f"Tahap {request.tahap} · {place.name} ({place.level_name})",
        generated=f"{timezone.localtime():%d-%m-%Y %H:%M}",
        summary=[
            f"Pada tahap {request.tahap}, {number(current.eligible)} keluarga di {place.name} "
            f"layak menerima {request.program}; {number(current.paid)} keluarga telah dibayar "
            f"(cakupan {percent(current.coverage)}) dan {number(current.withdrawn)} keluarga "
            f"telah mencairkan dana.",
            f"Realisasi anggaran {percent(current.realisation)} dari "
            f"{rupiah(current.budget_amount)}; kesalahan inklusi "
            f"{percent(current.inclusion_error_rate)}, kesalahan eksklusi "
            f"{percent(current.exclusion_error_rate)}.",
        ],
        background=[
            f"{name} ({request.program}). {summary_text}".strip(),
            "Penerima ditetapkan dari Data Terpadu Kesejahteraan Sosial (DTKS) dengan aturan "
            "program yang berlaku, lalu disalurkan per tahap melalui bank Himbara atau PT Pos.",
        ],
        method=[
            "Sumber: keputusan kelayakan periode yang berlaku (run eligibilitas terakhir di "
            "dalam tahap), buku besar penyaluran (satu baris per keluarga/orang, program dan "
            "tahap), dan pengaduan yang diajukan selama tahap.",
            "Satuan hitung adalah keluarga (nomor KK berbeda). Dibayar = tersalur atau sudah "
            "dicairkan; inklusi = dibayar tanpa keputusan layak; eksklusi = layak tanpa "
            "penetapan di buku besar; realisasi = dana dicairkan ÷ anggaran tahap.",
            f"Angka diambil dari agregat yang diperbarui {refreshed}; laporan dibuat "
            f"{timezone.localtime():%d-%m-%Y %H:%M}.",
        ],
        findings=findings_table(current),
        current=current,
        children=children,
        trend=trend,
        child_level_name=selectors.LEVEL_NAMES.get(place.child_level or -1, ""),
    )
    content.analysis, content.recommendations = _analysis(current, children)
    return content


def report_pdf(request: ReportRequest) -> bytes:
    from jaring.monitoring.report_pdf import render_pdf

    return render_pdf(report_content(request))


def report_xlsx(request: ReportRequest) -> bytes:
    from jaring.monitoring.report_xlsx import render_xlsx

    return render_xlsx(report_content(request))
