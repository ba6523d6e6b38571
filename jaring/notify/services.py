"""Queue messages inside a use-case's transaction; deliver them afterwards."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from jaring.notify.models import OutboxMessage
from jaring.notify.senders import sender_for

MAX_ATTEMPTS = 5


def outbox_enqueue(
    *,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    topic: str = "",
    dedup_key: str | None = None,
) -> OutboxMessage | None:
    """Store a message to send; None when recipient is empty or dedup_key was used before."""
    if not recipient:
        return None
    if channel not in OutboxMessage.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if dedup_key and OutboxMessage.objects.filter(dedup_key=dedup_key).exists():
        return None
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(
                channel=channel,
                recipient=recipient.strip(),
                subject=subject[:200],
                body=body,
                topic=topic[:80],
                dedup_key=dedup_key,
            )
    except IntegrityError:  # a concurrent enqueue with the same key won
        return None


def notify_citizen(
    *, email: str = "", phone: str = "", subject: str, body: str, topic: str = "", key: str = ""
) -> list[OutboxMessage]:
    """Queue the same news by e-mail and by SMS, whichever contacts are known."""
    queued = []
    for channel, recipient in (("email", email), ("sms", phone)):
        message = outbox_enqueue(
            channel=channel,
            recipient=recipient,
            subject=subject,
            body=body,
            topic=topic,
            dedup_key=f"{key}:{channel}" if key else None,
        )
        if message is not None:
            queued.append(message)
    return queued


def outbox_deliver(*, limit: int = 500) -> dict[str, int]:
    """Send pending messages oldest first; failures are retried up to MAX_ATTEMPTS."""
    counts = {"sent": 0, "failed": 0}
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)[:limit]
    for message in pending:
        message.attempts += 1
        try:
            sender_for(message.channel).send(message)
        except Exception as error:  # any gateway error: keep the message, note why
            message.last_error = str(error)[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
            counts["failed"] += 1
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            counts["sent"] += 1
        message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return counts
