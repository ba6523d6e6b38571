"""Who lives in a synthetic household: composition, ages, family names.

Ages are kept in days before the reference date. Mothers are 16–45 at each birth (mostly
19–42); grown children mostly leave for their own KK; a household is one of: an elderly person
alone, an adult alone, a couple, a couple with children, a single parent, a couple with children
and their own parents (orang_tua/mertua), or three generations (anak + menantu + cucu).
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from jaring.registry.generate.names import pick_family_name

YEAR = 365.2425


@dataclass
class Person:
    relationship: str
    sex: str
    age_days: int
    family_name: str = ""
    order: int = 1  # birth order among siblings (Balinese names)
    children: int = 0  # own children in the household (pregnancy order)


def _years(rng: Random, low: float, high: float) -> int:
    """An age in days, uniform between two ages in years."""
    return int(rng.uniform(low, high) * YEAR)


def couple(rng: Random, head_low: float, head_high: float, tradition: str) -> list[Person]:
    family = pick_family_name(rng, tradition)
    man = _years(rng, head_low, head_high)
    woman = max(int(17 * YEAR) + 1, man - int(rng.gauss(3.5, 3.0) * YEAR))
    if rng.random() < 0.05:  # a woman heads the family, her husband is "suami"
        return [Person("kepala_keluarga", "P", woman), Person("suami", "L", man, family)]
    spouse_clan = pick_family_name(rng, tradition)
    return [
        Person("kepala_keluarga", "L", man, family),
        Person("istri", "P", woman, spouse_clan),
    ]


def children(
    rng: Random, mother_days: int, family: str, desil: int | None, leave_home: bool = True
) -> list[Person]:
    count = rng.choices((0, 1, 2, 3, 4, 5, 6), (4, 24, 34, 21, 10, 5, 2))[0]
    if desil is not None and desil <= 3 and rng.random() < 0.3:
        count += 1
    # The mother's age at each birth: 16–45 (mostly 19–42), and not after today.
    highest = min(42.0, mother_days / YEAR)
    if highest <= 16.5:
        return []
    ages = []
    for _ in range(count):
        lowest = 16.0 if rng.random() < 0.1 or highest <= 19.5 else 19.0
        ages.append(mother_days - int(rng.uniform(lowest, highest) * YEAR))
    ages.sort(reverse=True)
    kids = []
    for order, age in enumerate(ages, start=1):
        # Grown children have mostly left for their own KK.
        if leave_home and age > 24 * YEAR and rng.random() < 0.75:
            continue
        kids.append(Person("anak", "L" if rng.random() < 0.51 else "P", age, family, order))
    return kids


def compose(rng: Random, tradition: str, desil: int | None) -> list[Person]:
    kind = rng.random()
    if kind < 0.08:  # elderly living alone
        sex = "P" if rng.random() < 0.65 else "L"
        return [
            Person("kepala_keluarga", sex, _years(rng, 60, 92), pick_family_name(rng, tradition))
        ]
    if kind < 0.12:  # adult living alone
        sex = "L" if rng.random() < 0.55 else "P"
        return [
            Person("kepala_keluarga", sex, _years(rng, 19, 59), pick_family_name(rng, tradition))
        ]
    if kind < 0.22:  # couple without children at home
        return couple(rng, 22, 82, tradition)
    if kind < 0.72 or kind >= 0.92:  # couple with children (+ parents at 0.92+)
        people = couple(rng, 23, 66, tradition)
        mother = next(p for p in people if p.sex == "P")
        father = next(p for p in people if p.sex == "L")
        kids = children(rng, mother.age_days, father.family_name, desil)
        mother.children = len(kids)
        people += kids
        if kind >= 0.92:
            head = people[0]
            for _ in range(1 if rng.random() < 0.7 else 2):
                rel = "orang_tua" if rng.random() < 0.6 else "mertua"
                base = head.age_days if rel == "orang_tua" else people[1].age_days
                age = min(int(96 * YEAR), base + _years(rng, 20, 38))
                people.append(
                    Person(
                        rel,
                        "P" if rng.random() < 0.62 else "L",
                        age,
                        pick_family_name(rng, tradition),
                    )
                )
            if rng.random() < 0.15:
                people.append(
                    Person(
                        "famili_lain",
                        "L" if rng.random() < 0.5 else "P",
                        _years(rng, 8, 30),
                        pick_family_name(rng, tradition),
                    )
                )
        return people
    if kind < 0.82:  # single parent, mostly a mother (widowed or divorced)
        sex = "P" if rng.random() < 0.8 else "L"
        head_days = _years(rng, 24, 64)
        family = pick_family_name(rng, tradition)
        mother_days = head_days if sex == "P" else max(int(17 * YEAR), head_days - int(3 * YEAR))
        head = Person("kepala_keluarga", sex, head_days, family)
        head_years = head_days / YEAR
        kids = children(rng, mother_days, family, desil) or [
            Person("anak", "L", _years(rng, max(0.2, head_years - 40), head_years - 20), family)
        ]
        head.children = len(kids)
        return [head, *kids]
    # Three generations: an older couple, a married child with spouse, grandchildren.
    people = couple(rng, 48, 78, tradition)
    mother = next(p for p in people if p.sex == "P")
    father = next(p for p in people if p.sex == "L")
    child_days = max(int(19 * YEAR), mother.age_days - _years(rng, 19, 36))
    child_sex = "P" if rng.random() < 0.55 else "L"
    child = Person("anak", child_sex, child_days, father.family_name)
    in_law_days = max(int(18 * YEAR), child_days + int(rng.gauss(1.5, 3) * YEAR))
    in_law = Person(
        "menantu",
        "L" if child_sex == "P" else "P",
        in_law_days,
        pick_family_name(rng, tradition),
    )
    young_mother = child if child_sex == "P" else in_law
    grand_family = father.family_name if child_sex == "L" else in_law.family_name
    grandkids = [
        Person("cucu", kid.sex, kid.age_days, grand_family, kid.order)
        for kid in children(rng, young_mother.age_days, grand_family, desil, False)
    ][:4]
    young_mother.children = len(grandkids)
    mother.children = 1
    people += [child, in_law, *grandkids]
    if rng.random() < 0.3:  # an unmarried younger sibling still at home
        people.append(
            Person(
                "anak",
                "L" if rng.random() < 0.5 else "P",
                max(0, child_days - _years(rng, 2, 8)),
                father.family_name,
            )
        )
    return people
