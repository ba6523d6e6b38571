"""The JSON API and the `jaring pengaduan` command."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from jaring.core.models import AuditEvent
from jaring.pengaduan import services
from jaring.pengaduan.models import Complaint, Investigator
from tests.pengaduan.helpers import DESA_C, World, submit

pytestmark = pytest.mark.django_db


def test_public_categories(db: None) -> None:
    data = Client().get("/api/v1/pengaduan/kategori/").json()
    assert {
        "code": "pungli",
        "label": "Pungutan liar (pungli), diminta membayar",
        "sla_days": 14,
    } in data


def test_public_tracking_returns_only_status_and_replies(world: World) -> None:
    complaint = submit()
    desk = world.desk("kab_3273")
    services.complaint_note(desk=desk, complaint_id=complaint.pk, body="RAHASIA-INTERNAL")
    services.complaint_reply(desk=desk, complaint_id=complaint.pk, body="Balasan umum")
    response = Client().get(f"/api/v1/pengaduan/lacak/{complaint.reference}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "reference",
        "category",
        "status",
        "status_label",
        "filed_on",
        "office",
        "due_on",
        "entries",
    }
    assert [e["title"] for e in data["entries"]] == ["Status: Diterima", "Balasan petugas"]
    text = response.content.decode()
    assert "RAHASIA-INTERNAL" not in text and "Rahasia Pelapor" not in text
    assert Client().get("/api/v1/pengaduan/lacak/ADU-22222-22222-2/").status_code == 404


def test_statistics_api_is_scoped(world: World) -> None:
    submit()
    submit(region=DESA_C)
    assert Client().get("/api/v1/pengaduan/statistik/").status_code == 401
    rows = world.client("kab_3204").get("/api/v1/pengaduan/statistik/").json()
    assert [(r["region_code"], r["total"]) for r in rows] == [("3204", 1)]
    rows = world.client("pusat").get("/api/v1/pengaduan/statistik/?tingkat=provinsi").json()
    assert [(r["region_code"], r["total"]) for r in rows] == [("32", 2)]
    assert world.client("pusat").get("/api/v1/pengaduan/statistik/?tingkat=x").status_code == 400


def test_command_escalates_and_grants(world: World) -> None:
    complaint = submit(category="data_salah")
    Complaint.objects.filter(pk=complaint.pk).update(due_at=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    call_command("pengaduan", "eskalasi", stdout=out)
    assert json.loads(out.getvalue()) == {"escalated": 1}
    assert Complaint.objects.get(pk=complaint.pk).office_kind == "dinsos_kabkota"
    call_command("pengaduan", "inspektorat", "op_c", "--wilayah", "3204", stdout=io.StringIO())
    assert Investigator.objects.get(user=world.users["op_c"]).region_prefix == "3204"
    call_command("pengaduan", "inspektorat", "op_c", "--cabut", stdout=io.StringIO())
    assert not Investigator.objects.get(user=world.users["op_c"]).is_active
    assert AuditEvent.objects.filter(action__startswith="pengaduan.investigator_").count() >= 2
    with pytest.raises(CommandError):
        call_command(
            "pengaduan", "inspektorat", "op_c", "--wilayah", "327301", stdout=io.StringIO()
        )
    with pytest.raises(CommandError):
        call_command("pengaduan", "inspektorat", "tidak-ada", stdout=io.StringIO())
    out = io.StringIO()
    call_command("pengaduan", "statistik", stdout=out)
    assert json.loads(out.getvalue())[-1]["total"] == 1
