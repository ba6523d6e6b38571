"""The cascading desa picker of the Cek Bansos form (provinsi → kab/kota → kecamatan → desa).

Works as plain form steps without JavaScript (each "Lanjut" re-renders the form with the next
list filled) and as an htmx partial with it. Codes are validated against the tree: a child that
does not belong to the chosen parent is dropped, so the selection is always a consistent path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jaring.regions.models import Region

# (form field, code length, label)
LEVELS: tuple[tuple[str, int, str], ...] = (
    ("provinsi", 2, "Provinsi"),
    ("kabkota", 4, "Kabupaten/Kota"),
    ("kecamatan", 6, "Kecamatan"),
    ("region", 10, "Desa/Kelurahan"),
)


@dataclass(frozen=True, slots=True)
class PickerLevel:
    field: str
    label: str
    options: list[tuple[str, str]]
    selected: str


@dataclass(frozen=True, slots=True)
class RegionSelection:
    levels: list[PickerLevel]
    desa: str  # the chosen 10-digit desa code, or "" while incomplete

    @property
    def path_codes(self) -> list[str]:
        return [level.selected for level in self.levels if level.selected]


def _children(parent: str | None) -> list[tuple[str, str]]:
    rows = Region.objects.filter(parent_id=parent, retired=False).order_by("name")
    return list(rows.values_list("code", "name"))


def region_selection(data: Mapping[str, str]) -> RegionSelection:
    """Read the chosen codes from form data and list the options for each level shown.

    A full desa code alone (as the JSON API and links send it) fills in its parents."""
    chosen = {field: (data.get(field) or "").strip() for field, _, _ in LEVELS}
    desa_code = chosen["region"]
    parents_agree = all(desa_code.startswith(chosen[f]) for f, _, _ in LEVELS[:-1])
    if len(desa_code) == 10 and desa_code.isdigit() and parents_agree:
        for field, length, _ in LEVELS:
            chosen[field] = desa_code[:length]
    levels: list[PickerLevel] = []
    parent: str | None = None
    for field, length, label in LEVELS:
        options = _children(parent)
        selected = chosen.get(field, "")
        valid = len(selected) == length and any(code == selected for code, _ in options)
        levels.append(PickerLevel(field, label, options, selected if valid else ""))
        if not valid:
            break
        parent = selected
    last = levels[-1]
    desa = last.selected if last.field == "region" else ""
    return RegionSelection(levels=levels, desa=desa)
