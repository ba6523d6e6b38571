"""Staff pages of programs and decisions: content, scope (a desa operator sees only its desa),
the explanation page's reasons, and starting a run from the page."""

from __future__ import annotations

import pytest
from django.test import Client

from jaring.accounts.models import Role, User
from jaring.accounts.services import user_create
from jaring.core.scope import AccessScope
from jaring.programs.models import EligibilityRun
from jaring.programs.services import eligibility_run
from jaring.registry.models import Keluarga
from tests.programs.helpers import DESA_A, DESA_C

PASSWORD = "uji-kata-sandi-123"


def client_for(role: str, region: str | None, name: str) -> Client:
    user: User = user_create(username=name, password=PASSWORD, role=role, region_code=region)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def decided(small_registry: dict[str, Keluarga]) -> dict[str, Keluarga]:
    eligibility_run(scope=AccessScope.system("test"), period="2025-06")
    return small_registry


@pytest.mark.django_db
def test_program_page_shows_rules_in_bahasa(small_registry: dict[str, Keluarga]) -> None:
    client = client_for(Role.DINSOS_KABKOTA, "3273", "kab")
    page = client.get("/staf/program/?period=2025-06").content.decode()
    assert "PKH" in page and "BPNT" in page
    assert "Rp3.000.000" in page  # ibu hamil / anak usia dini per year
    assert "BST" not in page  # not in force in 2025
    assert client.get("/staf/program/?period=juni").status_code == 404


@pytest.mark.django_db
def test_desa_operator_sees_only_its_desa(decided: dict[str, Keluarga]) -> None:
    op_a = client_for(Role.OPERATOR_DESA, DESA_A, "op_a")
    page = op_a.get("/staf/keputusan/?period=2025-06&program=PKH").content.decode()
    poor_a, rich, baby = decided["poor_a"], decided["rich"], decided["baby"]
    assert poor_a.kk[:4] + "••" in page
    assert f"/staf/keputusan/keluarga/{poor_a.pk}/" in page
    assert f"/staf/keputusan/keluarga/{rich.pk}/" in page
    assert f"/staf/keputusan/keluarga/{baby.pk}/" not in page
    assert poor_a.kk not in page  # masked
    assert "1 / 2" in page  # PKH eligible / assessed in desa A
    # Asking for another desa or the whole country is 404 / narrowed to the desa.
    assert op_a.get(f"/staf/keputusan/?period=2025-06&region={DESA_C}").status_code == 404
    wide = op_a.get("/staf/keputusan/?period=2025-06&region=32").content.decode()
    assert f"/staf/keputusan/keluarga/{baby.pk}/" not in wide
    assert op_a.get(f"/staf/keputusan/keluarga/{baby.pk}/?period=2025-06").status_code == 404


@pytest.mark.django_db
def test_national_drill_down_counts(decided: dict[str, Keluarga]) -> None:
    pusat = client_for(Role.KEMENSOS_PUSAT, None, "pusat")
    page = pusat.get("/staf/keputusan/?period=2025-06&program=PKH").content.decode()
    assert "?period=2025-06&program=PKH&region=32" in page
    assert "3 / 4" in page  # PKH eligible / assessed in the country
    kota = pusat.get("/staf/keputusan/?period=2025-06&program=BPNT&region=3273").content.decode()
    assert "region=327301" in kota and "region=327302" in kota
    assert "Rp1.800.000" in kota  # BPNT per tahap for the three eligible families


@pytest.mark.django_db
def test_explanation_page_shows_conditions_and_reasons(decided: dict[str, Keluarga]) -> None:
    op_a = client_for(Role.OPERATOR_DESA, DESA_A, "op_a")
    rich = op_a.get(f"/staf/keputusan/keluarga/{decided['rich'].pk}/?period=2025-06")
    assert rich.status_code == 200
    text = rich.content.decode()
    assert "Tidak layak" in text and "desil" in text.lower()
    assert "Tidak terpenuhi" in text
    assert "Sama dengan penilaian saat ini" in text
    # Data changed since the run: the page says the stored decision differs.
    Keluarga.objects.filter(pk=decided["poor_a"].pk).update(desil=9)
    changed = op_a.get(f"/staf/keputusan/keluarga/{decided['poor_a'].pk}/?period=2025-06")
    assert "Berbeda dengan penilaian saat ini" in changed.content.decode()


@pytest.mark.django_db(transaction=True)
def test_start_run_from_page(small_registry: dict[str, Keluarga], settings: object) -> None:
    settings.JARING_RUN_LAUNCHER = "thread"  # type: ignore[attr-defined]
    op_a = client_for(Role.OPERATOR_DESA, DESA_A, "op_a")
    refused = op_a.post("/staf/keputusan/run/", {"period": "2025-06"}, follow=True)
    assert "Hanya Kemensos pusat" in refused.content.decode()
    assert not EligibilityRun.objects.exists()

    pusat = client_for(Role.KEMENSOS_PUSAT, None, "pusat")
    response = pusat.post("/staf/keputusan/run/", {"period": "2025-06"}, follow=True)
    assert "dimulai" in response.content.decode()
    import threading

    for thread in threading.enumerate():
        if thread.name.startswith("eligibility-run-"):
            thread.join(timeout=120)
    run = EligibilityRun.objects.get()
    assert run.status == EligibilityRun.Status.DONE, run.error
    table = pusat.get("/staf/keputusan/run/", headers={"HX-Request": "true"}).content.decode()
    assert 'id="runs"' in table and "Selesai" in table and "<html" not in table
    assert "hx-trigger" not in table  # nothing running: polling stops
