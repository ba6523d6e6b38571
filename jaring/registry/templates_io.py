"""The CSV/XLSX layout of households for staff, and the blank templates to download.

Two tables joined on `kk`, with the interchange format's keys as column headers:
- keluarga (families): one row per KK; the housing characteristics are flat columns and
  `assets` is a comma-separated list ("motor,tv").
- anggota (members): one row per person; rows of one KK in the order of the card.
An XLSX workbook holds them as sheets "keluarga" and "anggota" (plus a "petunjuk" sheet that
`jaring import` ignores). As CSV they are two UTF-8 files: `keluarga.csv` and `anggota.csv`
beside it (generally: the members file is the families file's name with "keluarga" replaced by
"anggota"), or both inside one .zip.
"""

from __future__ import annotations

import csv
from pathlib import Path

from jaring.core import vocab
from jaring.registry.records import HOUSING_TEXT_KEYS, KELUARGA_FIELDS, MEMBER_FIELDS

FAMILY_SHEET = "keluarga"
MEMBER_SHEET = "anggota"
HELP_SHEET = "petunjuk"
FAMILY_COLUMNS = KELUARGA_FIELDS
MEMBER_COLUMNS = ("kk", *MEMBER_FIELDS)
HOUSING_COLUMNS = (*HOUSING_TEXT_KEYS, "floor_area_m2", "assets")

_VOCABULARY = vocab.FIELD_VOCABULARIES
_DESCRIPTION = {
    "kk": "Nomor KK, 16 angka (isi sebagai teks). Wajib.",
    "region": "Kode desa/kelurahan 10 angka tanpa titik, mis. 3273011001. Wajib.",
    "desil": "Desil kesejahteraan 1–10, atau kosong.",
    "registry_status": "Status DTKS; kosong berarti aktif.",
    "channel": "Jalur penyaluran. Wajib.",
    "bank": "Wajib untuk KKS, harus kosong untuk POS.",
    "kks_number": "Nomor kartu KKS (boleh kosong).",
    "address": "Alamat (boleh kosong).",
    "rt": "RT (boleh kosong).",
    "rw": "RW (boleh kosong).",
    "floor_area_m2": "Luas lantai rumah dalam m², bilangan bulat.",
    "assets": "Aset, dipisah koma, mis. motor,tv.",
    "nik": "NIK 16 angka (isi sebagai teks). Wajib.",
    "name": "Nama lengkap sesuai KTP. Wajib.",
    "sex": "Jenis kelamin. Wajib.",
    "birth_place": "Tempat lahir (boleh kosong).",
    "birth_date": "Tanggal lahir TTTT-BB-HH. Wajib.",
    "relationship": "Hubungan dengan kepala keluarga; tepat satu kepala_keluarga per KK. Wajib.",
    "citizenship": "Kewarganegaraan; kosong berarti WNI.",
    "alive": "true/false (ya/tidak); kosong berarti masih hidup.",
    "date_of_death": "Tanggal meninggal TTTT-BB-HH, hanya bila alive=false.",
    "pregnant": "true/false (ya/tidak), hanya untuk perempuan.",
    "pregnancy_order": "Kehamilan ke- (1, 2, ...), hanya bila hamil.",
    "disability": "Disabilitas; kosong berarti tidak.",
    "schooling": "Pendidikan yang sedang dijalani. Wajib.",
    "occupation": "Pekerjaan. Wajib.",
    "employment": "Status kerja; kosong berarti tidak_bekerja.",
    "monthly_income": "Penghasilan per bulan dalam rupiah, bilangan bulat tanpa titik.",
    "bpjs_ketenagakerjaan": "Peserta BPJS Ketenagakerjaan: true/false (ya/tidak).",
}


def help_rows() -> list[tuple[str, str, str, str]]:
    """(sheet, column, description, allowed values) for the "petunjuk" sheet / file."""
    rows = []
    for sheet, columns in ((FAMILY_SHEET, FAMILY_COLUMNS), (MEMBER_SHEET, MEMBER_COLUMNS)):
        for column in columns:
            description = _DESCRIPTION.get(column, "Karakteristik rumah (boleh kosong).")
            if column == "kk" and sheet == MEMBER_SHEET:
                description = "Nomor KK keluarga anggota ini (sama dengan lembar keluarga). Wajib."
            allowed = ", ".join(_VOCABULARY.get(column, {}))
            rows.append((sheet, column, description, allowed))
    return rows


def members_path_for(families: Path) -> Path:
    """The members CSV that sits beside a families CSV."""
    if FAMILY_SHEET in families.name:
        return families.with_name(families.name.replace(FAMILY_SHEET, MEMBER_SHEET))
    return families.with_name(f"{MEMBER_SHEET}.csv")


def write_template(*, fmt: str, out_dir: Path) -> list[Path]:
    """Write the blank template(s) into out_dir; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    header = ("lembar", "kolom", "keterangan", "nilai yang sah")
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        bold = Font(bold=True)
        families = workbook.active
        families.title = FAMILY_SHEET
        members = workbook.create_sheet(MEMBER_SHEET)
        for sheet, columns in ((families, FAMILY_COLUMNS), (members, MEMBER_COLUMNS)):
            sheet.append(list(columns))
            for cell in sheet[1]:
                cell.font = bold
            # Identity numbers as text: Excel would otherwise round 16 digits to 15.
            for index, column in enumerate(columns, start=1):
                if column in {"kk", "nik", "region", "kks_number", "rt", "rw"}:
                    letter = sheet.cell(row=1, column=index).column_letter
                    for row in range(2, 2001):
                        sheet[f"{letter}{row}"].number_format = "@"
            sheet.freeze_panes = "A2"
        guide = workbook.create_sheet(HELP_SHEET)
        guide.append(list(header))
        for row in help_rows():
            guide.append(list(row))
        path = out_dir / "template-keluarga.xlsx"
        workbook.save(path)
        return [path]
    if fmt == "csv":
        written = []
        for name, rows in (
            (f"{FAMILY_SHEET}.csv", [FAMILY_COLUMNS]),
            (f"{MEMBER_SHEET}.csv", [MEMBER_COLUMNS]),
            (f"{HELP_SHEET}.csv", [header, *help_rows()]),
        ):
            path = out_dir / name
            with path.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
            written.append(path)
        return written
    raise ValueError(f"format template '{fmt}' tidak dikenal; pilih csv atau xlsx")
