"""The portal's English catalogue: source of locale/en/LC_MESSAGES/django.po (and its .mo).

    .venv/bin/python jaring/portal/locale/english.py     # writes the .po, compiles the .mo

Kept as data so a translator edits one table; msgfmt (gettext) compiles, and the .mo is
committed, so running the site needs no gettext. The tests check every `{% translate %}` /
`gettext` string of the public pages has an entry here.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
PO = HERE / "en" / "LC_MESSAGES" / "django.po"

SINGULAR: dict[str, str] = {
    # Page frame (jaring/web/templates/base.html) and navigation
    "Halaman staf": "Staff pages",
    "Masuk staf": "Staff sign-in",
    "Mendaftar dan menerima bantuan sosial <strong>gratis</strong>. Jangan pernah membayar siapa "
    "pun, dan jangan serahkan kartu KKS atau PIN Anda.": "Registering for and receiving social "
    "assistance is <strong>free</strong>. Never pay anyone, and never hand over your KKS card "
    "or PIN.",
    "Layanan pengaduan: call centre": "Complaints: call centre",
    "Cek Bansos": "Check assistance (Cek Bansos)",
    "Program": "Programs",
    "Jadwal": "Schedule",
    "Pengumuman": "Announcements",
    "Tanya jawab": "FAQ",
    "Kontak": "Contacts",
    "Cari": "Search",
    "Program bantuan dan syaratnya": "Assistance programs and requirements",
    "Jadwal penyaluran": "Disbursement schedule",
    "Daftar akun warga": "Register a citizen account",
    "Masuk": "Sign in",
    "Periksa status bantuan Anda: pilih desa/kelurahan, tulis nama lengkap sesuai KTP.": (
        "Check your assistance status: choose your village, type your full name as on your "
        "ID card (KTP)."
    ),
    # Cek Bansos
    "Periksa apakah Anda atau anggota keluarga terdaftar sebagai penerima bantuan sosial: "
    "program, periode, status, nominal, dan tempat penyaluran.": "Check whether you or a member "
    "of your family is registered as a recipient of social assistance: program, period, status, "
    "amount and where it is paid.",
    "Pilih wilayah sesuai alamat pada KTP, lalu tulis nama lengkap persis seperti di KTP. "
    "Pencarian ini gratis.": "Choose the area of the address on your ID card (KTP), then type "
    "your full name exactly as on it. This search is free.",
    "Hasil pencarian": "Search result",
    "Periode": "Period",
    "Status": "Status",
    "Nominal": "Amount",
    "Penyaluran": "Paid through",
    "Terdaftar di data keluarga, tetapi belum ditetapkan sebagai penerima bantuan pada periode "
    "terakhir.": "Registered in the family data, but not set as a recipient in the latest period.",
    "Data tidak ditemukan.": "No data found.",
    "Periksa ejaan nama (lengkap sesuai KTP) dan desa/kelurahan yang dipilih.": (
        "Check the spelling of the name (in full, as on the KTP) and the chosen village."
    ),
    "Ajukan usulan melalui RT/RW atau kantor desa/kelurahan.": (
        "Propose yourself through your RT/RW or the village office."
    ),
    "Hubungi Dinas Sosial kabupaten/kota setempat atau call centre": (
        "Contact the social affairs office (Dinas Sosial) of your district or the call centre"
    ),
    "Cari Data": "Search",
    "Nama lengkap sesuai KTP": "Full name as on the ID card (KTP)",
    "Tulis nama lengkap, tanpa singkatan. Huruf besar/kecil dan gelar (H., Hj., Drs., S.Pd) "
    "tidak berpengaruh.": "Write the full name without abbreviations. Upper/lower case and "
    "titles (H., Hj., Drs., S.Pd) do not matter.",
    "Kode keamanan": "Security code",
    "Gambar kode keamanan berisi 4 huruf": "Security code image with 4 letters",
    "Ganti kode": "New code",
    "Dengarkan kode (audio)": "Listen to the code (audio)",
    "Ketik huruf pada gambar di atas (huruf besar/kecil sama saja).": (
        "Type the letters in the image above (upper or lower case, either is fine)."
    ),
    "Versi audio belum tersedia di server ini; jika sulit membaca kode, minta bantuan petugas "
    "desa/kelurahan atau hubungi call centre 1500-111.": "The audio version is not available on "
    "this server; if the code is hard to read, ask the village officer for help or call "
    "1500-111.",
    "Sedang mencari…": "Searching…",
    "Usia %(age)s tahun": "Age %(age)s",
    "%(amount)s per tahap": "%(amount)s per instalment",
    # Messages from jaring/portal/lookup.py and guard.py
    "Data tidak ditemukan. Periksa kembali ejaan nama (tulis lengkap sesuai KTP) dan "
    "desa/kelurahan yang dipilih. Jika Anda merasa berhak menerima bantuan, ajukan usulan melalui "
    "RT/RW atau kantor desa/kelurahan, atau lewat akun warga Jaring; tanyakan juga ke Dinas Sosial "
    "kabupaten/kota setempat atau call centre 1500-111.": "No data found. Check the spelling of "
    "the name (in full, as on the KTP) and the chosen village. If you believe you are entitled "
    "to assistance, propose yourself through your RT/RW or the village office, or with a Jaring "
    "citizen account; you can also ask the district social affairs office (Dinas Sosial) or "
    "call 1500-111.",
    "Ditemukan %(count)d data atas nama tersebut di %(desa)s.": (
        "Found %(count)d record(s) with that name in %(desa)s."
    ),
    "Pilih desa/kelurahan terlebih dahulu.": "Choose a village first.",
    "Desa/kelurahan yang dipilih tidak dikenal.": "The chosen village is not known.",
    "Nama terlalu panjang (paling banyak %(max)d huruf).": (
        "The name is too long (at most %(max)d characters)."
    ),
    "Tulis nama lengkap sesuai KTP.": "Write the full name as on the KTP.",
    "Kode keamanan salah atau sudah kedaluwarsa. Silakan isi kode yang baru.": (
        "The security code is wrong or has expired. Please enter the new code."
    ),
    "Terlalu banyak pencarian dalam waktu singkat. Silakan coba lagi dalam %(wait)s.": (
        "Too many searches in a short time. Please try again in %(wait)s."
    ),
    # Information pages
    "Program bantuan": "Assistance programs",
    "Program bantuan sosial": "Social assistance programs",
    "Program yang berlaku per %(day)s, siapa yang berhak, dan dokumen yang perlu disiapkan. Teks "
    "ini dibuat langsung dari aturan yang dipakai sistem penetapan.": "Programs in force on "
    "%(day)s, who is entitled, and the documents to prepare. This text is generated from the "
    "rules the decision system uses (program descriptions are in Indonesian).",
    "Ingin tahu apakah Anda terdaftar?": "Want to know whether you are registered?",
    "Syarat penerima": "Who can receive it",
    "Komponen dan besaran bantuan": "Components and amounts",
    "Komponen": "Component",
    "Per tahun": "Per year",
    "Per tahap": "Per instalment",
    "Tidak berhak menerima": "Not entitled",
    "Dokumen yang perlu disiapkan": "Documents to prepare",
    "Cek status Anda": "Check your status",
    "Jadwal penyaluran yang diumumkan": "Announced disbursement schedule",
    "Tahap": "Instalment",
    "Waktu": "When",
    "Keterangan": "Note",
    "Belum ada jadwal penyaluran yang diumumkan.": "No disbursement schedule announced yet.",
    "Pantau halaman pengumuman": "Watch the announcements page",
    "Pembagian tahap menurut aturan program": "Instalments under each program's rules",
    "Belum ada pengumuman.": "No announcements yet.",
    "Belum ada tanya jawab. Hubungi call centre": "No questions yet. Call the call centre",
    "Kontak dan pengaduan": "Contacts and complaints",
    "Call centre Kementerian Sosial:": "Ministry of Social Affairs call centre:",
    "Kantor desa/kelurahan dan RT/RW: untuk usulan penerima baru dan perbaikan data.": (
        "Village office and RT/RW: to propose new recipients and correct data."
    ),
    "Dinas Sosial kabupaten/kota: verifikasi data, sanggahan, dan pengaduan penyaluran.": (
        "District social affairs office (Dinas Sosial): data verification, objections and "
        "disbursement complaints."
    ),
    "Pendamping PKH: pertanyaan tentang komponen, kehadiran, dan pencairan PKH.": (
        "PKH facilitator: questions about PKH components, attendance and payments."
    ),
    "Bank penyalur (BRI, BNI, Bank Mandiri, BTN, BSI) atau PT Pos Indonesia: kartu KKS hilang, "
    "rekening, dan pengambilan dana.": "Paying bank (BRI, BNI, Bank Mandiri, BTN, BSI) or PT Pos "
    "Indonesia: lost KKS card, accounts and collecting the money.",
    "Waspada penipuan": "Beware of fraud",
    "Mendaftar dan menerima bantuan sosial <strong>gratis</strong>. Petugas tidak pernah meminta "
    "uang, kartu KKS, atau PIN Anda. Laporkan potongan atau pungutan liar (pungli) ke 1500-111.": (
        "Registering for and receiving social assistance is <strong>free</strong>. Officers never "
        "ask for money, your KKS card or your PIN. Report deductions or illegal levies (pungli) "
        "to 1500-111."
    ),
    "Cari informasi": "Search information",
    "Kata kunci": "Keywords",
    "Hasil untuk “%(query)s”": "Results for “%(query)s”",
    "Tidak ada informasi yang cocok. Coba kata lain, atau hubungi call centre": (
        "Nothing matches. Try other words, or call the call centre"
    ),
    # Citizen account
    "Daftar": "Register",
    "Dengan akun warga Anda dapat melihat status bantuan Anda dan anggota keluarga setelah data "
    "Anda dicocokkan petugas dengan registri. Pendaftaran <strong>gratis</strong>.": "With a "
    "citizen account you can see your own and your family's assistance once an officer has "
    "matched your data with the registry. Registration is <strong>free</strong>.",
    "Foto: JPG, PNG, atau WEBP, paling besar 5 MB. Data lokasi dan metadata foto dihapus "
    "otomatis. Foto hanya dapat dilihat petugas yang memverifikasi.": "Photos: JPG, PNG or WEBP, "
    "at most 5 MB. Location data and photo metadata are removed automatically. Only the "
    "verifying officers can see the photos.",
    "Sudah punya akun?": "Already have an account?",
    "Belum punya akun?": "No account yet?",
    "Masuk akun warga": "Citizen sign-in",
    "E-mail atau kata sandi salah, atau akun belum dikonfirmasi.": (
        "Wrong e-mail or password, or the account is not confirmed yet."
    ),
    "E-mail": "E-mail",
    "Kata sandi": "Password",
    "Pendaftaran diterima": "Registration received",
    "Kami mengirim tautan konfirmasi ke e-mail Anda. Buka tautan itu untuk mengaktifkan akun. "
    "Setelah itu petugas akan mencocokkan data Anda dengan registri.": "We sent a confirmation "
    "link to your e-mail. Open it to activate the account. An officer will then match your data "
    "with the registry.",
    "Konfirmasi e-mail": "E-mail confirmation",
    "E-mail terkonfirmasi": "E-mail confirmed",
    "Akun Anda aktif.": "Your account is active.",
    "untuk melihat status verifikasi.": "to see the verification status.",
    "Tautan tidak berlaku": "Link not valid",
    "Tautan konfirmasi rusak atau sudah kedaluwarsa. Silakan daftar ulang atau hubungi call "
    "centre 1500-111.": "The confirmation link is broken or has expired. Please register again "
    "or call 1500-111.",
    "Akun saya": "My account",
    "Nama": "Name",
    "NIK": "NIK (ID number)",
    "Status akun": "Account status",
    "Bantuan keluarga Anda": "Your family's assistance",
    "Belum ditetapkan sebagai penerima pada periode terakhir.": (
        "Not set as a recipient in the latest period."
    ),
    "Usul dan sanggah": "Proposals and objections",
    "Usulkan penerima": "Propose a recipient",
    "Sanggah penerima di desa Anda": "Object to a recipient in your village",
    "Status bantuan keluarga akan tampil setelah petugas memverifikasi akun Anda.": (
        "Your family's assistance appears once an officer has verified your account."
    ),
    "Keluar": "Sign out",
}

PLURAL: dict[str, tuple[str, str]] = {
    "%(n)d detik": ("%(n)d second", "%(n)d seconds"),
    "%(n)d menit": ("%(n)d minute", "%(n)d minutes"),
}

HEADER = """\
# English for the Jaring public portal. Generated by jaring/portal/locale/english.py: edit there.
msgid ""
msgstr ""
"Project-Id-Version: jaring-portal\\n"
"PO-Revision-Date: 2026-11-23 00:00+0000\\n"
"Last-Translator: Jaring <noreply@jaring.local>\\n"
"Language-Team: English\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def po_text() -> str:
    parts = [HEADER]
    for msgid, msgstr in SINGULAR.items():
        parts.append(f"msgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n")
    for msgid, (one, many) in PLURAL.items():
        parts.append(
            f"msgid {_quote(msgid)}\nmsgid_plural {_quote(msgid)}\n"
            f"msgstr[0] {_quote(one)}\nmsgstr[1] {_quote(many)}\n"
        )
    return "\n".join(parts)


def main() -> None:
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_text(po_text(), encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)


if __name__ == "__main__":
    main()
