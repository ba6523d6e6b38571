"""The matching policy (thresholds, what may be applied automatically) and the overlap rules,
read from policy/matching_*.toml and policy/overlap_*.toml.

Several files of each kind may exist, one per validity period; the one with the latest
`valid_from` on or before the day asked about is in force.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

COMPARED_FIELDS = ("nama", "tanggal_lahir", "jenis_kelamin", "tempat_lahir", "kk", "desa")
LEVELS = ("keluarga", "orang")


class PolicyError(ValueError):
    """A policy file is missing or inconsistent (message in Indonesian, names the file)."""


@dataclass(frozen=True, slots=True)
class MatchingPolicy:
    version: str
    valid_from: date
    review_threshold: float
    memory_limit: str
    threads: int
    compared_fields: tuple[str, ...]
    auto_apply_death_when_padan: bool
    auto_apply_move: bool
    max_upload_mb: int
    changes_via_usulan: bool = False


@dataclass(frozen=True, slots=True)
class OverlapRule:
    code: str
    programs: tuple[str, str]
    level: str
    message: str


def _in_force(pattern: str, day: date | None) -> tuple[Path, dict[str, Any]]:
    day = day or timezone.localdate()
    found: list[tuple[date, Path, dict[str, Any]]] = []
    for path in sorted(Path(settings.POLICY_DIR).glob(pattern)):
        with path.open("rb") as handle:
            try:
                data = tomllib.load(handle)
            except tomllib.TOMLDecodeError as error:
                raise PolicyError(f"{path.name}: bukan TOML yang sah ({error})") from error
        valid_from = data.get("valid_from")
        if not isinstance(valid_from, date):
            raise PolicyError(f"{path.name}: valid_from harus tanggal")
        if valid_from <= day:
            found.append((valid_from, path, data))
    if not found:
        raise PolicyError(f"tidak ada berkas {pattern} yang berlaku pada {day.isoformat()}")
    _, path, data = max(found, key=lambda item: item[0])
    return path, data


def matching_policy(day: date | None = None) -> MatchingPolicy:
    path, data = _in_force("matching_*.toml", day)
    try:
        dup, dukcapil = data["duplicates"], data["dukcapil"]
        fields = tuple(dukcapil["compared_fields"])
        policy = MatchingPolicy(
            version=str(data["version"]),
            valid_from=data["valid_from"],
            review_threshold=float(dup["review_threshold"]),
            memory_limit=str(dup.get("memory_limit", "4GB")),
            threads=int(dup.get("threads", 2)),
            compared_fields=fields,
            auto_apply_death_when_padan=bool(dukcapil["auto_apply_death_when_padan"]),
            auto_apply_move=bool(dukcapil["auto_apply_move"]),
            max_upload_mb=int(data["uploads"]["max_mb"]),
            changes_via_usulan=bool(dukcapil.get("changes_via_usulan", False)),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PolicyError(f"{path.name}: isian tidak lengkap atau salah ({error})") from error
    unknown = set(fields) - set(COMPARED_FIELDS)
    if unknown or not 0 < policy.review_threshold < 1:
        raise PolicyError(f"{path.name}: compared_fields atau review_threshold tidak sah")
    return policy


def overlap_rules(day: date | None = None) -> tuple[OverlapRule, ...]:
    path, data = _in_force("overlap_*.toml", day)
    rules = []
    for raw in data.get("rules", []):
        try:
            programs = tuple(str(p).upper() for p in raw["programs"])
            rule = OverlapRule(
                code=str(raw["code"]),
                programs=(programs[0], programs[1]),
                level=str(raw["level"]),
                message=str(raw["message"]),
            )
        except (KeyError, IndexError, TypeError) as error:
            raise PolicyError(f"{path.name}: aturan tidak lengkap ({error})") from error
        if rule.level not in LEVELS or len(programs) != 2:
            raise PolicyError(f"{path.name}: aturan {rule.code}: level harus keluarga atau orang")
        rules.append(rule)
    return tuple(rules)
