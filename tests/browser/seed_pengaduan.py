"""Staff of Dinas Sosial Kota Bandung, who answers the complaint filed in the browser test."""

from __future__ import annotations

STAFF_USERNAME = "dinsos.bandung"
STAFF_PASSWORD = "Uji-pengaduan-2025!"


def seed() -> None:
    from jaring.accounts.models import User
    from jaring.accounts.services import user_create

    if not User.objects.filter(username=STAFF_USERNAME).exists():
        user_create(
            username=STAFF_USERNAME,
            password=STAFF_PASSWORD,
            role="dinsos_kabkota",
            region_code="3273",
        )
