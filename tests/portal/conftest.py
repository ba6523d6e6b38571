from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from tests.portal.helpers import DESA, OTHER_DESA, decide, family


@pytest.fixture
def registry(db: None) -> dict[str, object]:
    """Siti (head, KKS BRI) with PKH+BPNT for the family and ATENSI lansia for her mother; a
    namesake in the next desa; a dead member; a POS family with no eligible program."""
    siti_family, siti_members = family(
        DESA,
        1,
        [
            ("Hj. Siti Aminah, S.Pd", date(1985, 4, 2), "P"),
            ("Budi Santoso", date(2015, 7, 9), "L"),
            ("Aminah Binti Umar", date(1950, 1, 3), "P"),
        ],
    )
    siti_run = decide(
        siti_family,
        [
            {"program": "PKH", "eligible": True, "tahap": "2025-T3", "amount_per_tahap": 650000},
            {"program": "BPNT", "eligible": True, "tahap": "2025-Q2", "amount_per_tahap": 600000},
            {
                "program": "ATENSI_LANSIA",
                "nik": siti_members[2].nik,
                "eligible": True,
                "tahap": "2025-Q2",
                "amount_per_tahap": 300000,
            },
            {"program": "BST", "eligible": False, "reasons": [{"code": "x", "message": "y"}]},
        ],
    )
    namesake, _ = family(OTHER_DESA, 2, [("Siti Aminah", date(1990, 1, 1), "P")])
    family(
        DESA,
        3,
        [("Ratna Dewi", date(1970, 5, 5), "P"), ("Joko Widodo", date(1960, 2, 2), "L")],
        dead=frozenset({1}),
    )
    pos_family, _ = family(DESA, 4, [("Wayan Sudirta", date(1980, 8, 8), "L")], channel="POS")
    return {
        "siti_family": siti_family,
        "siti_members": siti_members,
        "siti_family_run": siti_run,
        "namesake": namesake,
        "pos_family": pos_family,
    }


@pytest.fixture(autouse=True)
def _own_cache_keys(settings) -> None:  # type: ignore[no-untyped-def]
    """Rate-limit counters start at zero in every test: the cache (Redis when it answers) is
    shared by every test process on the machine, so each test writes under its own prefix."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture(params=["redis", "database"])
def captcha_store(request: pytest.FixtureRequest, settings) -> str:  # type: ignore[no-untyped-def]
    """Run the test with captchas and counters in Redis (the gate's one script; skipped where no
    Redis answers) and again without Redis: the captcha table, and the counters through
    django-ratelimit on a Django cache (process-local here: the test database has the cache table
    only when the suite started without Redis)."""
    if request.param == "redis":
        if not isinstance(caches["default"], RedisCache):
            pytest.skip("no Redis configured (JARING_REDIS_URL empty or 127.0.0.1:6379 down)")
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"test-{uuid.uuid4().hex}",
            }
        }
    return request.param
