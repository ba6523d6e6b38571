"""Complaints (pengaduan): what a citizen reported, where it is routed, and what happened since.

The reporter's identity lives in its own table (`ComplaintReporter`) so that no list, export or
statistic touches it by accident; only the assigned investigator may open it, and every opening is
audited. Field names of `Complaint` are read by the monitoring app: keep them stable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    DITERIMA = "diterima", "Diterima"
    DIVERIFIKASI = "diverifikasi", "Diverifikasi"
    DITINDAKLANJUTI = "ditindaklanjuti", "Ditindaklanjuti"
    SELESAI = "selesai", "Selesai"
    DITOLAK = "ditolak", "Ditolak"


OPEN_STATUSES = (Status.DITERIMA, Status.DIVERIFIKASI, Status.DITINDAKLANJUTI)
CLOSED_STATUSES = (Status.SELESAI, Status.DITOLAK)


class Office(models.TextChoices):
    """The kinds of office a complaint can be routed to; `office_code` says which one."""

    DESA = "desa", "Pemerintah desa/kelurahan"
    DINSOS_KABKOTA = "dinsos_kabkota", "Dinas Sosial kabupaten/kota"
    DINSOS_PROVINSI = "dinsos_provinsi", "Dinas Sosial provinsi"
    KEMENSOS = "kemensos", "Kementerian Sosial"
    INSPEKTORAT_KABKOTA = "inspektorat_kabkota", "Inspektorat kabupaten/kota"
    INSPEKTORAT_PROVINSI = "inspektorat_provinsi", "Inspektorat provinsi"
    INSPEKTORAT_PUSAT = "inspektorat_pusat", "Inspektorat Jenderal Kemensos"


class Source(models.TextChoices):
    PUBLIK = "publik", "Formulir publik"
    AKUN_WARGA = "akun_warga", "Akun warga"
    PETUGAS = "petugas", "Dicatat petugas"


class Complaint(models.Model):
    reference = models.CharField("nomor pengaduan", max_length=24, unique=True)
    category = models.CharField("kategori", max_length=40, db_index=True)
    region_code = models.CharField("desa/kelurahan", max_length=10, db_index=True)
    description = models.TextField("kejadian")
    occurred_on = models.DateField("tanggal kejadian", null=True, blank=True)
    involved = models.CharField("pihak yang terlibat", max_length=500, blank=True, default="")
    # Which office the reporter says the wrongdoer works for ("" = not an official).
    reported_office = models.CharField(
        "terlapor petugas dari", max_length=24, blank=True, default=""
    )
    office_kind = models.CharField("kantor penanggung jawab", max_length=24, choices=Office)
    office_code = models.CharField("wilayah kantor", max_length=10, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status, default=Status.DITERIMA)
    status_reason = models.CharField("alasan status", max_length=1000, blank=True, default="")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="petugas",
    )
    anonymous = models.BooleanField("anonim", default=False)
    source = models.CharField(max_length=12, choices=Source, default=Source.PUBLIK)
    # Links to what the complaint is about: the family (registry) and, by reference string, a
    # proposal (usulan) or payment (penyaluran) — those apps resolve their own references.
    keluarga = models.ForeignKey(
        "registry.Keluarga", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    usulan_ref = models.CharField("nomor usulan", max_length=40, blank=True, default="")
    penyaluran_ref = models.CharField("nomor penyaluran", max_length=40, blank=True, default="")
    policy_version = models.CharField(max_length=20, blank=True, default="")
    sla_days = models.PositiveSmallIntegerField("batas waktu (hari)")
    due_at = models.DateTimeField("batas waktu penyelesaian", db_index=True)
    escalation_level = models.PositiveSmallIntegerField("tingkat eskalasi", default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField("selesai/ditolak pada", null=True, blank=True)

    class Meta:
        verbose_name = "pengaduan"
        verbose_name_plural = "pengaduan"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["office_kind", "office_code", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in Status]),
                name="pengaduan_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=[s.value for s in CLOSED_STATUSES])
                | models.Q(resolved_at__isnull=False),
                name="pengaduan_closed_has_resolved_at",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.DITOLAK) | ~models.Q(status_reason=""),
                name="pengaduan_ditolak_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ComplaintReporter(models.Model):
    """Who reported (absent for anonymous reports). Read only through
    `services.reporter_reveal`, which checks the investigator assignment and audits."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="reporter")
    name = models.CharField("nama", max_length=120, blank=True, default="")
    email = models.EmailField("e-mail", blank=True, default="")
    phone = models.CharField("nomor HP", max_length=20, blank=True, default="")
    citizen_account = models.ForeignKey(
        "portal.CitizenAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "pelapor"
        verbose_name_plural = "pelapor"

    def __str__(self) -> str:
        return f"Pelapor {self.complaint_id}"  # never the name: __str__ ends up in logs


class ComplaintEvidence(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="pengaduan/bukti/")
    kind = models.CharField(max_length=8)  # image, pdf, video (jaring.core.uploads)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Bukti {self.pk} ({self.kind})"


class Entry(models.Model):
    """One line of a complaint's history. Public entries (status changes, replies) show on the
    tracking page; notes, assignments and escalations are internal."""

    class Kind(models.TextChoices):
        STATUS = "status", "Perubahan status"
        REPLY = "reply", "Balasan kepada pelapor"
        NOTE = "note", "Catatan internal"
        ASSIGN = "assign", "Penugasan"
        ESCALATE = "escalate", "Eskalasi"
        LINK = "link", "Tautan"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=Kind)
    is_public = models.BooleanField(default=False)
    body = models.TextField(blank=True, default="")
    status_to = models.CharField(max_length=16, blank=True, default="")
    author = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d}"


class Investigator(models.Model):
    """A user of the inspectorate: handles complaints routed to the inspektorat office of
    `region_prefix` ("" = Inspektorat Jenderal, 2 digits = provinsi, 4 = kabupaten/kota) and,
    when assigned to one, may open its reporter's identity."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pengaduan_investigator"
    )
    region_prefix = models.CharField("wilayah inspektorat", max_length=4, blank=True, default="")
    is_active = models.BooleanField("aktif", default=True)
    granted_by = models.CharField(max_length=150, blank=True, default="")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "petugas inspektorat"
        verbose_name_plural = "petugas inspektorat"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region_prefix="")
                | models.Q(region_prefix__regex=r"^([0-9]{2}|[0-9]{4})$"),
                name="pengaduan_investigator_prefix_level",
            )
        ]

    def __str__(self) -> str:
        return f"Inspektorat {self.region_prefix or 'pusat'}: {self.user}"
