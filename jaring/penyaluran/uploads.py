"""Response files uploaded on the staff page, imported by a background job.

The request only stores the file (MEDIA_ROOT/penyaluran/jawaban/, outside the web root, hashed while
it is written) and creates a `ResponseUpload` job row; the import itself
(`responses.response_import`, all or nothing) runs in the background, following
jaring.programs.background: a detached `jaring penyaluran run-upload --job ID` process by
default, or a thread of the web process with JARING_RUN_LAUNCHER=thread (the test suite, a
single-process demo). The job row carries status, progress and, when done, the counts or the
line-numbered problems of a rejected file.

Progress while the import's transaction is open is written through a second connection on
PostgreSQL (the import's own writes are invisible until commit); SQLite allows one writer, so
there the row moves only at the start and at the end.

The same bytes uploaded again for the same penyalur (SHA-256) are recognised: the earlier
upload is returned instead of a second run, unless it failed (then the file runs again).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from jaring.core.audit import Change, audit_record
from jaring.core.background import launch
from jaring.core.scope import AccessScope
from jaring.penyaluran import responses
from jaring.penyaluran.errors import DisbursementError, require_national
from jaring.penyaluran.models import Batch, ResponseUpload

log = logging.getLogger(__name__)
Status = ResponseUpload.Status
STALE_AFTER = timedelta(hours=2)
COPY_CHUNK = 1 << 20


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "penyaluran" / "jawaban"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _store(source: IO[bytes]) -> tuple[Path, str, int]:
    """Copy the upload to the store, hashing it; returns (temporary path, SHA-256, size)."""
    digest = hashlib.sha256()
    size = 0
    path = upload_dir() / f"sementara-{uuid.uuid4().hex}.csv"
    with path.open("wb") as out:
        while chunk := source.read(COPY_CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return path, digest.hexdigest(), size


def _earlier(channel: str, sha256: str) -> ResponseUpload | None:
    """An earlier upload of the same bytes that still stands (running, done or rejected)."""
    for other in ResponseUpload.objects.filter(channel=channel, sha256=sha256).order_by("-pk"):
        if other.status in (Status.WAITING, Status.RUNNING):
            seen = other.heartbeat_at or other.created_at
            if timezone.now() - seen > STALE_AFTER:
                ResponseUpload.objects.filter(pk=other.pk).update(
                    status=Status.FAILED,
                    error="Proses terhenti tanpa kabar (dianggap gagal).",
                    finished_at=timezone.now(),
                )
                continue
            return other
        if other.status in (Status.DONE, Status.REJECTED):
            return other
    return None


def upload_start(
    *, scope: AccessScope, batch_id: int, source: IO[bytes], filename: str
) -> tuple[ResponseUpload, bool]:
    """Store an uploaded response file and create its job; returns (job, recognised).

    `recognised` is True when the same file was uploaded before for this penyalur: the earlier
    job is returned and nothing new runs. The caller launches a new job (`upload_launch`).
    """
    require_national(scope)
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise DisbursementError("Batch tidak ditemukan.")
    temporary, sha256, size = _store(source)
    try:
        with transaction.atomic():
            earlier = _earlier(batch.channel, sha256)
            if earlier is not None:
                temporary.unlink(missing_ok=True)
                return earlier, True
            job = ResponseUpload.objects.create(
                batch=batch,
                channel=batch.channel,
                filename=Path(filename).name[:255],
                stored_path="",
                size=size,
                sha256=sha256,
                started_by=scope.username or scope.role,
                progress_label="Menunggu giliran",
            )
            stored = upload_dir() / f"{job.pk:08d}-{sha256[:16]}.csv"
            temporary.replace(stored)
            job.stored_path = str(stored)
            job.save(update_fields=["stored_path"])
            audit_record(
                scope=scope,
                change=Change(
                    action="penyaluran.response_upload",
                    object_type="penyaluran.ResponseUpload",
                    object_id=str(job.pk),
                    after={"channel": job.channel, "file": job.filename, "sha256": sha256,
                           "bytes": size},
                ),
            )  # fmt: skip
    finally:
        temporary.unlink(missing_ok=True)
    return job, False


class _Tracker:
    """(label, fraction) to the job row, at most once a second.

    On PostgreSQL through its own autocommit connection, so the page sees it while the
    import's transaction is open; elsewhere only outside a transaction.
    """

    def __init__(self, job: ResponseUpload) -> None:
        self.job_id = job.pk
        self.last = 0.0
        self.side: Any = None
        if connection.vendor == "postgresql":
            own = connections[DEFAULT_DB_ALIAS]
            self.side = own.__class__(dict(own.settings_dict), alias=DEFAULT_DB_ALIAS)

    def __call__(self, label: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last < 1.0 and fraction < 1.0:
            return
        self.last = now
        values = [round(min(max(fraction, 0.0), 1.0), 3), label[:120], timezone.now()]
        sql = (
            f"UPDATE {ResponseUpload._meta.db_table} SET progress = %s, progress_label = %s, "
            "heartbeat_at = %s WHERE id = %s"
        )
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(sql, [*values, self.job_id])
        elif not connection.in_atomic_block:
            ResponseUpload.objects.filter(pk=self.job_id).update(
                progress=values[0], progress_label=values[1], heartbeat_at=values[2]
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def upload_execute(*, job_id: int) -> ResponseUpload:
    """Run the import of a stored upload to the end; the outcome is recorded on the job row."""
    job = ResponseUpload.objects.get(pk=job_id)
    if job.status != Status.WAITING:
        return job
    ResponseUpload.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, progress_label="Membaca berkas", heartbeat_at=timezone.now()
    )
    scope = AccessScope.system(job.started_by or "system")
    tracker = _Tracker(job)
    try:
        with open(job.stored_path, "rb") as stream:
            result = responses.response_import(
                scope=scope,
                channel=job.channel,
                stream=stream,
                filename=job.filename,
                progress=tracker,
                size=job.size,
            )
    except BaseException as error:
        ResponseUpload.objects.filter(pk=job.pk).update(
            status=Status.FAILED,
            error=(str(error) or type(error).__name__)[:4000],
            finished_at=timezone.now(),
            progress_label="Gagal",
        )
        raise
    finally:
        tracker.close()
    summary: dict[str, Any] = {"rows": result.rows}
    if result.ok:
        summary.update(
            applied=result.applied,
            unchanged=result.unchanged,
            rejected=result.rejected,
            earlier_import_id=result.earlier_import_id,
        )
    else:
        summary.update(errors=result.errors, error_count=result.error_count)
    ResponseUpload.objects.filter(pk=job.pk).update(
        status=Status.DONE if result.ok else Status.REJECTED,
        progress=1.0,
        progress_label="Selesai" if result.ok else "Ditolak",
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        response_import_id=result.import_id,
        summary=summary,
    )
    job.refresh_from_db()
    return job


def upload_launch(job: ResponseUpload) -> threading.Thread | None:
    """Start the job's import without waiting; returns the thread in thread mode."""
    return launch(
        name=f"response-upload-{job.pk}",
        work=lambda: upload_execute(job_id=job.pk),
        command=["penyaluran", "run-upload", "--job", str(job.pk)],
    )
