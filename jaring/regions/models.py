"""The Kemendagri region tree: provinsi > kabupaten/kota > kecamatan > desa/kelurahan."""

from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    PROVINSI = "provinsi", "Provinsi"
    KABUPATEN_KOTA = "kabupaten_kota", "Kabupaten/Kota"
    KECAMATAN = "kecamatan", "Kecamatan"
    DESA = "desa_kelurahan", "Desa/Kelurahan"


LEVEL_BY_LENGTH = {2: Level.PROVINSI, 4: Level.KABUPATEN_KOTA, 6: Level.KECAMATAN, 10: Level.DESA}


class Region(models.Model):
    """One node of the tree, keyed by its digits-only code (`3273011001`).

    Codes are hierarchical prefixes, so "everything inside 3273" is `code LIKE '3273%'`; the
    access scope relies on that. Retired codes (from splits such as Papua's in 2022) stay as
    rows with `retired=True`, so a NIK issued under them still validates (with a warning).
    """

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    retired = models.BooleanField(default=False)
    successor = models.CharField(
        max_length=10, blank=True, default="", help_text="Current code that replaced this one."
    )

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "name"], name="region_parent_name")]

    def __str__(self) -> str:
        return f"{self.dotted} {self.name}"

    @property
    def dotted(self) -> str:
        """Code as written in documents: 32.73.01.1001."""
        c = self.code
        parts = [c[0:2], c[2:4], c[4:6], c[6:10]]
        return ".".join(p for p in parts if p)
