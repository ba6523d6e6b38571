"""Controlled vocabularies of the household interchange format (CONTRACTS.md).

Plain Python, no Django: the engine and the generator import it too. Each vocabulary maps the
stored value to its Indonesian label.
"""

from __future__ import annotations

REGISTRY_STATUS = {"aktif": "Aktif", "nonaktif": "Nonaktif", "usulan": "Usulan"}
CHANNEL = {"KKS": "KKS (rekening bank)", "POS": "PT Pos Indonesia"}
BANK = {"BRI": "BRI", "BNI": "BNI", "MANDIRI": "Bank Mandiri", "BTN": "BTN", "BSI": "BSI"}
SEX = {"L": "Laki-laki", "P": "Perempuan"}
RELATIONSHIP = {
    "kepala_keluarga": "Kepala keluarga",
    "suami": "Suami",
    "istri": "Istri",
    "anak": "Anak",
    "menantu": "Menantu",
    "cucu": "Cucu",
    "orang_tua": "Orang tua",
    "mertua": "Mertua",
    "famili_lain": "Famili lain",
    "lainnya": "Lainnya",
}
CITIZENSHIP = {"WNI": "WNI", "WNA": "WNA"}
DISABILITY = {"tidak": "Tidak ada", "ringan": "Ringan", "sedang": "Sedang", "berat": "Berat"}
SCHOOLING = {
    "belum_sekolah": "Belum sekolah",
    "paud": "PAUD/TK",
    "sd": "SD/sederajat",
    "smp": "SMP/sederajat",
    "sma": "SMA/SMK",
    "paket_c": "Paket C",
    "kuliah": "Kuliah",
    "tidak_sekolah": "Tidak sekolah (belum tamat 12 tahun)",
    "tamat_sma": "Tamat 12 tahun",
}
OCCUPATION = {
    "tidak_bekerja": "Tidak bekerja",
    "ibu_rumah_tangga": "Ibu rumah tangga",
    "pelajar": "Pelajar/mahasiswa",
    "petani": "Petani",
    "nelayan": "Nelayan",
    "buruh": "Buruh",
    "pedagang": "Pedagang",
    "wiraswasta": "Wiraswasta",
    "karyawan_swasta": "Karyawan swasta",
    "asn": "ASN",
    "tni": "TNI",
    "polri": "Polri",
    "pensiunan_asn": "Pensiunan ASN",
    "pensiunan_tni": "Pensiunan TNI",
    "pensiunan_polri": "Pensiunan Polri",
    "guru_sertifikasi": "Guru bersertifikasi",
    "lainnya": "Lainnya",
}
EMPLOYMENT = {
    "tidak_bekerja": "Tidak bekerja",
    "bekerja_tetap": "Bekerja tetap",
    "bekerja_tidak_tetap": "Bekerja tidak tetap",
    "phk": "Terkena PHK",
}

# Housing and asset characteristics used by the proxy-means test (optional "housing" object of
# the interchange format, an extension of CONTRACTS.md).
FLOOR_MATERIAL = {
    "keramik": "Keramik/granit",
    "ubin": "Ubin/tegel/teraso",
    "semen": "Semen/bata merah",
    "kayu": "Kayu/papan",
    "bambu": "Bambu",
    "tanah": "Tanah",
}
WALL_MATERIAL = {
    "tembok": "Tembok",
    "plesteran_anyaman": "Plesteran anyaman bambu/kawat",
    "kayu": "Kayu/papan",
    "bambu": "Anyaman bambu",
    "lainnya": "Lainnya (seng, terpal, dll.)",
}
ROOF_MATERIAL = {
    "beton": "Beton",
    "genteng": "Genteng",
    "seng": "Seng",
    "asbes": "Asbes",
    "ijuk_rumbia": "Ijuk/rumbia/daun",
}
DRINKING_WATER = {
    "air_kemasan": "Air kemasan/isi ulang",
    "ledeng": "Ledeng/PDAM",
    "sumur_bor": "Sumur bor/pompa",
    "sumur_terlindung": "Sumur/mata air terlindung",
    "sumur_tak_terlindung": "Sumur/mata air tak terlindung",
    "sungai_hujan": "Air sungai/danau/hujan",
}
SANITATION = {
    "sendiri": "Jamban sendiri",
    "bersama": "Jamban bersama",
    "umum": "Jamban umum",
    "tidak_ada": "Tidak ada",
}
ELECTRICITY = {
    "pln_1300_lebih": "PLN 1.300 VA ke atas",
    "pln_900": "PLN 900 VA",
    "pln_450": "PLN 450 VA",
    "non_pln": "Non-PLN (genset, tenaga surya)",
    "tidak_ada": "Tidak ada listrik",
}
COOKING_FUEL = {
    "listrik_gas": "Listrik/gas di atas 3 kg",
    "lpg_3kg": "LPG 3 kg",
    "minyak_tanah": "Minyak tanah",
    "kayu_arang": "Kayu bakar/arang",
    "tidak_memasak": "Tidak memasak",
}
ASSETS = {
    "mobil": "Mobil",
    "motor": "Sepeda motor",
    "kulkas": "Lemari es",
    "ac": "AC",
    "tv": "Televisi layar datar",
    "komputer": "Komputer/laptop",
    "emas": "Emas/perhiasan ≥ 10 gram",
    "lahan": "Lahan/tanah selain rumah",
    "ternak": "Ternak besar",
    "perahu_motor": "Perahu motor",
}
HOUSING_FIELDS = {
    "floor_material": FLOOR_MATERIAL,
    "wall_material": WALL_MATERIAL,
    "roof_material": ROOF_MATERIAL,
    "drinking_water": DRINKING_WATER,
    "sanitation": SANITATION,
    "electricity": ELECTRICITY,
    "cooking_fuel": COOKING_FUEL,
}


def choices(vocabulary: dict[str, str]) -> list[tuple[str, str]]:
    """Django `choices` for a vocabulary."""
    return list(vocabulary.items())


# Every coded field of the interchange format and the vocabulary its values come from.
FIELD_VOCABULARIES: dict[str, dict[str, str]] = {
    "registry_status": REGISTRY_STATUS,
    "channel": CHANNEL,
    "bank": BANK,
    "sex": SEX,
    "relationship": RELATIONSHIP,
    "citizenship": CITIZENSHIP,
    "disability": DISABILITY,
    "schooling": SCHOOLING,
    "occupation": OCCUPATION,
    "employment": EMPLOYMENT,
    "assets": ASSETS,
    **HOUSING_FIELDS,
}
