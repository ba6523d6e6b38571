"""Identity photos of the citizen account: the checks live in `jaring.core.uploads`."""

from __future__ import annotations

from jaring.core.uploads import MAX_BYTES, clean_photo

MAX_UPLOAD_BYTES = MAX_BYTES["image"]

__all__ = ["MAX_UPLOAD_BYTES", "clean_photo"]
