"""Staff edit the public information in the admin; every save goes through the audited service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jaring.core.scope import AccessScope
from jaring.portal.models import Announcement, DisbursementSchedule, Faq
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
