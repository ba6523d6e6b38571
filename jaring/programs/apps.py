from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "jaring.programs"
    label = "programs"

    def ready(self) -> None:
        from jaring.web.nav import NavItem, register_nav

        register_nav(NavItem("Program", "programs:program-list", order=30))
        register_nav(NavItem("Keputusan", "programs:decision-index", order=31))
        register_nav(NavItem("Penilaian", "programs:run-list", order=32))
