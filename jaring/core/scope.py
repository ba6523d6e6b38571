"""The one access scope: a user's role and region, applied by every selector and service.

Region codes are hierarchical digit prefixes (32 > 3273 > 327301 > 3273011001), so a scope is a
code prefix: "" sees the country, "32" a province, "3273" a kabupaten/kota, "3273011001" a desa.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet


class OutOfScope(PermissionError):
    """The object exists but lies outside the caller's region (shown to users as 404)."""


@dataclass(frozen=True, slots=True)
class AccessScope:
    role: str
    region_prefix: str  # "" = national
    user_id: int | None = None
    username: str = ""

    @property
    def is_national(self) -> bool:
        return self.region_prefix == ""

    def covers(self, region_code: str) -> bool:
        return region_code.startswith(self.region_prefix)

    def check(self, region_code: str) -> None:
        if not self.covers(region_code):
            raise OutOfScope(region_code)

    def filter(self, queryset: QuerySet[Any], field: str = "region__code") -> QuerySet[Any]:
        """Restrict a queryset whose `field` holds a region code to this scope.

        The default suits models with a `region` foreign key to Region (keyed by code, so no
        join is made); pass the column name for models that store the code directly.
        """
        if self.is_national:
            return queryset
        return queryset.filter(**{f"{field}__startswith": self.region_prefix})

    @classmethod
    def for_user(cls, user: Any) -> AccessScope:
        """The scope of a signed-in user. Users with no role see nothing (an impossible prefix)."""
        from jaring.accounts.models import ROLE_REGION_LENGTH, Role

        if user.is_superuser:
            return cls(role="superuser", region_prefix="", user_id=user.pk, username=user.username)
        role = getattr(user, "role", "")
        if role == Role.KEMENSOS_PUSAT:
            prefix = ""
        elif role in ROLE_REGION_LENGTH and user.region_id:
            prefix = user.region_id[: ROLE_REGION_LENGTH[role]]
        else:
            prefix = "-"  # matches no region code
        return cls(
            role=role or "none", region_prefix=prefix, user_id=user.pk, username=user.username
        )

    @classmethod
    def system(cls, name: str = "system") -> AccessScope:
        """National scope for command-line and background work."""
        return cls(role="system", region_prefix="", user_id=None, username=name)
