"""Indonesian spelling variants meet in one canonical name; different names stay apart."""

from __future__ import annotations

import pytest

from jaring.matching.linkage.names import canonical_name


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Muhammad Rizki", "Muhamad Rizki"),
        ("Muhammad Rizki", "Mohamad Rizki"),
        ("Muhammad Rizki", "Moch. Rizki"),
        ("Muhammad Rizki", "M. Rizki"),
        ("Siti Aminah", "Sitti Aminah"),
        ("Siti Aminah", "Hj. SITI AMINAH, S.Pd."),
        ("Sukarno", "Soekarno"),  # ejaan lama oe → u
        ("Joko Susilo", "Djoko Soesilo"),  # dj → j
        ("Cahyono", "Tjahyono"),  # tj → c
        ("Fatimah", "Fatima"),  # final h after a vowel
        ("Abdullah", "Abdulah"),  # doubled letter
        ("Khairul Anwar", "Chairul Anwar"),  # ch → kh
    ],
)
def test_spelling_variants_meet(first: str, second: str) -> None:
    assert canonical_name(first) == canonical_name(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("Siti Aminah", "Siti Amalia"), ("Muhammad Rizki", "Muhammad Rafi"), ("Budi", "Badu")],
)
def test_different_names_stay_apart(first: str, second: str) -> None:
    assert canonical_name(first) != canonical_name(second)


def test_empty_name() -> None:
    assert canonical_name("") == ""
