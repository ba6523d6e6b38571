"""Listeners told of proposals decided (ditetapkan or ditolak), inside the deciding transaction.

Another app that waits on a proposal's outcome registers a listener (e.g. in its
AppConfig.ready()), as `jaring.portal.status.register_payment_status_source` does for payment
states: listener(scope=..., usulan_ids=[...]) runs in the same transaction as the penetapan or
the rejection, so the outcome and what follows from it commit, or roll back, together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from jaring.core.scope import AccessScope


class DecisionListener(Protocol):
    def __call__(self, *, scope: AccessScope, usulan_ids: Sequence[int]) -> None: ...


_listeners: list[DecisionListener] = []


def register_decision_listener(listener: DecisionListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def unregister_decision_listener(listener: DecisionListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def decisions_notify(*, scope: AccessScope, usulan_ids: Sequence[int]) -> None:
    """Called by the workflow once the proposals' final status is saved."""
    if not usulan_ids:
        return
    for listener in list(_listeners):
        listener(scope=scope, usulan_ids=usulan_ids)
