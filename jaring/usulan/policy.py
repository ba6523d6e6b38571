"""The usulan policy in force: SLA days per step, escalation, documents, penetapan roles, quotas.

Read from `policy/usulan*.toml` (the newest `valid_from` not after the given day wins), cached
and reloaded when a file changes. Mistakes are reported in Bahasa Indonesia with the file name.
"""

from __future__ import annotations

import threading
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from jaring.usulan.models import DocumentType, Status

_lock = threading.Lock()
_cache: dict[tuple[Any, ...], list[UsulanPolicy]] = {}


class UsulanPolicyError(ValueError):
    pass


@dataclass(frozen=True)
class UsulanPolicy:
    version: str
    valid_from: date
    sla_days: dict[str, int]
    escalate_to: dict[str, str]
    penetapan_roles: frozenset[str]
    sk_prefix: str
    documents_kind: dict[str, tuple[str, ...]]
    documents_change_type: dict[str, tuple[str, ...]]
    documents_program: dict[str, tuple[str, ...]]
    checklist: tuple[str, ...]
    kemnaker_quota: dict[str, int]
    kemnaker_documents: dict[str, tuple[str, ...]]
    kemnaker_documents_if_phk: tuple[str, ...]

    def required_documents(self, *, kind: str, change_type: str = "", program: str = "") -> list:
        wanted = [
            *self.documents_kind.get(kind, ()),
            *self.documents_change_type.get(change_type, ()),
            *self.documents_program.get(program, ()),
        ]
        return list(dict.fromkeys(wanted))

    @property
    def change_types(self) -> list[str]:
        return list(self.documents_change_type)


def _docs(name: str, raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or any(d not in DocumentType.values for d in raw):
        raise UsulanPolicyError(
            f"{name}: {where} harus daftar jenis dokumen ({', '.join(DocumentType.values)})."
        )
    return tuple(raw)


def _parse(path: Path) -> UsulanPolicy:
    name = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsulanPolicyError(f"{name}: bukan TOML yang sah ({error}).") from error
    try:
        sla = {str(k): int(v) for k, v in raw["sla_days"].items()}
        unknown = set(sla) - set(Status.values)
        if unknown or any(v <= 0 for v in sla.values()):
            raise UsulanPolicyError(f"{name}: [sla_days] berisi tahap tak dikenal atau hari ≤ 0.")
        docs = raw["documents"]
        kemnaker = raw["kemnaker"]
        valid_from = raw["valid_from"]
        if not isinstance(valid_from, date):
            raise UsulanPolicyError(f"{name}: valid_from harus tanggal (YYYY-MM-DD).")
        return UsulanPolicy(
            version=str(raw["version"]),
            valid_from=valid_from,
            sla_days=sla,
            escalate_to={str(k): str(v) for k, v in raw["escalate_to"].items()},
            penetapan_roles=frozenset(raw["penetapan"]["roles"]),
            sk_prefix=str(raw["penetapan"]["sk_prefix"]),
            documents_kind={
                k: _docs(name, v, f"documents.kind.{k}") for k, v in docs["kind"].items()
            },
            documents_change_type={
                k: _docs(name, v, f"documents.change_type.{k}")
                for k, v in docs["change_type"].items()
            },
            documents_program={
                k: _docs(name, v, f"documents.program.{k}") for k, v in docs["program"].items()
            },
            checklist=tuple(str(item) for item in raw["field_visit"]["checklist"]),
            kemnaker_quota={k: int(v) for k, v in kemnaker["quota"].items()},
            kemnaker_documents={
                k: _docs(name, v, f"kemnaker.documents.{k}")
                for k, v in kemnaker["documents"].items()
            },
            kemnaker_documents_if_phk=_docs(
                name, kemnaker["documents_if_phk"], "kemnaker.documents_if_phk"
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, UsulanPolicyError):
            raise
        raise UsulanPolicyError(f"{name}: isi tidak lengkap atau salah ({error}).") from error


def _load_all(directory: Path) -> list[UsulanPolicy]:
    files = sorted(directory.glob("usulan*.toml"))
    signature = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    with _lock:
        if signature not in _cache:
            _cache.clear()
            _cache[signature] = sorted((_parse(p) for p in files), key=lambda p: p.valid_from)
        return _cache[signature]


def usulan_policy(on: date | None = None) -> UsulanPolicy:
    """The version in force on `on` (default today)."""
    day = on or date.today()
    versions = [p for p in _load_all(Path(settings.POLICY_DIR)) if p.valid_from <= day]
    if not versions:
        raise UsulanPolicyError(
            f"Tidak ada kebijakan usulan (policy/usulan*.toml) yang berlaku pada {day}."
        )
    return versions[-1]
