"""Staff pages of the matching app, mounted under /staf/kualitas-data/."""

from __future__ import annotations

from django.urls import path

from jaring.matching import views, views_more

app_name = "matching"
urlpatterns = [
    path("", views.index, name="index"),
    path("proses/", views.job_table, name="jobs"),
    path("proses/jalankan/", views.job_run, name="job-run"),
    path("antrean/", views.queue, name="queue"),
    path("pasangan/<int:pair_id>/", views.pair_detail, name="pair"),
    path("penggabungan/<int:merge_id>/batalkan/", views.merge_undo, name="merge-undo"),
    path("perubahan/", views_more.actions, name="actions"),
    path("dukcapil/", views_more.dukcapil, name="dukcapil"),
    path("tumpang-tindih/", views_more.overlap, name="overlap"),
    path("penerima-meninggal/", views_more.dead, name="dead"),
    path("unduh.xlsx", views_more.export, name="export"),
]
