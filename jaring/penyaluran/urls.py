"""Staff pages of the penyaluran app, mounted under /staf/penyaluran/."""

from __future__ import annotations

from django.urls import path

from jaring.penyaluran import views, views_reports

app_name = "penyaluran"
urlpatterns = [
    path("", views.index, name="index"),
    path("tahap/buat/", views.tahap_create, name="tahap-create"),
    path("batch/buat/", views.batch_create, name="batch-create"),
    path("batch/<int:batch_id>/", views.batch_detail, name="batch"),
    path("batch/<int:batch_id>/kirim-si/", views.si_send, name="si-send"),
    path("batch/<int:batch_id>/jawaban/", views.response_upload, name="response-upload"),
    path("berkas-si/<int:file_id>/", views.si_download, name="si-download"),
    path("buka-rekening/<str:bank>/", views.account_opening_download, name="account-opening"),
    path("impor/<int:import_id>/", views.import_detail, name="import"),
    path("unggahan/<int:job_id>/", views.upload_detail, name="upload"),
    path("pembayaran/", views.payment_list, name="payments"),
    path("pembayaran/<str:reference>/", views.payment_detail, name="payment"),
    path("pembayaran/<str:reference>/terbit-ulang/", views.payment_reissue, name="reissue"),
    path("rekonsiliasi/", views_reports.reconciliation, name="reconciliation"),
    path("rekonsiliasi/unduh/", views_reports.reconciliation_download, name="reconciliation-xlsx"),
    path("kks/", views_reports.cards, name="cards"),
    path("kks/<int:card_id>/blokir/", views_reports.card_block, name="card-block"),
    path("kks/<int:card_id>/ganti/", views_reports.card_replace, name="card-replace"),
]
