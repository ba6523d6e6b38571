"""The monitoring policy (disclosure threshold, report schedule, targets).

Read from policy/monitoring*.toml.

Several files may exist; the one with the latest `valid_from` on or before the day asked about is
in force. Nothing here is a literal in code: change the file, not the program.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone


class MonitoringPolicyError(ValueError):
    """Missing or inconsistent policy file (Indonesian message naming the file)."""


@dataclass(frozen=True, slots=True)
class MonitoringPolicy:
    version: str
    valid_from: date
    small_cell_threshold: int
    report_day_of_month: int
    report_programs: tuple[str, ...]
    report_per_province: bool
    report_output_dir: str
    targets: dict[str, float]
    map_breaks: tuple[float, ...]


def _parse(path: Path) -> MonitoringPolicy:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        disclosure, report = data["disclosure"], data["report"]
        policy = MonitoringPolicy(
            version=str(data["version"]),
            valid_from=data["valid_from"],
            small_cell_threshold=int(disclosure["small_cell_threshold"]),
            report_day_of_month=int(report["day_of_month"]),
            report_programs=tuple(str(p) for p in report["programs"]),
            report_per_province=bool(report.get("per_province", False)),
            report_output_dir=str(report.get("output_dir", "var/laporan")),
            targets={k: float(v) for k, v in data.get("targets", {}).items()},
            map_breaks=tuple(float(b) for b in data.get("map", {}).get("breaks", [])),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise MonitoringPolicyError(
            f"Kebijakan monitoring {path.name} tidak valid: {error}"
        ) from error
    if policy.small_cell_threshold < 1:
        raise MonitoringPolicyError(f"{path.name}: small_cell_threshold harus ≥ 1.")
    if not isinstance(policy.valid_from, date):
        raise MonitoringPolicyError(f"{path.name}: valid_from harus berupa tanggal.")
    return policy


@lru_cache(maxsize=8)
def _load(directory: str, stamp: tuple[tuple[str, float], ...]) -> tuple[MonitoringPolicy, ...]:
    return tuple(sorted((_parse(Path(name)) for name, _ in stamp), key=lambda p: p.valid_from))


def monitoring_policy(on: date | None = None) -> MonitoringPolicy:
    directory = Path(settings.POLICY_DIR)
    files = sorted(directory.glob("monitoring*.toml"))
    stamp = tuple((str(f), f.stat().st_mtime) for f in files)
    policies = _load(str(directory), stamp)
    day = on or timezone.localdate()
    in_force = [p for p in policies if p.valid_from <= day]
    if not in_force:
        raise MonitoringPolicyError(
            f"Tidak ada kebijakan monitoring (policy/monitoring*.toml) yang berlaku pada {day}."
        )
    return in_force[-1]
