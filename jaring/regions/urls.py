from __future__ import annotations

from django.urls import path

from jaring.regions import views

urlpatterns = [
    path("wilayah/pilih/", views.region_picker, name="region-picker"),
]
