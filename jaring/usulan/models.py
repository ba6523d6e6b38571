"""Proposals (usulan) and their workflow history, penetapan batches, and Kemnaker applications.

Field names here are read by other apps (monitoring counts proposals): keep them stable.
The region of every row is a plain 10-digit desa code in `region_code`, filtered by AccessScope.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    BARU = "baru", "Keluarga baru"
    PERUBAHAN = "perubahan", "Perubahan data"
    HAPUS = "hapus", "Penghapusan dari DTKS"
    SANGGAH = "sanggah", "Sanggahan"


class Status(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan, menunggu musyawarah desa"
    PERLU_PERBAIKAN = "perlu_perbaikan", "Perlu perbaikan oleh pengusul"
    VERIFIKASI_DESA = "verifikasi_desa", "Verifikasi desa/kelurahan"
    VERIFIKASI_DINSOS = "verifikasi_dinsos", "Verifikasi Dinas Sosial"
    VALIDASI_KEMENSOS = "validasi_kemensos", "Validasi Kemensos"
    TERVALIDASI = "tervalidasi", "Tervalidasi, menunggu penetapan"
    DITETAPKAN = "ditetapkan", "Ditetapkan"
    DITOLAK = "ditolak", "Ditolak"


FINAL_STATUSES = (Status.DITETAPKAN, Status.DITOLAK)


class Source(models.TextChoices):
    OPERATOR = "operator", "Operator desa (dari RT/RW)"
    WARGA = "warga", "Akun warga"
    BERKAS = "berkas", "Unggah berkas"


class DocumentType(models.TextChoices):
    KTP = "ktp", "KTP"
    KK = "kk", "Kartu Keluarga"
    SKTM = "sktm", "Surat keterangan tidak mampu (SKTM)"
    AKTA_KELAHIRAN = "akta_kelahiran", "Akta kelahiran"
    SK_DISABILITAS = "sk_disabilitas", "Surat keterangan disabilitas"
    SK_SEKOLAH = "sk_sekolah", "Surat keterangan sekolah"
    SURAT_PHK = "surat_phk", "Surat PHK"
    AKTA_KEMATIAN = "akta_kematian", "Akta/surat kematian"
    SURAT_PINDAH = "surat_pindah", "Surat keterangan pindah"
    NOTULEN_MUSDES = "notulen_musdes", "Notulen/berita acara musyawarah desa"
    FOTO_KUNJUNGAN = "foto_kunjungan", "Foto kunjungan lapangan"
    LAINNYA = "lainnya", "Dokumen lain"


class Usulan(models.Model):
    reference = models.CharField("nomor", max_length=20, unique=True)
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    change_type = models.CharField(
        "jenis perubahan/penghapusan", max_length=20, blank=True, default=""
    )
    program = models.CharField("program", max_length=16, blank=True, default="")
    source = models.CharField("sumber", max_length=10, choices=Source.choices)
    region_code = models.CharField("desa/kelurahan", max_length=10, db_index=True)
    kk = models.CharField("nomor KK", max_length=16, blank=True, default="", db_index=True)
    subject_nik = models.CharField("NIK", max_length=16, blank=True, default="")
    subject_name = models.CharField("nama", max_length=120)
    reason = models.TextField("alasan")
    # The proposed household in the interchange format (baru/perubahan); {} for hapus/sanggah.
    household = models.JSONField("data keluarga diusulkan", default=dict, blank=True)
    checks = models.JSONField("hasil pemeriksaan", default=list, blank=True)
    eligibility = models.JSONField("pratinjau kelayakan", default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DIAJUKAN)
    is_open = models.BooleanField(default=True, editable=False)
    step_entered_at = models.DateTimeField("masuk tahap ini")
    escalated_at = models.DateTimeField("dieskalasi", null=True, blank=True)
    outcome_reason = models.TextField("alasan keputusan", blank=True, default="")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    citizen_request = models.OneToOneField(
        "portal.CitizenRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="usulan",
    )
    contact_email = models.CharField(max_length=254, blank=True, default="")
    contact_phone = models.CharField(max_length=20, blank=True, default="")
    batch = models.ForeignKey(
        "PenetapanBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="usulan"
    )
    keluarga_id_applied = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "usulan"
        verbose_name_plural = "usulan"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "region_code"], name="usulan_status_region"),
            models.Index(fields=["batch", "status"], name="usulan_batch_status"),
        ]
        constraints = [
            # One open proposal of a kind per KK: the duplicate check's last line of defence.
            models.UniqueConstraint(
                fields=["kk", "kind"],
                condition=Q(is_open=True) & ~Q(kk=""),
                name="usulan_one_open_per_kk_kind",
            ),
            models.CheckConstraint(
                condition=Q(is_open=False, status__in=["ditetapkan", "ditolak"])
                | (Q(is_open=True) & ~Q(status__in=["ditetapkan", "ditolak"])),
                name="usulan_open_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class UsulanStep(models.Model):
    """One line of the visible status history: who moved it, when, from where to where, why."""

    usulan = models.ForeignKey(Usulan, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=20, blank=True, default="")
    to_status = models.CharField(max_length=20)
    actor_name = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=32)
    note = models.TextField(blank=True, default="")
    # Minutes of the musdes, field-visit checklist and findings, etc.
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.usulan_id}: {self.from_status} → {self.to_status}"


class UsulanDocument(models.Model):
    usulan = models.ForeignKey(Usulan, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField("jenis dokumen", max_length=20, choices=DocumentType.choices)
    file = models.FileField(upload_to="usulan/dokumen/%Y/")
    original_name = models.CharField(max_length=200, blank=True, default="")
    uploaded_by = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} ({self.usulan_id})"


class PenetapanBatch(models.Model):
    class BatchStatus(models.TextChoices):
        DRAF = "draf", "Draf"
        DITETAPKAN = "ditetapkan", "Ditetapkan"

    sk_number = models.CharField("nomor SK", max_length=60, unique=True)
    program = models.CharField(max_length=16)
    period = models.CharField("periode", max_length=7)
    region_prefix = models.CharField("wilayah", max_length=10, blank=True, default="")
    status = models.CharField(max_length=12, choices=BatchStatus.choices, default=BatchStatus.DRAF)
    created_by = models.CharField(max_length=150)
    decided_by = models.CharField(max_length=150, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    sk_pdf = models.FileField(upload_to="usulan/sk/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.sk_number


class Outcome(models.TextChoices):
    DITETAPKAN = "ditetapkan", "Ditetapkan"
    DITOLAK = "ditolak", "Ditolak"


class PenetapanItem(models.Model):
    """The decision on one proposal inside a batch (decided before the batch applies)."""

    batch = models.ForeignKey(PenetapanBatch, on_delete=models.CASCADE, related_name="items")
    usulan = models.OneToOneField(Usulan, on_delete=models.PROTECT, related_name="penetapan")
    region_code = models.CharField(max_length=10, db_index=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    reason = models.CharField(max_length=300, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.usulan_id}: {self.outcome}"


class KemnakerProgram(models.TextChoices):
    JPS = "JPS", "JPS (Tenaga Kerja Mandiri / Padat Karya)"
    PRAKERJA = "PRAKERJA", "Kartu Prakerja"
    BSU = "BSU", "Bantuan Subsidi Upah (BSU)"


class ApplicationStatus(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan, sedang diperiksa"
    IDENTITAS_TIDAK_COCOK = "identitas_tidak_cocok", "Identitas tidak cocok"
    TIDAK_MEMENUHI = "tidak_memenuhi", "Tidak memenuhi syarat program"
    MEMENUHI = "memenuhi", "Memenuhi syarat, menunggu seleksi"
    TERPILIH = "terpilih", "Terpilih"
    TIDAK_TERPILIH = "tidak_terpilih", "Tidak terpilih pada gelombang ini"


class SeleksiBatch(models.Model):
    """One selection round (gelombang) of a Kemnaker program; announced when created."""

    reference = models.CharField(max_length=40, unique=True)
    program = models.CharField(max_length=10, choices=KemnakerProgram.choices)
    period = models.CharField("periode", max_length=7)
    quota = models.PositiveIntegerField()
    selected = models.PositiveIntegerField(default=0)
    not_selected = models.PositiveIntegerField(default=0)
    announced_by = models.CharField(max_length=150)
    announced_at = models.DateTimeField()

    class Meta:
        ordering = ["-announced_at", "-pk"]

    def __str__(self) -> str:
        return self.reference


class KemnakerApplication(models.Model):
    reference = models.CharField("nomor", max_length=20, unique=True)
    program = models.CharField(max_length=10, choices=KemnakerProgram.choices)
    period = models.CharField("periode", max_length=7)
    account = models.ForeignKey(
        "portal.CitizenAccount", on_delete=models.PROTECT, related_name="kemnaker_applications"
    )
    region_code = models.CharField("desa/kelurahan", max_length=10, db_index=True)
    nik = models.CharField("NIK", max_length=16)
    name = models.CharField("nama", max_length=120)
    birth_date = models.DateField("tanggal lahir")
    occupation = models.CharField("pekerjaan", max_length=20)
    employment = models.CharField("status pekerjaan", max_length=20)
    monthly_income = models.BigIntegerField("penghasilan per bulan (Rp)", default=0)
    bpjs_ketenagakerjaan = models.BooleanField(default=False)
    document = models.FileField("dokumen pendukung", upload_to="usulan/kemnaker/", blank=True)
    identity = models.JSONField("pemeriksaan identitas", default=dict, blank=True)
    eligibility = models.JSONField("pemeriksaan syarat", default=dict, blank=True)
    status = models.CharField(
        max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DIAJUKAN
    )
    status_note = models.CharField(max_length=300, blank=True, default="")
    batch = models.ForeignKey(
        SeleksiBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik", "program", "period"], name="kemnaker_one_application_per_period"
            )
        ]

    def __str__(self) -> str:
        return self.reference
