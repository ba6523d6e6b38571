"""Cheaper commits for the lookup path's bookkeeping writes (PostgreSQL only).

A lookup writes nothing of value: rate-limit counters in the database cache (when there is no
Redis) and the deletion of a used captcha. Waiting for each of those commits to reach the disk
(synchronous_commit) was most of a lookup's time with the database cache; with Redis holding the
counters the one remaining write is the captcha's, not worth the two extra round trips this costs.
With it off for the duration of the request, a crash can at worst forget
the last few counter increments or captcha deletions — the captcha would still expire within
minutes. Business data is never written on this path.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection


@contextmanager
def relaxed_commits() -> Iterator[None]:
    # The cache first: with Redis (the usual case) that one look-up settles it.
    if (
        not isinstance(caches["default"], DatabaseCache)
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
    ):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
