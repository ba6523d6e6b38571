"""Checks at submission: identity rules, duplicates, region versus scope, eligibility preview.

`check_proposal` returns a Checked (errors refuse the proposal; warnings ride along and are
shown to every later step). `eligibility_preview` runs the engine on proposed households.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jaring.core.identity import mask_identity
from jaring.core.scope import AccessScope
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.records import household_record
from jaring.registry.services import stored_record
from jaring.registry.validation import parse_household
from jaring.usulan.models import Kind, Usulan

CHANGE_TYPES = {
    Kind.PERUBAHAN: {
        "lahir": "Anggota lahir",
        "meninggal": "Anggota meninggal",
        "pindah": "Anggota pindah/datang",
        "sekolah": "Status sekolah",
        "disabilitas": "Disabilitas",
        "penghasilan": "Penghasilan/pekerjaan",
        "rumah": "Kondisi rumah",
    },
    Kind.HAPUS: {
        "pindah": "Pindah keluar wilayah",
        "tidak_miskin": "Tidak miskin lagi/mampu",
        "meninggal": "Seluruh anggota meninggal",
    },
}
PROPOSAL_PROGRAMS = ("DTKS", "PKH", "BPNT", "ATENSI")


@dataclass
class Checked:
    kind: str
    region_code: str = ""
    kk: str = ""
    subject_nik: str = ""
    subject_name: str = ""
    household: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def current_period(today: date | None = None) -> str:
    return f"{(today or date.today()):%Y-%m}"


def _problems(errors: Iterable[Any]) -> list[str]:
    return [getattr(e, "message", str(e)) for e in errors]


def check_proposal(
    *,
    scope: AccessScope,
    kind: str,
    household: dict[str, Any] | None = None,
    kk: str = "",
    region_code: str = "",
    change_type: str = "",
    program: str = "",
    exclude_id: int | None = None,
) -> Checked:
    """Everything the submitter must hear before a proposal is stored."""
    checked = Checked(kind=kind)
    if kind not in Kind.values:
        checked.errors.append(f"Jenis usulan '{kind}' tidak dikenal.")
        return checked
    if program and program not in PROPOSAL_PROGRAMS:
        checked.errors.append(
            f"Program '{program}' tidak dikenal; pilih {', '.join(PROPOSAL_PROGRAMS)}."
        )
    types = CHANGE_TYPES.get(Kind(kind), {})
    if types and change_type not in types:
        checked.errors.append(f"Pilih jenis perubahan/penghapusan: {', '.join(types.values())}.")
    existing: Keluarga | None = None
    if kind in (Kind.BARU, Kind.PERUBAHAN):
        data, problems = parse_household(household or {})
        if data is None:
            checked.errors += _problems(problems)
            return checked
        checked.warnings += _problems(data.warnings)
        record = household_record(data)
        # A proposed family is not in the registry until penetapan decides it.
        record["registry_status"] = "usulan" if kind == Kind.BARU else record["registry_status"]
        checked.household = record
        checked.kk, checked.region_code = data.kk, data.region
        head = data.members[0]
        checked.subject_nik, checked.subject_name = head.nik, head.name
        existing = Keluarga.objects.filter(kk=data.kk).first()
        if kind == Kind.BARU:
            if existing is not None:
                checked.errors.append(
                    f"KK {mask_identity(data.kk)} sudah terdaftar di DTKS; "
                    "ajukan usulan perubahan data, bukan keluarga baru."
                )
            niks = [m.nik for m in data.members]
            for nik in (
                Anggota.objects.filter(nik__in=niks)
                .exclude(keluarga__kk=data.kk)
                .values_list("nik", flat=True)
            ):
                checked.errors.append(
                    f"NIK {mask_identity(nik)} sudah terdaftar pada KK lain di DTKS."
                )
        elif existing is None:
            checked.errors.append(
                f"KK {mask_identity(data.kk)} belum terdaftar di DTKS; "
                "ajukan sebagai keluarga baru."
            )
    else:
        checked.kk = kk.strip()
        existing = Keluarga.objects.filter(kk=checked.kk).first() if checked.kk else None
        if existing is None:
            checked.errors.append("Nomor KK tidak ditemukan di DTKS.")
            return checked
        anggota, record = stored_record(existing)
        checked.household = {}
        checked.region_code = existing.region_id
        head = anggota[0] if anggota else None
        checked.subject_nik = head.nik if head else ""
        checked.subject_name = head.name if head else ""
        if existing.registry_status == "nonaktif":
            checked.errors.append("Keluarga ini sudah tidak aktif di DTKS.")
    if region_code and checked.region_code and region_code != checked.region_code:
        checked.errors.append("Desa/kelurahan keluarga tidak sama dengan desa yang dipilih.")
    for code in {checked.region_code, existing.region_id if existing else ""} - {""}:
        if not scope.covers(code):
            checked.errors.append(
                "Keluarga ini berada di luar wilayah kerja Anda; usulan diajukan lewat desa/"
                "kelurahan tempat keluarga tinggal."
            )
            break
    if checked.kk:
        open_same = Usulan.objects.filter(kk=checked.kk, kind=kind, is_open=True)
        if exclude_id:
            open_same = open_same.exclude(pk=exclude_id)
        other = open_same.values_list("reference", flat=True).first()
        if other:
            checked.errors.append(
                f"Sudah ada usulan terbuka untuk KK ini ({other}); tunggu atau perbaiki usulan itu."
            )
        elif (
            Usulan.objects.filter(kk=checked.kk, is_open=True).exclude(pk=exclude_id or 0).exists()
        ):
            checked.warnings.append("Ada usulan lain yang masih terbuka untuk KK ini.")
    return checked


def eligibility_preview(
    records: list[dict[str, Any]], *, period: str | None = None
) -> list[dict[str, Any]]:
    """The engine's verdict per proposed household: {period, programs: {P: {eligible,
    reasons}}}. Proposed families are assessed as if active in the registry."""
    from jaring.engine.api import assess_records
    from jaring.programs.policy import current_policy

    if not records:
        return []
    when = period or current_period()
    prepared = [{**r, "registry_status": "aktif"} for r in records]
    previews = []
    for out in assess_records(prepared, period=when, policy=current_policy()):
        programs = {}
        for code, verdict in out.get("programs", {}).items():
            programs[code] = {
                "eligible": bool(verdict.get("eligible")),
                "amount_per_tahap": int(verdict.get("amount_per_tahap") or 0),
                "reasons": [
                    r.get("message", r.get("code", "")) for r in verdict.get("reasons", [])
                ],
            }
        previews.append({"period": when, "programs": programs})
    return previews


def registry_record_for(kk: str) -> dict[str, Any] | None:
    keluarga = Keluarga.objects.filter(kk=kk).first()
    if keluarga is None:
        return None
    return stored_record(keluarga)[1]
