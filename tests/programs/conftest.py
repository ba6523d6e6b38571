"""Fixtures of the programs tests: a small registry of real families in three desa."""

from __future__ import annotations

from datetime import date

import pytest

from jaring.registry.models import Keluarga
from tests.programs.helpers import DESA_A, DESA_B, DESA_C, family, mother_and_pupil, person


@pytest.fixture
def small_registry(db: None) -> dict[str, Keluarga]:
    """Four families: poor ones in desa A and B, a rich one (desil 9) in A, and a POS family
    in desa C with a primary pupil and a baby."""
    baby_members = [
        person(DESA_C, 41, name="Ibu Nomor 4"),
        person(
            DESA_C,
            42,
            name="Anak Nomor 4",
            sex="L",
            birth=date(2015, 7, 9),
            relationship="anak",
            schooling="sd",
            occupation="pelajar",
        ),
        person(
            DESA_C,
            43,
            name="Bayi Nomor 4",
            sex="L",
            birth=date(2023, 1, 5),
            relationship="anak",
            schooling="belum_sekolah",
            occupation="tidak_bekerja",
        ),
    ]
    return {
        "poor_a": mother_and_pupil(DESA_A, 1),
        "poor_b": mother_and_pupil(DESA_B, 2),
        "rich": mother_and_pupil(DESA_A, 3, desil=9),
        "baby": family(DESA_C, 4, baby_members, channel="POS", bank=""),
    }
