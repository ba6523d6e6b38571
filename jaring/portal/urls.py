from __future__ import annotations

from django.urls import include, path, re_path
from django.views.i18n import set_language

from jaring.portal import captcha_views, citizen_views, info_views, request_views, views

portal_patterns = [
    path("bahasa/", set_language, name="set-language"),
    path("informasi/program/", info_views.programs, name="programs"),
    path("informasi/program/<str:code>/", info_views.program, name="program"),
    path("informasi/jadwal/", info_views.schedule, name="schedule"),
    path("informasi/pengumuman/", info_views.announcements, name="announcements"),
    path("informasi/pengumuman/<int:pk>/", info_views.announcement, name="announcement"),
    path("informasi/tanya-jawab/", info_views.faq, name="faq"),
    path("informasi/kontak/", info_views.contacts, name="contacts"),
    path("informasi/cari/", info_views.search, name="search"),
    path("warga/daftar/", citizen_views.register, name="citizen-register"),
    path("warga/daftar/terkirim/", citizen_views.registered, name="citizen-registered"),
    path("warga/konfirmasi/<str:token>/", citizen_views.confirm, name="citizen-confirm"),
    path("warga/masuk/", citizen_views.CitizenLoginView.as_view(), name="citizen-login"),
    path("warga/akun/", citizen_views.profile, name="citizen-profile"),
    path("warga/foto/<int:pk>/<str:kind>/", citizen_views.staff_photo, name="citizen-photo"),
    path("warga/ajukan/<str:kind>/", request_views.request_create, name="citizen-request-new"),
    path("warga/permohonan/<str:reference>/", request_views.request_detail, name="citizen-request"),
]

# "cek-bansos" has no namespace: it is the CONTRACTS.md page other apps link to.
urlpatterns = [
    path("cek-bansos/", views.cek_bansos, name="cek-bansos"),
    # django-simple-captcha's URLs and names, served by views that read the store the key came
    # from (Redis or the library's table); the library's refresh view is not offered (it would
    # write a captcha the Redis store does not know; the pages' "Ganti kode" button reloads).
    re_path(
        r"^captcha/image/(?P<key>\w+)/$",
        captcha_views.captcha_image,
        name="captcha-image",
        kwargs={"scale": 1},
    ),
    re_path(
        r"^captcha/image/(?P<key>\w+)@2/$",
        captcha_views.captcha_image,
        name="captcha-image-2x",
        kwargs={"scale": 2},
    ),
    re_path(
        r"^captcha/audio/(?P<key>\w+)\.wav$", captcha_views.captcha_audio, name="captcha-audio"
    ),
    path("", include((portal_patterns, "portal"))),
]
