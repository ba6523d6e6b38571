"""Data-quality results: matching jobs, Dukcapil results, change actions, candidate duplicate
pairs with their review decisions, merges (with what is needed to undo them), other ministries'
recipient lists and cross-program overlaps.

Registry rows are never referenced by foreign key: a merge removes a member row and its undo
re-creates it, so results keep the member's id, KK and NIK as plain values (shown masked).
"""

from __future__ import annotations

from django.db import models


class JobStatus(models.TextChoices):
    RUNNING = "running", "Berjalan"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"


class MatchingJob(models.Model):
    class Kind(models.TextChoices):
        DUKCAPIL = "dukcapil", "Pencocokan Dukcapil"
        DUPLIKAT = "duplikat", "Deteksi duplikat"
        TUMPANG_TINDIH = "tumpang_tindih", "Tumpang tindih program"
        EKSTERNAL = "eksternal", "Impor penerima program lain"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.RUNNING)
    region_prefix = models.CharField(max_length=10, blank=True, default="")
    period = models.DateField(null=True, blank=True)
    source_name = models.CharField(max_length=255, blank=True, default="")
    source_path = models.CharField(max_length=500, blank=True, default="")
    progress = models.FloatField(default=0.0)
    progress_label = models.CharField(max_length=120, blank=True, default="")
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.CharField(max_length=150, blank=True, default="")
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"


class DukcapilResult(models.Model):
    class Status(models.TextChoices):
        PADAN = "padan", "Padan"
        TIDAK_PADAN = "tidak_padan", "Tidak padan"
        TIDAK_DITEMUKAN = "tidak_ditemukan", "Tidak ditemukan"

    job = models.ForeignKey(MatchingJob, on_delete=models.CASCADE, related_name="dukcapil")
    anggota_id = models.BigIntegerField()
    keluarga_id = models.BigIntegerField()
    kk = models.CharField(max_length=16)
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=120)
    region_code = models.CharField(max_length=10)
    status = models.CharField(max_length=16, choices=Status.choices)
    differing = models.JSONField(default=list, blank=True)  # field codes that differ
    dukcapil = models.JSONField(default=dict, blank=True)  # the extract's values, if found
    dead = models.BooleanField(default=False)  # Dukcapil says the person died
    moved_to = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["job", "region_code"], name="dukcapil_job_region"),
            models.Index(fields=["nik"], name="dukcapil_nik"),
        ]

    def __str__(self) -> str:
        return f"{self.nik[:6]}… {self.status}"


class ChangeAction(models.Model):
    """A death or move reported by Dukcapil: applied by policy, proposed through the usulan
    workflow (perubahan data), or decided by an officer; every applied one is reversible."""

    class Kind(models.TextChoices):
        MENINGGAL = "meninggal", "Meninggal dunia"
        PINDAH = "pindah", "Pindah domisili"

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu keputusan"
        DIUSULKAN = "diusulkan", "Diusulkan (usulan perubahan data)"
        DITERAPKAN = "diterapkan", "Diterapkan"
        DITOLAK = "ditolak", "Ditolak"
        DIBATALKAN = "dibatalkan", "Dibatalkan (dikembalikan)"

    job = models.ForeignKey(MatchingJob, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    anggota_id = models.BigIntegerField()
    keluarga_id = models.BigIntegerField()
    kk = models.CharField(max_length=16)
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=120)
    region_code = models.CharField(max_length=10)
    date_of_death = models.DateField(null=True, blank=True)
    moved_to = models.CharField(max_length=10, blank=True, default="")
    automatic = models.BooleanField(default=False)
    # The workflow proposal carrying this change (perubahan data), when policy routes it there.
    usulan = models.ForeignKey(
        "usulan.Usulan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)  # household record before it was applied
    after = models.JSONField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "region_code"], name="action_status_region")]

    def __str__(self) -> str:
        return f"{self.kind} {self.nik[:6]}… {self.status}"


class CandidatePair(models.Model):
    """Two registry members that may be one person, with the evidence and the review decision.

    `pair_key` (both sides' KK:NIK, sorted) is unique, so a later run updates the pair instead of
    proposing it again, and a pair marked "bukan sama" is never reopened.
    """

    class Kind(models.TextChoices):
        NIK_SAMA = "nik_sama", "NIK sama di dua keluarga"
        PROBABILISTIK = "probabilistik", "Kemiripan data (model)"

    class Status(models.TextChoices):
        TERBUKA = "terbuka", "Menunggu tinjauan"
        DIGABUNG = "digabung", "Digabung"
        BUKAN_SAMA = "bukan_sama", "Bukan orang yang sama"
        VERIFIKASI = "verifikasi", "Verifikasi lapangan"

    pair_key = models.CharField(max_length=80, unique=True)
    job = models.ForeignKey(MatchingJob, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TERBUKA)
    probability = models.FloatField()
    match_weight = models.FloatField(default=0.0)
    weights = models.JSONField(default=dict, blank=True)  # comparison → match weight
    a = models.JSONField()  # snapshot of side A (anggota_id, keluarga_id, kk, nik, name, ...)
    b = models.JSONField()
    # The smallest region containing both sides: the office level that can decide the pair.
    region_code = models.CharField(max_length=10, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.CharField(max_length=150, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["-probability", "pk"]
        indexes = [models.Index(fields=["status", "region_code"], name="pair_status_region")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__gte=0) & models.Q(probability__lte=1),
                name="pair_probability_0_1",
            )
        ]

    def __str__(self) -> str:
        return f"Pasangan #{self.pk} {self.status}"


class MergeRecord(models.Model):
    """A merge of a candidate pair: the household the duplicate was removed from, before and
    after, so that undoing it restores the registry exactly."""

    pair = models.ForeignKey(CandidatePair, on_delete=models.PROTECT, related_name="merges")
    kept_anggota_id = models.BigIntegerField()
    removed_keluarga_id = models.BigIntegerField()
    region_code = models.CharField(max_length=10)
    before = models.JSONField()
    after = models.JSONField()
    merged_by = models.CharField(max_length=150)
    merged_at = models.DateTimeField(auto_now_add=True)
    reverted_by = models.CharField(max_length=150, blank=True, default="")
    reverted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"Penggabungan #{self.pk}"


class ExternalRecipient(models.Model):
    """A recipient on another ministry's (or another program's) list, for overlap checks."""

    job = models.ForeignKey(MatchingJob, on_delete=models.CASCADE, related_name="recipients")
    program = models.CharField(max_length=16)
    ministry = models.CharField(max_length=60, blank=True, default="")
    period = models.DateField()
    nik = models.CharField(max_length=16, blank=True, default="")
    kk = models.CharField(max_length=16, blank=True, default="")
    region_code = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["period", "program"], name="external_period_program")]

    def __str__(self) -> str:
        return f"{self.program} {self.period:%Y-%m}"


class OverlapFinding(models.Model):
    job = models.ForeignKey(MatchingJob, on_delete=models.CASCADE, related_name="overlaps")
    rule = models.CharField(max_length=40)
    level = models.CharField(max_length=10)
    programs = models.JSONField(default=list)
    sources = models.JSONField(default=list)  # e.g. ["PKH: keputusan", "BSU: Kemnaker"]
    kk = models.CharField(max_length=16, blank=True, default="")
    nik = models.CharField(max_length=16, blank=True, default="")
    region_code = models.CharField(max_length=10, blank=True, default="")
    message = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["job", "region_code"], name="overlap_job_region")]

    def __str__(self) -> str:
        return f"{self.rule} {self.kk[:6]}…"
