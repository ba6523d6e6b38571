"""`jaring setup`: make a database ready to serve. Idempotent and quick when nothing changed.

Steps: migrate, the database cache table, the region tree, the default policy (when the
programs app offers a loader), and the collected static files.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def _policy_loader() -> Callable[..., Any] | None:
    """The programs app's default-policy loader, if it has one (policy may also be read
    straight from the files in policy/, in which case there is nothing to load)."""
    for module_name, name in (
        ("jaring.programs.services", "policy_load_default"),
        ("jaring.programs.policy", "load_default_policy"),
        ("jaring.programs.policy", "policy_load_default"),
        # Policy read straight from policy/ files: loading it once checks the files parse.
        ("jaring.programs.policy", "current_policy"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        loader = getattr(module, name, None)
        if callable(loader):
            return loader
    return None


def _region_data_digest() -> str:
    """Fingerprint of the shipped region files: a second setup skips an unchanged tree."""
    import hashlib

    import jaring.regions

    digest = hashlib.sha256()
    data = Path(jaring.regions.__file__).parent / "data"
    for path in sorted(data.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _load_regions_if_changed() -> int:
    from django.core.cache import cache

    from jaring.regions.loader import load_regions
    from jaring.regions.models import Region

    # The cache is the database cache, so the marker lives in the same database as the tree.
    digest = _region_data_digest()
    if cache.get(REGIONS_MARKER) == digest and Region.objects.exists():
        return 0
    loaded = load_regions()
    cache.set(REGIONS_MARKER, digest, timeout=None)
    return loaded


REGIONS_MARKER = "jaring:setup:regions-digest"


class Command(BaseCommand):
    help = "Menyiapkan basis data: migrasi, tabel cache, pohon wilayah, kebijakan, berkas statis."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-static", action="store_true", help="lewati collectstatic")

    def step(self, label: str, action: Callable[[], Any]) -> Any:
        started = time.monotonic()
        self.stdout.write(f"• {label} … ", ending="")
        self.stdout.flush()
        result = action()
        self.stdout.write(f"selesai ({time.monotonic() - started:.1f} dtk)")
        return result

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = {"verbosity": 0, "interactive": False}
        self.step("Migrasi basis data", lambda: call_command("migrate", **quiet))
        self.step("Tabel cache", lambda: call_command("createcachetable", verbosity=0))
        loaded = self.step("Pohon wilayah", _load_regions_if_changed)
        self.stdout.write(f"  {loaded} wilayah dimuat" if loaded else "  tidak berubah")
        loader = _policy_loader()
        if loader is not None:
            self.step("Kebijakan bawaan", loader)
        if not options["no_static"]:
            self.step("Berkas statis", lambda: call_command("collectstatic", **quiet, clear=False))
        self.stdout.write(
            self.style.SUCCESS(f"Siap. Basis data: {settings.DATABASES['default']['NAME']}")
        )
