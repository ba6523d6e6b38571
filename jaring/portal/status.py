"""What a citizen is told about one program decision: status, period and channel.

Decisions say who was decided (ditetapkan). Payment states (proses bank, SI, tersalur, sudah
dicairkan, gagal, retur) come from the disbursement app once it exists: it registers a source with
`register_payment_status_source` (e.g. in its AppConfig.ready()), and the newest state it reports
for a decision replaces "ditetapkan". Nothing here needs to change when it arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Protocol

from jaring.core.vocab import BANK


class Status(StrEnum):
    DITETAPKAN = "ditetapkan"
    PROSES_BANK = "proses bank"
    SI = "SI"
    TERSALUR = "tersalur"
    DICAIRKAN = "sudah dicairkan"
    GAGAL = "gagal"
    RETUR = "retur"


# Plain-language explanation shown under each status on the result page.
STATUS_HELP: dict[str, str] = {
    Status.DITETAPKAN: "Anda ditetapkan sebagai penerima; penyaluran menunggu jadwal tahap ini.",
    Status.PROSES_BANK: "Bank penyalur sedang menyiapkan rekening atau dana.",
    Status.SI: "Perintah pemindahbukuan (standing instruction) sudah dikirim ke bank.",
    Status.TERSALUR: "Dana sudah masuk ke rekening KKS atau siap diambil di kantor pos.",
    Status.DICAIRKAN: "Dana sudah dicairkan oleh penerima.",
    Status.GAGAL: "Penyaluran gagal; hubungi pendamping atau Dinas Sosial setempat.",
    Status.RETUR: "Dana dikembalikan (retur); hubungi pendamping atau Dinas Sosial setempat.",
}


class DecisionLike(Protocol):
    program: str
    nik: str
    tahap: str


# (program, nik, tahap) → payment status; nik is "" for family programs.
DecisionKey = tuple[str, str, str]
PaymentStatusSource = Callable[[str, Sequence[DecisionLike]], Mapping[DecisionKey, str]]
_payment_sources: list[PaymentStatusSource] = []


def register_payment_status_source(source: PaymentStatusSource) -> None:
    """Let the disbursement app report payment states: source(kk, decisions) → {key: status}."""
    if source not in _payment_sources:
        _payment_sources.append(source)


def unregister_payment_status_source(source: PaymentStatusSource) -> None:
    if source in _payment_sources:
        _payment_sources.remove(source)


def decision_statuses(kk: str, decisions: Sequence[DecisionLike]) -> dict[DecisionKey, str]:
    """The status of each eligible decision: ditetapkan, overridden by any payment source."""
    statuses: dict[DecisionKey, str] = {
        (d.program, d.nik, d.tahap): Status.DITETAPKAN.value for d in decisions
    }
    for source in _payment_sources:
        for key, status in source(kk, decisions).items():
            if key in statuses:
                statuses[key] = Status(status).value  # an unknown state is a bug: fail loudly
    return statuses


def channel_label(channel: str, bank: str) -> str:
    """ "Bank BRI (KKS)" or "PT Pos Indonesia": where the money arrives."""
    if channel == "POS":
        return "PT Pos Indonesia"
    name = BANK.get(bank, bank)
    if not name:
        return "Rekening KKS"
    return f"{name} (KKS)" if name.startswith("Bank") else f"Bank {name} (KKS)"
