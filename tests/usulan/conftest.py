"""Fixtures of the usulan tests: the staff world of tests/web (desa A, B in Kota Bandung, desa C in
Kab. Bandung, a user of every role) plus builders of proposals and their documents."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from jaring.core.scope import AccessScope
from jaring.usulan.models import Usulan
from jaring.usulan.services import usulan_document_add, usulan_submit
from tests.registry.helpers import household
from tests.web.conftest import DESA_A, DESA_B, DESA_C, World, build_world

__all__ = ["DESA_A", "DESA_B", "DESA_C", "World"]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def scope_of(world: World, name: str) -> AccessScope:
    return AccessScope.for_user(world.users[name])


def new_family(region: str, serial: int, **extra: Any) -> dict[str, Any]:
    return household(region, serial, **extra)


def submit_new(world: World, region: str = DESA_A, serial: int = 501, **extra: Any) -> Usulan:
    operator = {DESA_A: "op_a", DESA_B: "op_b", DESA_C: "op_c"}[region]
    return usulan_submit(
        scope=scope_of(world, operator),
        kind="baru",
        source="operator",
        reason="Keluarga miskin belum terdaftar, diusulkan RT 03.",
        household=new_family(region, serial),
        program=extra.pop("program", "PKH"),
        contact_phone=extra.pop("contact_phone", "081234567890"),
        **extra,
    )


def attach(world: World, usulan: Usulan, operator: str, *doc_types: str) -> None:
    for doc_type in doc_types:
        usulan_document_add(
            scope=scope_of(world, operator),
            usulan_id=usulan.pk,
            doc_type=doc_type,
            content=ContentFile(PDF, name=f"{doc_type}.pdf"),
            name=f"{doc_type}.pdf",
        )
