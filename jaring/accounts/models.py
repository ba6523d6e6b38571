"""Staff accounts. A user's role and region become one access scope (jaring.core.scope)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    OPERATOR_DESA = "operator_desa", "Operator desa/kelurahan"
    DINSOS_KABKOTA = "dinsos_kabkota", "Dinas Sosial kabupaten/kota"
    DINSOS_PROVINSI = "dinsos_provinsi", "Dinas Sosial provinsi"
    KEMENSOS_PUSAT = "kemensos_pusat", "Kemensos pusat"


# The region level each role must be assigned to.
ROLE_REGION_LENGTH: dict[str, int] = {
    Role.OPERATOR_DESA: 10,
    Role.DINSOS_KABKOTA: 4,
    Role.DINSOS_PROVINSI: 2,
    Role.KEMENSOS_PUSAT: 0,
}


class User(AbstractUser):
    role = models.CharField(max_length=24, choices=Role.choices, blank=True, default="")
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.username
