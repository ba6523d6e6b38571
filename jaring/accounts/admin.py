"""Superusers manage staff accounts here: role and region, checked by User.clean()."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from jaring.accounts.models import User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "role", "region", "is_active", "is_superuser")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "region__code", "region__name")
    autocomplete_fields = ()
    raw_id_fields = ("region",)
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Peran dan wilayah", {"fields": ("role", "region")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Peran dan wilayah", {"fields": ("role", "region")}),
    )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("last_login", "date_joined")
