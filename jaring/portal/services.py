"""Staff edits of the public information (announcements, FAQ, schedules), audited."""

from __future__ import annotations

from django.db import models, transaction
from django.forms.models import model_to_dict

from jaring.core.audit import Change, audit_record
from jaring.core.scope import AccessScope

PortalContent = models.Model


def _snapshot(obj: models.Model) -> dict[str, object]:
    return {k: str(v) for k, v in model_to_dict(obj).items()}


def portal_content_save(*, scope: AccessScope, obj: PortalContent) -> PortalContent:
    """Create or update one announcement / FAQ entry / schedule row. Only national staff (the
    information is national) may edit."""
    if not scope.is_national:
        raise PermissionError("Hanya staf pusat yang dapat mengubah informasi publik.")
    with transaction.atomic():
        before = None
        if obj.pk is not None:
            current = type(obj).objects.filter(pk=obj.pk).first()
            before = _snapshot(current) if current else None
        obj.full_clean()
        obj.save()
        audit_record(
            scope=scope,
            change=Change(
                action="portal.content_save",
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                before=before,
                after=_snapshot(obj),
            ),
        )
    return obj


def portal_content_delete(*, scope: AccessScope, obj: PortalContent) -> None:
    if not scope.is_national:
        raise PermissionError("Hanya staf pusat yang dapat mengubah informasi publik.")
    with transaction.atomic():
        before = _snapshot(obj)
        object_id = str(obj.pk)
        obj.delete()
        audit_record(
            scope=scope,
            change=Change(
                action="portal.content_delete",
                object_type=obj._meta.label_lower,
                object_id=object_id,
                before=before,
            ),
        )
