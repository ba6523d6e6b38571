from __future__ import annotations

from django.apps import AppConfig


class PenyaluranConfig(AppConfig):
    name = "jaring.penyaluran"
    label = "penyaluran"
    verbose_name = "Penyaluran"
