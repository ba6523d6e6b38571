from __future__ import annotations

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "jaring.matching"
    label = "matching"
    verbose_name = "Kualitas data"

    def ready(self) -> None:
        from jaring.web.nav import NavItem, register_nav

        register_nav(NavItem("Kualitas data", "matching:index", order=40))
        register_nav(NavItem("Antrean duplikat", "matching:queue", order=41))

        from jaring.matching.services import proposals_decided
        from jaring.usulan.decisions import register_decision_listener

        # Deaths and moves sent as proposals learn the outcome in penetapan's transaction.
        register_decision_listener(proposals_decided)
