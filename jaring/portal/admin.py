"""Staff edit the public information in the admin; every save goes through the audited service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join

from jaring.core.identity import mask_identity
from jaring.core.scope import AccessScope, OutOfScope
from jaring.portal.citizen_services import citizen_verify
from jaring.portal.models import (
    Announcement,
    CitizenAccount,
    CitizenRequest,
    DisbursementSchedule,
    Faq,
)
from jaring.portal.services import portal_content_delete, portal_content_save


class AuditedAdmin(admin.ModelAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        scope = AccessScope.for_user(request.user)
        return scope.is_national and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        scope = AccessScope.for_user(request.user)
        return scope.is_national and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        scope = AccessScope.for_user(request.user)
        return scope.is_national and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        portal_content_save(scope=AccessScope.for_user(request.user), obj=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        portal_content_delete(scope=AccessScope.for_user(request.user), obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Announcement)
class AnnouncementAdmin(AuditedAdmin):
    list_display = ["title", "published_on", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "body"]


@admin.register(Faq)
class FaqAdmin(AuditedAdmin):
    list_display = ["question", "order", "is_published"]
    list_editable = ["order"]
    search_fields = ["question", "answer"]


@admin.register(DisbursementSchedule)
class DisbursementScheduleAdmin(AuditedAdmin):
    list_display = ["program", "tahap", "starts_on", "ends_on"]
    list_filter = ["program"]


@admin.register(CitizenAccount)
class CitizenAccountAdmin(admin.ModelAdmin):
    """Staff see the account (identity masked in the list), its photos through the authorised
    view, and verify it against the registry with one action."""

    list_display = ["masked_nik", "full_name", "status", "email_verified_at", "created_at"]
    list_filter = ["status"]
    readonly_fields = [
        "user",
        "nik",
        "kk",
        "full_name",
        "photos",
        "email_verified_at",
        "status",
        "status_note",
        "region_code",
        "verified_by",
        "verified_at",
    ]
    exclude = ["ktp_photo", "selfie"]
    actions = ["verify_against_registry"]

    @admin.display(description="NIK")
    def masked_nik(self, obj: CitizenAccount) -> str:
        return mask_identity(obj.nik)

    @admin.display(description="foto")
    def photos(self, obj: CitizenAccount) -> str:
        links = [
            (reverse("portal:citizen-photo", args=[obj.pk, kind]), label)
            for kind, label in (("ktp", "Foto KTP"), ("swafoto", "Swafoto"))
        ]
        return format_html_join(" · ", '<a href="{}" target="_blank">{}</a>', links)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Verifikasi terhadap registri")
    def verify_against_registry(self, request: HttpRequest, queryset: Any) -> None:
        scope = AccessScope.for_user(request.user)
        done = 0
        for account in queryset:
            try:
                citizen_verify(scope=scope, account=account)
                done += 1
            except OutOfScope:
                continue
        self.message_user(request, f"{done} akun diperiksa terhadap registri.")


@admin.register(CitizenRequest)
class CitizenRequestAdmin(admin.ModelAdmin):
    """Staff see usul/sanggah in their region; the status follows the usulan workflow (the
    proposal with the same reference), so it is read-only here."""

    list_display = ["reference", "kind", "region_code", "status", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["reference"]
    fields = ["reference", "kind", "region_code", "subject_name", "reason", "status", "status_note"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        return AccessScope.for_user(request.user).filter(
            super().get_queryset(request), "region_code"
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
