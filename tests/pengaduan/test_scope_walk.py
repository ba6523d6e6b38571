"""The project's scope walk (tests/test_scope_walk.py), restricted to the complaint pages and
run with complaints in the victims' regions: no page or API of another region shows their
reference, text or family, and nothing about them changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jaring.pengaduan.models import Complaint
from jaring.pengaduan.uploads import check_evidence
from tests.pengaduan.helpers import submit
from tests.test_scope_walk import ATTACKS, Victims, walk
from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db


def _victim_ids_first(monkeypatch: pytest.MonkeyPatch, complaints: list[Complaint]) -> None:
    """The walker tries the first dozen ids of its list; put the victims' complaint and evidence
    ids first, so the walk reaches them whatever ids the database handed out."""
    original = Victims.ints

    def ints(self: Victims, name: str) -> list[str]:
        theirs = [c for c in complaints if c.region_code.startswith(self.prefixes)]
        if name == "evidence_pk":
            ids = [e.pk for c in theirs for e in c.evidence.all()]
        else:
            ids = [c.pk for c in theirs]
        return list(dict.fromkeys([str(i) for i in ids] + original(self, name)))

    monkeypatch.setattr(Victims, "ints", ints)


@pytest.mark.parametrize("attacker", sorted(ATTACKS))
def test_complaint_pages_never_show_another_regions_complaints(
    attacker: str, monkeypatch: pytest.MonkeyPatch, png: bytes
) -> None:
    world = build_world()
    complaints: list[Complaint] = []
    for family in (world.a, world.b, world.c):
        for category in ("salah_sasaran", "pungli", "data_salah"):
            evidence = [check_evidence(SimpleUploadedFile("a.png", png), label="Bukti")]
            complaints.append(
                submit(
                    category=category,
                    region=family.region_id,
                    kk=family.kk,
                    evidence=evidence,
                    description=f"Kejadian rahasia nomor {family.region_id}-{category} di desa.",
                )
            )
    original = Victims.forbidden_text

    def with_complaints(self: Victims) -> list[str]:
        theirs = [c for c in complaints if c.region_code.startswith(self.prefixes)]
        return original(self) + [c.reference for c in theirs] + [c.description for c in theirs]

    monkeypatch.setattr(Victims, "forbidden_text", with_complaints)
    _victim_ids_first(monkeypatch, complaints)
    prefixes = ATTACKS[attacker]

    def victims_rows() -> list[Any]:
        rows = Complaint.objects.order_by("pk").values_list()
        return [row for row in rows if str(row[3]).startswith(prefixes)]

    before = victims_rows()
    assert before
    problems, statuses = walk(world, attacker, only="pengaduan")
    assert not problems, "\n".join(problems[:20])
    assert victims_rows() == before  # (the attacker's own complaints may change)
    victim_ids = [c.pk for c in complaints if c.region_code.startswith(prefixes)]
    reached = [pk for pk in victim_ids if f"/staf/pengaduan/{pk}/" in statuses]
    assert reached, "the walk did not try the victims' complaints"
    assert all(statuses[f"/staf/pengaduan/{pk}/"] == 404 for pk in reached)


def test_control_the_same_pages_show_own_complaints(png: bytes) -> None:
    world = build_world()
    own = submit(category="salah_sasaran", region=world.b.region_id, kk=world.b.kk)
    client = world.client("op_b")
    page: Any = client.get(f"/staf/pengaduan/{own.pk}/")
    assert page.status_code == 200 and own.reference in page.content.decode()


def test_control_the_walk_catches_a_desk_that_forgets_the_scope(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db.models import Q

    from jaring.pengaduan.access import Desk

    world = build_world()
    victim = submit(category="salah_sasaran", region=world.b.region_id, kk=world.b.kk)
    original = Victims.forbidden_text
    monkeypatch.setattr(Victims, "forbidden_text", lambda self: [*original(self), victim.reference])
    monkeypatch.setattr(Desk, "visible_q", lambda self: Q())
    _victim_ids_first(monkeypatch, [victim])
    problems, _ = walk(world, "op_a", only="staf/pengaduan/<int:pk>/")
    assert any(victim.reference in p for p in problems), problems[:5]
