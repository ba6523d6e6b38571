"""Eligibility runs and the decisions they store, per program and period.

Program definitions themselves are data files in `policy/` (read by `jaring.engine`); the
database keeps what was decided with them. A run writes all its decisions, then becomes the
period's current run in one short transaction, so readers never see a half-replaced period.
"""

from __future__ import annotations

from django.db import models


class EligibilityRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Berjalan"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal"

    period = models.DateField(help_text="First day of the assessed month.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    progress = models.FloatField(default=0.0)
    progress_label = models.CharField(max_length=120, blank=True, default="")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life of a running run (each progress write); a long silence means it died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_by = models.CharField(max_length=150, blank=True, default="")
    policy_digest = models.CharField(max_length=64, blank=True, default="")
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Run {self.pk} {self.period:%Y-%m} {self.status}"


class CurrentRun(models.Model):
    """Which run's decisions are in force for a period (swapped atomically)."""

    period = models.DateField(primary_key=True)
    run = models.ForeignKey(EligibilityRun, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} → run {self.run_id}"


class Decision(models.Model):
    """One program's decision for one family (nik empty) or one person, in one run."""

    run = models.ForeignKey(EligibilityRun, on_delete=models.CASCADE, related_name="decisions")
    period = models.DateField()
    program = models.CharField(max_length=16)
    kk = models.CharField(max_length=16)
    nik = models.CharField(max_length=16, blank=True, default="")
    region_code = models.CharField(max_length=10)
    eligible = models.BooleanField()
    tahap = models.CharField(max_length=10, blank=True, default="")
    tahap_per_year = models.PositiveSmallIntegerField(default=0)
    annual_amount = models.BigIntegerField(default=0)
    amount_per_tahap = models.BigIntegerField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    components = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["run", "program", "region_code"], name="decision_run_prog_region"),
            models.Index(fields=["kk", "period"], name="decision_kk_period"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "program", "kk", "nik"], name="decision_unique_per_run"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_per_tahap__gte=0), name="decision_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.kk[:6]}… {'ya' if self.eligible else 'tidak'}"
