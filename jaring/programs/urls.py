"""Staff pages of programs and eligibility decisions (included under /staf/)."""

from __future__ import annotations

from django.urls import path

from jaring.programs import views

app_name = "programs"

urlpatterns = [
    path("program/", views.program_list, name="program-list"),
    path("keputusan/", views.decision_index, name="decision-index"),
    path("keputusan/run/", views.run_list, name="run-list"),
    path(
        "keputusan/keluarga/<int:keluarga_id>/",
        views.family_explanation,
        name="family-explanation",
    ),
]
