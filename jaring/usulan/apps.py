from __future__ import annotations

from django.apps import AppConfig


class UsulanConfig(AppConfig):
    name = "jaring.usulan"
    label = "usulan"
    verbose_name = "Usulan dan penetapan"
