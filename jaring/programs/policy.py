"""The policy in force for the web process: loaded once, reloaded when a policy file changes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings

_lock = threading.Lock()
_cached: tuple[tuple[tuple[str, int], ...], Any] | None = None


def _signature(directory: Path) -> tuple[tuple[str, int], ...]:
    if not directory.exists():
        return ()
    return tuple(
        sorted((str(p), p.stat().st_mtime_ns) for p in directory.rglob("*") if p.is_file())
    )


def current_policy() -> Any:
    """The engine's PolicySet for settings.POLICY_DIR (an operator's edit shows on next request)."""
    from jaring.engine.api import load_policy

    global _cached
    directory = Path(settings.POLICY_DIR)
    signature = _signature(directory)
    with _lock:
        if _cached is None or _cached[0] != signature:
            _cached = (signature, load_policy(directory))
        return _cached[1]
