from __future__ import annotations

from django.apps import AppConfig


class UsulanConfig(AppConfig):
    name = "jaring.usulan"
    label = "usulan"
    verbose_name = "Usulan dan penetapan"

    def ready(self) -> None:
        from jaring.web.nav import NavItem, register_nav

        register_nav(NavItem("Usulan", "usulan:queue", order=20))
        register_nav(
            NavItem(
                "Penetapan",
                "usulan:batches",
                order=21,
                roles=frozenset({"kemensos_pusat", "dinsos_provinsi", "dinsos_kabkota"}),
            )
        )
        register_nav(
            NavItem("Kemnaker", "usulan:kemnaker", order=22, roles=frozenset({"kemensos_pusat"}))
        )
