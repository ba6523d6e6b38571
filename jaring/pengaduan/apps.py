from __future__ import annotations

from django.apps import AppConfig


class PengaduanConfig(AppConfig):
    name = "jaring.pengaduan"
    label = "pengaduan"
    verbose_name = "Pengaduan"
