from __future__ import annotations

from django.apps import AppConfig


class PenyaluranConfig(AppConfig):
    name = "jaring.penyaluran"
    label = "penyaluran"
    verbose_name = "Penyaluran"

    def ready(self) -> None:
        from jaring.penyaluran.selectors import payment_statuses_for_portal
        from jaring.portal.status import register_payment_status_source
        from jaring.web.nav import NavItem, register_nav

        register_payment_status_source(payment_statuses_for_portal)
        register_nav(NavItem("Penyaluran", "penyaluran:index", order=40))
