"""Every usulan URL (staff pages and API), walked by staff of one region with the ids and
references of another region's proposals, documents and batches: nothing leaks, nothing changes.
The project-wide walk (tests/test_scope_walk.py) has no proposals in its world; this one has."""

from __future__ import annotations

import itertools
import re

import orjson
import pytest
from django.urls import get_resolver

from jaring.core.models import AuditEvent
from jaring.usulan.models import PenetapanBatch, Usulan, UsulanStep
from jaring.usulan.penetapan import penetapan_batch_create
from tests.usulan.conftest import DESA_B, World, attach, scope_of, submit_new

pytestmark = pytest.mark.django_db
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _routes() -> list[str]:
    routes = []
    for pattern in get_resolver("jaring.usulan.urls").url_patterns:
        routes.append("/staf/usulan/" + str(pattern.pattern))
    return routes


def _fill(route: str, values: dict[str, list[str]]) -> list[str]:
    names = [m["name"] for m in PARAM.finditer(route)]
    choices = [values.get(name, values["any"]) for name in names]
    out = []
    for combo in itertools.product(*choices):
        it = iter(combo)
        out.append(PARAM.sub(lambda _m, v=it: next(v), route))
    return out or [route]


def _state() -> tuple:
    return (
        list(Usulan.objects.order_by("pk").values_list("pk", "status", "kk", "household")),
        UsulanStep.objects.count(),
        list(PenetapanBatch.objects.values_list("pk", "status")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("attacker", ["op_a", "op_c", "kab_3204"])
def test_no_usulan_url_shows_or_changes_another_regions_proposals(
    world: World, attacker: str
) -> None:
    victim = submit_new(world, DESA_B, 990)
    victim.subject_name = "Kartika Wulandari Sasmita"
    attach(world, victim, "op_b", "ktp")
    Usulan.objects.filter(pk=victim.pk).update(status="tervalidasi")
    batch = penetapan_batch_create(
        scope=scope_of(world, "pusat"), program="PKH", period="2025-07", region_prefix=DESA_B
    )
    document = victim.documents.get()
    secrets_ = [victim.kk, victim.reference, victim.household["members"][0]["nik"]]
    values = {
        "usulan_id": [str(victim.pk)],
        "document_id": [str(document.pk)],
        "batch_id": [str(batch.pk)],
        "kind": ["baru"],
        "any": [str(victim.pk)],
    }
    client = world.client(attacker)
    before = _state()
    for route in _routes():
        for url in _fill(route, values):
            for method in ("get", "post"):
                response = getattr(client, method)(
                    url,
                    {
                        "action": "musdes_terima",
                        "note": "x",
                        "ids": [victim.pk],
                        "outcome": "ditolak",
                    }
                    if method == "post"
                    else {},
                )
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                text = body.decode(errors="ignore")
                for secret in secrets_:
                    assert secret not in text, (attacker, method, url)
    api = [f"/api/v1/usulan/{victim.reference}/", "/api/v1/usulan/", "/api/v1/usulan/antrean/"]
    for url in api:
        text = client.get(url).content.decode()
        assert all(s not in text for s in secrets_), url
    response = client.post(
        f"/api/v1/usulan/{victim.reference}/tindakan/",
        orjson.dumps({"action": "musdes_terima", "note": "x"}),
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert _state() == before


def test_api_lists_and_moves_within_scope(world: World) -> None:
    usulan = submit_new(world)
    client = world.client("op_a")
    listed = client.get("/api/v1/usulan/").json()
    assert [u["reference"] for u in listed] == [usulan.reference]
    assert listed[0]["kk_masked"] != usulan.kk and "••" in listed[0]["kk_masked"]
    detail = client.get(f"/api/v1/usulan/{usulan.reference}/").json()
    assert detail["steps"][0]["action"] == "ajukan"
    queue = {r["status"]: r for r in client.get("/api/v1/usulan/antrean/").json()}
    assert queue["diajukan"]["count"] == 1
    client.handler.enforce_csrf_checks = False
    refused = client.post(
        f"/api/v1/usulan/{usulan.reference}/tindakan/",
        {"action": "validasi_setuju"},
        content_type="application/json",
    )
    assert refused.status_code == 409 and "tidak dapat dilakukan" in refused.json()["detail"]
    moved = client.post(
        f"/api/v1/usulan/{usulan.reference}/tindakan/",
        {"action": "musdes_terima", "note": "Notulen musdes"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "verifikasi_desa"
    assert world.client("norole").get("/api/v1/usulan/").status_code == 403
