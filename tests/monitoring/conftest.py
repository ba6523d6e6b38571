from __future__ import annotations

import pytest

from jaring.core.scope import AccessScope
from jaring.monitoring.refresh import aggregates_refresh
from tests.monitoring.population import build_population


@pytest.fixture
def population(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    families = build_population()
    aggregates_refresh(scope=AccessScope.system("uji"))
    return families
