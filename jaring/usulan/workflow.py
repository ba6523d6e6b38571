"""The state machine: which action moves a proposal from which step to which, and who may do it.

Penetapan (tervalidasi → ditetapkan/ditolak) is not a manual action: only a decided batch
(jaring.usulan.penetapan) makes it, so that every decision is listed in an SK.
"""

from __future__ import annotations

from dataclasses import dataclass

from jaring.usulan.models import Status

OPERATOR = "operator_desa"
DINSOS = "dinsos_kabkota"
KEMENSOS = "kemensos_pusat"
WARGA = "warga"
ALWAYS = frozenset({"superuser"})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    note_required: bool = False
    needs_documents: bool = False
    needs_field_visit: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "musdes_terima",
            "Diterima musyawarah desa",
            (Status.DIAJUKAN,),
            Status.VERIFIKASI_DESA,
            frozenset({OPERATOR}),
            note_required=True,
        ),
        Transition(
            "musdes_tolak",
            "Ditolak musyawarah desa",
            (Status.DIAJUKAN,),
            Status.DITOLAK,
            frozenset({OPERATOR}),
            note_required=True,
        ),
        Transition(
            "verifikasi_desa",
            "Verifikasi desa selesai, dikirim ke Dinas Sosial",
            (Status.VERIFIKASI_DESA,),
            Status.VERIFIKASI_DINSOS,
            frozenset({OPERATOR}),
            needs_documents=True,
        ),
        Transition(
            "dinsos_lulus",
            "Lolos verifikasi Dinas Sosial, diajukan ke Kemensos",
            (Status.VERIFIKASI_DINSOS,),
            Status.VALIDASI_KEMENSOS,
            frozenset({DINSOS}),
            needs_documents=True,
            needs_field_visit=True,
        ),
        Transition(
            "dinsos_tolak",
            "Ditolak Dinas Sosial",
            (Status.VERIFIKASI_DINSOS,),
            Status.DITOLAK,
            frozenset({DINSOS}),
            note_required=True,
        ),
        Transition(
            "validasi_setuju",
            "Tervalidasi Kemensos, menunggu penetapan",
            (Status.VALIDASI_KEMENSOS,),
            Status.TERVALIDASI,
            frozenset({KEMENSOS}),
        ),
        Transition(
            "validasi_tolak",
            "Ditolak Kemensos",
            (Status.VALIDASI_KEMENSOS,),
            Status.DITOLAK,
            frozenset({KEMENSOS}),
            note_required=True,
        ),
        Transition(
            "kembalikan",
            "Dikembalikan untuk perbaikan",
            (
                Status.DIAJUKAN,
                Status.VERIFIKASI_DESA,
                Status.VERIFIKASI_DINSOS,
                Status.VALIDASI_KEMENSOS,
            ),
            Status.PERLU_PERBAIKAN,
            frozenset({OPERATOR, DINSOS, KEMENSOS}),
            note_required=True,
        ),
        Transition(
            "ajukan_ulang",
            "Diperbaiki dan diajukan ulang",
            (Status.PERLU_PERBAIKAN,),
            Status.DIAJUKAN,
            frozenset({OPERATOR, WARGA}),
        ),
    )
}

# Who may send a proposal back from which step (each level returns only what waits for it).
RETURN_ROLE = {
    Status.DIAJUKAN: OPERATOR,
    Status.VERIFIKASI_DESA: OPERATOR,
    Status.VERIFIKASI_DINSOS: DINSOS,
    Status.VALIDASI_KEMENSOS: KEMENSOS,
}

# The role whose work queue holds each step.
QUEUE_ROLE = {
    Status.DIAJUKAN: OPERATOR,
    Status.PERLU_PERBAIKAN: OPERATOR,
    Status.VERIFIKASI_DESA: OPERATOR,
    Status.VERIFIKASI_DINSOS: DINSOS,
    Status.VALIDASI_KEMENSOS: KEMENSOS,
    Status.TERVALIDASI: KEMENSOS,
}


class TransitionRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_transition(*, action: str, status: str, role: str) -> Transition:
    """The transition, or TransitionRefused with an Indonesian reason."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused(f"Tindakan '{action}' tidak dikenal.")
    label = Status(status).label if status in Status.values else status
    if status not in transition.sources:
        raise TransitionRefused(
            f"Tindakan '{transition.label}' tidak dapat dilakukan pada usulan berstatus '{label}'."
        )
    if role in ALWAYS:
        return transition
    allowed = transition.roles
    if action == "kembalikan":
        allowed = frozenset({RETURN_ROLE[Status(status)]})
    if role not in allowed:
        raise TransitionRefused(
            f"Peran Anda tidak berwenang melakukan '{transition.label}' pada tahap '{label}'."
        )
    return transition


def actions_for(*, status: str, role: str) -> list[Transition]:
    """The actions a role may take on a proposal in this step (for buttons)."""
    allowed = []
    for transition in TRANSITIONS.values():
        try:
            check_transition(action=transition.action, status=status, role=role)
        except TransitionRefused:
            continue
        allowed.append(transition)
    return allowed
