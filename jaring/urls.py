"""URL wiring only; each app owns its own urls module."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from jaring.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staf/", include("jaring.programs.urls")),
    path("staf/usulan/", include("jaring.usulan.urls")),
    path("staf/penyaluran/", include("jaring.penyaluran.urls")),
    path("staf/pengaduan/", include("jaring.pengaduan.urls")),
    path("staf/kualitas-data/", include("jaring.matching.urls")),
    path("staf/monitoring/", include("jaring.monitoring.urls")),
    path("pengaduan/", include("jaring.pengaduan.public_urls")),
    path("", include("jaring.usulan.public_urls")),
    path("transparansi/", include("jaring.monitoring.public_urls")),
    path("", include("jaring.portal.urls")),
    path("", include("jaring.regions.urls")),
    path("", include("jaring.web.urls")),
]
