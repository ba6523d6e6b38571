"""Checks on uploaded identity photos: real images only, size-limited, EXIF (and GPS) removed.

The type is sniffed by decoding the image with Pillow, never taken from the file name or the
browser's content type. The stored file is a fresh JPEG re-encoded from the pixels, so no
metadata, script or trailing payload of the upload survives.
"""

from __future__ import annotations

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


def clean_photo(upload: UploadedFile, *, label: str) -> ContentFile:
    """A re-encoded JPEG of the upload, or ValidationError with an Indonesian message."""
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"{label} terlalu besar (paling besar 5 MB).")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()  # structural check before decoding the pixels
        if kind not in ALLOWED_FORMATS:
            raise ValidationError(f"{label} harus berupa foto JPG, PNG, atau WEBP.")
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(f"{label} beresolusi terlalu besar.")
            image = ImageOps.exif_transpose(image).convert("RGB")
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85)  # no exif= argument: metadata dropped
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(f"{label} bukan berkas gambar yang sah.") from error
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(16)}.jpg")
