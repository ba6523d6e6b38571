"""Roles and regions: the level of the region must match the role."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jaring.accounts.models import Role, User
from jaring.accounts.services import user_create
from jaring.core.models import AuditEvent
from jaring.core.scope import AccessScope

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "good", "bad"),
    [
        (Role.OPERATOR_DESA, "3273011001", "3273"),
        (Role.DINSOS_KABKOTA, "3273", "32"),
        (Role.DINSOS_PROVINSI, "32", "3273011001"),
        (Role.KEMENSOS_PUSAT, None, "32"),
    ],
)
def test_user_create_checks_the_region_level(role: str, good: str | None, bad: str) -> None:
    user = user_create(username=f"ok_{role}", password="x-123456789", role=role, region_code=good)
    assert user.check_password("x-123456789")
    assert not user.is_staff  # staff roles never reach the Django admin
    assert AccessScope.for_user(user).region_prefix == (good or "")
    with pytest.raises(ValidationError) as error:
        user_create(username=f"bad_{role}", password="x-123456789", role=role, region_code=bad)
    assert "region" in error.value.message_dict
    assert not User.objects.filter(username=f"bad_{role}").exists()


def test_model_clean_is_what_the_admin_runs() -> None:
    user = User(username="u1", role=Role.DINSOS_KABKOTA, region_id="3273011001")
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "kabupaten/kota" in error.value.message_dict["region"][0]
    user.region_id = "3273"
    user.is_staff = True
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "is_staff" in error.value.message_dict


def test_user_create_is_audited_without_the_password() -> None:
    user = user_create(username="u2", password="rahasia-sekali-1", role="", region_code=None)
    event = AuditEvent.objects.get(object_type="user", object_id=str(user.pk))
    assert event.action == "user.create"
    assert "rahasia" not in str(event.after) and "pbkdf2" not in str(event.after)


def test_admin_creates_a_user_with_role_and_region(client: object) -> None:
    from django.test import Client

    admin = user_create(
        username="root", password="x-123456789", role="", region_code=None, is_superuser=True
    )
    c = Client()
    c.force_login(admin)
    response = c.post(
        "/admin/accounts/user/add/",
        {
            "username": "baru",
            "password1": "Kata-Sandi-Panjang-77",
            "password2": "Kata-Sandi-Panjang-77",
            "usable_password": "true",
            "role": Role.DINSOS_KABKOTA,
            "region": "32",
        },
    )
    assert response.status_code == 200  # re-shown with the error
    assert "kabupaten/kota" in response.content.decode()
    assert not User.objects.filter(username="baru").exists()
