"""Checks on uploaded evidence and documents: the type is sniffed from the content, never taken
from the file name or the browser; sizes are limited per kind; images are re-encoded so no EXIF
(GPS), script or trailing payload survives. Files are stored under random names in MEDIA_ROOT,
outside the web root, and served only through `private_file_response` from an authorised view.

    from jaring.core.uploads import check_upload, IMAGE, PDF, VIDEO
    clean = check_upload(request.FILES["bukti"], label="Bukti", kinds={IMAGE, PDF, VIDEO})
    complaint.evidence.save(clean.name, clean)
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE = "image"
PDF = "pdf"
VIDEO = "video"

MAX_BYTES = {IMAGE: 5 * 1024 * 1024, PDF: 10 * 1024 * 1024, VIDEO: 20 * 1024 * 1024}
KIND_LABEL = {
    IMAGE: "foto JPG/PNG/WEBP",
    PDF: "PDF",
    VIDEO: "video MP4/3GP/WEBM (paling lama ±1 menit)",
}
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "pdf": "application/pdf",
    "mp4": "video/mp4",
    "3gp": "video/3gpp",
    "webm": "video/webm",
}


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def sniff_kind(head: bytes) -> tuple[str, str] | None:
    """(kind, extension) from the first bytes of a file, or None when it is none we accept."""
    if head.startswith(b"%PDF-"):
        return PDF, "pdf"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        return VIDEO, "3gp" if brand.startswith(b"3g") else "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return VIDEO, "webm"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (
        head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    ):
        return IMAGE, "jpg"
    return None


def _reencode_image(data: bytes, label: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()  # structural check before decoding the pixels
        if kind not in IMAGE_FORMATS:
            raise ValidationError(f"{label} harus berupa foto JPG, PNG, atau WEBP.")
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(f"{label} beresolusi terlalu besar.")
            image = ImageOps.exif_transpose(image).convert("RGB")
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85)  # no exif= argument: metadata dropped
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(f"{label} bukan berkas gambar yang sah.") from error
    return out.getvalue()


def _check_pdf(data: bytes, label: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) < 1:
            raise ValidationError(f"{label}: PDF tidak berisi halaman.")
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise ValidationError(f"{label} bukan berkas PDF yang sah.") from error


def check_upload(
    upload: UploadedFile, *, label: str, kinds: Iterable[str] = (IMAGE,)
) -> ContentFile:
    """A safe copy of the upload under a random name, or ValidationError in Indonesian."""
    allowed = frozenset(kinds)
    accepted = ", ".join(KIND_LABEL[k] for k in sorted(allowed))
    largest = max(MAX_BYTES[k] for k in allowed)
    if upload.size is None or upload.size == 0:
        raise ValidationError(f"{label} kosong.")
    if upload.size > largest:
        raise ValidationError(f"{label} terlalu besar (paling besar {_mb(largest)}).")
    data = upload.read()
    sniffed = sniff_kind(data[:16])
    if sniffed is None or sniffed[0] not in allowed:
        if allowed == {IMAGE}:
            raise ValidationError(
                f"{label} bukan berkas gambar yang sah (foto JPG, PNG, atau WEBP)."
            )
        raise ValidationError(f"{label} bukan berkas yang diterima: harus berupa {accepted}.")
    kind, extension = sniffed
    if len(data) > MAX_BYTES[kind]:
        raise ValidationError(f"{label} terlalu besar (paling besar {_mb(MAX_BYTES[kind])}).")
    if kind == IMAGE:
        data = _reencode_image(data, label)
    elif kind == PDF:
        _check_pdf(data, label)
    return ContentFile(data, name=f"{secrets.token_hex(16)}.{extension}")


def clean_photo(upload: UploadedFile, *, label: str) -> ContentFile:
    """A re-encoded JPEG of an identity photo (KTP, selfie)."""
    return check_upload(upload, label=label, kinds=(IMAGE,))


def private_file_response(file: FieldFile, *, download_name: str = "") -> FileResponse:
    """Serve a stored upload from an authorised view; never from a public URL."""
    extension = file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        file.open("rb"),
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        as_attachment=extension not in {"jpg", "pdf"},
        filename=download_name or file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
