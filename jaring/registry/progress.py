"""A tqdm progress bar (on stderr) per phase, behind the `progress(phase, done, total)` callback
that the import and export services accept; background tasks can pass their own callback."""

from __future__ import annotations

import sys

from tqdm import tqdm

_UNITS = {"baca": "B", "baca baris": "baris"}


class TqdmProgress:
    def __init__(self, *, disable: bool = False) -> None:
        self.disable = disable
        self.phase = ""
        self.bar: tqdm | None = None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if phase != self.phase:
            self.close()
            self.phase = phase
            unit = _UNITS.get(phase, "kel")
            self.bar = tqdm(
                total=total,
                desc=phase,
                unit=unit,
                unit_scale=unit == "B",
                file=sys.stderr,
                disable=self.disable,
                leave=False,
            )
        if self.bar is not None and done > self.bar.n:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
