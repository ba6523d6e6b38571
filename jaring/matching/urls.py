"""Staff pages of the matching app, mounted under /staf/matching/."""

from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "matching"
urlpatterns: list = []
