"""The outbox: queued inside the use-case's transaction, sent afterwards, retried on failure."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from jaring.notify.models import OutboxMessage
from jaring.notify.services import MAX_ATTEMPTS, notify_citizen, outbox_deliver, outbox_enqueue

pytestmark = pytest.mark.django_db


class FailingSender:
    def send(self, message: OutboxMessage) -> None:
        raise ConnectionError("gateway down")


def test_message_of_a_rolled_back_use_case_is_never_queued() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_citizen(email="warga@example.id", subject="Hasil", body="Ditetapkan.")
        raise RuntimeError("decision failed")
    assert not OutboxMessage.objects.exists()


def test_email_and_sms_are_queued_once_per_key_and_delivered() -> None:
    for _ in range(2):  # a repeated submission queues nothing new
        notify_citizen(
            email="warga@example.id",
            phone="081234567890",
            subject="Hasil usulan",
            body="Usulan Anda ditetapkan.",
            topic="usulan:USL-1",
            key="usulan:USL-1:ditetapkan",
        )
    assert OutboxMessage.objects.count() == 2
    counts = outbox_deliver()
    assert counts == {"sent": 2, "failed": 0}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["warga@example.id"]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert outbox_deliver() == {"sent": 0, "failed": 0}  # nothing is sent twice


def test_empty_recipient_queues_nothing_and_unknown_channel_is_a_bug() -> None:
    assert outbox_enqueue(channel="sms", recipient="", body="x") is None
    with pytest.raises(ValueError):
        outbox_enqueue(channel="fax", recipient="1", body="x")


def test_failing_gateway_keeps_the_message_and_gives_up_after_max_attempts(settings) -> None:  # type: ignore[no-untyped-def]
    settings.JARING_SENDERS = {"sms": f"{__name__}.FailingSender"}
    message = outbox_enqueue(channel="sms", recipient="081234567890", body="Dana tersalur.")
    assert message is not None
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert outbox_deliver() == {"sent": 0, "failed": 1}
        message.refresh_from_db()
        assert message.attempts == attempt
        assert "gateway down" in message.last_error
    assert message.status == OutboxMessage.Status.FAILED
    assert outbox_deliver() == {"sent": 0, "failed": 0}


def test_outbox_command_sends_and_counts() -> None:
    outbox_enqueue(channel="email", recipient="a@example.id", subject="S", body="B")
    out = StringIO()
    call_command("outbox", "send", stdout=out)
    assert json.loads(out.getvalue()) == {"sent": 1, "failed": 0}
    out = StringIO()
    call_command("outbox", "stats", stdout=out)
    assert json.loads(out.getvalue()) == {"sent": 1}
