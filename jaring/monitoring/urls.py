"""Staff pages of the monitoring app, mounted under /staf/monitoring/."""

from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "monitoring"
urlpatterns: list = []
