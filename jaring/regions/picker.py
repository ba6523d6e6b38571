"""Cascading region picker (provinsi → kabupaten/kota → kecamatan → desa) for any Django form.

Usage in a view::

    picker = RegionPicker(request.GET, scope=AccessScope.for_user(request.user))
    if picker.is_complete and not picker.step_requested:
        region_code = picker.code  # 10-digit desa code
    return render(request, "...", {"picker": picker})

and in the template, inside the form: ``{% include "regions/picker.html" %}``.

With htmx, changing a select swaps in the next level through the partial at ``/wilayah/pilih/``
(URL name ``region-picker``). Without JavaScript the "Lanjut" button submits the host form as a
plain step; the host view sees ``picker.step_requested`` and simply re-renders the form.
Choices are only a convenience: services must still check the scope of what is submitted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jaring.core.scope import AccessScope
from jaring.regions.selectors import RegionOption, region_children

# (level, code length, label, field suffix)
LEVELS: tuple[tuple[str, int, str, str], ...] = (
    ("provinsi", 2, "Provinsi", "provinsi"),
    ("kabupaten_kota", 4, "Kabupaten/Kota", "kabupaten"),
    ("kecamatan", 6, "Kecamatan", "kecamatan"),
    ("desa_kelurahan", 10, "Desa/Kelurahan", "desa"),
)
DEPTHS = tuple(level for level, *_ in LEVELS)
DEFAULT_PREFIX = "wilayah_"
STEP_FIELD = "lanjut"
_PREFIX_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


@dataclass(frozen=True, slots=True)
class PickerLevel:
    level: str
    label: str
    field_name: str
    options: list[RegionOption]
    selected: str

    @property
    def dom_id(self) -> str:
        return f"id_{self.field_name}"


class RegionPicker:
    """Reads the chosen codes from request data and builds the option list of every level.

    A choice that does not belong to the level above (because the parent was just changed) or
    that the scope does not allow is dropped, so stale selections never leak through. A level
    with a single possible option (e.g. above a desa operator's own desa) is chosen for the user.
    """

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        scope: AccessScope | None = None,
        prefix: str = DEFAULT_PREFIX,
        depth: str = "desa_kelurahan",
    ) -> None:
        if not _PREFIX_RE.match(prefix):
            raise ValueError(f"invalid picker prefix {prefix!r}")
        if depth not in DEPTHS:
            raise ValueError(f"invalid picker depth {depth!r}")
        self.scope = scope or AccessScope.system("region picker")
        self.scoped = scope is not None
        self.prefix = prefix
        self.depth = depth
        self.step_requested = bool(data.get(prefix + STEP_FIELD))
        self.levels: list[PickerLevel] = []
        parent = ""
        for level, length, label, suffix in LEVELS[: DEPTHS.index(depth) + 1]:
            options = region_children(scope=self.scope, code=parent)
            wanted = str(data.get(prefix + suffix) or "").strip().replace(".", "")
            valid = {o.code for o in options}
            if wanted not in valid or len(wanted) != length:
                wanted = options[0].code if len(options) == 1 else ""
            self.levels.append(PickerLevel(level, label, prefix + suffix, options, wanted))
            if not wanted:
                break
            parent = wanted

    @property
    def dom_id(self) -> str:
        return f"region-picker-{self.prefix.rstrip('_')}"

    @property
    def code(self) -> str:
        """The deepest chosen code ("" when nothing is chosen)."""
        chosen = [lvl.selected for lvl in self.levels if lvl.selected]
        return chosen[-1] if chosen else ""

    @property
    def is_complete(self) -> bool:
        """True when the requested depth (by default the desa) is chosen."""
        last = self.levels[-1]
        return last.level == self.depth and bool(last.selected)

    @property
    def selected_names(self) -> list[str]:
        """Names of the chosen regions, top down (for a "Jawa Barat › Kota Bandung" trail)."""
        names = []
        for lvl in self.levels:
            names.extend(o.name for o in lvl.options if o.code == lvl.selected)
        return names

    @property
    def step_field(self) -> str:
        return self.prefix + STEP_FIELD
