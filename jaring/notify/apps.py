from __future__ import annotations

from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "jaring.notify"
    label = "notify"
    verbose_name = "Kotak keluar notifikasi"
