"""Maintained aggregates that every monitoring page, report and the public page read.

Nothing here is personal data: each row counts families (and sums rupiah) for one program, one
tahap and one region at one level of the tree (national "" → provinsi (2 digits) → kabupaten/kota
(4) → kecamatan (6) → desa (10)). `jaring monitoring refresh` rebuilds the rows of a (program,
tahap) set-based when its sources changed (`RefreshState` keeps the fingerprint it last saw), so a
dashboard reads a handful of indexed rows instead of scanning the registry.

Indicators that need an app that is not installed yet (the payment ledger, complaints, matching)
are stored as NULL and shown as "belum tersedia" — never as zero.
"""

from __future__ import annotations

from django.db import models

LEVEL_LENGTHS = (0, 2, 4, 6, 10)


class IndicatorAggregate(models.Model):
    program = models.CharField(max_length=16)
    tahap = models.CharField(max_length=10)
    region_code = models.CharField(max_length=10, blank=True, default="")
    level = models.PositiveSmallIntegerField(help_text="Length of region_code: 0, 2, 4, 6, 10.")
    eligible = models.BigIntegerField(default=0)
    decided = models.BigIntegerField(null=True)
    paid = models.BigIntegerField(null=True)
    withdrawn = models.BigIntegerField(null=True)
    inclusion_errors = models.BigIntegerField(null=True, help_text="Paid but not eligible.")
    exclusion_errors = models.BigIntegerField(null=True, help_text="Eligible but not decided.")
    budget_amount = models.BigIntegerField(null=True)
    withdrawn_amount = models.BigIntegerField(null=True)
    si_days_sum = models.BigIntegerField(null=True)
    si_days_count = models.BigIntegerField(null=True)
    complaints = models.BigIntegerField(null=True)
    complaints_resolved = models.BigIntegerField(null=True)
    resolve_seconds_sum = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "tahap", "level", "region_code"], name="monitoring_agg_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=LEVEL_LENGTHS), name="monitoring_agg_level_known"
            ),
            models.CheckConstraint(
                condition=models.Q(eligible__gte=0), name="monitoring_agg_eligible_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "level", "region_code"], name="monitoring_agg_trend"),
            # Which programs and tahap a region has (menus), without knowing the program.
            models.Index(
                fields=["level", "region_code", "program", "tahap"], name="monitoring_agg_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.tahap} {self.region_code or 'nasional'}"


class QualityAggregate(models.Model):
    """Data quality per region (snapshot at the last refresh): not tied to a program or tahap."""

    region_code = models.CharField(max_length=10, blank=True, default="")
    level = models.PositiveSmallIntegerField()
    families = models.BigIntegerField(default=0)
    members = models.BigIntegerField(default=0)
    unmatched_niks = models.BigIntegerField(null=True)
    open_duplicate_pairs = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "region_code"], name="monitoring_quality_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Kualitas data {self.region_code or 'nasional'}"


class RefreshState(models.Model):
    """What the aggregates of one (program, tahap) were computed from, to skip unchanged ones."""

    program = models.CharField(max_length=16)
    tahap = models.CharField(max_length=10)
    fingerprint = models.CharField(max_length=200)
    refreshed_at = models.DateTimeField(auto_now=True)
    seconds = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "tahap"], name="monitoring_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.tahap} @ {self.refreshed_at:%Y-%m-%d %H:%M}"
