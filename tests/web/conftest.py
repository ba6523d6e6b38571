"""Fixtures of the staff-page tests: families in three desa and staff of every role.

Desa A and B lie in Kota Bandung (3273, different kecamatan); desa C in Kab. Bandung (3204).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from jaring.accounts.models import Role, User
from jaring.accounts.services import user_create
from jaring.core.scope import AccessScope
from jaring.registry.models import Keluarga
from jaring.registry.services import household_upsert
from jaring.registry.validation import parse_household
from tests.registry.helpers import household

DESA_A = "3273011001"
DESA_B = "3273301002"
DESA_C = "3204052001"
PASSWORD = "uji-kata-sandi-123"


def form_data(record: dict[str, Any], *, extra_blank: int = 0) -> dict[str, Any]:
    """POST data of the household form (HouseholdForm + the "anggota" formset) for a record."""
    data: dict[str, Any] = {
        "kk": record.get("kk", ""),
        # The regions app's picker fields (provinsi > kabupaten > kecamatan > desa).
        "wilayah_provinsi": record.get("region", "")[:2],
        "wilayah_kabupaten": record.get("region", "")[:4],
        "wilayah_kecamatan": record.get("region", "")[:6],
        "wilayah_desa": record.get("region", ""),
        "desil": "" if record.get("desil") is None else str(record["desil"]),
        "registry_status": record.get("registry_status", "aktif"),
        "channel": record.get("channel", "KKS"),
        "bank": record.get("bank") or "",
        "address": record.get("address", ""),
    }
    housing = record.get("housing") or {}
    for key, value in housing.items():
        if key == "assets":
            data["assets"] = list(value)
        elif value is not None:
            data[key] = str(value)
    members = record.get("members", [])
    data["anggota-TOTAL_FORMS"] = str(len(members) + extra_blank)
    data["anggota-INITIAL_FORMS"] = "0"
    for i, m in enumerate(members):
        for key, value in m.items():
            if isinstance(value, bool):
                if value:
                    data[f"anggota-{i}-{key}"] = "on"
            elif value is not None:
                data[f"anggota-{i}-{key}"] = str(value)
    return data


def store(record: dict[str, Any]) -> Keluarga:
    data, errors = parse_household(record)
    assert data is not None, errors
    return household_upsert(scope=AccessScope.system("test"), data=data)


@dataclass
class World:
    a: Keluarga
    b: Keluarga
    c: Keluarga
    users: dict[str, User]

    def client(self, username: str) -> Client:
        client = Client()
        client.force_login(self.users[username])
        return client


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    a = store(household(DESA_A, 11))
    record_b = household(DESA_B, 12)
    # Distinctive names, so the scope walk can look for them in any response.
    record_b["members"][0]["name"] = "Kartika Wulandari Sasmita"
    record_b["members"][1]["name"] = "Bagus Pramudya Sasmita"
    b = store(record_b)
    c = store(household(DESA_C, 13))
    specs = {
        "op_a": (Role.OPERATOR_DESA, DESA_A),
        "op_b": (Role.OPERATOR_DESA, DESA_B),
        "op_c": (Role.OPERATOR_DESA, DESA_C),
        "kab_3273": (Role.DINSOS_KABKOTA, "3273"),
        "kab_3204": (Role.DINSOS_KABKOTA, "3204"),
        "prov_32": (Role.DINSOS_PROVINSI, "32"),
        "pusat": (Role.KEMENSOS_PUSAT, None),
    }
    users = {
        name: user_create(username=name, password=PASSWORD, role=role, region_code=region)
        for name, (role, region) in specs.items()
    }
    users["admin"] = user_create(
        username="admin", password=PASSWORD, role="", region_code=None, is_superuser=True
    )
    users["norole"] = User.objects.create_user(username="norole", password=PASSWORD)
    return World(a=a, b=b, c=c, users=users)
