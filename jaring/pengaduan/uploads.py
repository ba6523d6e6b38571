"""Evidence files: photos, PDFs and short videos, checked by jaring.core.uploads."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from jaring.core.uploads import IMAGE, PDF, VIDEO, check_upload

EVIDENCE_KINDS = frozenset({IMAGE, PDF, VIDEO})
_KIND_BY_EXTENSION = {"jpg": IMAGE, "pdf": PDF}


@dataclass(frozen=True, slots=True)
class CheckedFile:
    content: ContentFile
    kind: str


def check_evidence(upload: UploadedFile, *, label: str) -> CheckedFile:
    """A safe copy of one evidence file, or ValidationError with an Indonesian message."""
    content = check_upload(upload, label=label, kinds=EVIDENCE_KINDS)
    extension = content.name.rsplit(".", 1)[-1]
    return CheckedFile(content=content, kind=_KIND_BY_EXTENSION.get(extension, VIDEO))
