from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from jaring.web import keluarga_views, staff_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("staf/", staff_views.staff_home, name="staff-home"),
    path("staf/registri/", staff_views.registry, name="staff-registry"),
    path("staf/registri/<str:code>/", staff_views.registry_region, name="staff-registry-region"),
    path(
        "staf/registri/<str:code>/unduh/",
        staff_views.registry_export,
        name="staff-registry-export",
    ),
    path("staf/cari/", staff_views.search, name="staff-search"),
    path("staf/keluarga/tambah/", keluarga_views.keluarga_add, name="staff-keluarga-add"),
    path("staf/keluarga/<int:keluarga_id>/", keluarga_views.keluarga_detail, name="staff-keluarga"),
    path(
        "staf/keluarga/<int:keluarga_id>/ubah/",
        keluarga_views.keluarga_edit,
        name="staff-keluarga-edit",
    ),
    path(
        "staf/keluarga/<int:keluarga_id>/anggota/<int:anggota_id>/ubah/",
        keluarga_views.anggota_edit,
        name="staff-anggota-edit",
    ),
]
