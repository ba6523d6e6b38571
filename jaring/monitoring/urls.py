"""Staff pages of the monitoring app, mounted under /staf/monitoring/."""

from __future__ import annotations

from django.urls import path

from jaring.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("laporan.pdf", views.report_pdf_view, name="report-pdf"),
    path("laporan.xlsx", views.report_xlsx_view, name="report-xlsx"),
    path("perbarui/", views.refresh, name="refresh"),
]
