"""NIK and KK checks: plain Python, no Django (the engine and the bulk importer use it).

A NIK is 16 digits: PPKKCC (kecamatan of first issue) DDMMYY (birth date, day + 40 for women)
SSSS (serial). A KK number has the same layout with the issue date and no +40. `check_nik` runs
for every member of a million-family import, so problems are prebuilt singletons, the date check
is one frozenset lookup and the region check is another.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class IdentityProblem:
    code: str
    message: str
    severity: str = ERROR  # or WARNING


@dataclass(frozen=True, slots=True)
class NikParts:
    kecamatan_code: str
    day: int  # real day of birth: the +40 for women already removed
    month: int
    yy: int
    sex: str  # "L" or "P"
    serial: str


def _ddmm_table(*, female_offset: bool) -> dict[str, tuple[int, int, bool]]:
    """Every DDMM that is a real day in some year → (day, month, female).

    29 Feb is included; whether its year is a leap year is checked apart. One dict lookup per
    number replaces parsing and range checks.
    """
    out: dict[str, tuple[int, int, bool]] = {}
    offsets = (0, 40) if female_offset else (0,)
    for month in range(1, 13):
        for day in range(1, calendar.monthrange(2000, month)[1] + 1):
            for offset in offsets:
                out[f"{day + offset:02d}{month:02d}"] = (day, month, offset == 40)
    return out


_NIK_DDMM = _ddmm_table(female_offset=True)
_KK_DDMM = _ddmm_table(female_offset=False)
# 29 Feb is real when 19YY or 20YY is a leap year: both share yy % 4 == 0 (2000 is leap, and a
# year 1900 birth would still be accepted through 2000).
_LEAP_DAYS = frozenset({"2902", "6902"})


def _date_is_real(ddmm: str, yy: int, valid: dict[str, tuple[int, int, bool]]) -> bool:
    if ddmm not in valid:
        return False
    return ddmm not in _LEAP_DAYS or yy % 4 == 0


def _is_16_digits(value: str) -> bool:
    # isascii() first: str.isdigit() also accepts other scripts' digits (e.g. Arabic-Indic).
    return len(value) == 16 and value.isascii() and value.isdigit()


# Prebuilt problems: frozen, so the same instance is safely shared by every call.
NIK_FORMAT = IdentityProblem(
    "nik_format",
    "NIK harus tepat 16 angka, tanpa spasi, titik atau huruf.",
)
NIK_WILAYAH_TIDAK_DIKENAL = IdentityProblem(
    "nik_wilayah_tidak_dikenal",
    "Enam angka pertama NIK bukan kode kecamatan Kemendagri yang dikenal.",
)
NIK_TANGGAL_LAHIR_TIDAK_VALID = IdentityProblem(
    "nik_tanggal_lahir_tidak_valid",
    "Angka ke-7 sampai ke-12 NIK (tanggal lahir DDMMYY, tanggal + 40 untuk perempuan) "
    "bukan tanggal yang ada.",
)
NIK_TIDAK_COCOK_TANGGAL_LAHIR = IdentityProblem(
    "nik_tidak_cocok_tanggal_lahir",
    "Tanggal lahir di NIK (angka ke-7 sampai ke-12) tidak sama dengan tanggal lahir yang diisi.",
)
NIK_TIDAK_COCOK_JENIS_KELAMIN = IdentityProblem(
    "nik_tidak_cocok_jenis_kelamin",
    "Jenis kelamin tidak cocok dengan NIK: untuk perempuan tanggal lahir di NIK ditambah 40.",
)
NIK_NOMOR_URUT_NOL = IdentityProblem(
    "nik_nomor_urut_nol",
    "Empat angka terakhir NIK (nomor urut) tidak boleh 0000.",
)
KK_FORMAT = IdentityProblem(
    "kk_format",
    "Nomor KK harus tepat 16 angka, tanpa spasi, titik atau huruf.",
)
KK_WILAYAH_TIDAK_DIKENAL = IdentityProblem(
    "kk_wilayah_tidak_dikenal",
    "Enam angka pertama nomor KK bukan kode kecamatan Kemendagri yang dikenal.",
)
KK_TANGGAL_TIDAK_VALID = IdentityProblem(
    "kk_tanggal_tidak_valid",
    "Angka ke-7 sampai ke-12 nomor KK (tanggal terbit DDMMYY) bukan tanggal yang ada.",
)
KK_NOMOR_URUT_NOL = IdentityProblem(
    "kk_nomor_urut_nol",
    "Empat angka terakhir nomor KK (nomor urut) tidak boleh 0000.",
)


_region_sets: tuple[frozenset[str], frozenset[str]] | None = None


def _regions() -> tuple[frozenset[str], frozenset[str]]:
    """(current + retired kecamatan codes, retired codes), loaded once from the shipped file."""
    global _region_sets
    if _region_sets is None:
        from jaring.regions.codes import kecamatan_codes, retired_codes  # plain Python

        _region_sets = (kecamatan_codes(), retired_codes())
    return _region_sets


_retired_warnings: dict[tuple[str, str], IdentityProblem] = {}


def _retired_warning(kind: str, kecamatan: str) -> IdentityProblem:
    """Warning for a kecamatan code retired by a split (the NIK/KK stays valid for life)."""
    key = (kind, kecamatan)
    problem = _retired_warnings.get(key)
    if problem is None:
        from jaring.regions.codes import retired_regions

        name, successor = retired_regions()[kecamatan]
        label = "NIK" if kind == "nik" else "nomor KK"
        problem = IdentityProblem(
            f"{kind}_wilayah_lama",
            f"Kode wilayah {label} ({kecamatan}, Kecamatan {name}) adalah kode lama sebelum "
            f"pemekaran; kode sekarang {successor}. Tetap sah, karena nomor tidak berubah.",
            WARNING,
        )
        _retired_warnings[key] = problem
    return problem


def parse_nik(value: str) -> NikParts | None:
    """Split a NIK into its parts; None when it is not exactly 16 digits.

    The date fields are returned as written (after removing +40) even if they are not a real date.
    """
    if not _is_16_digits(value):
        return None
    dd = int(value[6:8])
    female = dd > 40
    return NikParts(
        kecamatan_code=value[:6],
        day=dd - 40 if female else dd,
        month=int(value[8:10]),
        yy=int(value[10:12]),
        sex="P" if female else "L",
        serial=value[12:],
    )


def check_nik(
    value: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    kecamatan_codes: frozenset[str] | None = None,
) -> list[IdentityProblem]:
    """Every rule the NIK breaks; an empty list means it is well-formed and consistent."""
    if not _is_16_digits(value):
        return [NIK_FORMAT]
    problems: list[IdentityProblem] = []
    kecamatan = value[:6]
    known, retired = _region_sets or _regions()
    if kecamatan not in (known if kecamatan_codes is None else kecamatan_codes):
        problems.append(NIK_WILAYAH_TIDAK_DIKENAL)
    elif kecamatan in retired:
        problems.append(_retired_warning("nik", kecamatan))
    ddmm = value[6:10]
    parsed = _NIK_DDMM.get(ddmm)
    if parsed is None or (ddmm in _LEAP_DAYS and int(value[10:12]) % 4):
        problems.append(NIK_TANGGAL_LAHIR_TIDAK_VALID)
    else:
        day, month, female = parsed
        if birth_date is not None and (
            day != birth_date.day
            or month != birth_date.month
            or int(value[10:12]) != birth_date.year % 100
        ):
            problems.append(NIK_TIDAK_COCOK_TANGGAL_LAHIR)
        if sex and female != (sex.upper() == "P"):
            problems.append(NIK_TIDAK_COCOK_JENIS_KELAMIN)
    if value[12:] == "0000":
        problems.append(NIK_NOMOR_URUT_NOL)
    return problems


def nik_is_valid(
    value: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    kecamatan_codes: frozenset[str] | None = None,
) -> bool:
    """True when check_nik finds no error (warnings such as a retired region code are fine)."""
    problems = check_nik(value, birth_date=birth_date, sex=sex, kecamatan_codes=kecamatan_codes)
    return all(p.severity != ERROR for p in problems)


def check_kk(value: str, *, kecamatan_codes: frozenset[str] | None = None) -> list[IdentityProblem]:
    """Every rule the KK number breaks; an empty list means it is well-formed."""
    if not _is_16_digits(value):
        return [KK_FORMAT]
    problems: list[IdentityProblem] = []
    kecamatan = value[:6]
    known, retired = _region_sets or _regions()
    if kecamatan not in (known if kecamatan_codes is None else kecamatan_codes):
        problems.append(KK_WILAYAH_TIDAK_DIKENAL)
    elif kecamatan in retired:
        problems.append(_retired_warning("kk", kecamatan))
    if not _date_is_real(value[6:10], int(value[10:12]), _KK_DDMM):
        problems.append(KK_TANGGAL_TIDAK_VALID)
    if value[12:] == "0000":
        problems.append(KK_NOMOR_URUT_NOL)
    return problems


def mask_identity(value: str) -> str:
    """Show only the first 4 and last 4 digits: 3273••••••••0002. Short values are fully hidden."""
    if len(value) <= 8:
        return "•" * len(value)
    return value[:4] + "•" * (len(value) - 8) + value[-4:]
