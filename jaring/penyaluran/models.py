"""The disbursement ledger: tahap, batches, payments, KKS cards, files exchanged with penyalur.

The ledger is `Payment`: one row per (program, kk, nik, tahap) — nik is "" for family
programs — and a database unique constraint makes a second payment for the same entitlement
impossible, whatever the import order or concurrency. A payment's life cycle is its `status`
plus one date per step (si_at, credited_at, failed_at, withdrawn_at, returned_at); check
constraints keep the dates consistent with the status, so the reconciliation identities
(budget = SI + not sent, SI = credited + failed, credited = withdrawn + outstanding + returned)
hold by construction and are re-checked from the dates by `reconcile`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Channel(models.TextChoices):
    BRI = "BRI", "BRI"
    BNI = "BNI", "BNI"
    MANDIRI = "MANDIRI", "Bank Mandiri"
    BTN = "BTN", "BTN"
    BSI = "BSI", "BSI"
    POS = "POS", "PT Pos Indonesia"


BANK_CHANNELS = ("BRI", "BNI", "MANDIRI", "BTN", "BSI")


class PaymentStatus(models.TextChoices):
    DITETAPKAN = "ditetapkan", "Ditetapkan"
    BUKA_REKENING = "buka_rekening", "Menunggu buka rekening"
    SI = "si", "SI dikirim ke bank"
    TERSALUR = "tersalur", "Tersalur"
    DICAIRKAN = "dicairkan", "Sudah dicairkan"
    GAGAL = "gagal", "Gagal"
    RETUR = "retur", "Retur"


class Tahap(models.Model):
    """One instalment of a program, from its schedule (e.g. PKH 2025-T3, BPNT 2025-Q2)."""

    program = models.CharField(max_length=16)
    label = models.CharField(max_length=10)
    tahap_per_year = models.PositiveSmallIntegerField()
    start = models.DateField()
    end = models.DateField()
    # Credited funds not withdrawn by this day are returned to the treasury (retur).
    retur_deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "start", "label"]
        constraints = [
            models.UniqueConstraint(fields=["program", "label"], name="tahap_unique_label"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="tahap_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.label}"


class Batch(models.Model):
    """The payments of one program and tahap through one penyalur (a bank or PT Pos)."""

    tahap = models.ForeignKey(Tahap, on_delete=models.PROTECT, related_name="batches")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    period = models.DateField(help_text="The decision period the payments were taken from.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        ordering = ["tahap", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["tahap", "channel"], name="batch_unique_channel"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.tahap.program}-{self.tahap.label}-{self.channel}"


class KksCard(models.Model):
    """A family's KKS card and its bank account. Only one active card per family and bank."""

    class Status(models.TextChoices):
        AKTIF = "aktif", "Aktif"
        DIBLOKIR = "diblokir", "Diblokir (hilang/rusak)"
        DIGANTI = "diganti", "Sudah diganti"

    kk = models.CharField(max_length=16, db_index=True)
    region_code = models.CharField(max_length=10)
    bank = models.CharField(max_length=10, choices=Channel.choices)
    card_number = models.CharField(max_length=20)
    account_number = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AKTIF)
    blocked_reason = models.CharField(max_length=200, blank=True, default="")
    blocked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bank", "card_number"], name="kks_card_unique_number"),
            models.UniqueConstraint(
                fields=["kk", "bank"], condition=Q(status="aktif"), name="kks_one_active_card"
            ),
        ]

    def __str__(self) -> str:
        return f"KKS {self.bank} …{self.card_number[-4:]} ({self.status})"


class SiFile(models.Model):
    """One standing-instruction file sent to a bank (or the Pos list): the payments it moved."""

    class Kind(models.TextChoices):
        SI = "si", "Standing instruction"
        POS = "pos", "Daftar bayar PT Pos"

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="si_files")
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.SI)
    sequence = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True, default="")
    rows = models.PositiveIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "sequence"], name="si_file_unique_sequence"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        prefix = "SI" if self.kind == self.Kind.SI else "POS"
        return f"{prefix}-{self.batch.code}-{self.sequence:03d}.csv"


