"""The household registry: keluarga (one KK) and anggota (members, keyed by NIK).

Every field of the household interchange format (CONTRACTS.md) has a column here. Changes are
made only through `jaring.registry.services`, which records each one in the audit log; that log is
the per-record history (who, when, before, after).
"""

from __future__ import annotations

from django.db import models

from jaring.core import vocab
from jaring.core.vocab import choices


class Keluarga(models.Model):
    kk = models.CharField("nomor KK", max_length=16, unique=True)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="desa/kelurahan",
    )
    address = models.CharField("alamat", max_length=255, blank=True, default="")
    rt = models.CharField("RT", max_length=3, blank=True, default="")
    rw = models.CharField("RW", max_length=3, blank=True, default="")
    desil = models.PositiveSmallIntegerField(null=True, blank=True)
    registry_status = models.CharField(
        "status DTKS", max_length=10, choices=choices(vocab.REGISTRY_STATUS), default="aktif"
    )
    channel = models.CharField(
        "jalur penyaluran", max_length=3, choices=choices(vocab.CHANNEL), default="KKS"
    )
    bank = models.CharField(max_length=10, choices=choices(vocab.BANK), blank=True, default="")
    kks_number = models.CharField("nomor KKS", max_length=20, blank=True, default="")
    # Proxy-means-test characteristics (see jaring.core.vocab for the values).
    floor_material = models.CharField(
        "lantai", max_length=20, choices=choices(vocab.FLOOR_MATERIAL), blank=True, default=""
    )
    wall_material = models.CharField(
        "dinding", max_length=20, choices=choices(vocab.WALL_MATERIAL), blank=True, default=""
    )
    roof_material = models.CharField(
        "atap", max_length=20, choices=choices(vocab.ROOF_MATERIAL), blank=True, default=""
    )
    floor_area_m2 = models.PositiveIntegerField("luas lantai (m²)", null=True, blank=True)
    drinking_water = models.CharField(
        "air minum", max_length=24, choices=choices(vocab.DRINKING_WATER), blank=True, default=""
    )
    sanitation = models.CharField(
        "sanitasi", max_length=20, choices=choices(vocab.SANITATION), blank=True, default=""
    )
    electricity = models.CharField(
        "listrik", max_length=20, choices=choices(vocab.ELECTRICITY), blank=True, default=""
    )
    cooking_fuel = models.CharField(
        "bahan bakar memasak",
        max_length=20,
        choices=choices(vocab.COOKING_FUEL),
        blank=True,
        default="",
    )
    assets = models.JSONField("aset", default=list, blank=True)
    # blake2b of the canonical record (jaring.registry.records): lets an import skip unchanged
    # households without rebuilding them. Empty means "unknown"; the full record is compared then.
    content_hash = models.CharField(max_length=32, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "keluarga"
        verbose_name_plural = "keluarga"
        indexes = [
            models.Index(fields=["region", "registry_status"], name="keluarga_region_status")
        ]

    def __str__(self) -> str:
        return f"KK {self.kk[:6]}…"


class Anggota(models.Model):
    keluarga = models.ForeignKey(Keluarga, on_delete=models.CASCADE, related_name="anggota")
    nik = models.CharField("NIK", max_length=16, db_index=True)
    name = models.CharField("nama", max_length=120)
    name_normalized = models.CharField(max_length=120, db_index=True, default="")
    sex = models.CharField("jenis kelamin", max_length=1, choices=choices(vocab.SEX))
    birth_place = models.CharField("tempat lahir", max_length=80, blank=True, default="")
    birth_date = models.DateField("tanggal lahir")
    relationship = models.CharField(
        "hubungan keluarga", max_length=20, choices=choices(vocab.RELATIONSHIP)
    )
    citizenship = models.CharField(
        "kewarganegaraan", max_length=3, choices=choices(vocab.CITIZENSHIP), default="WNI"
    )
    alive = models.BooleanField("hidup", default=True)
    date_of_death = models.DateField("tanggal meninggal", null=True, blank=True)
    pregnant = models.BooleanField("hamil", default=False)
    pregnancy_order = models.PositiveSmallIntegerField("kehamilan ke-", null=True, blank=True)
    disability = models.CharField(
        "disabilitas", max_length=10, choices=choices(vocab.DISABILITY), default="tidak"
    )
    schooling = models.CharField(
        "pendidikan saat ini", max_length=20, choices=choices(vocab.SCHOOLING)
    )
    occupation = models.CharField("pekerjaan", max_length=20, choices=choices(vocab.OCCUPATION))
    employment = models.CharField(
        "status kerja", max_length=20, choices=choices(vocab.EMPLOYMENT), default="tidak_bekerja"
    )
    monthly_income = models.BigIntegerField("penghasilan per bulan (Rp)", default=0)
    bpjs_ketenagakerjaan = models.BooleanField("peserta BPJS Ketenagakerjaan", default=False)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the KK.")

    class Meta:
        verbose_name = "anggota keluarga"
        verbose_name_plural = "anggota keluarga"
        ordering = ["keluarga_id", "position"]
        indexes = [
            # Cek Bansos (jaring.portal): a desa's families, then one exact probe per family for
            # the typed name — no heap visit for the family's other members.
            models.Index(fields=["keluarga", "name_normalized"], name="anggota_keluarga_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["keluarga", "nik"], name="anggota_unique_nik_in_kk"),
            models.CheckConstraint(
                condition=models.Q(monthly_income__gte=0), name="anggota_income_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name
