"""The lookup itself: exact normalised-name match inside one desa, statuses from decisions."""

from __future__ import annotations

from datetime import date

import pytest

from jaring.portal.masking import mask_identity, mask_name
from jaring.portal.selectors import cek_bansos_search, public_scope
from jaring.portal.status import (
    Status,
    channel_label,
    register_payment_status_source,
    unregister_payment_status_source,
)
from tests.portal.helpers import DESA, OTHER_DESA

TODAY = date(2025, 6, 15)


def search(name: str, desa: str = DESA) -> list:
    return cek_bansos_search(scope=public_scope(desa=desa), name=name, today=TODAY)


def test_masks() -> None:
    assert mask_name("Siti Aminah") == "Si** Am****"
    assert mask_name("Ani Bo") == "A** B*"
    assert mask_identity("3273014204850002") == "3273••••••••0002"


@pytest.mark.parametrize(
    "typed",
    ["Siti Aminah", "SITI  AMINAH", "hj siti aminah", "Hj. Siti Aminah, S.Pd.", " siti aminah "],
)
def test_name_matches_ignoring_case_spaces_punctuation_and_honorifics(
    registry: dict, typed: str
) -> None:
    [person] = search(typed)
    assert person.name == "H** Si** Am***** S.**"  # as registered, partly masked
    assert person.age == 40


@pytest.mark.parametrize("typed", ["Siti", "Aminah", "Siti Amina", "Siti Aminah Binti", "%", "_"])
def test_never_lists_names_the_user_did_not_type(registry: dict, typed: str) -> None:
    assert search(typed) == []


def test_only_the_chosen_desa(registry: dict) -> None:
    [in_other] = search("Siti Aminah", desa=OTHER_DESA)
    assert in_other.age == 35 and in_other.programs == []


def test_family_programs_for_every_member_person_programs_only_for_that_person(
    registry: dict,
) -> None:
    [siti] = search("Siti Aminah")
    assert {p.program for p in siti.programs} == {"PKH", "BPNT"}  # BST was not eligible
    pkh = next(p for p in siti.programs if p.program == "PKH")
    assert (pkh.period, pkh.status, pkh.amount, pkh.channel) == (
        "2025-T3",
        "ditetapkan",
        650000,
        "Bank BRI (KKS)",
    )
    [mother] = search("Aminah binti Umar")
    assert {p.program for p in mother.programs} == {"PKH", "BPNT", "ATENSI_LANSIA"}


def test_dead_members_are_not_listed(registry: dict) -> None:
    assert search("Joko Widodo") == []
    assert len(search("Ratna Dewi")) == 1


def test_registered_without_program_and_pos_channel(registry: dict) -> None:
    [wayan] = search("Wayan Sudirta")
    assert wayan.programs == []
    assert channel_label("POS", "") == "PT Pos Indonesia"
    assert channel_label("KKS", "MANDIRI") == "Bank Mandiri (KKS)"


def test_payment_status_source_overrides_ditetapkan(registry: dict) -> None:
    kk = registry["siti_family"].kk

    def payments(family_kk: str, decisions: list) -> dict:
        assert family_kk == kk
        return {("PKH", "", "2025-T3"): "sudah dicairkan"}

    register_payment_status_source(payments)
    try:
        [siti] = search("Siti Aminah")
    finally:
        unregister_payment_status_source(payments)
    statuses = {p.program: p.status for p in siti.programs}
    assert statuses == {"PKH": Status.DICAIRKAN, "BPNT": Status.DITETAPKAN}


def test_public_scope_needs_a_desa() -> None:
    with pytest.raises(ValueError):
        public_scope(desa="3273")


def test_ages_count_on_todays_date_in_the_installations_time_zone(settings) -> None:  # type: ignore[no-untyped-def]
    """The lookup's "today" is the date in TIME_ZONE (what timezone.localdate() gives on these
    pages), not the server clock's UTC date: 25 hours apart, these two zones never share one."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from jaring.portal.selectors import _today

    assert _today() == timezone.localdate()
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        settings.TIME_ZONE = zone
        assert _today() == datetime.now(ZoneInfo(zone)).date(), zone
    settings.TIME_ZONE = "Pacific/Kiritimati"
    ahead = _today()
    settings.TIME_ZONE = "Pacific/Pago_Pago"
    assert _today() < ahead
