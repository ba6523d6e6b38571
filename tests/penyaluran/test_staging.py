"""The two ways a response file is staged (raw COPY + SQL checks on PostgreSQL, the Python
reference path otherwise) give the same outcomes, the same line numbers and the same report of a
rejected file; the SI file written by COPY equals the Python rows, quotes and empty values too."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.db import connection

from jaring.penyaluran import files, responses
from jaring.penyaluran.layouts import SI_COLUMNS, csv_lines
from jaring.penyaluran.models import Payment, SiFile
from jaring.registry.models import Anggota
from tests.penyaluran.helpers import SYSTEM, seed_sent_batch

pytestmark = pytest.mark.django_db
HEADER = b"referensi,status,nominal,tanggal,kode_alasan,alasan,tempat,no_rekening,no_kks"


@pytest.fixture
def refs(tmp_path: Path) -> list[str]:
    return seed_sent_batch(4, str(tmp_path / "jawaban.csv"))


def _import(data: bytes) -> responses.ImportResult:
    return responses.response_import(
        scope=SYSTEM, channel="BRI", stream=io.BytesIO(data), filename="jawaban.csv"
    )


def _outcomes(result: responses.ImportResult) -> dict[int, str]:
    assert result.import_id is not None
    return {r.line: r.outcome for r in responses.problem_rows(import_id=result.import_id)}


def test_clean_file_takes_the_fast_path_on_postgresql(refs: list[str]) -> None:
    body = (
        b"".join(f"{r},tersalur ,150000, 2025-05-10,,,,,\n".encode() for r in refs[:3])
        + b"PKH-2025-T3-99999999,TERSALUR,150000,2025-05-10,,,,,\n"
    )
    result = _import(HEADER + b"\n" + body)
    assert result.ok and result.fast_path == (connection.vendor == "postgresql")
    assert (result.rows, result.applied, result.rejected) == (4, 3, 1)
    assert _outcomes(result) == {5: "tidak_dikenal"}
    credited = Payment.objects.get(reference=refs[0])
    assert credited.status == "tersalur" and str(credited.credited_at) == "2025-05-10"


def test_columns_in_another_order_with_bom_and_crlf(refs: list[str]) -> None:
    header = "\ufefftanggal,referensi,nominal,status,alasan,kode_alasan,tempat,no_rekening,no_kks"
    lines = [header, f'2025-05-11,{refs[0]},150000,GAGAL,"Rekening, ditutup",R01,,,']
    result = _import(("\r\n".join(lines) + "\r\n").encode())
    assert result.ok and result.applied == 1, result.errors
    failed = Payment.objects.get(reference=refs[0])
    assert (failed.status, failed.failure_code, failed.failure_reason) == (
        "gagal",
        "R01",
        "Rekening, ditutup",
    )


def test_blank_lines_and_quoted_line_breaks_keep_true_line_numbers(refs: list[str]) -> None:
    data = (
        HEADER + b"\n"
        + f'{refs[0]},GAGAL,150000,2025-05-10,R01,"baris\nkedua",,,\n'.encode()
        + b"\n"
        + f"{refs[1]},TERSALUR,1,2025-05-10,,,,,\n".encode()
    )  # fmt: skip
    result = _import(data)
    assert result.ok and not result.fast_path  # the reference path numbers physical lines
    assert _outcomes(result) == {5: "nominal_berbeda"}
    assert Payment.objects.get(reference=refs[0]).failure_reason == "baris\nkedua"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{ref},TERSALUR,15.000,2025-05-10,,,,,", "nominal '15.000' harus bilangan bulat"),
        ("{ref},TERSALUR,150000,2025-02-30,,,,,", "tanggal '2025-02-30' harus berformat"),
        ("{ref},DIBAYAR,150000,2025-05-10,,,,,", "status 'DIBAYAR' tidak dikenal"),
        ("{ref},GAGAL,150000,2025-05-10,,,,,", "kode_alasan wajib diisi untuk status GAGAL"),
        ("{ref},TERSALUR,150000,2025-05-10,,,,", "jumlah kolom 8, seharusnya 9"),
        ("{ref},TERSALUR,150000,2025-05-10,,,,,,", "jumlah kolom 10, seharusnya 9"),
    ],
)
def test_one_bad_line_rejects_the_file_with_its_line_number(
    refs: list[str], line: str, expected: str
) -> None:
    good = [f"{r},TERSALUR,150000,2025-05-10,,,,," for r in refs[1:]]
    lines = [good[0], good[1], line.format(ref=refs[0]), good[2]]
    result = _import(HEADER + b"\n" + "\n".join(lines).encode() + b"\n")
    assert not result.ok and result.error_count == 1
    assert result.errors[0][0] == 4 and expected in result.errors[0][1], result.errors
    assert Payment.objects.filter(status="si").count() == 4  # nothing changed


def test_not_utf8_and_repeated_lines_are_rejected(refs: list[str]) -> None:
    latin = _import(HEADER + b"\n" + f"{refs[0]},GAGAL,150000,2025-05-10,R1,".encode()
                    + "Pemilik wafat \xe9,,,\n".encode("latin-1"))  # fmt: skip
    assert not latin.ok and "bukan teks UTF-8" in latin.errors[0][1]
    twice = f"{refs[0]},TERSALUR,150000,2025-05-10,,,,,\n".encode()
    repeated = _import(HEADER + b"\n" + twice + twice)
    assert not repeated.ok
    assert repeated.errors == [
        (3, f"referensi {refs[0]} dengan status TERSALUR sudah ada di baris 2")
    ]


def test_si_file_by_copy_equals_the_python_rows_with_quotes_and_empty_values(
    refs: list[str],
) -> None:
    head = Anggota.objects.filter(relationship="kepala_keluarga").order_by("pk").first()
    assert head is not None
    head.name = 'Siti "Ani", S.Pd'
    head.save(update_fields=["name"])
    Payment.objects.filter(reference=refs[1]).update(account_number="")
    si_file = SiFile.objects.get()
    written = b"".join(files.si_file_chunks(si_file)).decode()
    assert written == "".join(csv_lines(SI_COLUMNS, files.si_file_rows(si_file)))
    rows = list(csv.DictReader(io.StringIO(written)))
    assert 'Siti "Ani", S.Pd' in {r["nama_penerima"] for r in rows}
    assert '"Siti ""Ani"", S.Pd"' in written and ",,," not in written.split("\n")[0]
