"""The one validation path for household data: file import and the staff forms both call it.

`parse_household(record)` takes one household in the interchange format (CONTRACTS.md; values
may also be the strings a CSV/XLSX cell gives) and returns typed, validated data or the list of
problems, each with a stable `code` and an Indonesian `message`. Identity warnings (such as a NIK
issued under a retired Papua kecamatan code) do not reject the record; they ride along on
`HouseholdIn.warnings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jaring.core import vocab
from jaring.core.interchange import HOUSING_KEYS, MEMBER_FIELDS
from jaring.registry.errors import RecordError
from jaring.registry.validation_fields import FieldChecker

__all__ = ["HouseholdIn", "MemberIn", "RecordError", "parse_household"]

HOUSEHOLD_KEYS = frozenset(
    {
        "kk",
        "region",
        "desil",
        "registry_status",
        "channel",
        "bank",
        "address",
        "rt",
        "rw",
        "kks_number",
        "housing",
        "members",
    }
)
MEMBER_KEYS = frozenset(MEMBER_FIELDS)


@dataclass(frozen=True)
class MemberIn:
    nik: str
    name: str
    sex: str
    birth_date: date
    relationship: str
    citizenship: str = "WNI"
    birth_place: str = ""
    alive: bool = True
    date_of_death: date | None = None
    pregnant: bool = False
    pregnancy_order: int | None = None
    disability: str = "tidak"
    schooling: str = "tidak_sekolah"
    occupation: str = "tidak_bekerja"
    employment: str = "tidak_bekerja"
    monthly_income: int = 0
    bpjs_ketenagakerjaan: bool = False


@dataclass(frozen=True)
class HouseholdIn:
    kk: str
    region: str
    members: tuple[MemberIn, ...]
    desil: int | None = None
    registry_status: str = "aktif"
    channel: str = "KKS"
    bank: str = ""
    kks_number: str = ""
    address: str = ""
    rt: str = ""
    rw: str = ""
    floor_material: str = ""
    wall_material: str = ""
    roof_material: str = ""
    floor_area_m2: int | None = None
    drinking_water: str = ""
    sanitation: str = ""
    electricity: str = ""
    cooking_fuel: str = ""
    assets: tuple[str, ...] = ()
    warnings: tuple[RecordError, ...] = field(default=(), compare=False)


def _identity():  # type: ignore[no-untyped-def]
    # Imported late: jaring.core.identity and jaring.regions.codes load data on first use.
    from jaring.core.identity import check_kk, check_nik
    from jaring.regions.codes import desa_codes

    return check_kk, check_nik, desa_codes


def _parse_member(c: FieldChecker, raw: Any, index: int, today: date) -> MemberIn | None:
    where = f"members[{index}]."
    who = f"Anggota ke-{index + 1}"
    if not isinstance(raw, Mapping):
        c.fail(f"members[{index}]", "tipe_salah", f"{who} harus berupa objek")
        return None
    before = len(c.errors)
    c.unknown_keys(raw, MEMBER_KEYS, where)
    nik = c.digits(raw, "nik", f"{who}: NIK", where)
    name = c.text(raw, "name", f"{who}: nama", where, required=True)
    sex = c.choice(raw, "sex", f"{who}: jenis kelamin", vocab.SEX, where)
    birth_date = c.day(raw, "birth_date", f"{who}: tanggal lahir", where, required=True)
    relationship = c.choice(raw, "relationship", f"{who}: hubungan", vocab.RELATIONSHIP, where)
    citizenship = c.choice(
        raw, "citizenship", f"{who}: kewarganegaraan", vocab.CITIZENSHIP, where, "WNI"
    )
    alive = c.boolean(raw, "alive", f"{who}: status hidup", True, where)
    date_of_death = c.day(raw, "date_of_death", f"{who}: tanggal meninggal", where)
    pregnant = c.boolean(raw, "pregnant", f"{who}: hamil", False, where)
    order = c.integer(raw, "pregnancy_order", f"{who}: kehamilan ke-", where)
    disability = c.choice(
        raw, "disability", f"{who}: disabilitas", vocab.DISABILITY, where, "tidak"
    )
    schooling = c.choice(raw, "schooling", f"{who}: pendidikan", vocab.SCHOOLING, where)
    occupation = c.choice(raw, "occupation", f"{who}: pekerjaan", vocab.OCCUPATION, where)
    employment = c.choice(
        raw, "employment", f"{who}: status kerja", vocab.EMPLOYMENT, where, "tidak_bekerja"
    )
    income = c.integer(raw, "monthly_income", f"{who}: penghasilan per bulan", where)
    bpjs = c.boolean(raw, "bpjs_ketenagakerjaan", f"{who}: BPJS Ketenagakerjaan", False, where)
    birth_place = c.text(raw, "birth_place", f"{who}: tempat lahir", where)

    if birth_date and birth_date > today:
        c.fail(
            where + "birth_date",
            "tanggal_lahir_di_masa_depan",
            f"{who}: tanggal lahir di masa depan",
        )
    if isinstance(income, int) and income < 0:
        c.fail(
            where + "monthly_income",
            "penghasilan_tidak_sah",
            f"{who}: penghasilan tidak boleh negatif",
        )
    if pregnant and sex == "L":
        c.fail(
            where + "pregnant", "hamil_bukan_perempuan", f"{who}: hanya perempuan yang dapat hamil"
        )
    if isinstance(order, int):
        if not pregnant:
            c.fail(
                where + "pregnancy_order",
                "urutan_kehamilan_tidak_sah",
                f"{who}: kehamilan ke- hanya diisi bila hamil",
            )
        elif order < 1:
            c.fail(
                where + "pregnancy_order",
                "urutan_kehamilan_tidak_sah",
                f"{who}: kehamilan ke- harus 1 atau lebih",
            )
    if date_of_death is not None:
        if alive:
            c.fail(
                where + "date_of_death",
                "tanggal_meninggal_tidak_sah",
                f"{who}: tanggal meninggal hanya diisi bila alive=false",
            )
        elif birth_date and date_of_death < birth_date:
            c.fail(
                where + "date_of_death",
                "tanggal_meninggal_tidak_sah",
                f"{who}: tanggal meninggal sebelum tanggal lahir",
            )
        elif date_of_death > today:
            c.fail(
                where + "date_of_death",
                "tanggal_meninggal_tidak_sah",
                f"{who}: tanggal meninggal di masa depan",
            )
    if nik:
        _, check_nik, _ = _identity()
        for problem in check_nik(nik, birth_date=birth_date, sex=sex or None):
            message = f"{who}: {problem.message}"
            if problem.severity == "warning":
                c.warn(where + "nik", problem.code, message)
            else:
                c.fail(where + "nik", problem.code, message)
    if len(c.errors) > before:
        return None
    return MemberIn(
        nik=nik,
        name=name,
        sex=sex,
        birth_date=birth_date,  # type: ignore[arg-type]  # required, checked above
        relationship=relationship,
        citizenship=citizenship,
        birth_place=birth_place,
        alive=alive,
        date_of_death=date_of_death,
        pregnant=pregnant,
        pregnancy_order=order if isinstance(order, int) else None,
        disability=disability,
        schooling=schooling,
        occupation=occupation,
        employment=employment,
        monthly_income=income if isinstance(income, int) else 0,
        bpjs_ketenagakerjaan=bpjs,
    )


def _parse_housing(c: FieldChecker, raw: Any) -> dict[str, Any]:
    housing: dict[str, Any] = {key: "" for key in vocab.HOUSING_FIELDS}
    housing["floor_area_m2"] = None
    housing["assets"] = ()
    if raw is None:
        return housing
    if not isinstance(raw, Mapping):
        c.fail("housing", "tipe_salah", "housing harus berupa objek")
        return housing
    c.unknown_keys(raw, frozenset(HOUSING_KEYS), "housing.")
    for key, vocabulary in vocab.HOUSING_FIELDS.items():
        housing[key] = c.choice(raw, key, f"housing.{key}", vocabulary, "housing.", "")
    area = c.integer(raw, "floor_area_m2", "luas lantai (m²)", "housing.")
    if isinstance(area, int) and area < 0:
        c.fail("housing.floor_area_m2", "tipe_salah", "luas lantai tidak boleh negatif")
    housing["floor_area_m2"] = area if isinstance(area, int) and area >= 0 else None
    assets = raw.get("assets") or []
    if isinstance(assets, str):  # CSV/XLSX cell: "motor,tv"
        assets = [a.strip() for a in assets.split(",") if a.strip()]
    if not isinstance(assets, list | tuple) or not all(isinstance(a, str) for a in assets):
        c.fail("housing.assets", "tipe_salah", "aset harus berupa daftar")
        return housing
    unknown = [a for a in assets if a not in vocab.ASSETS]
    if unknown:
        c.fail(
            "housing.assets",
            "nilai_tidak_dikenal",
            f"aset {', '.join(unknown)} tidak dikenal; nilai yang sah: {', '.join(vocab.ASSETS)}",
        )
    housing["assets"] = tuple(sorted(set(assets)))
    return housing


def parse_household(
    record: Mapping[str, Any], *, line: int | None = None
) -> tuple[HouseholdIn | None, list[RecordError]]:
    """Validate one household; return (data, []) or (None, errors). Warnings ride on the data."""
    c = FieldChecker(line)
    if not isinstance(record, Mapping):
        c.fail("", "tipe_salah", "data keluarga harus berupa objek JSON")
        return None, c.errors
    check_kk, _, desa_codes = _identity()
    c.unknown_keys(record, HOUSEHOLD_KEYS, "")
    kk = c.digits(record, "kk", "nomor KK")
    if kk:
        for problem in check_kk(kk):
            if problem.severity == "warning":
                c.warn("kk", problem.code, problem.message)
            else:
                c.fail("kk", problem.code, problem.message)
    region = c.digits(record, "region", "kode desa/kelurahan")
    if region and region not in desa_codes():
        c.fail("region", "desa_tidak_dikenal", f"kode desa {region} tidak dikenal")
    desil = c.integer(record, "desil", "desil")
    if desil == "!" or (isinstance(desil, int) and not 1 <= desil <= 10):
        c.errors = [e for e in c.errors if e.field != "desil"]
        c.fail("desil", "desil_tidak_sah", "desil harus bilangan bulat 1–10 atau kosong")
    status = c.choice(record, "registry_status", "status DTKS", vocab.REGISTRY_STATUS, "", "aktif")
    channel = c.choice(record, "channel", "jalur penyaluran", vocab.CHANNEL)
    bank = c.text(record, "bank", "bank").upper()
    if channel == "KKS" and not bank:
        c.fail("bank", "bank_wajib_kks", "bank wajib diisi untuk jalur KKS")
    elif channel == "POS" and bank:
        c.fail("bank", "bank_harus_kosong_pos", "bank harus kosong untuk jalur POS")
    elif bank and bank not in vocab.BANK:
        c.fail(
            "bank",
            "nilai_tidak_dikenal",
            f"bank '{bank}' tidak dikenal; nilai yang sah: {', '.join(vocab.BANK)}",
        )
    texts = {key: c.text(record, key, key) for key in ("address", "rt", "rw", "kks_number")}
    housing = _parse_housing(c, record.get("housing"))

    raw_members = record.get("members")
    members: list[MemberIn] = []
    if raw_members is None or raw_members == []:
        c.fail("members", "anggota_kosong", "keluarga harus punya sedikitnya satu anggota")
    elif not isinstance(raw_members, list | tuple):
        c.fail("members", "tipe_salah", "members harus berupa daftar anggota")
    else:
        today = date.today()
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_members):
            member = _parse_member(c, raw, index, today)
            if member is None:
                continue
            members.append(member)
            if member.nik in seen:
                c.fail(
                    f"members[{index}].nik",
                    "nik_ganda",
                    f"Anggota ke-{index + 1}: NIK sama dengan anggota ke-{seen[member.nik] + 1}",
                )
            seen.setdefault(member.nik, index)
        heads = sum(1 for m in members if m.relationship == "kepala_keluarga")
        if len(members) == len(raw_members) and heads != 1:
            c.fail(
                "members",
                "kepala_keluarga_bukan_satu",
                f"harus ada tepat satu kepala_keluarga (ada {heads})",
            )
    if c.errors:
        return None, c.errors
    return (
        HouseholdIn(
            kk=kk,
            region=region,
            members=tuple(members),
            desil=desil if isinstance(desil, int) else None,
            registry_status=status,
            channel=channel,
            bank=bank,
            **texts,
            **housing,
            warnings=tuple(c.warnings),
        ),
        [],
    )
