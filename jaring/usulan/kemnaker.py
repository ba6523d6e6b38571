"""Kemnaker applications (JPS, Prakerja, BSU): a citizen applies online, the identity is checked
against the registry, the engine checks the program rules, and a selection round announces who
is chosen.

Identity: the NIK must pass jaring.core.identity with the stated birth date; when the NIK is in
the registry, name and birth date must match it (a mismatch stops the application). No Dukcapil
extract is available in this installation, which the identity result says.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.identity import ERROR, check_nik
from jaring.core.names import normalize_name
from jaring.core.scope import AccessScope
from jaring.notify.services import notify_citizen
from jaring.registry.models import Anggota
from jaring.registry.services import stored_record
from jaring.usulan.models import (
    ApplicationStatus,
    KemnakerApplication,
    KemnakerProgram,
    SeleksiBatch,
)
from jaring.usulan.policy import usulan_policy
from jaring.usulan.services import ALPHABET
from jaring.usulan.workflow import TransitionRefused


class ApplicationRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _citizen_scope(account: Any) -> AccessScope:
    return AccessScope(
        role="warga", region_prefix=account.region_code, user_id=account.user_id, username="warga"
    )


def identity_check(*, nik: str, name: str, birth_date: date) -> dict[str, Any]:
    """{"ok", "nik": [problems], "registry": cocok|tidak_cocok|tidak_terdaftar, "dukcapil"}."""
    problems = [p.message for p in check_nik(nik, birth_date=birth_date) if p.severity == ERROR]
    result: dict[str, Any] = {"nik": problems, "dukcapil": "tidak_tersedia"}
    member = Anggota.objects.filter(nik=nik).select_related("keluarga").first()
    if member is None:
        result["registry"] = "tidak_terdaftar"
    elif member.name_normalized == normalize_name(name) and member.birth_date == birth_date:
        result["registry"] = "cocok"
    else:
        result["registry"] = "tidak_cocok"
    result["ok"] = not problems and result["registry"] != "tidak_cocok"
    return result


def _engine_record(app: KemnakerApplication) -> dict[str, Any]:
    """The applicant's household in the interchange format, with the applicant's own answers."""
    fields = {
        "occupation": app.occupation,
        "employment": app.employment,
        "monthly_income": app.monthly_income,
        "bpjs_ketenagakerjaan": app.bpjs_ketenagakerjaan,
    }
    member = Anggota.objects.filter(nik=app.nik).select_related("keluarga").first()
    if member is not None:
        record = stored_record(member.keluarga)[1]
        record["members"] = [
            {**m, **fields} if m["nik"] == app.nik else m for m in record["members"]
        ]
        return record
    sex = "P" if int(app.nik[6:8]) > 40 else "L"
    return {
        "kk": app.account.kk,
        "region": app.region_code,
        "desil": None,
        "registry_status": "nonaktif",
        "channel": "POS",
        "bank": None,
        "members": [
            {
                "nik": app.nik,
                "name": app.name,
                "sex": sex,
                "birth_date": app.birth_date.isoformat(),
                "relationship": "kepala_keluarga",
                "citizenship": "WNI",
                "alive": True,
                "pregnant": False,
                "pregnancy_order": None,
                "disability": "tidak",
                "schooling": "tidak_sekolah",
                **fields,
            }
        ],
    }


def program_check(app: KemnakerApplication) -> dict[str, Any]:
    """The engine's verdict on the applicant for the program: {eligible, reasons}."""
    from jaring.engine.api import assess_records
    from jaring.programs.policy import current_policy

    out = next(assess_records([_engine_record(app)], period=app.period, policy=current_policy()))
    verdict = out.get("programs", {}).get(app.program)
    if verdict is None:
        return {"eligible": False, "reasons": ["Program tidak berlaku pada periode ini."]}
    person = next((p for p in verdict.get("persons", []) if p.get("nik") == app.nik), None)
    if person is None:
        reasons = [r.get("message", "") for r in verdict.get("reasons", [])]
        return {"eligible": False, "reasons": reasons or ["Bukan sasaran program ini."]}
    return {
        "eligible": bool(person.get("eligible")),
        "reasons": [r.get("message", "") for r in person.get("reasons", [])],
        "annual_amount": int(person.get("annual_amount") or 0),
    }


