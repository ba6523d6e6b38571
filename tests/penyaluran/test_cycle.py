"""A full tahap through every status: batches, account opening, SI, credited, failed, withdrawn,
returned, re-issue in a later tahap; and the reports of rows that must change nothing."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from jaring.core.models import AuditEvent
from jaring.penyaluran import files, lifecycle, responses, services
from jaring.penyaluran.errors import DisbursementError
from jaring.penyaluran.layouts import ACCOUNT_OPENING_COLUMNS, POS_COLUMNS, SI_COLUMNS, csv_lines
from jaring.penyaluran.models import Batch, Payment, PaymentEvent, Tahap
from tests.penyaluran.helpers import (
    DESA_A,
    DESA_B,
    DESA_C,
    SYSTEM,
    decide,
    make_family,
    response_file,
)

pytestmark = pytest.mark.django_db


def _import(channel: str, rows: list[dict]) -> responses.ImportResult:
    return responses.response_import(
        scope=SYSTEM, channel=channel, stream=response_file(rows), filename="jawaban.csv"
    )


def _rows(si_file) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    columns = POS_COLUMNS if si_file.kind == "pos" else SI_COLUMNS
    text = "".join(csv_lines(columns, files.si_file_rows(si_file)))
    # The file as written (COPY … TO STDOUT on PostgreSQL) is byte for byte the Python rows.
    assert b"".join(files.si_file_chunks(si_file)).decode() == text
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def population() -> dict[str, object]:
    bri = [make_family(DESA_A, i) for i in range(1, 5)]
    new = make_family(DESA_B, 5, kks=False)  # no KKS yet: account opening first
    pos = make_family(DESA_C, 6, channel="POS")
    bni = make_family(DESA_C, 7, bank="BNI")
    decide([*bri, new, pos, bni])
    return {"bri": bri, "new": new, "pos": pos, "bni": bni}


def test_tahap_generated_from_program_schedules(db: None) -> None:
    pkh = services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    assert sorted(t.label for t in pkh) == sorted(
        [f"2025-T{i}" for i in range(1, 7)] + [f"2025-Q{i}" for i in range(1, 5)]
    )
    t3 = Tahap.objects.get(program="PKH", label="2025-T3")
    assert (t3.start, t3.end) == (date(2025, 5, 1), date(2025, 6, 30))
    assert t3.retur_deadline == date(2025, 8, 29)  # 60 days (policy/penyaluran_2025.toml)
    bpnt = services.tahap_generate(scope=SYSTEM, program="BPNT", year=2025)
    assert [t.label for t in bpnt] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert services.tahap_generate(scope=SYSTEM, program="PKH", year=2025) == []  # idempotent


def test_only_national_staff_make_batches(db: None) -> None:
    from jaring.core.scope import AccessScope

    kab = AccessScope(role="dinsos_kabkota", region_prefix="3273")
    with pytest.raises(DisbursementError):
        services.tahap_generate(scope=kab, program="PKH", year=2025)


def test_full_tahap_through_every_status(population: dict) -> None:
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    services.tahap_generate(scope=SYSTEM, program="BPNT", year=2025)
    summary = services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    assert summary.created == 6  # 4 BRI + new BRI family + BNI (the POS family is in Q2)
    assert set(summary.batches) == {"BRI", "BNI"}
    pos_summary = services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-Q2")
    assert pos_summary.batches == {"POS": {"payments": 1, "amount": 225_000}}
    again = services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    assert again.created == 0 and Payment.objects.filter(program="PKH").count() == 7

    bri = Batch.objects.get(tahap__label="2025-T3", channel="BRI")
    new_kk = population["new"].kk
    waiting = Payment.objects.get(kk=new_kk, program="PKH")
    assert waiting.status == "buka_rekening" and waiting.reference.startswith("PKH-2025-T3-")

    # Account opening list → the bank opens the account → the payment becomes ready.
    opening = list(files.account_opening_rows(bank="BRI"))
    assert [r[2] for r in opening] == [new_kk] and len(opening[0]) == len(ACCOUNT_OPENING_COLUMNS)
    result = _import(
        "BRI",
        [
            {
                "referensi": waiting.reference,
                "status": "REKENING_DIBUKA",
                "nominal": 0,
                "tanggal": "2025-05-03",
                "no_rekening": "9900112233",
                "no_kks": "6099000000000005",
            }
        ],
    )
    assert result.ok and result.applied == 1
    waiting.refresh_from_db()
    assert waiting.status == "ditetapkan" and waiting.card.account_number == "9900112233"

    # SI to BRI: all five move, the file lists them with the amount of the engine.
    si = files.si_send(scope=SYSTEM, batch_id=bri.pk)
    assert si is not None and si.rows == 5 and si.amount == 5 * 150_000
    lines = _rows(si)
    assert {r["referensi"] for r in lines} == set(
        Payment.objects.filter(batch=bri).values_list("reference", flat=True)
    )
    assert all(r["nama_penerima"].startswith("Ibu Uji") and r["no_rekening"] for r in lines)
    assert _rows(si) == lines  # regenerated identically
    assert files.si_send(scope=SYSTEM, batch_id=bri.pk) is None  # nothing left to send

    refs = sorted(r["referensi"] for r in lines)
    result = _import(
        "BRI",
        [
            {
                "referensi": refs[0],
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
            {
                "referensi": refs[0],
                "status": "DICAIRKAN",
                "nominal": 150000,
                "tanggal": "2025-05-12",
                "tempat": "Agen BRILink Sukasari",
            },
            {
                "referensi": refs[1],
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
            {
                "referensi": refs[2],
                "status": "GAGAL",
                "nominal": 150000,
                "tanggal": "2025-05-10",
                "kode_alasan": "REKENING_TIDAK_AKTIF",
                "alasan": "Rekening dorman",
            },
            {
                "referensi": refs[3],
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
            {"referensi": refs[3], "status": "RETUR", "nominal": 150000, "tanggal": "2025-08-30"},
            {
                "referensi": refs[4],
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-11",
            },
        ],
    )
    assert result.ok and (result.applied, result.rejected) == (7, 0)
    status = dict(Payment.objects.filter(batch=bri).values_list("reference", "status"))
    assert [status[r] for r in refs] == ["dicairkan", "tersalur", "gagal", "retur", "tersalur"]
    withdrawn = Payment.objects.get(reference=refs[0])
    assert withdrawn.withdrawn_place == "Agen BRILink Sukasari"
    assert list(withdrawn.events.values_list("to_status", flat=True)) == [
        "si",
        "tersalur",
        "dicairkan",
    ]
    failed = Payment.objects.get(reference=refs[2])
    assert (failed.failure_code, failed.failure_reason) == (
        "REKENING_TIDAK_AKTIF",
        "Rekening dorman",
    )

    # The retur deadline passes: credited but not withdrawn goes back to the treasury.
    assert lifecycle.payments_return_overdue(scope=SYSTEM, today=date(2025, 8, 29)) == 0
    assert lifecycle.payments_return_overdue(scope=SYSTEM, today=date(2025, 8, 30)) == 2
    assert Payment.objects.filter(batch=bri, status="retur").count() == 3
    assert PaymentEvent.objects.filter(to_status="retur").count() == 3
    assert lifecycle.payments_return_overdue(scope=SYSTEM, today=date(2025, 9, 30)) == 0

    # Re-issue the failed one in T4 after its card is replaced; it is still one ledger row.
    card = failed.card
    lifecycle.card_block(scope=SYSTEM, card_id=card.pk, reason="hilang")
    with pytest.raises(DisbursementError):
        lifecycle.payment_reissue(scope=SYSTEM, reference=refs[2], tahap="2025-T4", note="x")
    new_card = lifecycle.card_replace(scope=SYSTEM, card_id=card.pk, card_number="6099000000000999")
    with pytest.raises(DisbursementError):  # not a later tahap
        lifecycle.payment_reissue(scope=SYSTEM, reference=refs[2], tahap="2025-T3", note="x")
    again = lifecycle.payment_reissue(
        scope=SYSTEM, reference=refs[2], tahap="2025-T4", note="kartu diganti"
    )
    assert again.status == "ditetapkan" and again.card == new_card and again.attempt == 2
    assert again.batch.tahap.label == "2025-T4" and again.tahap.label == "2025-T3"
    t4 = files.si_send(scope=SYSTEM, batch_id=again.batch_id)
    assert t4 is not None and t4.rows == 1 and _rows(t4)[0]["no_kks"] == "6099000000000999"
    assert (
        _import(
            "BRI",
            [
                {
                    "referensi": refs[2],
                    "status": "TERSALUR",
                    "nominal": 150000,
                    "tanggal": "2025-07-05",
                }
            ],
        ).applied
        == 1
    )

    # PT Pos: the list with pickup locations, then collected at the counter.
    pos_batch = Batch.objects.get(channel="POS")
    pos_file = files.si_send(scope=SYSTEM, batch_id=pos_batch.pk)
    pos_rows = _rows(pos_file)
    assert pos_rows[0]["lokasi_pengambilan"].startswith("Kantor Pos Kecamatan ")
    assert "Bekasi" in pos_rows[0]["lokasi_pengambilan"]
    assert (
        _import(
            "POS",
            [
                {
                    "referensi": pos_rows[0]["referensi"],
                    "status": "TERSALUR",
                    "nominal": 225000,
                    "tanggal": "2025-05-20",
                },
                {
                    "referensi": pos_rows[0]["referensi"],
                    "status": "DICAIRKAN",
                    "nominal": 225000,
                    "tanggal": "2025-05-21",
                    "tempat": "Kantor Pos Bekasi Barat",
                },
            ],
        ).applied
        == 2
    )
    assert AuditEvent.objects.filter(action="penyaluran.response_import").count() == 4
    assert PaymentEvent.objects.filter(to_status="si").count() == 7


def test_rows_that_must_change_nothing_are_reported(population: dict) -> None:
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    bri = Batch.objects.get(tahap__label="2025-T3", channel="BRI")
    files.si_send(scope=SYSTEM, batch_id=bri.pk)
    refs = sorted(
        Payment.objects.filter(batch=bri, status="si").values_list("reference", flat=True)
    )
    bni_ref = Payment.objects.get(channel="BNI").reference
    assert (
        _import(
            "BRI",
            [
                {
                    "referensi": refs[0],
                    "status": "TERSALUR",
                    "nominal": 150000,
                    "tanggal": "2025-05-10",
                },
                {
                    "referensi": refs[0],
                    "status": "DICAIRKAN",
                    "nominal": 150000,
                    "tanggal": "2025-05-11",
                    "tempat": "ATM",
                },
            ],
        ).applied
        == 2
    )
    result = _import(
        "BRI",
        [
            {
                "referensi": "PKH-2025-T3-99999999",
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
            {
                "referensi": refs[1],
                "status": "TERSALUR",
                "nominal": 175000,
                "tanggal": "2025-05-10",
            },
            {"referensi": refs[0], "status": "RETUR", "nominal": 150000, "tanggal": "2025-05-12"},
            {
                "referensi": bni_ref,
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
            {
                "referensi": refs[2],
                "status": "DICAIRKAN",
                "nominal": 150000,
                "tanggal": "2025-05-10",
                "tempat": "ATM",
            },
            {
                "referensi": refs[3],
                "status": "GAGAL",
                "nominal": 150000,
                "tanggal": "2025-05-10",
                "kode_alasan": "X",
            },
        ],
    )
    assert result.ok and (result.applied, result.rejected) == (1, 5)
    outcomes = {r.line: r.outcome for r in responses.problem_rows(import_id=result.import_id)}
    assert outcomes == {
        2: "tidak_dikenal",
        3: "nominal_berbeda",
        4: "sudah_dicairkan",
        5: "penyalur_lain",
        6: "status_tidak_sah",
    }
    statuses = dict(Payment.objects.values_list("reference", "status"))
    assert (statuses[refs[0]], statuses[refs[1]], statuses[refs[2]], statuses[bni_ref]) == (
        "dicairkan",
        "si",
        "si",
        "ditetapkan",
    )
    assert statuses[refs[3]] == "gagal"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "berkas kosong"),
        (b"referensi,status\nX,TERSALUR\n", "kolom tidak sesuai"),
        (
            b"referensi,status,nominal,tanggal,kode_alasan,alasan,tempat,no_rekening,nokks\n",
            "kurang: no_kks; tak dikenal: nokks",
        ),
        (
            b"referensi,status,nominal,tanggal,kode_alasan,alasan,tempat,no_rekening,no_kks\n",
            "tidak berisi",
        ),
        (b"\xff\xfe\x00garbage", "UTF-8"),
    ],
)
def test_malformed_files_rejected_whole(db: None, content: bytes, expected: str) -> None:
    result = responses.response_import(
        scope=SYSTEM, channel="BRI", stream=io.BytesIO(content), filename="rusak.csv"
    )
    assert not result.ok and expected in result.errors[0][1]


def test_one_bad_line_rejects_the_whole_file_with_line_numbers(population: dict) -> None:
    services.tahap_generate(scope=SYSTEM, program="PKH", year=2025)
    services.batches_create(scope=SYSTEM, program="PKH", tahap="2025-T3")
    bri = Batch.objects.get(tahap__label="2025-T3", channel="BRI")
    files.si_send(scope=SYSTEM, batch_id=bri.pk)
    refs = sorted(Payment.objects.filter(batch=bri).values_list("reference", flat=True))
    result = _import(
        "BRI",
        [
            {
                "referensi": refs[0],
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
            {
                "referensi": refs[1],
                "status": "TERKIRIM",
                "nominal": "150.000",
                "tanggal": "10/05/2025",
            },
            {"referensi": refs[2], "status": "GAGAL", "nominal": 150000, "tanggal": "2025-05-10"},
            {
                "referensi": refs[3],
                "status": "DICAIRKAN",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
            {
                "referensi": refs[0],
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
        ],
    )
    assert not result.ok
    lines = [line for line, _ in result.errors]
    assert lines == [3, 4, 5]
    assert "status 'TERKIRIM'" in result.errors[0][1] and "nominal" in result.errors[0][1]
    assert "kode_alasan" in result.errors[1][1] and "tempat" in result.errors[2][1]
    assert not Payment.objects.filter(status="tersalur").exists()
    duplicate = _import(
        "BRI",
        [
            {
                "referensi": refs[0],
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
            {
                "referensi": refs[0],
                "status": "TERSALUR",
                "nominal": 150000,
                "tanggal": "2025-05-10",
            },
        ],
    )
    assert not duplicate.ok and duplicate.errors[0][0] == 3
    assert not Payment.objects.filter(status="tersalur").exists()
