"""household_upsert, selectors and history: scope, audit before/after, no-op without events."""

from __future__ import annotations

import pytest

from jaring.core.audit import audit_verify
from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope, OutOfScope
from jaring.registry.models import Anggota, Keluarga
from jaring.registry.selectors import (
    household_get,
    household_history,
    household_list,
    registry_stats,
)
from jaring.registry.services import household_upsert
from jaring.registry.validation import HouseholdIn, parse_household
from tests.registry.helpers import desa_codes_in, household, member

pytestmark = pytest.mark.django_db
NATIONAL = AccessScope.system("test")


@pytest.fixture
def desa() -> str:
    return desa_codes_in("3273")[0]


@pytest.fixture
def other_desa() -> str:
    return desa_codes_in("35")[0]


def parsed(record: dict) -> HouseholdIn:
    data, errors = parse_household(record)
    assert data is not None, errors
    return data


def test_create_then_same_data_is_a_no_op(desa: str) -> None:
    keluarga = household_upsert(scope=NATIONAL, data=parsed(household(desa, 1)))
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "keluarga.create",
        "keluarga",
        str(keluarga.pk),
    )
    assert event.before is None and event.after["kk"] == keluarga.kk
    assert registry_stats() == {"households": 1, "members": 2}
    household_upsert(scope=NATIONAL, data=parsed(household(desa, 1)))
    assert AuditEvent.objects.count() == 1


def test_update_records_before_and_after_and_keeps_member_rows(desa: str) -> None:
    keluarga = household_upsert(scope=NATIONAL, data=parsed(household(desa, 1)))
    mother = Anggota.objects.get(keluarga=keluarga, position=0)
    record = household(desa, 1, desil=1)
    record["members"][0]["name"] = "Siti Aminah Binti Ahmad"
    record["members"].append(member(desa, 50, name="Bayi", sex="L", relationship="anak"))
    household_upsert(scope=NATIONAL, data=parsed(record))
    mother.refresh_from_db()
    assert mother.name == "Siti Aminah Binti Ahmad"
    assert mother.name_normalized == "siti aminah binti ahmad"
    assert Anggota.objects.filter(keluarga=keluarga).count() == 3
    event = AuditEvent.objects.get(action="keluarga.update")
    assert event.before["desil"] == 3 and event.after["desil"] == 1
    assert len(event.before["members"]) == 2 and len(event.after["members"]) == 3
    assert [e.action for e in household_history(scope=NATIONAL, keluarga_id=keluarga.pk)] == [
        "keluarga.create",
        "keluarga.update",
    ]
    assert list(audit_verify()) == []


def test_out_of_scope_upsert_is_refused(desa: str, other_desa: str) -> None:
    operator = AccessScope(role="operator_desa", region_prefix=desa)
    with pytest.raises(OutOfScope):
        household_upsert(scope=operator, data=parsed(household(other_desa, 1)))
    # Moving an existing household out of (or into) the operator's desa is refused too.
    household_upsert(scope=NATIONAL, data=parsed(household(other_desa, 2)))
    moved = household(other_desa, 2)
    moved["region"] = desa
    with pytest.raises(OutOfScope):
        household_upsert(scope=operator, data=parsed(moved))
    assert Keluarga.objects.get().region_id == other_desa
    assert AuditEvent.objects.count() == 1


def test_selectors_respect_scope_and_search(desa: str, other_desa: str) -> None:
    mine = household_upsert(scope=NATIONAL, data=parsed(household(desa, 1)))
    theirs = household_upsert(scope=NATIONAL, data=parsed(household(other_desa, 2)))
    operator = AccessScope(role="operator_desa", region_prefix=desa)
    assert list(household_list(scope=operator)) == [mine]
    assert list(household_list(scope=NATIONAL, region_prefix=other_desa[:2])) == [theirs]
    assert list(household_list(scope=NATIONAL, query="  ANAK nomor 2 ")) == [theirs]
    assert list(household_list(scope=NATIONAL, query="Hj. Nomor")) == [mine, theirs]
    child_nik = household(desa, 1)["members"][1]["nik"]
    assert list(household_list(scope=NATIONAL, query=child_nik)) == [mine]
    assert list(household_list(scope=NATIONAL, query=theirs.kk)) == [theirs]
    assert list(household_list(scope=operator, query=theirs.kk)) == []
    assert household_get(scope=operator, keluarga_id=mine.pk) == mine
    with pytest.raises(OutOfScope):
        household_get(scope=operator, keluarga_id=theirs.pk)
    with pytest.raises(OutOfScope):
        household_history(scope=operator, keluarga_id=theirs.pk)
    with pytest.raises(Keluarga.DoesNotExist):
        household_get(scope=operator, keluarga_id=theirs.pk + 1000)
