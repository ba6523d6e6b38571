"""Audit events of a household rendered as field-by-field differences for the family page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jaring.core import vocab
from jaring.core.models import AuditEvent

FIELD_LABELS: dict[str, str] = {
    "kk": "Nomor KK",
    "region": "Desa/kelurahan",
    "desil": "Desil",
    "registry_status": "Status DTKS",
    "channel": "Jalur penyaluran",
    "bank": "Bank",
    "kks_number": "Nomor KKS",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "floor_material": "Lantai",
    "wall_material": "Dinding",
    "roof_material": "Atap",
    "floor_area_m2": "Luas lantai (m²)",
    "drinking_water": "Air minum",
    "sanitation": "Sanitasi",
    "electricity": "Listrik",
    "cooking_fuel": "Bahan bakar memasak",
    "assets": "Aset",
    "nik": "NIK",
    "name": "Nama",
    "sex": "Jenis kelamin",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "relationship": "Hubungan",
    "citizenship": "Kewarganegaraan",
    "alive": "Hidup",
    "date_of_death": "Tanggal meninggal",
    "pregnant": "Hamil",
    "pregnancy_order": "Kehamilan ke-",
    "disability": "Disabilitas",
    "schooling": "Pendidikan",
    "occupation": "Pekerjaan",
    "employment": "Status kerja",
    "monthly_income": "Penghasilan per bulan",
    "bpjs_ketenagakerjaan": "BPJS Ketenagakerjaan",
}
ACTION_LABELS = {
    "keluarga.create": "Keluarga didaftarkan",
    "keluarga.update": "Data keluarga diubah",
    "keluarga.delete": "Keluarga dihapus",
}
IDENTITY_FIELDS = frozenset({"kk", "nik"})
# Stored codes shown with their Indonesian labels.
FIELD_VOCAB: dict[str, dict[str, str]] = vocab.FIELD_VOCABULARIES


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    at: Any
    actor: str
    action: str
    note: str
    changes: list[FieldChange]
    summary: str = ""


def _show(value: Any, key: str, mask: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    labels = FIELD_VOCAB.get(key, {})
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if key in IDENTITY_FIELDS:
        return mask(str(value))
    if key == "monthly_income" and isinstance(value, int):
        return "Rp" + f"{value:,}".replace(",", ".")
    return labels.get(str(value), str(value))


def _flatten(record: Any, mask: Any) -> dict[str, tuple[str, Any]]:
    """Key -> (label, value). Members are keyed by NIK, so a reordered KK is not a change."""
    if not isinstance(record, dict):
        return {}
    flat: dict[str, tuple[str, Any]] = {}
    for key, value in record.items():
        if key == "housing" and isinstance(value, dict):
            for hkey, hvalue in value.items():
                flat[f"housing.{hkey}"] = (FIELD_LABELS.get(hkey, hkey), (hkey, hvalue))
        elif key == "members" and isinstance(value, list):
            for member in value:
                if not isinstance(member, dict):
                    continue
                who = f"{member.get('name', '?')} ({mask(str(member.get('nik', '')))})"
                for mkey, mvalue in member.items():
                    label = f"{who}: {FIELD_LABELS.get(mkey, mkey)}"
                    flat[f"m.{member.get('nik')}.{mkey}"] = (label, (mkey, mvalue))
        else:
            flat[key] = (FIELD_LABELS.get(key, key), (key, value))
    return flat


def field_changes(before: Any, after: Any, mask: Any) -> list[FieldChange]:
    old, new = _flatten(before, mask), _flatten(after, mask)
    changes: list[FieldChange] = []
    for key in [*old, *(k for k in new if k not in old)]:
        o, n = old.get(key), new.get(key)
        ov = o[1] if o else (None, None)
        nv = n[1] if n else (None, None)
        if ov[1] == nv[1]:
            continue
        label = (n or o)[0]  # type: ignore[index]
        changes.append(
            FieldChange(label, _show(ov[1], ov[0] or "", mask), _show(nv[1], nv[0] or "", mask))
        )
    return changes


def history_entries(events: list[AuditEvent], mask: Any) -> list[HistoryEntry]:
    """Newest first, as staff read a history."""
    entries = []
    for ev in reversed(events):
        if ev.before is None and isinstance(ev.after, dict) and "members" in ev.after:
            # A new household: its record is the page itself; list who was registered.
            names = ", ".join(str(m.get("name", "?")) for m in ev.after["members"])
            entries.append(
                HistoryEntry(
                    ev.seq,
                    ev.at,
                    ev.actor,
                    ACTION_LABELS.get(ev.action, ev.action),
                    ev.note,
                    [],
                    f"{len(ev.after['members'])} anggota: {names}",
                )
            )
            continue
        entries.append(
            HistoryEntry(
                seq=ev.seq,
                at=ev.at,
                actor=ev.actor,
                action=ACTION_LABELS.get(ev.action, ev.action),
                note=ev.note,
                changes=field_changes(ev.before, ev.after, mask),
            )
        )
    return entries
