"""Staff pages of the pengaduan app, mounted under /staf/pengaduan/."""

from __future__ import annotations

from django.urls import path

from jaring.pengaduan import views

app_name = "pengaduan"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("statistik/", views.stats_page, name="stats"),
    path("statistik.xlsx", views.stats_xlsx, name="stats-xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.set_status, name="status"),
    path("<int:pk>/balas/", views.reply, name="reply"),
    path("<int:pk>/catatan/", views.note, name="note"),
    path("<int:pk>/tugaskan/", views.assign, name="assign"),
    path("<int:pk>/tautan/", views.link, name="link"),
    path("<int:pk>/pelapor/", views.reporter, name="reporter"),
    path("<int:pk>/bukti/<int:evidence_pk>/", views.evidence, name="evidence"),
]
