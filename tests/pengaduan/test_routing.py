"""Routing: every category to its office, regional exceptions, and complaints about officials
never at the office reported on (also when the policy table is edited wrongly)."""

from __future__ import annotations

import dataclasses

import pytest

from jaring.pengaduan.models import Office
from jaring.pengaduan.policy import RoutingRule, complaint_policy
from jaring.pengaduan.routing import escalation_target, route
from tests.pengaduan.helpers import DESA_A, DESA_J

POLICY = complaint_policy()

EXPECTED = {  # the policy's defaults, restated here so an accidental edit of the file shows
    "salah_sasaran": ("dinsos_kabkota", 30),
    "pemotongan": ("dinsos_kabkota", 14),
    "pungli": ("dinsos_kabkota", 14),
    "penyaluran_terlambat": ("dinsos_kabkota", 14),
    "penyaluran_gagal": ("dinsos_kabkota", 14),
    "data_salah": ("desa", 14),
    "kks_hilang": ("dinsos_kabkota", 14),
    "penipuan": ("inspektorat_kabkota", 30),
    "lainnya": ("dinsos_kabkota", 30),
}
CODE_LENGTH = {"desa": 10, "dinsos_kabkota": 4, "dinsos_provinsi": 2, "kemensos": 0}


def test_every_category_of_the_policy_is_tested() -> None:
    assert set(POLICY.categories) == set(EXPECTED)


@pytest.mark.parametrize("category", sorted(EXPECTED))
def test_every_category_goes_to_its_office(category: str) -> None:
    kind, days = EXPECTED[category]
    target = route(POLICY, category=category, region_code=DESA_A)
    assert target.office.kind == kind
    assert target.office.code == DESA_A[: {"desa": 10, "inspektorat_kabkota": 4}.get(kind, 4)]
    assert target.sla_days == days
    assert target.policy_version == POLICY.version


@pytest.mark.parametrize("category", sorted(EXPECTED))
def test_jakarta_goes_to_the_province(category: str) -> None:
    target = route(POLICY, category=category, region_code=DESA_J)
    if category == "penipuan":
        assert (target.office.kind, target.office.code) == ("inspektorat_provinsi", "31")
    else:
        assert (target.office.kind, target.office.code) == ("dinsos_provinsi", "31")


@pytest.mark.parametrize("reported", sorted(POLICY.reported_offices))
@pytest.mark.parametrize("category", sorted(EXPECTED))
def test_a_complaint_about_an_official_never_goes_to_that_office(
    category: str, reported: str
) -> None:
    target = route(POLICY, category=category, region_code=DESA_A, reported_office=reported)
    assert target.office.kind != reported
    assert target.office.kind == POLICY.reported_offices[reported].office
    # And escalating it never reaches that office either, up to the top of the chain.
    kind = target.office.kind
    while (
        up := escalation_target(
            POLICY, office_kind=kind, region_code=DESA_A, reported_office=reported
        )
    ) is not None:
        assert up.kind != reported
        kind = up.kind


def test_a_desa_official_is_investigated_by_the_kabupaten_inspectorate() -> None:
    target = route(POLICY, category="pungli", region_code=DESA_A, reported_office="desa")
    assert (target.office.kind, target.office.code) == ("inspektorat_kabkota", "3273")


def test_a_wrongly_edited_table_still_cannot_route_to_the_reported_office() -> None:
    """Someone edits the file so that complaints about the desa go to the desa: the code moves
    them one level up instead."""
    reported = dict(POLICY.reported_offices)
    reported["desa"] = dataclasses.replace(reported["desa"], office="desa")
    reported["dinsos_kabkota"] = dataclasses.replace(
        reported["dinsos_kabkota"], office="dinsos_kabkota"
    )
    broken = dataclasses.replace(
        POLICY,
        reported_offices=reported,
        routing=(*POLICY.routing, RoutingRule("3273", "*", "desa")),
    )
    to_desa = route(broken, category="pungli", region_code=DESA_A, reported_office="desa")
    assert (to_desa.office.kind, to_desa.office.code) == ("dinsos_kabkota", "3273")
    to_kab = route(broken, category="pungli", region_code=DESA_A, reported_office="dinsos_kabkota")
    assert (to_kab.office.kind, to_kab.office.code) == ("dinsos_provinsi", "32")


def test_escalation_chain_and_its_top() -> None:
    chain = []
    kind = "desa"
    while up := escalation_target(POLICY, office_kind=kind, region_code=DESA_A, reported_office=""):
        chain.append((up.kind, up.code))
        kind = up.kind
    assert chain == [("dinsos_kabkota", "3273"), ("dinsos_provinsi", "32"), ("kemensos", "")]
    assert escalation_target(
        POLICY, office_kind="inspektorat_kabkota", region_code=DESA_A, reported_office=""
    ) == escalation_target(
        POLICY, office_kind="inspektorat_kabkota", region_code=DESA_A, reported_office="desa"
    )


def test_escalation_skips_the_reported_office() -> None:
    # A complaint about Dinas Sosial provinsi sitting at Dinas Sosial kab/kota (e.g. routed
    # there by an older policy) skips the province and goes to Kemensos.
    up = escalation_target(
        POLICY, office_kind="dinsos_kabkota", region_code=DESA_A, reported_office="dinsos_provinsi"
    )
    assert (up.kind, up.code) == ("kemensos", "")


def test_every_office_of_the_policy_is_a_known_office() -> None:
    offices = {c.office for c in POLICY.categories.values()}
    offices |= {r.office for r in POLICY.routing} | {
        r.office for r in POLICY.reported_offices.values()
    }
    assert offices <= set(Office.values)
