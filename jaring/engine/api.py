"""The engine's public API (see README "Engine"): everything callers outside jaring.engine use."""

from __future__ import annotations

from jaring.engine.describe import ProgramDescription
from jaring.engine.explain import explain
from jaring.engine.policy import PolicyError, PolicySet, Program, load_policy
from jaring.engine.records import RecordError
from jaring.engine.runner import BatchSummary, assess_jsonl_lines, assess_records, run_batch

__all__ = [
    "BatchSummary",
    "PolicyError",
    "PolicySet",
    "Program",
    "ProgramDescription",
    "RecordError",
    "assess_jsonl_lines",
    "assess_records",
    "explain",
    "load_policy",
    "run_batch",
]
