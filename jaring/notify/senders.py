"""Senders deliver one outbox message. Choose them in settings:

    JARING_SENDERS = {"email": "jaring.notify.senders.DjangoMailSender",
                      "sms": "jaring.notify.senders.ConsoleSmsSender"}

An SMS gateway is a class with `send(message) -> None` that raises on failure.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from jaring.notify.models import OutboxMessage

log = logging.getLogger("jaring.notify")

DEFAULT_SENDERS = {
    "email": "jaring.notify.senders.DjangoMailSender",
    "sms": "jaring.notify.senders.ConsoleSmsSender",
}


class Sender(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


class DjangoMailSender:
    """E-mail through Django's configured mail backend (console in the demo)."""

    def send(self, message: OutboxMessage) -> None:
        send_mail(
            message.subject or "Jaring",
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.recipient],
            fail_silently=False,
        )


class ConsoleSmsSender:
    """Prints the SMS to the log: the demo's stand-in for an operator's SMS gateway."""

    def send(self, message: OutboxMessage) -> None:
        masked = message.recipient[:4] + "****" + message.recipient[-2:]
        log.info("SMS ke %s: %s", masked, message.body)


def sender_for(channel: str) -> Sender:
    configured = {**DEFAULT_SENDERS, **getattr(settings, "JARING_SENDERS", {})}
    return import_string(configured[channel])()
