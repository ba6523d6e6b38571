"""The complaint policy (categories, routing, SLA, escalation), read from policy/pengaduan_*.toml.

Several files may exist, one per validity period; the one with the latest `valid_from` on or
before the day asked about is in force. Files are re-read when they change on disk.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from jaring.pengaduan.models import Office

OFFICES = frozenset(Office.values)


class PolicyError(ValueError):
    """The policy file is missing or inconsistent (message in Indonesian, names the file)."""


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    label: str
    office: str
    sla_days: int
    confidential: bool


@dataclass(frozen=True, slots=True)
class RoutingRule:
    region_prefix: str
    category: str  # a category code or "*"
    office: str


@dataclass(frozen=True, slots=True)
class ReportedOffice:
    code: str
    label: str
    office: str


@dataclass(frozen=True, slots=True)
class ComplaintPolicy:
    version: str
    valid_from: date
    categories: dict[str, Category]
    routing: tuple[RoutingRule, ...]
    reported_offices: dict[str, ReportedOffice]
    escalation: dict[str, str]
    max_files: int
    submit_rate_ip: str
    track_rate_ip: str
    escalation_sla_days: int

    def category_label(self, code: str) -> str:
        category = self.categories.get(code)
        return category.label if category else code


def _office(value: object, where: str, path: Path) -> str:
    if value not in OFFICES:
        raise PolicyError(f"{path.name}: kantor '{value}' di {where} tidak dikenal")
    return str(value)


def parse_policy(raw: dict, path: Path) -> ComplaintPolicy:
    try:
        categories = {
            code: Category(
                code=code,
                label=str(item["label"]),
                office=_office(item["office"], f"kategori {code}", path),
                sla_days=int(item["sla_days"]),
                confidential=bool(item.get("confidential", False)),
            )
            for code, item in raw["categories"].items()
        }
        routing = tuple(
            RoutingRule(
                region_prefix=str(rule["region_prefix"]),
                category=str(rule.get("category", "*")),
                office=_office(rule["office"], "routing", path),
            )
            for rule in raw.get("routing", [])
        )
        reported = {
            code: ReportedOffice(
                code=code,
                label=str(item["label"]),
                office=_office(item["office"], f"reported_offices.{code}", path),
            )
            for code, item in raw.get("reported_offices", {}).items()
        }
        escalation = {
            _office(k, "escalation", path): _office(v, "escalation", path)
            for k, v in raw.get("escalation", {}).items()
        }
        limits = raw.get("limits", {})
        policy = ComplaintPolicy(
            version=str(raw["version"]),
            valid_from=raw["valid_from"],
            categories=categories,
            routing=routing,
            reported_offices=reported,
            escalation=escalation,
            max_files=int(limits.get("max_files", 3)),
            submit_rate_ip=str(limits.get("submit_rate_ip", "5/h")),
            track_rate_ip=str(limits.get("track_rate_ip", "30/m")),
            escalation_sla_days=int(limits.get("escalation_sla_days", 7)),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, PolicyError):
            raise
        raise PolicyError(
            f"{path.name}: isian kebijakan pengaduan tidak lengkap ({error})"
        ) from error
    for rule in policy.routing:
        if rule.category != "*" and rule.category not in categories:
            raise PolicyError(f"{path.name}: routing menyebut kategori '{rule.category}'")
        if not rule.region_prefix.isdigit() or len(rule.region_prefix) not in (2, 4, 6, 10):
            raise PolicyError(f"{path.name}: region_prefix '{rule.region_prefix}' tidak sah")
    if not categories or any(c.sla_days < 1 for c in categories.values()):
        raise PolicyError(f"{path.name}: setiap kategori perlu sla_days minimal 1 hari")
    if not isinstance(policy.valid_from, date):
        raise PolicyError(f"{path.name}: valid_from harus berupa tanggal")
    return policy


_cache: dict[tuple[str, float], ComplaintPolicy] = {}


def _files() -> list[Path]:
    return sorted(Path(settings.POLICY_DIR).glob("pengaduan_*.toml"))


def load_file(path: Path) -> ComplaintPolicy:
    key = (str(path), path.stat().st_mtime)
    if key not in _cache:
        with path.open("rb") as handle:
            _cache[key] = parse_policy(tomllib.load(handle), path)
    return _cache[key]


def complaint_policy(on: date | None = None) -> ComplaintPolicy:
    """The policy in force on `on` (today by default)."""
    day = on or timezone.localdate()
    policies = [load_file(path) for path in _files()]
    in_force = [p for p in policies if p.valid_from <= day]
    if not in_force:
        raise PolicyError("Kebijakan pengaduan (policy/pengaduan_*.toml) belum tersedia.")
    return max(in_force, key=lambda p: p.valid_from)
