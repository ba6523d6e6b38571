"""Information that staff edit for the public: announcements, FAQ and disbursement schedules.

Program rules are not stored here: the information pages render them from the policy data, so
they never drift from the engine. Texts are plain (escaped on output, line breaks kept).
"""

from __future__ import annotations

from django.db import models


class Announcement(models.Model):
    title = models.CharField("judul", max_length=200)
    body = models.TextField("isi")
    published_on = models.DateField("tanggal terbit")
    is_published = models.BooleanField("tampilkan", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pengumuman"
        verbose_name_plural = "pengumuman"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Faq(models.Model):
    question = models.CharField("pertanyaan", max_length=300)
    answer = models.TextField("jawaban")
    order = models.PositiveSmallIntegerField("urutan", default=0)
    is_published = models.BooleanField("tampilkan", default=True)

    class Meta:
        verbose_name = "tanya jawab"
        verbose_name_plural = "tanya jawab"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.question


class DisbursementSchedule(models.Model):
    """When a program's tahap is paid out (announced by staff from the ministry's calendar)."""

    program = models.CharField("program", max_length=16)
    tahap = models.CharField("tahap", max_length=10, help_text="Misalnya 2025-T3 atau 2025-Q2.")
    starts_on = models.DateField("mulai")
    ends_on = models.DateField("selesai")
    note = models.CharField("keterangan", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "jadwal penyaluran"
        verbose_name_plural = "jadwal penyaluran"
        ordering = ["-starts_on", "program"]
        constraints = [
            models.UniqueConstraint(fields=["program", "tahap"], name="schedule_unique_tahap"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="schedule_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.tahap}"


class CitizenAccount(models.Model):
    """A citizen's account: who they say they are, and whether staff have matched it to the
    registry. Photos are stored under MEDIA_ROOT (outside the web root) and served only to staff
    through an authorised view."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu verifikasi"
        TERVERIFIKASI = "terverifikasi", "Terverifikasi"
        DITOLAK = "ditolak", "Ditolak"

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="citizen_account"
    )
    nik = models.CharField("NIK", max_length=16, unique=True)
    kk = models.CharField("nomor KK", max_length=16)
    full_name = models.CharField("nama lengkap", max_length=120)
    ktp_photo = models.FileField("foto KTP", upload_to="warga/ktp/")
    selfie = models.FileField("swafoto", upload_to="warga/swafoto/")
    email_verified_at = models.DateTimeField("e-mail terverifikasi", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.MENUNGGU)
    status_note = models.CharField("catatan", max_length=300, blank=True, default="")
    region_code = models.CharField(max_length=10, blank=True, default="")
    verified_by = models.CharField(max_length=150, blank=True, default="")
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "akun warga"
        verbose_name_plural = "akun warga"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Warga {self.nik[:4]}…{self.nik[-4:]}"


class CitizenRequest(models.Model):
    """A verified citizen's "usul" (propose oneself or another family) or "sanggah" (object to a
    recipient in their own desa). The workflow app picks these up for verification; until then
    staff follow them in the admin. The reference number is what the citizen quotes."""

    class Kind(models.TextChoices):
        USUL = "usul", "Usulan penerima"
        SANGGAH = "sanggah", "Sanggahan penerima"

    class Status(models.TextChoices):
        DITERIMA = "diterima", "Diterima, menunggu verifikasi"
        DIVERIFIKASI = "diverifikasi", "Sedang diverifikasi"
        DITOLAK = "ditolak", "Ditolak"
        SELESAI = "selesai", "Selesai"

    reference = models.CharField("nomor", max_length=20, unique=True)
    kind = models.CharField("jenis", max_length=8, choices=Kind.choices)
    account = models.ForeignKey(CitizenAccount, on_delete=models.PROTECT, related_name="requests")
    region_code = models.CharField("desa/kelurahan", max_length=10, db_index=True)
    subject_name = models.CharField("nama yang diusulkan/disanggah", max_length=120)
    reason = models.TextField("alasan")
    document = models.FileField("dokumen pendukung", upload_to="warga/dokumen/", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DITERIMA)
    status_note = models.CharField("catatan", max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "usulan/sanggahan warga"
        verbose_name_plural = "usulan/sanggahan warga"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference
