"""Program definitions (policy/ data files) loaded and validated into plain dataclasses.

Every problem in a policy file is reported in Bahasa Indonesia naming the file and the place, so
an operator who edits an amount or an age limit sees exactly what to fix.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jaring.core.periods import TAHAP_PER_YEAR

DEFAULT_POLICY_DIR = Path(__file__).resolve().parents[2] / "policy"

MEMBER_FIELDS = {
    "sex": "str",
    "relationship": "str",
    "citizenship": "str",
    "alive": "bool",
    "pregnant": "bool",
    "pregnancy_order": "int",
    "disability": "str",
    "schooling": "str",
    "occupation": "str",
    "employment": "str",
    "monthly_income": "int",
    "bpjs_ketenagakerjaan": "bool",
    "age": "int",
    "counts": "bool",  # alive, WNI and a valid NIK
    "nik_valid": "bool",
}
FAMILY_FIELDS = {
    "registry_status": "str",
    "channel": "str",
    "bank": "str",
    "region": "str",
    "province": "str",
    "desil": "int",
}
OPS = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "between", "is_null", "not_null")
FAMILY_KINDS = ("family", "desil", "no_member", "any_member", "not_program", "has_component")
PERSON_KINDS = ("person",)


class PolicyError(ValueError):
    """A policy file that cannot be used (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Predicate:
    field: str
    op: str
    value: Any = None  # "ump" on monthly_income means the family's provincial UMP


@dataclass(frozen=True)
class Condition:
    code: str
    kind: str
    label: str
    message: str
    test: tuple[Predicate, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    code_unknown: str | None = None
    message_unknown: str | None = None
    programs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    code: str
    label: str
    annual_amount: int
    when: tuple[tuple[Predicate, ...], ...]
    max_per_family: int | None = None


@dataclass(frozen=True)
class Program:
    code: str
    name: str
    version: str
    valid_from: date
    valid_to: date | None
    unit: str  # "family" or "person"
    summary: str
    documents: tuple[str, ...]
    schedule: dict[str, int]  # channel (or "default") → tahap per year
    conditions: tuple[Condition, ...]
    components: tuple[Component, ...]
    annual_amount: int  # family programs without components
    max_components: int | None
    quota: dict[str, int]
    source: str
    notes: tuple[Condition, ...] = ()  # why a counting member got no component (member reasons)

    def in_force(self, period: date) -> bool:
        return self.valid_from <= period and (self.valid_to is None or period <= self.valid_to)

    def tahap_per_year(self, channel: str | None) -> int:
        return self.schedule.get(channel or "", self.schedule.get("default", 0)) or next(
            iter(self.schedule.values())
        )

    @property
    def depends_on(self) -> tuple[str, ...]:
        return tuple(p for c in self.conditions if c.kind == "not_program" for p in c.programs)


@dataclass(frozen=True)
class Pmt:
    weights: dict[str, dict[str, float]]
    points_per_m2_per_person: float
    max_area_points: float
    members_free: int
    minus_per_extra_member: float
    cut_points: tuple[float, ...]


@dataclass
class PolicySet:
    programs: dict[str, Program]
    ump: dict[str, int]
    ump_source: str
    pmt: Pmt
    digest: str
    directory: Path
    order: list[str] = field(default_factory=list)  # dependencies first

    def programs_in_force(self, period: date) -> list[Program]:
        return [self.programs[c] for c in self.order if self.programs[c].in_force(period)]

    def describe(self, program: str, period: date) -> Any:
        from jaring.engine.describe import describe_program

        return describe_program(self, self.programs[program], period)


def _fail(where: str, text: str) -> PolicyError:
    return PolicyError(f"Berkas kebijakan {where}: {text}")


def _predicate(raw: Any, where: str, fields: dict[str, str]) -> Predicate:
    if not isinstance(raw, dict) or "field" not in raw or "op" not in raw:
        raise _fail(where, "setiap syarat harus berisi 'field' dan 'op'.")
    name, op, value = raw["field"], raw["op"], raw.get("value")
    if name not in fields:
        raise _fail(where, f"kolom '{name}' tidak dikenal; pilih dari {', '.join(fields)}.")
    if op not in OPS:
        raise _fail(where, f"operator '{op}' tidak dikenal; pilih dari {', '.join(OPS)}.")
    if op in ("in", "not_in") and not isinstance(value, list):
        raise _fail(where, f"operator '{op}' memerlukan daftar nilai.")
    if op == "between" and not (isinstance(value, list) and len(value) == 2):
        raise _fail(where, "operator 'between' memerlukan dua nilai [bawah, atas].")
    if value == "ump" and name != "monthly_income":
        raise _fail(where, "nilai 'ump' hanya untuk kolom monthly_income.")
    if op not in ("is_null", "not_null", "in", "not_in", "between") and value is None:
        raise _fail(where, f"operator '{op}' memerlukan 'value'.")
    kind = fields[name]
    values = value if isinstance(value, list) else [value]
    for item in values if op not in ("is_null", "not_null") else []:
        ok = (
            (kind == "bool" and isinstance(item, bool))
            or (kind == "int" and (isinstance(item, int) and not isinstance(item, bool)))
            or (kind == "int" and item == "ump")
            or (kind == "str" and isinstance(item, str))
        )
        if not ok:
            raise _fail(where, f"nilai {item!r} tidak cocok untuk kolom '{name}' ({kind}).")
    return Predicate(name, op, tuple(value) if isinstance(value, list) else value)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"'{key}' wajib diisi (teks).")
    return value


def _amount(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _fail(where, f"nilai rupiah harus bilangan bulat tidak negatif, bukan {value!r}.")
    return value


def _condition(raw: dict[str, Any], where: str, unit: str) -> Condition:
    code = _text(raw, "code", where)
    where = f"{where}, syarat '{code}'"
    kind = raw.get("kind")
    allowed = FAMILY_KINDS + (PERSON_KINDS if unit == "person" else ())
    if kind not in allowed:
        raise _fail(where, f"jenis '{kind}' tidak dikenal; pilih dari {', '.join(allowed)}.")
    fields = FAMILY_FIELDS if kind == "family" else MEMBER_FIELDS
    preds = raw.get("test" if kind == "family" else "where", [])
    if kind in ("family", "no_member", "any_member", "person") and not preds:
        raise _fail(where, "syarat ini memerlukan daftar 'test'/'where'.")
    condition = Condition(
        code=code,
        kind=kind,
        label=_text(raw, "label", where),
        message=_text(raw, "message", where),
        test=tuple(_predicate(p, where, fields) for p in preds),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        code_unknown=raw.get("code_unknown"),
        message_unknown=raw.get("message_unknown"),
        programs=tuple(raw.get("programs", ())),
    )
    if kind == "desil" and not (
        isinstance(condition.minimum, int)
        and isinstance(condition.maximum, int)
        and 1 <= condition.minimum <= condition.maximum <= 10
        and condition.code_unknown
        and condition.message_unknown
    ):
        raise _fail(where, "syarat desil memerlukan min/max 1–10, code_unknown, message_unknown.")
    if kind == "not_program" and not condition.programs:
        raise _fail(where, "syarat not_program memerlukan daftar 'programs'.")
    return condition


def _component(raw: dict[str, Any], where: str) -> Component:
    code = _text(raw, "code", where)
    where = f"{where}, komponen '{code}'"
    when = raw.get("when")
    if not isinstance(when, list) or not when or not all(isinstance(a, list) for a in when):
        raise _fail(where, "'when' harus daftar alternatif, masing-masing daftar syarat.")
    cap = raw.get("max_per_family")
    if cap is not None and (not isinstance(cap, int) or cap < 1):
        raise _fail(where, "'max_per_family' harus bilangan bulat >= 1.")
    return Component(
        code=code,
        label=_text(raw, "label", where),
        annual_amount=_amount(raw.get("annual_amount"), where),
        when=tuple(tuple(_predicate(p, where, MEMBER_FIELDS) for p in alt) for alt in when),
        max_per_family=cap,
    )


def _program(path: Path, raw: dict[str, Any]) -> Program:
    where = path.name
    unit = raw.get("unit")
    if unit not in ("family", "person"):
        raise _fail(where, "'unit' harus 'family' (keluarga) atau 'person' (perorangan).")
    valid_from, valid_to = raw.get("valid_from"), raw.get("valid_to")
    if not isinstance(valid_from, date) or (
        valid_to is not None and not isinstance(valid_to, date)
    ):
        raise _fail(where, "'valid_from'/'valid_to' harus tanggal, mis. 2020-04-01.")
    schedule = raw.get("schedule") or {}
    if not schedule or any(v not in TAHAP_PER_YEAR for v in schedule.values()):
        raise _fail(where, f"'schedule' wajib; tahap per tahun salah satu dari {TAHAP_PER_YEAR}.")
    components = tuple(_component(c, where) for c in raw.get("components", []))
    if sum(1 for c in components if c.max_per_family) > 1:
        raise _fail(where, "paling banyak satu komponen boleh memiliki 'max_per_family'.")
    if unit == "person" and not components:
        raise _fail(where, "program perorangan memerlukan minimal satu komponen (sasaran).")
    quota = raw.get("quota", {})
    if quota and (unit != "family" or len({len(k) for k in quota}) != 1):
        raise _fail(
            where, "'quota' hanya untuk program keluarga, dengan kode wilayah sepanjang sama."
        )
    max_components = raw.get("limits", {}).get("max_components")
    return Program(
        code=_text(raw, "code", where),
        name=_text(raw, "name", where),
        version=str(raw.get("version", "")),
        valid_from=valid_from,
        valid_to=valid_to,
        unit=unit,
        summary=_text(raw, "summary", where),
        documents=tuple(raw.get("documents", ())),
        schedule=dict(schedule),
        conditions=tuple(_condition(c, where, unit) for c in raw.get("conditions", [])),
        components=components,
        annual_amount=_amount(raw.get("annual_amount", 0), where),
        max_components=max_components,
        quota={str(k): _amount(v, where) for k, v in quota.items()},
        source=where,
        notes=tuple(
            _condition({**n, "kind": "person"}, where, "person") for n in raw.get("notes", [])
        ),
    )


def _order(programs: dict[str, Program]) -> list[str]:
    order: list[str] = []
    visiting: set[str] = set()

    def visit(code: str) -> None:
        if code in order:
            return
        if code in visiting:
            raise PolicyError(f"Ketergantungan antarprogram berputar pada program {code}.")
        visiting.add(code)
        for dep in programs[code].depends_on:
            if dep not in programs:
                raise PolicyError(f"Program {code} merujuk program {dep} yang tidak ada.")
            visit(dep)
        visiting.discard(code)
        order.append(code)

    for code in sorted(programs):
        visit(code)
    return order


def _read(path: Path, digest: Any) -> dict[str, Any]:
    data = path.read_bytes()
    digest.update(path.name.encode() + b"\0" + data)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _fail(path.name, f"format TOML tidak sah ({error}).") from error


def _pmt(raw: dict[str, Any]) -> Pmt:
    try:
        area, household = raw["floor_area"], raw["household"]
        cuts = tuple(float(v) for v in raw["cut_points"]["values"])
        weights = {k: {kk: float(vv) for kk, vv in v.items()} for k, v in raw["weights"].items()}
        pmt = Pmt(
            weights=weights,
            points_per_m2_per_person=float(area["points_per_m2_per_person"]),
            max_area_points=float(area["max_points"]),
            members_free=int(household["members_free"]),
            minus_per_extra_member=float(household["minus_per_extra_member"]),
            cut_points=cuts,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise _fail("pmt.toml", f"isi tidak lengkap atau salah ({error}).") from error
    if len(cuts) != 9 or list(cuts) != sorted(cuts):
        raise _fail("pmt.toml", "cut_points harus 9 angka yang naik.")
    return pmt


def load_policy(policy_dir: Path | None = None) -> PolicySet:
    """Read and validate every policy file; the digest identifies exactly this set of files."""
    directory = Path(policy_dir) if policy_dir else DEFAULT_POLICY_DIR
    digest = hashlib.sha256()
    program_files = sorted((directory / "programs").glob("*.toml"))
    if not program_files:
        raise PolicyError(f"Tidak ada berkas program di {directory / 'programs'}.")
    programs: dict[str, Program] = {}
    for path in program_files:
        program = _program(path, _read(path, digest))
        if program.code in programs:
            raise _fail(path.name, f"kode program {program.code} sudah dipakai berkas lain.")
        programs[program.code] = program
    ump_raw = _read(directory / "ump_2025.toml", digest)
    ump = {str(k): _amount(v, "ump_2025.toml") for k, v in ump_raw.get("ump", {}).items()}
    if not ump:
        raise _fail("ump_2025.toml", "tabel [ump] kosong.")
    pmt = _pmt(_read(directory / "pmt.toml", digest))
    return PolicySet(
        programs=programs,
        ump=ump,
        ump_source=str(ump_raw.get("source", "")),
        pmt=pmt,
        digest=digest.hexdigest(),
        directory=directory,
        order=_order(programs),
    )
