"""Staff accounts. A user's role and region become one access scope (jaring.core.scope)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
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

ROLE_REGION_LABEL: dict[str, str] = {
    Role.OPERATOR_DESA: "desa/kelurahan",
    Role.DINSOS_KABKOTA: "kabupaten/kota",
    Role.DINSOS_PROVINSI: "provinsi",
}

# Roles allowed to see a full NIK/KK on a page; everyone else sees them masked.
FULL_IDENTITY_ROLES = frozenset(
    {Role.OPERATOR_DESA, Role.DINSOS_KABKOTA, "superuser"},
)


def role_region_problem(role: str, region_code: str | None) -> str | None:
    """Why this role cannot hold this region (Indonesian), or None when they match."""
    if not role:
        return None
    if role not in ROLE_REGION_LENGTH:
        return f"peran '{role}' tidak dikenal"
    length = ROLE_REGION_LENGTH[role]
    code = region_code or ""
    if length == 0:
        return "Kemensos pusat tidak boleh diberi wilayah" if code else None
    if len(code) != length:
        label = ROLE_REGION_LABEL[role]
        return f"peran {Role(role).label} harus diberi wilayah tingkat {label}"
    return None


class User(AbstractUser):
    role = models.CharField(max_length=24, choices=Role.choices, blank=True, default="")
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        super().clean()
        problem = role_region_problem(self.role, self.region_id)
        if problem:
            raise ValidationError({"region": problem})
        if self.role and self.is_staff and not self.is_superuser:
            # Django admin is for superusers only; staff roles work in /staf/.
            raise ValidationError({"is_staff": "peran staf tidak boleh mengakses admin Django"})

    @property
    def has_staff_role(self) -> bool:
        return self.is_superuser or self.role in ROLE_REGION_LENGTH