def kemnaker_apply(
    *,
    account: Any,
    program: str,
    period: str,
    birth_date: date,
    occupation: str,
    employment: str,
    monthly_income: int,
    bpjs_ketenagakerjaan: bool,
    document: ContentFile | None = None,
) -> KemnakerApplication:
    if account.status != "terverifikasi" or not account.region_code:
        raise ApplicationRefused("Akun Anda harus terverifikasi sebelum mendaftar program.")
    if program not in KemnakerProgram.values:
        raise ApplicationRefused("Program tidak dikenal.")
    if monthly_income < 0:
        raise ApplicationRefused("Penghasilan tidak boleh negatif.")
    policy = usulan_policy()
    wanted = list(policy.kemnaker_documents.get(program, ()))
    if employment == "phk":
        wanted += list(policy.kemnaker_documents_if_phk)
    if wanted and document is None:
        raise ApplicationRefused("Unggah surat PHK (wajib bagi pelamar yang terkena PHK).")
    if KemnakerApplication.objects.filter(nik=account.nik, program=program, period=period).exists():
        raise ApplicationRefused("Anda sudah mendaftar program ini pada periode yang sama.")
    app = KemnakerApplication(
        reference=f"{program[:3]}-{period[:4]}-"
        + "".join(secrets.choice(ALPHABET) for _ in range(8)),
        program=program,
        period=period,
        account=account,
        region_code=account.region_code,
        nik=account.nik,
        name=account.full_name,
        birth_date=birth_date,
        occupation=occupation,
        employment=employment,
        monthly_income=monthly_income,
        bpjs_ketenagakerjaan=bpjs_ketenagakerjaan,
    )
    app.identity = identity_check(nik=app.nik, name=app.name, birth_date=birth_date)
    if not app.identity["ok"]:
        app.status = ApplicationStatus.IDENTITAS_TIDAK_COCOK
        app.status_note = "; ".join(app.identity["nik"]) or (
            "Nama atau tanggal lahir tidak sama dengan data DTKS untuk NIK ini."
        )
    else:
        app.eligibility = program_check(app)
        eligible = app.eligibility["eligible"]
        app.status = ApplicationStatus.MEMENUHI if eligible else ApplicationStatus.TIDAK_MEMENUHI
        app.status_note = "; ".join(app.eligibility["reasons"])[:300]
    try:
        with transaction.atomic():
            if document is not None:
                app.document.save(document.name or "dokumen.pdf", document, save=False)
            app.save()
            audit_record(
                scope=_citizen_scope(account),
                change=Change(
                    "usulan.kemnaker_daftar",
                    "kemnakerapplication",
                    app.reference,
                    app.region_code,
                    None,
                    {"program": program, "status": app.status},
                ),
            )
    except IntegrityError as error:
        raise ApplicationRefused(
            "Anda sudah mendaftar program ini pada periode yang sama."
        ) from error
    return app


def kemnaker_select(*, scope: AccessScope, program: str, period: str) -> SeleksiBatch:
    """One selection round: the quota (policy) goes to laid-off applicants first, then the
    lowest income, then the earliest; every applicant of the round is told the result."""
    if scope.role not in ("superuser", "system") and (
        scope.role not in usulan_policy().penetapan_roles or not scope.is_national
    ):
        raise TransitionRefused("Seleksi program Kemnaker hanya oleh petugas pusat.")
    quota = usulan_policy().kemnaker_quota.get(program, 0)
    now = timezone.now()
    with transaction.atomic():
        waiting = list(
            KemnakerApplication.objects.select_for_update()
            .filter(program=program, period=period, status=ApplicationStatus.MEMENUHI)
            .order_by("created_at", "pk")
        )
        if not waiting:
            raise TransitionRefused("Tidak ada pelamar yang menunggu seleksi.")
        waiting.sort(key=lambda a: (a.employment != "phk", a.monthly_income))
        number = SeleksiBatch.objects.filter(program=program, period=period).count() + 1
        batch = SeleksiBatch.objects.create(
            reference=f"SELEKSI-{program}-{period}-{number:03d}",
            program=program,
            period=period,
            quota=quota,
            announced_by=scope.username or scope.role,
            announced_at=now,
        )
        for rank, app in enumerate(waiting):
            chosen = rank < quota
            app.batch = batch
            app.status = ApplicationStatus.TERPILIH if chosen else ApplicationStatus.TIDAK_TERPILIH
            app.status_note = f"Pengumuman {batch.reference}."
            label = KemnakerProgram(program).label
            body = (
                f"Selamat, Anda terpilih sebagai peserta {label} ({batch.reference}). "
                if chosen
                else f"Anda belum terpilih pada {batch.reference} {label}; kuota gelombang ini "
                "sudah penuh. Anda dapat mendaftar lagi pada gelombang berikutnya. "
            ) + "Pendaftaran tidak dipungut biaya."
            notify_citizen(
                email=app.account.user.email,
                subject=f"Hasil seleksi {label}",
                body=body,
                topic="kemnaker.seleksi",
                key=f"kemnaker:{app.reference}:{batch.reference}",
            )
        KemnakerApplication.objects.bulk_update(waiting, ["batch", "status", "status_note"])
        batch.selected = min(quota, len(waiting))
        batch.not_selected = len(waiting) - batch.selected
        batch.save(update_fields=["selected", "not_selected"])
        audit_record(
            scope=scope,
            change=Change(
                "usulan.kemnaker_seleksi",
                "seleksibatch",
                batch.reference,
                "",
                None,
                {"terpilih": batch.selected, "tidak_terpilih": batch.not_selected},
            ),
        )
    return batch
