from __future__ import annotations

from django.apps import AppConfig


class PengaduanConfig(AppConfig):
    name = "jaring.pengaduan"
    label = "pengaduan"
    verbose_name = "Pengaduan"

    def ready(self) -> None:
        from jaring.web.nav import NavItem, register_nav

        register_nav(NavItem("Pengaduan", "pengaduan:inbox", order=40))
        register_nav(NavItem("Statistik pengaduan", "pengaduan:stats", order=41))
