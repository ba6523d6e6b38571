"""Staff pages of the usulan app, mounted under /staf/usulan/."""

from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "usulan"
urlpatterns: list = []
