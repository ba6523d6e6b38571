"""Public pages of the pengaduan app, mounted under /pengaduan/ (before the portal)."""

from __future__ import annotations

from django.urls import path

from jaring.pengaduan import public_views

app_name = "pengaduan_publik"
urlpatterns = [
    path("", public_views.complaint_new, name="new"),
    path("lacak/", public_views.track, name="track"),
    path("lacak/<str:reference>/", public_views.track_detail, name="track-detail"),
    path("saya/", public_views.mine, name="mine"),
]
