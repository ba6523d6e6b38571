from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jaring.portal"
    label = "portal"
    verbose_name = "Portal publik"
