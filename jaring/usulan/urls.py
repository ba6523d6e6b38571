"""Staff pages of the usulan app, mounted under /staf/usulan/."""

from __future__ import annotations

from django.urls import path

from jaring.usulan import penetapan_views, views

app_name = "usulan"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("massal/", views.bulk_action, name="bulk"),
    path("semua/", views.usulan_index, name="list"),
    path("unggah/", views.usulan_upload, name="upload"),
    path("baru/<str:kind>/", views.usulan_new, name="new"),
    path("<int:usulan_id>/", views.usulan_detail, name="detail"),
    path("<int:usulan_id>/tindakan/", views.usulan_act, name="act"),
    path("<int:usulan_id>/dokumen/", views.usulan_document, name="document"),
    path(
        "<int:usulan_id>/dokumen/<int:document_id>/",
        views.usulan_document_file,
        name="document-file",
    ),
    path("<int:usulan_id>/data-keluarga/", views.usulan_household, name="household"),
    path("penetapan/", penetapan_views.batches, name="batches"),
    path("penetapan/<int:batch_id>/", penetapan_views.batch_detail, name="batch"),
    path(
        "penetapan/<int:batch_id>/usulan/<int:usulan_id>/",
        penetapan_views.batch_item,
        name="batch-item",
    ),
    path("penetapan/<int:batch_id>/tetapkan/", penetapan_views.batch_apply, name="batch-apply"),
    path("penetapan/<int:batch_id>/sk.pdf", penetapan_views.batch_sk, name="batch-sk"),
    path("kemnaker/", penetapan_views.kemnaker, name="kemnaker"),
]
