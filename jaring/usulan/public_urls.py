"""Public (citizen) pages of the usulan app: repair of a returned proposal, Kemnaker programs."""

from __future__ import annotations

from django.urls import path

from jaring.portal import request_views
from jaring.usulan import public_views

app_name = "usulan_publik"
urlpatterns = [
    path("warga/usulan/<str:reference>/perbaiki/", request_views.request_repair, name="repair"),
    path("warga/kemnaker/", public_views.kemnaker_apply_view, name="kemnaker"),
    path("warga/kemnaker/<str:reference>/", public_views.kemnaker_status, name="kemnaker-status"),
]
