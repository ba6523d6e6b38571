"""Admin: the inspectorate grants only. Complaints are handled in /staf/pengaduan/, and the
reporter's identity is deliberately not registered here (it is opened only through the audited
page for the assigned investigator)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jaring.core.scope import AccessScope
from jaring.pengaduan.escalation import investigator_grant, investigator_revoke
from jaring.pengaduan.models import Investigator


@admin.register(Investigator)
class InvestigatorAdmin(admin.ModelAdmin):
    list_display = ("user", "region_prefix", "is_active", "granted_by", "granted_at")
    list_filter = ("is_active",)
    search_fields = ("user__username", "region_prefix")
    readonly_fields = ("granted_by", "granted_at")

    def save_model(self, request: HttpRequest, obj: Investigator, form: Any, change: bool) -> None:
        # Through the services, so that every grant and revocation is audited.
        scope = AccessScope.for_user(request.user)
        if obj.is_active:
            saved = investigator_grant(scope=scope, user=obj.user, region_prefix=obj.region_prefix)
            obj.pk = saved.pk
        else:
            investigator_revoke(scope=scope, user=obj.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke (untick "aktif") instead: the history stays
