"""Public transparency URLs, mounted at /transparansi/ by jaring/urls.py."""

from __future__ import annotations

from django.urls import path

from jaring.monitoring import public_views

app_name = "transparansi"
urlpatterns = [
    path("", public_views.transparency, name="page"),
    path("data.csv", public_views.transparency_csv, name="csv"),
]
