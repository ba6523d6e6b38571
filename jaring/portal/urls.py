from __future__ import annotations

from django.urls import include, path

from jaring.portal import info_views, views

# Page names used across the project: "cek-bansos" (no namespace, CONTRACTS.md page).
urlpatterns = [
    path("cek-bansos/", views.cek_bansos, name="cek-bansos"),
    path("captcha/", include("captcha.urls")),
    path(
        "informasi/",
        include(
            (
                [
                    path("program/", info_views.programs, name="programs"),
                    path("program/<str:code>/", info_views.program, name="program"),
                    path("jadwal/", info_views.schedule, name="schedule"),
                    path("pengumuman/", info_views.announcements, name="announcements"),
                    path("pengumuman/<int:pk>/", info_views.announcement, name="announcement"),
                    path("tanya-jawab/", info_views.faq, name="faq"),
                    path("kontak/", info_views.contacts, name="contacts"),
                    path("cari/", info_views.search, name="search"),
                ],
                "portal",
            )
        ),
    ),
]
