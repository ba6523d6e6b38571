"""Staff pages of the pengaduan app, mounted under /staf/pengaduan/."""

from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "pengaduan"
urlpatterns: list = []
