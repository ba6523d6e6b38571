"""Families for engine tests: a builder for table tests and a hypothesis strategy for properties."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from jaring.core.vocab import DISABILITY, EMPLOYMENT, OCCUPATION, SCHOOLING

KECAMATAN = "327301"  # Kota Bandung, Sukasari (exists in the shipped region tree)
REGION = "3273011001"
AGE_BANDS = [
    (date(2018, 1, 1), date(2025, 12, 31)),  # anak usia dini (around the 6/7 edge too)
    (date(2018, 1, 1), date(2025, 12, 31)),
    (date(2002, 1, 1), date(2019, 12, 31)),  # school ages (around the 21/22 edge too)
    (date(1965, 1, 1), date(2003, 12, 31)),  # adults
    (date(1935, 1, 1), date(1966, 12, 31)),  # lansia (around the 60 edge too)
]


def nik_for(birth: date, sex: str, serial: int = 1, kecamatan: str = KECAMATAN) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{kecamatan}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def member(
    birth: date | str,
    *,
    sex: str = "P",
    serial: int = 1,
    nik: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    born = date.fromisoformat(birth) if isinstance(birth, str) else birth
    base: dict[str, Any] = {
        "nik": nik or nik_for(born, sex, serial),
        "name": "Anggota",
        "sex": sex,
        "birth_date": born.isoformat(),
        "relationship": "anak",
        "citizenship": "WNI",
        "alive": True,
        "pregnant": False,
        "pregnancy_order": None,
        "disability": "tidak",
        "schooling": "tidak_sekolah",
        "occupation": "tidak_bekerja",
        "employment": "tidak_bekerja",
        "monthly_income": 0,
        "bpjs_ketenagakerjaan": False,
    }
    base.update(fields)
    return base


def family(*members: dict[str, Any], kk: str = "3273011501250001", **fields: Any) -> dict:
    record: dict[str, Any] = {
        "kk": kk,
        "region": REGION,
        "desil": 2,
        "registry_status": "aktif",
        "channel": "KKS",
        "bank": "BRI",
        "members": list(members),
    }
    record.update(fields)
    return record


@st.composite
def members_st(draw: Any, index: int) -> dict[str, Any]:
    # Ages are drawn by band, so caps, school bands and age edges are exercised often.
    low, high = draw(st.sampled_from(AGE_BANDS))
    birth = draw(st.dates(min_value=low, max_value=high))
    sex = draw(st.sampled_from(["L", "P"]))
    nik = nik_for(birth, sex, index + 1)
    broken = draw(st.sampled_from([None] * 8 + ["serial", "region", "sex", "format"]))
    if broken == "serial":
        nik = nik[:12] + "0000"
    elif broken == "region":
        nik = "999999" + nik[6:]
    elif broken == "sex":
        nik = nik_for(birth, "L" if sex == "P" else "P", index + 1)
    elif broken == "format":
        nik = nik[:15]
    pregnant = sex == "P" and draw(st.booleans())
    return member(
        birth,
        sex=sex,
        nik=nik,
        serial=index + 1,
        citizenship=draw(st.sampled_from(["WNI"] * 9 + ["WNA"])),
        alive=draw(st.sampled_from([True] * 9 + [False])),
        pregnant=pregnant,
        pregnancy_order=draw(st.sampled_from([None, 1, 2, 3])) if pregnant else None,
        disability=draw(st.sampled_from(list(DISABILITY))),
        schooling=draw(st.sampled_from(list(SCHOOLING))),
        occupation=draw(st.sampled_from(list(OCCUPATION) + ["tidak_bekerja"] * 30)),
        employment=draw(st.sampled_from(list(EMPLOYMENT))),
        monthly_income=draw(st.sampled_from([0] * 8 + [500_000, 2_191_231, 2_191_232, 4_000_000])),
        bpjs_ketenagakerjaan=draw(st.booleans()),
    )


@st.composite
def families_st(draw: Any, kk_serial: int = 1) -> dict[str, Any]:
    n = draw(st.sampled_from([0, 1, 2, 3, 4, 5, 5, 6, 6, 7]))
    members = [draw(members_st(i)) for i in range(n)]
    housing = draw(
        st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {
                    "floor_material": st.sampled_from(["tanah", "semen", "keramik"]),
                    "wall_material": st.sampled_from(["bambu", "tembok"]),
                    "electricity": st.sampled_from(["pln_450", "pln_1300_lebih"]),
                    "floor_area_m2": st.integers(min_value=10, max_value=200),
                    "assets": st.lists(st.sampled_from(["motor", "mobil", "kulkas"]), max_size=3),
                }
            ),
        )
    )
    record = family(
        *members,
        kk=f"3273011501{kk_serial:06d}",
        desil=draw(st.one_of(st.none(), st.integers(1, 4), st.integers(1, 10))),
        registry_status=draw(st.sampled_from(["aktif"] * 5 + ["nonaktif", "usulan"])),
        channel=draw(st.sampled_from(["KKS", "POS"])),
    )
    if housing is not None:
        record["housing"] = housing
    return record
