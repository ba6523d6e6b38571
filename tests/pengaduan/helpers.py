"""Builders for the complaint tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from jaring.accounts.models import Role, User
from jaring.accounts.services import user_create
from jaring.core.scope import AccessScope
from jaring.pengaduan.access import Desk, desk_for
from jaring.pengaduan.escalation import investigator_grant
from jaring.pengaduan.models import Complaint
from jaring.pengaduan.services import ComplaintInput, ReporterInput, complaint_submit
from jaring.registry.models import Keluarga
from tests.portal.helpers import family

# Real codes: desa A and B in Kota Bandung (3273), desa C in Kab. Bandung (3204), desa J in
# Jakarta Selatan (3174, DKI: the province handles).
DESA_A = "3273011001"
DESA_B = "3273301002"
DESA_C = "3204052001"
DESA_J = "3174011001"
PASSWORD = "uji-kata-sandi-123"
DESCRIPTION = "Bantuan PKH tahap ini dipotong Rp100.000 oleh oknum saat pencairan di balai desa."


@dataclass
class World:
    users: dict[str, User]
    families: dict[str, Keluarga] = field(default_factory=dict)

    def desk(self, name: str) -> Desk:
        return desk_for(self.users[name])

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.users[name])
        return client


def build_world() -> World:
    specs = {
        "op_a": (Role.OPERATOR_DESA, DESA_A),
        "op_a2": (Role.OPERATOR_DESA, DESA_A),
        "op_b": (Role.OPERATOR_DESA, DESA_B),
        "op_c": (Role.OPERATOR_DESA, DESA_C),
        "kab_3273": (Role.DINSOS_KABKOTA, "3273"),
        "kab_3273b": (Role.DINSOS_KABKOTA, "3273"),
        "kab_3204": (Role.DINSOS_KABKOTA, "3204"),
        "prov_32": (Role.DINSOS_PROVINSI, "32"),
        "prov_31": (Role.DINSOS_PROVINSI, "31"),
        "pusat": (Role.KEMENSOS_PUSAT, None),
    }
    users = {
        name: user_create(username=name, password=PASSWORD, role=role, region_code=region)
        for name, (role, region) in specs.items()
    }
    system = AccessScope.system("test")
    for name, prefix in (
        ("insp_3273", "3273"),
        ("insp_3204", "3204"),
        ("insp_32", "32"),
        ("itjen", ""),
    ):
        users[name] = User.objects.create_user(username=name, password=PASSWORD)
        investigator_grant(scope=system, user=users[name], region_prefix=prefix)
    users["warga"] = User.objects.create_user(username="warga@example.id", password=PASSWORD)
    world = World(users=users)
    for key, desa, serial in (("a", DESA_A, 101), ("b", DESA_B, 102), ("c", DESA_C, 103)):
        world.families[key], _ = family(desa, serial, [("Sutrisno Wibowo", _birth(), "L")])
    return world


def _birth() -> Any:
    from datetime import date

    return date(1980, 1, 2)


def submit(
    *,
    category: str = "pemotongan",
    region: str = DESA_A,
    reported_office: str = "",
    email: str = "pelapor@example.id",
    phone: str = "081234567890",
    anonymous: bool = False,
    evidence: list[Any] | None = None,
    description: str = DESCRIPTION,
    **extra: Any,
) -> Complaint:
    reporter = (
        None if anonymous else ReporterInput(name="Rahasia Pelapor", email=email, phone=phone)
    )
    return complaint_submit(
        data=ComplaintInput(
            category=category,
            region_code=region,
            description=description,
            reported_office=reported_office,
            **extra,
        ),
        reporter=reporter,
        evidence=evidence or [],
    )
