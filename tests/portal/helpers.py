"""Builders for the portal tests: real desa codes, families stored directly, decisions in force."""

from __future__ import annotations

from datetime import date
from typing import Any

from captcha.models import CaptchaStore
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.utils import timezone

from jaring.core.names import normalize_name
from jaring.portal import guard
from jaring.portal.counters import redis_client
from jaring.programs.models import CurrentRun, Decision, EligibilityRun
from jaring.registry.models import Anggota, Keluarga
from tests.factories import ensure_region, make_nik

# Real Kemendagri codes: Sukarasa and Gegerkalong (Kec. Sukasari, Kota Bandung).
DESA = "3273011001"
OTHER_DESA = "3273011002"
PERIOD = date(2025, 6, 1)


def family(
    region: str,
    serial: int,
    members: list[tuple[str, date, str]],
    *,
    channel: str = "KKS",
    bank: str = "BRI",
    dead: frozenset[int] = frozenset(),
) -> tuple[Keluarga, list[Anggota]]:
    """A family whose members are (name, birth date, sex); the first is the head."""
    ensure_region(region)
    keluarga = Keluarga.objects.create(
        kk=f"{region[:6]}150320{serial:04d}",
        region_id=region,
        desil=2,
        channel=channel,
        bank=bank if channel == "KKS" else "",
    )
    anggota = []
    for i, (name, birth, sex) in enumerate(members):
        anggota.append(
            Anggota.objects.create(
                keluarga=keluarga,
                nik=make_nik(region, birth, sex, serial * 10 + i + 1),
                name=name,
                name_normalized=normalize_name(name),
                sex=sex,
                birth_date=birth,
                relationship="kepala_keluarga" if i == 0 else "anak",
                schooling="tidak_sekolah",
                occupation="ibu_rumah_tangga",
                alive=i not in dead,
                position=i,
            )
        )
    return keluarga, anggota


def decide(
    keluarga: Keluarga, decisions: list[dict[str, Any]], *, period: date = PERIOD
) -> EligibilityRun:
    """Store decisions as the period's current run (as run-eligibility would)."""
    run = EligibilityRun.objects.create(period=period, status=EligibilityRun.Status.DONE)
    for values in decisions:
        Decision.objects.create(
            run=run,
            period=period,
            kk=keluarga.kk,
            region_code=keluarga.region_id,
            **values,
        )
    CurrentRun.objects.update_or_create(period=period, defaults={"run": run})
    return run


def answer_of(key: str) -> str:
    """What a person reads off the captcha's image (from whichever store issued it)."""
    issued = guard.captcha_issued(key)
    assert issued is not None, "no such captcha"
    return issued.response


def solved_captcha(client: Client) -> tuple[str, str]:
    """A fresh captcha from the API, answered the way a person reading the image would."""
    data = client.get("/api/v1/captcha/").json()
    return data["key"], answer_of(data["key"])


def captcha_in_redis() -> bool:
    return isinstance(caches["default"], RedisCache)


def expire_captcha(key: str) -> None:
    """Let the captcha's lifetime run out now (Redis: its TTL; the table: its expiration)."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        redis_client(cache).pexpire(guard._captcha_key(cache.key_prefix, key), 1)
        deadline = timezone.now().timestamp() + 2
        while guard.captcha_issued(key) is not None:
            assert timezone.now().timestamp() < deadline
    else:
        CaptchaStore.objects.filter(hashkey=key).update(expiration=timezone.now())


def lookup(client: Client, *, region: str, name: str, remote_addr: str = "127.0.0.1") -> Any:
    key, value = solved_captcha(client)
    payload = {"region": region, "name": name, "captcha_key": key, "captcha_value": value}
    return client.post(
        "/api/v1/cek-bansos/", payload, content_type="application/json", REMOTE_ADDR=remote_addr
    )
