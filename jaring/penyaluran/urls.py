"""Staff pages of the penyaluran app, mounted under /staf/penyaluran/."""

from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "penyaluran"
urlpatterns: list = []
