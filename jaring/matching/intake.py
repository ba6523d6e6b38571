"""Starting matching jobs: uploaded files are checked and kept under var/matching/, then the
job row is created (jaring.matching.jobs.job_start) for the background runner."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

from jaring.core.scope import AccessScope
from jaring.matching.jobs import JobRefused, job_start
from jaring.matching.models import MatchingJob
from jaring.matching.policy import matching_policy
from jaring.programs.periods import PeriodError, parse_period

_PARQUET_MAGIC = b"PAR1"


def _storage() -> Path:
    directory = Path(settings.VAR_DIR) / "matching" / "uploads"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _check_content(head: bytes, suffix: str, label: str) -> None:
    if suffix == ".parquet":
        if not head.startswith(_PARQUET_MAGIC):
            raise JobRefused(f"{label}: berkas .parquet ini bukan Parquet yang sah.")
        return
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a cut multi-byte character at the end is fine
            raise JobRefused(f"{label}: berkas CSV harus berkode UTF-8.") from error
    if b"\x00" in head:
        raise JobRefused(f"{label}: berkas ini bukan CSV teks.")


def store_upload(upload: Any, *, label: str, suffixes: tuple[str, ...]) -> tuple[str, Path]:
    """Keep an uploaded file (Django UploadedFile); returns (original name, stored path)."""
    if upload is None:
        raise JobRefused(f"{label}: pilih berkas terlebih dahulu.")
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        raise JobRefused(f"{label}: jenis berkas harus {' atau '.join(suffixes)}.")
    limit = matching_policy().max_upload_mb * 1024 * 1024
    if upload.size > limit:
        raise JobRefused(f"{label}: berkas terlalu besar (maksimum {limit // 1048576} MB).")
    if upload.size == 0:
        raise JobRefused(f"{label}: berkas kosong.")
    upload.seek(0)
    _check_content(upload.read(4096), suffix, label)
    upload.seek(0)
    target = _storage() / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return name, target


def store_path(source: Path, *, label: str, suffixes: tuple[str, ...]) -> tuple[str, Path]:
    """The command-line twin of store_upload: copy a local file into var/matching/."""
    suffix = source.suffix.lower()
    if suffix not in suffixes:
        raise JobRefused(f"{label}: jenis berkas harus {' atau '.join(suffixes)}.")
    if not source.is_file():
        raise JobRefused(f"{label}: berkas {source} tidak ditemukan.")
    with source.open("rb") as handle:
        _check_content(handle.read(4096), suffix, label)
    target = _storage() / f"{uuid.uuid4().hex}{suffix}"
    shutil.copyfile(source, target)
    return source.name, target


def dukcapil_start(*, scope: AccessScope, name: str, path: Path) -> MatchingJob:
    return job_start(
        scope=scope, kind=MatchingJob.Kind.DUKCAPIL, source_name=name, source_path=str(path)
    )


def external_start(*, scope: AccessScope, name: str, path: Path) -> MatchingJob:
    return job_start(
        scope=scope, kind=MatchingJob.Kind.EKSTERNAL, source_name=name, source_path=str(path)
    )


def duplicates_start(*, scope: AccessScope) -> MatchingJob:
    return job_start(scope=scope, kind=MatchingJob.Kind.DUPLIKAT)


def overlap_start(*, scope: AccessScope, period: str) -> MatchingJob:
    try:
        first_day = parse_period(period)
    except PeriodError as error:
        raise JobRefused(str(error)) from error
    return job_start(scope=scope, kind=MatchingJob.Kind.TUMPANG_TINDIH, period=first_day)
