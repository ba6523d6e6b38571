"""A desa operator of Sukarasa (Kota Bandung) with two proposals waiting for the musyawarah."""

from __future__ import annotations

OPERATOR_USERNAME = "op.usulan.sukarasa"
OPERATOR_PASSWORD = "Uji-usulan-2025!"
DESA = "3273011001"


def seed() -> None:
    from jaring.accounts.models import User
    from jaring.accounts.services import user_create
    from jaring.core.scope import AccessScope
    from jaring.usulan.services import usulan_submit
    from tests.registry.helpers import household

    if User.objects.filter(username=OPERATOR_USERNAME).exists():
        return
    user = user_create(
        username=OPERATOR_USERNAME,
        password=OPERATOR_PASSWORD,
        role="operator_desa",
        region_code=DESA,
    )
    scope = AccessScope.for_user(user)
    for serial in (4701, 4702):  # member serials stay 4 digits (2 × serial + 2)
        usulan_submit(
            scope=scope,
            kind="baru",
            source="operator",
            reason="Diusulkan RT 03 RW 05: kepala keluarga buruh harian, rumah semi permanen.",
            household=household(DESA, serial),
            program="PKH",
        )
