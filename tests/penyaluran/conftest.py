"""The reconciliation identities are checked after every test of this package that uses the
database (in the test's own call phase, while its data is still there)."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from tests.penyaluran.helpers import assert_identities


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    result = yield
    uses_db = {"db", "transactional_db"} & set(getattr(item, "fixturenames", ()))
    if uses_db or item.get_closest_marker("django_db"):
        assert_identities()
    return result
