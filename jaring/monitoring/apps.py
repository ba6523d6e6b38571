from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "jaring.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring dan evaluasi"

    def ready(self) -> None:
        from jaring.web.nav import NavItem, register_nav

        register_nav(NavItem("Monitoring", "monitoring:dashboard", order=60))
