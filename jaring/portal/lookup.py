"""One Cek Bansos lookup, shared by the page and the JSON API: check input, guard, search."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

from jaring.core.names import normalize_name
from jaring.portal.durability import relaxed_commits
from jaring.portal.guard import LookupRefused, guard_lookup
from jaring.portal.selectors import PersonResult, cek_bansos_search, public_scope
from jaring.regions.models import Level, Region

NAME_MAX_LENGTH = 120
NOT_FOUND_MESSAGE = gettext_lazy(
    "Data tidak ditemukan. Periksa kembali ejaan nama (tulis lengkap sesuai KTP) dan "
    "desa/kelurahan yang dipilih. Jika Anda merasa berhak menerima bantuan, ajukan usulan melalui "
    "RT/RW atau kantor desa/kelurahan, atau lewat akun warga Jaring; tanyakan juga ke Dinas Sosial "
    "kabupaten/kota setempat atau call centre 1500-111."
)


class InvalidInput(LookupRefused):
    status = 400

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    results: list[PersonResult]
    message: str
    desa_name: str

    def as_json(self) -> dict[str, Any]:
        return {"results": [asdict(r) for r in self.results], "message": self.message}


@dataclass(frozen=True, slots=True)
class Desa:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class CheckedInput:
    desa: Desa
    normalized_name: str


# Desa codes and names change with a Kemendagri decree, not between two lookups: each worker reads
# every desa of the country once (~84k small entries, one query at its first lookup) and then
# skips a query per lookup. Learning them one miss at a time cost one query per desa per worker:
# at 1M families the benchmark's workers were still learning after thousands of lookups.
_known_desa: dict[str, Desa] = {}
_all_desa_read = False


def _read_all_desa() -> None:
    global _all_desa_read
    _all_desa_read = True
    rows = Region.objects.filter(level=Level.DESA).values_list("code", "name")
    _known_desa.update({code: Desa(code=code, name=name) for code, name in rows.iterator(10000)})


def desa_named(code: str) -> Desa | None:
    if (known := _known_desa.get(code)) is not None:
        return known
    if not _all_desa_read:
        _read_all_desa()
        if (known := _known_desa.get(code)) is not None:
            return known
    # A desa created since (a new decree loaded by `jaring regions load`), or an unknown code.
    row = Region.objects.filter(code=code, level=Level.DESA).values_list("name", flat=True).first()
    if row is None:
        return None  # unknown codes are not remembered: nobody can fill the memory with them
    desa = _known_desa[code] = Desa(code=code, name=row)
    return desa


def check_input(*, region: str, name: str) -> CheckedInput:
    """The chosen desa and the normalised name, or InvalidInput naming the field (checked before
    any counter moves)."""
    region = (region or "").strip()
    if not (len(region) == 10 and region.isdigit()):
        raise InvalidInput(gettext("Pilih desa/kelurahan terlebih dahulu."), "region")
    desa = desa_named(region)
    if desa is None:
        raise InvalidInput(gettext("Desa/kelurahan yang dipilih tidak dikenal."), "region")
    name = (name or "").strip()
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            gettext("Nama terlalu panjang (paling banyak %(max)d huruf).")
            % {"max": NAME_MAX_LENGTH},
            "name",
        )
    if not (normalized := normalize_name(name)):
        raise InvalidInput(gettext("Tulis nama lengkap sesuai KTP."), "name")
    return CheckedInput(desa=desa, normalized_name=normalized)


def found_message(count: int, desa_name: str) -> str:
    return gettext("Ditemukan %(count)d data atas nama tersebut di %(desa)s.") % {
        "count": count,
        "desa": desa_name,
    }


def cek_bansos_lookup(
    request: HttpRequest, *, region: str, name: str, captcha_key: str, captcha_value: str
) -> LookupAnswer:
    """Raises LookupRefused (InvalidInput, CaptchaInvalid, TooManyLookups) when it may not run."""
    checked = check_input(region=region, name=name)
    desa = checked.desa
    with relaxed_commits():
        guard_lookup(request, desa=desa.code, captcha_key=captcha_key, captcha_value=captcha_value)
    results = cek_bansos_search(
        scope=public_scope(desa=desa.code), name=name, normalized=checked.normalized_name
    )
    message = found_message(len(results), desa.name) if results else str(NOT_FOUND_MESSAGE)
    return LookupAnswer(results=results, message=message, desa_name=desa.name)
