from __future__ import annotations

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "jaring.matching"
    label = "matching"
    verbose_name = "Kualitas data"
