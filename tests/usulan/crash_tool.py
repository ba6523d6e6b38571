"""Seed and inspect a database for the penetapan crash drill (used by tests and the benchmark).

    DATABASE_URL=… python -m tests.usulan.crash_tool seed N   → prints the batch id
    DATABASE_URL=… python -m tests.usulan.crash_tool state    → prints counts as JSON

`seed` writes N validated "keluarga baru" proposals (unique KKs and NIKs in real Kota Bandung
kecamatan) and one draft penetapan batch holding them all, directly in bulk: the drill measures
and breaks the decision, not the submission path.
"""

from __future__ import annotations

import copy
import os
import sys
from datetime import date, timedelta

import django


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    django.setup()


# One desa in each of eight Kota Bandung kecamatan: KK and NIK start with the kecamatan code.
DESA = [f"32730{k}1001" for k in range(1, 9)]


def _template() -> dict:
    from jaring.registry.records import household_record
    from jaring.registry.validation import parse_household
    from tests.registry.helpers import household

    data, errors = parse_household(household(DESA[0], 1))
    assert data is not None, errors
    return household_record(data)


def seed(count: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from jaring.usulan.models import PenetapanBatch, PenetapanItem, Usulan
    from tests.factories import ensure_region

    for code in DESA:
        ensure_region(code)
    template = _template()
    now = timezone.now()
    base_kk = date(2020, 3, 1)
    with transaction.atomic():
        batch = PenetapanBatch.objects.create(
            sk_number=f"SK-UJI/{count}/{now:%H%M%S%f}",
            program="PKH",
            period="2025-07",
            created_by="crash_tool",
        )
        for start in range(0, count, 5000):
            proposals = []
            for i in range(start, min(start + 5000, count)):
                desa = DESA[i % len(DESA)]
                serial = (i // len(DESA)) % 9000 + 1
                shift = i // (len(DESA) * 9000)
                record = copy.deepcopy(template)
                kk_day = base_kk + timedelta(days=shift)
                record["kk"] = f"{desa[:6]}{kk_day:%d%m%y}{serial:04d}"
                record["region"] = desa
                record["registry_status"] = "usulan"
                mother = date(1985, 4, 1) + timedelta(days=shift)
                child = date(2015, 7, 1) + timedelta(days=shift)
                record["members"][0]["nik"] = (
                    f"{desa[:6]}{mother.day + 40:02d}{mother:%m%y}{serial:04d}"
                )
                record["members"][0]["birth_date"] = mother.isoformat()
                record["members"][0]["name"] = f"Ibu Uji {i}"
                record["members"][1]["nik"] = f"{desa[:6]}{child:%d%m%y}{serial:04d}"
                record["members"][1]["birth_date"] = child.isoformat()
                record["members"][1]["name"] = f"Anak Uji {i}"
                proposals.append(
                    Usulan(
                        reference=f"USB-UJI-{i:07d}",
                        kind="baru",
                        program="PKH",
                        source="berkas",
                        region_code=desa,
                        kk=record["kk"],
                        subject_nik=record["members"][0]["nik"],
                        subject_name=record["members"][0]["name"],
                        reason="uji",
                        household=record,
                        status="tervalidasi",
                        step_entered_at=now,
                        contact_phone=f"0812{i:08d}",
                        batch=batch,
                    )
                )
            Usulan.objects.bulk_create(proposals, batch_size=2000)
            ids = Usulan.objects.filter(reference__in=[p.reference for p in proposals]).values_list(
                "pk", "region_code"
            )
            PenetapanItem.objects.bulk_create(
                [
                    PenetapanItem(batch=batch, usulan_id=pk, region_code=code, outcome="ditetapkan")
                    for pk, code in ids
                ],
                batch_size=5000,
            )
    return batch.pk


def state() -> dict:
    from jaring.core.models import AuditEvent
    from jaring.notify.models import OutboxMessage
    from jaring.registry.models import Anggota, Keluarga
    from jaring.usulan.models import PenetapanBatch, Usulan, UsulanStep

    batch = PenetapanBatch.objects.order_by("-pk").first()
    return {
        "keluarga": Keluarga.objects.count(),
        "anggota": Anggota.objects.count(),
        "ditetapkan": Usulan.objects.filter(status="ditetapkan").count(),
        "tervalidasi": Usulan.objects.filter(status="tervalidasi").count(),
        "steps": UsulanStep.objects.count(),
        "outbox": OutboxMessage.objects.count(),
        "audit": AuditEvent.objects.count(),
        "batch_status": batch.status if batch else None,
        "sk_pdf": bool(batch and batch.sk_pdf),
    }


if __name__ == "__main__":
    _setup()
    import orjson

    if sys.argv[1] == "seed":
        print(seed(int(sys.argv[2])))
    else:
        print(orjson.dumps(state()).decode())
