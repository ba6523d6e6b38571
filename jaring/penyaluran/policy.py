"""The disbursement policy (retur deadline, Pos pickup location, failure reasons).

Read from `policy/penyaluran_*.toml`; several files may exist, one per validity period, and the
one with the latest `valid_from` on or before the day asked about is in force.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings


class PolicyError(ValueError):
    """The policy file is missing or inconsistent (message in Indonesian, names the file)."""


@dataclass(frozen=True, slots=True)
class DisbursementPolicy:
    valid_from: date
    retur_days_after_tahap_end: int
    pos_pickup_location: str
    failure_reasons: dict[str, str]

    def failure_label(self, code: str) -> str:
        return self.failure_reasons.get(code, code)


def _parse(raw: dict, path: Path) -> DisbursementPolicy:
    try:
        policy = DisbursementPolicy(
            valid_from=raw["valid_from"],
            retur_days_after_tahap_end=int(raw["retur_days_after_tahap_end"]),
            pos_pickup_location=str(raw["pos_pickup_location"]),
            failure_reasons={str(k): str(v) for k, v in raw.get("failure_reasons", {}).items()},
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PolicyError(
            f"{path.name}: isian kebijakan penyaluran tidak lengkap ({error})"
        ) from error
    if not isinstance(policy.valid_from, date):
        raise PolicyError(f"{path.name}: valid_from harus berupa tanggal")
    if policy.retur_days_after_tahap_end < 0:
        raise PolicyError(f"{path.name}: retur_days_after_tahap_end tidak boleh negatif")
    try:
        policy.pos_pickup_location.format(kecamatan="", kabupaten="")
    except (KeyError, IndexError) as error:
        raise PolicyError(
            f"{path.name}: pos_pickup_location memakai isian tak dikenal {error}"
        ) from error
    return policy


_cache: dict[tuple[str, int], DisbursementPolicy] = {}


def disbursement_policy(day: date) -> DisbursementPolicy:
    """The policy in force on `day` (files re-read when they change on disk)."""
    policies = []
    for path in sorted(Path(settings.POLICY_DIR).glob("penyaluran_*.toml")):
        key = (str(path), path.stat().st_mtime_ns)
        if key not in _cache:
            with path.open("rb") as handle:
                try:
                    raw = tomllib.load(handle)
                except tomllib.TOMLDecodeError as error:
                    raise PolicyError(f"{path.name}: TOML tidak sah ({error})") from error
            _cache[key] = _parse(raw, path)
        policies.append(_cache[key])
    in_force = [p for p in policies if p.valid_from <= day]
    if not in_force:
        raise PolicyError(f"Tidak ada kebijakan penyaluran (policy/penyaluran_*.toml) untuk {day}.")
    return max(in_force, key=lambda p: p.valid_from)
