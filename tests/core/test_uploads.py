"""Uploaded evidence: type sniffed from the bytes, sizes limited per kind, images re-encoded."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reportlab.pdfgen import canvas

from jaring.core.uploads import IMAGE, MAX_BYTES, PDF, VIDEO, check_upload, sniff_kind


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Kamera"  # Make
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0)}  # GPS info
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def real_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Surat keterangan")
    page.save()
    return out.getvalue()


MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def test_photo_is_reencoded_without_exif() -> None:
    clean = check_upload(SimpleUploadedFile("a.png", jpeg_with_gps()), label="Bukti")
    assert clean.name.endswith(".jpg")
    with Image.open(io.BytesIO(clean.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_pdf_and_video_are_accepted_where_allowed() -> None:
    kinds = {IMAGE, PDF, VIDEO}
    assert check_upload(SimpleUploadedFile("x", real_pdf()), label="B", kinds=kinds).name.endswith(
        ".pdf"
    )
    assert check_upload(SimpleUploadedFile("x", MP4_HEAD), label="B", kinds=kinds).name.endswith(
        ".mp4"
    )
    assert sniff_kind(b"\x1a\x45\xdf\xa3" + b"\x00" * 12) == (VIDEO, "webm")


@pytest.mark.parametrize(
    ("data", "kinds", "message"),
    [
        (b"MZ\x90\x00 a windows program", {IMAGE, PDF}, "bukan berkas yang diterima"),
        (b"<svg onload=alert(1)>", {IMAGE}, "bukan berkas"),
        (b"%PDF-1.7 but broken", {PDF}, "bukan berkas PDF yang sah"),
        (MP4_HEAD, {IMAGE, PDF}, "harus berupa"),  # a video where only photos and PDFs are asked
        (b"", {IMAGE}, "kosong"),
    ],
)
def test_wrong_types_are_refused_in_indonesian(data: bytes, kinds: set[str], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("bukti.jpg", data), label="Bukti", kinds=kinds)
    assert message in error.value.messages[0]


def test_size_limit_is_per_kind() -> None:
    big_pdf = b"%PDF-1.4\n" + b"0" * (MAX_BYTES[PDF] + 1)
    with pytest.raises(ValidationError, match="terlalu besar"):
        check_upload(SimpleUploadedFile("b.pdf", big_pdf), label="Bukti", kinds={PDF, VIDEO})
    big_photo = b"\xff\xd8\xff" + b"0" * MAX_BYTES[IMAGE]
    with pytest.raises(ValidationError, match="terlalu besar"):
        check_upload(SimpleUploadedFile("b.jpg", big_photo), label="Bukti", kinds={IMAGE, VIDEO})
