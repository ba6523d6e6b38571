"""Write use-cases for staff accounts: one transaction each, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from jaring.accounts.models import User, role_region_problem
from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope


def _snapshot(user: User) -> dict[str, object]:
    # Never the password hash: the audit log is readable by staff.
    return {
        "username": user.username,
        "role": user.role,
        "region": user.region_id or "",
        "is_superuser": user.is_superuser,
        "is_active": user.is_active,
    }


def user_create(
    *,
    username: str,
    password: str,
    role: str,
    region_code: str | None,
    scope: AccessScope | None = None,
    full_name: str = "",
    is_superuser: bool = False,
) -> User:
    """Create a staff account whose region level matches its role (ValidationError otherwise).

    Staff roles never get `is_staff`: the Django admin is for superusers only.
    """
    actor = scope or AccessScope.system()
    problem = role_region_problem(role, region_code or None)
    if problem:
        raise ValidationError({"region": problem})
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            region_id=region_code or None,
            first_name=full_name,
            is_superuser=is_superuser,
            is_staff=is_superuser,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        audit_record(
            scope=actor,
            change=Change(
                "user.create", "user", str(user.pk), user.region_id or "", None, _snapshot(user)
            ),
        )
    return user


def user_set_password(*, user: User, password: str, scope: AccessScope | None = None) -> None:
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            scope=scope or AccessScope.system(),
            change=Change("user.set_password", "user", str(user.pk), user.region_id or ""),
        )