class Payment(models.Model):
    """The ledger: one entitlement of a family (or person) to a program's tahap."""

    reference = models.CharField(max_length=32, unique=True)
    # Bulk statements write this table a million rows at a time, so only the indexes in Meta
    # (tahap → payment_tahap_region, batch → payment_batch), none on si_file: see Meta.
    tahap = models.ForeignKey(
        Tahap, on_delete=models.PROTECT, related_name="payments", db_index=False
    )
    # The batch it is (currently) paid in: a later tahap's batch after a re-issue.
    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="payments", db_index=False
    )
    program = models.CharField(max_length=16)
    tahap_label = models.CharField(max_length=10)
    kk = models.CharField(max_length=16)
    nik = models.CharField(max_length=16, blank=True, default="")
    region_code = models.CharField(max_length=10)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    amount = models.BigIntegerField()
    status = models.CharField(
        max_length=15, choices=PaymentStatus.choices, default=PaymentStatus.DITETAPKAN
    )
    card = models.ForeignKey(
        KksCard, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    account_number = models.CharField(max_length=20, blank=True, default="")
    pickup_location = models.CharField(max_length=200, blank=True, default="")
    attempt = models.PositiveSmallIntegerField(default=1)
    si_file = models.ForeignKey(
        SiFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        db_index=False,
    )
    si_at = models.DateTimeField(null=True, blank=True)
    credited_at = models.DateField(null=True, blank=True)
    failed_at = models.DateField(null=True, blank=True)
    failure_code = models.CharField(max_length=20, blank=True, default="")
    failure_reason = models.CharField(max_length=200, blank=True, default="")
    withdrawn_at = models.DateField(null=True, blank=True)
    withdrawn_place = models.CharField(max_length=200, blank=True, default="")
    returned_at = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # No index holds a column that a status change writes (status, dates, si_file,
        # account): a million-row SI or import is then a HOT update on PostgreSQL — the new row
        # version stays on its page (the table's fillfactor leaves room, migration 0006) and
        # no index entry is written. Batch work filters a batch's rows by status; SI files are
        # read by (batch, si_file).
        indexes = [
            models.Index(fields=["batch"], name="payment_batch"),
            models.Index(fields=["tahap", "region_code"], name="payment_tahap_region"),
            models.Index(fields=["kk"], name="payment_kk"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kk", "nik", "tahap_label"], name="payment_once_per_tahap"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            # Each status has exactly the dates of the steps it went through.
            models.CheckConstraint(
                condition=(
                    Q(status__in=["ditetapkan", "buka_rekening"], si_at__isnull=True)
                    | Q(
                        status__in=["si", "tersalur", "dicairkan", "gagal", "retur"],
                        si_at__isnull=False,
                    )
                ),
                name="payment_si_dated",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=["tersalur", "dicairkan", "retur"], credited_at__isnull=False)
                    | (
                        ~Q(status__in=["tersalur", "dicairkan", "retur"])
                        & Q(credited_at__isnull=True)
                    )
                ),
                name="payment_credit_dated",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="gagal", failed_at__isnull=False)
                    | (~Q(status="gagal") & Q(failed_at__isnull=True))
                ),
                name="payment_failure_dated",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="dicairkan", withdrawn_at__isnull=False)
                    | (~Q(status="dicairkan") & Q(withdrawn_at__isnull=True))
                ),
                name="payment_withdrawal_dated",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="retur", returned_at__isnull=False)
                    | (~Q(status="retur") & Q(returned_at__isnull=True))
                ),
                name="payment_return_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ResponseImport(models.Model):
    """One response file from a penyalur, applied all or nothing."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.CharField(max_length=150, blank=True, default="")
    rows = models.PositiveIntegerField(default=0)
    applied = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Impor {self.pk} {self.channel} {self.filename}"


class ResponseRow(models.Model):
    """One line of a response file and what became of it (the import's row-level report)."""

    class Outcome(models.TextChoices):
        PENDING = "", "Belum diproses"
        APPLIED = "diterapkan", "Diterapkan"
        UNCHANGED = "sudah", "Sudah tercatat (tidak ada perubahan)"
        UNKNOWN = "tidak_dikenal", "Referensi pembayaran tidak dikenal"
        OTHER_CHANNEL = "penyalur_lain", "Pembayaran milik penyalur lain"
        AMOUNT = "nominal_berbeda", "Nominal berbeda dengan pembayaran"
        WITHDRAWN = "sudah_dicairkan", "Pembayaran sudah dicairkan"
        TRANSITION = "status_tidak_sah", "Perubahan status tidak sah"

    # Written a million at a time by an import: only the indexes its readers use.
    response_import = models.ForeignKey(
        ResponseImport, on_delete=models.CASCADE, related_name="lines", db_index=False
    )
    line = models.PositiveIntegerField()
    reference = models.CharField(max_length=32)
    status = models.CharField(max_length=20)
    amount = models.BigIntegerField()
    event_date = models.DateField()
    reason_code = models.CharField(max_length=20, blank=True, default="")
    reason = models.CharField(max_length=200, blank=True, default="")
    place = models.CharField(max_length=200, blank=True, default="")
    account_number = models.CharField(max_length=20, blank=True, default="")
    card_number = models.CharField(max_length=20, blank=True, default="")
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    note = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["response_import", "status", "outcome"], name="response_row_phase")
        ]

    def __str__(self) -> str:
        return f"baris {self.line} {self.reference}"


class PaymentEvent(models.Model):
    """One transition of one payment: from a file line or an authorised action."""

    # Written a million at a time (an SI, an import): read by payment only (payment_event_payment).
    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    at = models.DateTimeField()
    from_status = models.CharField(max_length=15)
    to_status = models.CharField(max_length=15)
    actor = models.CharField(max_length=150, blank=True, default="")
    # Which import or SI file made the transition: written only by those services, in the
    # transaction that created the import/file row (never deleted: PROTECT), so no database
    # FK check per event — a million deferred checks at commit cost more than the insert.
    response_import = models.ForeignKey(
        ResponseImport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    si_file = models.ForeignKey(
        SiFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    note = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["payment", "at"], name="payment_event_payment")]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.from_status} → {self.to_status}"


class ResponseUpload(models.Model):
    """A response file uploaded on the staff page, imported by a background job.

    The file is stored first (MEDIA_ROOT/penyaluran/jawaban/, outside the web root); the job row
    carries status and progress for the page to follow, then the import's counts (or the
    line-numbered problems of a rejected file). The same bytes uploaded again are recognised by
    their SHA-256 and lead to the earlier upload instead of a second run.
    """

    class Status(models.TextChoices):
        WAITING = "menunggu", "Menunggu"
        RUNNING = "berjalan", "Sedang diimpor"
        DONE = "selesai", "Selesai"
        REJECTED = "ditolak", "Ditolak seluruhnya"
        FAILED = "gagal", "Gagal"

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="uploads")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    progress = models.FloatField(default=0.0)
    progress_label = models.CharField(max_length=120, blank=True, default="")
    started_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    response_import = models.ForeignKey(
        ResponseImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["channel", "sha256"], name="response_upload_file")]

    def __str__(self) -> str:
        return f"Unggahan {self.pk} {self.channel} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED)
