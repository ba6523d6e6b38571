from __future__ import annotations

from django.contrib import admin

from jaring.notify.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "status", "topic", "created_at", "sent_at")
    list_filter = ("channel", "status")
    readonly_fields = ("recipient", "body")
