"""The outbox: every message to a citizen is a row first, sent later by a pluggable sender.

Writing the row inside the use-case's transaction means a rolled-back decision never sends a
message, and a crashed sender loses nothing: `jaring outbox send` picks up what is still pending.
"""

from __future__ import annotations

from django.db import models


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "SMS"

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu"
        SENT = "sent", "Terkirim"
        FAILED = "failed", "Gagal"

    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.CharField(max_length=254, help_text="E-mail address or phone number.")
    subject = models.CharField(max_length=200, blank=True, default="")
    body = models.TextField()
    # What the message is about, e.g. "usulan:USL-2025-000123"; lets a page list a case's messages.
    topic = models.CharField(max_length=80, blank=True, default="", db_index=True)
    # Makes enqueueing idempotent: the same key twice stores one message.
    dedup_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "id"], name="outbox_status_id")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient[:3]}… ({self.status})"
