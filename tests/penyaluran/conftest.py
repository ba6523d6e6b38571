"""Fixtures of the penyaluran tests: every test ends by checking the reconciliation identities."""

from __future__ import annotations

import pytest

from tests.penyaluran.helpers import assert_identities


@pytest.fixture(autouse=True)
def _identities_hold(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    yield
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        assert_identities()
