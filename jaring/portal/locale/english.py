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
    "rules the decision system uses.",
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
    # Home page (jaring/web/templates/web/home.html) and the region picker
    "Beranda": "Home",
    "Jaring — jaring pengaman sosial": "Jaring — the social safety net",
    "Sistem informasi bantuan sosial: data keluarga, program, cek status bantuan, dan pengaduan.": (
        "Social assistance information system: family data, programs, assistance status checks "
        "and complaints."
    ),
    "Wilayah": "Area",
    "Provinsi": "Province (provinsi)",
    "Kabupaten/Kota": "Regency/city (kabupaten/kota)",
    "Kecamatan": "District (kecamatan)",
    "Desa/Kelurahan": "Village (desa/kelurahan)",
    "— Pilih %(label)s —": "— Choose the %(label)s —",
    "Lanjut": "Next",
    # Program texts generated by jaring/engine/describe.py (sentence templates)
    "sekali setahun": "once a year",
    "2 tahap setahun (per semester)": "2 instalments a year (per semester)",
    "3 tahap setahun (per caturwulan)": "3 instalments a year (every four months)",
    "4 tahap setahun (per triwulan)": "4 instalments a year (per quarter)",
    "6 tahap setahun (setiap dua bulan)": "6 instalments a year (every two months)",
    "12 tahap setahun (setiap bulan)": "12 instalments a year (every month)",
    "lewat rekening KKS": "into the KKS account",
    "lewat PT Pos Indonesia": "through PT Pos Indonesia",
    "lewat %(channel)s": "through %(channel)s",
    "keluarga": "family",
    "perorangan": "individual",
    "Bantuan": "Assistance",
    "paling banyak %(count)s %(component)s per keluarga": (
        "at most %(count)s × %(component)s per family"
    ),
    "paling banyak %(count)s komponen per keluarga": "at most %(count)s components per family",
    "Setiap anggota paling banyak satu komponen; %(limits)s; dipilih susunan komponen dengan "
    "jumlah tertinggi.": "Each member counts for at most one component; %(limits)s; the "
    "combination of components with the highest total is chosen.",
    "%(schedule)s (periode ini: tahap %(tahap)s)": "%(schedule)s (this period: instalment "
    "%(tahap)s)",
    "berlaku sejak %(start)s": "in force since %(start)s",
    "berlaku sejak %(start)s sampai %(end)s": "in force from %(start)s to %(end)s",
    "Informasi program sedang disiapkan. Silakan hubungi call centre 1500-111.": (
        "Program information is being prepared. Please call the call centre 1500-111."
    ),
    # Texts written in policy/programs/*.toml (summaries, conditions, components, documents).
    # tests/portal/test_english.py fails when a shipped policy text has no entry here.
    "Bantuan perorangan bagi lansia 60 tahun ke atas dan penyandang disabilitas berat dalam "
    "keluarga desil 1–4.": "Individual assistance for older people aged 60 and over and people "
    "with severe disabilities in families of desil 1–4.",
    "Keluarga berdesil kesejahteraan 1–4": "Family in welfare desil 1–4",
    "Penerima hidup, WNI dan ber-NIK sah": "Recipient alive, an Indonesian citizen (WNI), with a "
    "valid NIK",
    "Lanjut usia (60 tahun ke atas)": "Older person (aged 60 or over)",
    "Penyandang disabilitas berat": "Person with a severe disability",
    "KTP elektronik penerima": "The recipient's electronic ID card (e-KTP)",
    "Kartu Keluarga (KK)": "Family card (Kartu Keluarga, KK)",
    "Surat keterangan disabilitas bagi penyandang disabilitas berat": "Disability certificate "
    "for people with a severe disability",
    "Bantuan pangan Rp200.000 per bulan bagi keluarga miskin dan rentan (desil 1–4), disalurkan "
    "per triwulan.": "Food assistance of Rp200.000 a month for poor and vulnerable families "
    "(desil 1–4), paid per quarter.",
    "Keluarga berstatus aktif di registri": "Family active in the registry",
    "Desil kesejahteraan 1–4": "Welfare desil 1–4",
    "Minimal satu anggota hidup, WNI dan ber-NIK sah": "At least one living member who is an "
    "Indonesian citizen (WNI) with a valid NIK",
    "Tidak ada anggota hidup yang pensiunan ASN/TNI/Polri atau guru bersertifikasi": "No living "
    "member is a retired civil servant (ASN), soldier (TNI), police officer (Polri) or a "
    "certified teacher",
    "Tidak ada anggota hidup berpenghasilan setara atau di atas UMP provinsi": "No living member "
    "earns as much as or more than the provincial minimum wage (UMP)",
    "KTP elektronik pengurus keluarga": "Electronic ID card (e-KTP) of the family's caretaker",
    "Kartu Keluarga Sejahtera (KKS) bila ada": "Family welfare card (KKS), if any",
    "Bantuan tunai bersyarat bagi keluarga miskin dan rentan (desil 1–4) yang memiliki ibu "
    "hamil, anak usia dini, anak sekolah, lansia atau penyandang disabilitas berat.": (
        "Conditional cash assistance for poor and vulnerable families (desil 1–4) with a "
        "pregnant woman, a young child, a school child, an older person or a person with a "
        "severe disability."
    ),
    "Minimal satu komponen PKH": "At least one PKH component",
    "Ibu hamil (kehamilan ke-1 atau ke-2)": "Pregnant woman (1st or 2nd pregnancy)",
    "Anak usia dini (0–6 tahun)": "Young child (0–6 years)",
    "Anak sekolah SD/sederajat": "Primary school child (SD or equivalent)",
    "Anak sekolah SMP/sederajat": "Junior secondary school child (SMP or equivalent)",
    "Anak sekolah SMA/SMK atau Paket C": "Senior secondary school child (SMA/SMK or Paket C)",
    "Buku KIA/kartu kehamilan bagi ibu hamil": "Maternal and child health book (buku KIA) or "
    "pregnancy card for pregnant women",
    "Surat keterangan sekolah bagi anak sekolah": "School certificate for school children",
    "Subsidi upah bagi pekerja/buruh penerima upah peserta BPJS Ketenagakerjaan dengan upah "
    "paling banyak Rp3.500.000 sebulan, bukan ASN/TNI/Polri, dan bukan anggota keluarga "
    "penerima PKH.": "Wage subsidy for wage workers insured with BPJS Ketenagakerjaan earning "
    "at most Rp3.500.000 a month, not civil servants, soldiers or police (ASN/TNI/Polri), and "
    "not members of a PKH family.",
    "Warga negara Indonesia": "Indonesian citizen (WNI)",
    "Masih hidup": "Alive",
    "Upah paling banyak Rp3.500.000 sebulan": "Wage at most Rp3.500.000 a month",
    "Bukan ASN, TNI atau Polri": "Not a civil servant (ASN), soldier (TNI) or police officer "
    "(Polri)",
    "Subsidi upah": "Wage subsidy",
    "Keluarga tidak menerima PKH pada periode yang sama": "The family does not receive PKH in "
    "the same period",
    "KTP elektronik": "Electronic ID card (e-KTP)",
    "Kartu peserta BPJS Ketenagakerjaan": "BPJS Ketenagakerjaan membership card",
    "Rekening bank Himbara atas nama sendiri": "An account in your own name at a state bank "
    "(Himbara)",
    "Bantuan pelatihan dan insentif bagi WNI 18 tahun ke atas yang tidak sedang sekolah dan "
    "bukan ASN/TNI/Polri.": "Training support and incentives for Indonesian citizens aged 18 "
    "and over who are not in school and not civil servants, soldiers or police "
    "(ASN/TNI/Polri).",
    "Tidak sedang sekolah atau kuliah": "Not in school or university",
    "Bantuan pelatihan dan insentif Prakerja": "Prakerja training support and incentives",
    "Alamat e-mail dan nomor telepon aktif": "A working e-mail address and phone number",
    "Rekening bank atau dompet digital atas nama sendiri": "A bank account or e-wallet in your "
    "own name",
    "Bantuan perorangan Kemnaker bagi WNI 18 tahun ke atas yang tidak bekerja, bekerja tidak "
    "tetap atau terkena PHK, dan tidak menerima Kartu Prakerja atau BSU pada tahun yang sama.": (
        "Individual assistance from the Ministry of Manpower (Kemnaker) for Indonesian citizens "
        "aged 18 and over who are out of work, in irregular work or laid off (PHK), and who do "
        "not receive Kartu Prakerja or BSU in the same year."
    ),
    "NIK sah": "Valid NIK",
    "Bantuan JPS ketenagakerjaan": "JPS employment assistance",
    "Tidak menerima Kartu Prakerja atau BSU pada tahun yang sama": "Does not receive Kartu "
    "Prakerja or BSU in the same year",
    "Surat keterangan PHK bila terkena PHK": "Lay-off (PHK) letter if laid off",
    "Bantuan tunai Rp300.000 per bulan masa pandemi (April 2020 – Desember 2021) bagi keluarga "
    "desil 1–4 yang tidak menerima PKH maupun BPNT.": "Cash assistance of Rp300.000 a month "
    "during the pandemic (April 2020 – December 2021) for families of desil 1–4 receiving "
    "neither PKH nor BPNT.",
    "Tidak menerima PKH maupun BPNT pada periode yang sama": "Receives neither PKH nor BPNT in "
    "the same period",
    # Cek Bansos statuses and their explanations (jaring/portal/status.py)
    "ditetapkan": "set as recipient (ditetapkan)",
    "proses bank": "bank processing (proses bank)",
    "tersalur": "paid out (tersalur)",
    "sudah dicairkan": "collected (sudah dicairkan)",
    "gagal": "failed (gagal)",
    "retur": "returned (retur)",
    "Anda ditetapkan sebagai penerima; penyaluran menunggu jadwal tahap ini.": (
        "You are set as a recipient; payment waits for this instalment's schedule."
    ),
    "Bank penyalur sedang menyiapkan rekening atau dana.": (
        "The paying bank is preparing the account or the funds."
    ),
    "Perintah pemindahbukuan (standing instruction) sudah dikirim ke bank.": (
        "The transfer order (standing instruction, SI) has been sent to the bank."
    ),
    "Dana sudah masuk ke rekening KKS atau siap diambil di kantor pos.": (
        "The money is in the KKS account or ready to collect at the post office."
    ),
    "Dana sudah dicairkan oleh penerima.": "The recipient has collected the money.",
    "Penyaluran gagal; hubungi pendamping atau Dinas Sosial setempat.": (
        "The payment failed; contact your facilitator or the local social affairs office "
        "(Dinas Sosial)."
    ),
    "Dana dikembalikan (retur); hubungi pendamping atau Dinas Sosial setempat.": (
        "The money was returned (retur); contact your facilitator or the local social affairs "
        "office (Dinas Sosial)."
    ),
    "Rekening KKS": "KKS account",
    # Citizen registration form (jaring/portal/citizen_forms.py) and jaring.core's messages
    "Nomor KK": "Family card number (KK)",
    "Ulangi kata sandi": "Repeat the password",
    "Foto KTP": "Photo of the ID card (KTP)",
    "Swafoto (foto diri memegang KTP)": "Selfie (a photo of yourself holding the KTP)",
    "Swafoto": "Selfie",
    "Dokumen": "Document",
    "NIK ini sudah terdaftar. Silakan masuk atau hubungi 1500-111.": (
        "This NIK is already registered. Please sign in or call 1500-111."
    ),
    "E-mail ini sudah dipakai akun lain.": "This e-mail is already used by another account.",
    "Kedua kata sandi tidak sama.": "The two passwords are not the same.",
    "%(label)s kosong.": "%(label)s is empty.",
    "%(label)s terlalu besar (paling besar 5 MB).": "%(label)s is too large (at most 5 MB).",
    "%(label)s bukan berkas gambar yang sah (foto JPG, PNG, atau WEBP).": (
        "%(label)s is not a valid image file (a JPG, PNG or WEBP photo)."
    ),
    "%(label)s bukan berkas gambar yang sah.": "%(label)s is not a valid image file.",
    "%(label)s beresolusi terlalu besar.": "%(label)s has too high a resolution.",
    "NIK harus tepat 16 angka, tanpa spasi, titik atau huruf.": (
        "The NIK must be exactly 16 digits, without spaces, dots or letters."
    ),
    "Enam angka pertama NIK bukan kode kecamatan Kemendagri yang dikenal.": (
        "The first six digits of the NIK are not a known district (kecamatan) code."
    ),
    "Angka ke-7 sampai ke-12 NIK (tanggal lahir DDMMYY, tanggal + 40 untuk perempuan) bukan "
    "tanggal yang ada.": "Digits 7 to 12 of the NIK (date of birth DDMMYY, day + 40 for women) "
    "are not a real date.",
    "Tanggal lahir di NIK (angka ke-7 sampai ke-12) tidak sama dengan tanggal lahir yang diisi.": (
        "The date of birth in the NIK (digits 7 to 12) differs from the date of birth entered."
    ),
    "Jenis kelamin tidak cocok dengan NIK: untuk perempuan tanggal lahir di NIK ditambah 40.": (
        "The sex does not match the NIK: for women the day of birth in the NIK is increased by 40."
    ),
    "Empat angka terakhir NIK (nomor urut) tidak boleh 0000.": (
        "The last four digits of the NIK (sequence number) cannot be 0000."
    ),
    "Nomor KK harus tepat 16 angka, tanpa spasi, titik atau huruf.": (
        "The KK number must be exactly 16 digits, without spaces, dots or letters."
    ),
    "Enam angka pertama nomor KK bukan kode kecamatan Kemendagri yang dikenal.": (
        "The first six digits of the KK number are not a known district (kecamatan) code."
    ),
    "Angka ke-7 sampai ke-12 nomor KK (tanggal terbit DDMMYY) bukan tanggal yang ada.": (
        "Digits 7 to 12 of the KK number (date of issue DDMMYY) are not a real date."
    ),
    "Empat angka terakhir nomor KK (nomor urut) tidak boleh 0000.": (
        "The last four digits of the KK number (sequence number) cannot be 0000."
    ),
    # Account and request states (jaring/portal/models.py choices)
    "Menunggu verifikasi": "Waiting for verification",
    "Terverifikasi": "Verified",
    "Ditolak": "Rejected",
    "Usulan penerima": "Recipient proposal (usulan)",
    "Sanggahan penerima": "Objection to a recipient (sanggahan)",
    "Diterima, menunggu verifikasi": "Received, waiting for verification",
    "Sedang diverifikasi": "Being verified",
    "Selesai": "Closed",
    # Usul and sanggah (jaring/portal/request_views.py, request_services.py)
    "Sanggah penerima": "Object to a recipient",
    "Nama lengkap yang diusulkan (boleh diri sendiri)": (
        "Full name of the person proposed (may be yourself)"
    ),
    "Nama lengkap penerima yang disanggah": "Full name of the recipient you object to",
    "Alasan": "Reason",
    "Dokumen pendukung (foto, tidak wajib)": "Supporting document (a photo, optional)",
    "Akun Anda harus terverifikasi petugas sebelum dapat mengajukan usulan atau sanggahan.": (
        "An officer must verify your account before you can send a proposal or an objection."
    ),
    "Sanggahan hanya untuk penerima di desa/kelurahan Anda sendiri. Tulis alasan yang jelas "
    "(misalnya mampu, pindah, atau meninggal). Identitas Anda tidak diberitahukan kepada yang "
    "disanggah.": "Objections are only for recipients in your own village. Give a clear reason "
    "(for example well-off, moved away or deceased). The person objected to is not told who you "
    "are.",
    "Usulkan diri sendiri atau keluarga lain yang menurut Anda layak dibantu. Usulan dibahas "
    "dalam musyawarah desa/kelurahan dan diverifikasi Dinas Sosial.": "Propose yourself or "
    "another family you believe deserves help. Proposals are discussed in the village meeting "
    "(musyawarah desa) and verified by the social affairs office (Dinas Sosial).",
    "Kirim": "Send",
    "Akun Anda harus terverifikasi sebelum mengajukan usulan/sanggahan.": (
        "Your account must be verified before you send a proposal or an objection."
    ),
    "Isi nama dan alasan.": "Fill in the name and the reason.",
    "Nama tersebut tidak tercatat di desa/kelurahan Anda. Tulis nama lengkap sesuai data "
    "penerima.": "That name is not registered in your village. Write the full name as in the "
    "recipient data.",
    "Nomor": "Reference",
    "Diajukan": "Submitted",
    "Riwayat": "History",
    "Perbaiki usulan": "Correct the proposal",
    "Perbaikan yang Anda lakukan": "The correction you made",
    "Kirim perbaikan": "Send the correction",
    "Perbaikan terkirim; usulan kembali dibahas di desa.": (
        "Correction sent; the proposal goes back to the village for discussion."
    ),
    "Tuliskan perbaikan yang Anda lakukan.": "Describe the correction you made.",
    "Simpan nomor ini untuk menanyakan perkembangannya ke kantor desa/kelurahan, Dinas Sosial, "
    "atau call centre 1500-111.": "Keep this reference to ask about its progress at the village "
    "office, the social affairs office (Dinas Sosial) or the call centre 1500-111.",
    "Kembali ke akun saya": "Back to my account",
    "Usulan diterima": "Proposal received",
    "Diterima musyawarah desa/kelurahan": "Accepted by the village meeting",
    "Ditolak musyawarah desa/kelurahan": "Rejected by the village meeting",
    "Diverifikasi desa/kelurahan, diteruskan ke Dinas Sosial": (
        "Verified by the village, passed on to the social affairs office (Dinas Sosial)"
    ),
    "Lolos verifikasi Dinas Sosial, diteruskan ke Kemensos": (
        "Passed verification by Dinas Sosial, passed on to the Ministry (Kemensos)"
    ),
    "Ditolak Dinas Sosial": "Rejected by Dinas Sosial",
    "Tervalidasi Kemensos, menunggu penetapan": "Validated by Kemensos, waiting for the decision",
    "Ditolak Kemensos": "Rejected by Kemensos",
    "Dikembalikan untuk perbaikan": "Returned for correction",
    "Diperbaiki dan diajukan ulang": "Corrected and submitted again",
    "Melewati batas waktu, diteruskan ke atasan": "Past the deadline, passed to a supervisor",
    "Keputusan penetapan (SK)": "Decision (SK)",
    # Pengaduan public pages (jaring/pengaduan/templates/pengaduan/{form,track,mine}.html) and
    # the texts they show from pengaduan's form, views and policy/pengaduan_2025.toml
    "Pengaduan": "Complaints",
    "Laporkan pengaduan": "Report a complaint",
    "Laporkan salah sasaran, pemotongan, pungutan liar, bantuan terlambat atau tidak diterima, "
    "data yang salah, kartu KKS hilang, atau penipuan. Layanan ini <strong>gratis</strong>.": (
        "Report wrong targeting, deductions, illegal levies, late or missing assistance, wrong "
        "data, a lost KKS card or fraud. This service is <strong>free</strong>."
    ),
    "Anda akan mendapat <strong>nomor pengaduan</strong> untuk melacak tindak lanjutnya di "
    '<a href="%(track_url)s">halaman lacak pengaduan</a>. Identitas pelapor dirahasiakan: hanya '
    "petugas inspektorat yang ditugaskan yang dapat melihatnya, dan tidak pernah diberitahukan "
    "kepada pihak yang dilaporkan.": "You will get a <strong>complaint number</strong> to follow "
    'it up on the <a href="%(track_url)s">complaint tracking page</a>. Your identity is kept '
    "confidential: only the assigned inspectorate officers can see it, and the people reported "
    "are never told.",
    "Anda masuk sebagai warga terdaftar; isian diambil dari akun Anda.": (
        "You are signed in as a registered citizen; your details are taken from your account."
    ),
    "Pengaduan saya": "My complaints",
    "Periksa isian yang ditandai. Berkas bukti tidak ikut tersimpan saat ada kesalahan: pilih "
    "lagi berkasnya sebelum mengirim ulang.": "Check the marked fields. Evidence files are not "
    "kept when there is an error: choose the files again before sending.",
    "Jenis pengaduan": "Kind of complaint",
    "Apa yang terjadi?": "What happened?",
    "Ceritakan kejadiannya: apa, di mana, berapa (jika ada uang), dan bagaimana.": (
        "Describe what happened: what, where, how much (if money was involved) and how."
    ),
    "Kapan terjadi? (tidak wajib)": "When did it happen? (optional)",
    "Siapa yang terlibat? (tidak wajib)": "Who was involved? (optional)",
    "Apakah pelakunya petugas? Dari mana?": "Was it an official? From where?",
    "Nomor KK keluarga yang bersangkutan (tidak wajib)": (
        "Family card number (KK) of the family concerned (optional)"
    ),
    "Nomor usulan/sanggahan (bila ada)": "Proposal/objection reference (if any)",
    "Nomor penyaluran (bila ada)": "Payment reference (if any)",
    "Kirim tanpa identitas (anonim). Anda tetap dapat melacak dengan nomor pengaduan.": (
        "Send without identity (anonymous). You can still follow it with the complaint number."
    ),
    "Nama (tidak wajib)": "Name (optional)",
    "Nomor HP": "Mobile phone number",
    "Bukan petugas / tidak tahu": "Not an official / do not know",
    "Salah sasaran (penerima tidak layak, atau keluarga layak tidak terdaftar)": (
        "Wrong targeting (an ineligible recipient, or an eligible family not registered)"
    ),
    "Pemotongan bantuan oleh pihak tertentu": "Assistance cut by someone",
    "Pungutan liar (pungli), diminta membayar": "Illegal levy (pungli), asked to pay",
    "Bantuan terlambat disalurkan": "Assistance paid late",
    "Bantuan tidak diterima atau gagal salur": "Assistance not received or payment failed",
    "Data keluarga atau anggota tidak sesuai": "Family or member data wrong",
    "Kartu KKS hilang, rusak, atau ditahan orang lain": (
        "KKS card lost, damaged or held by someone else"
    ),
    "Penipuan, pemalsuan, atau penyalahgunaan wewenang": "Fraud, forgery or abuse of authority",
    "Lainnya": "Other",
    "Aparat desa/kelurahan (termasuk RT/RW)": "Village officials (including RT/RW)",
    "Pendamping sosial (PKH, TKSK)": "Social facilitator (PKH, TKSK)",
    "Petugas bank, kantor pos, atau e-warong": "Bank, post office or e-warong staff",
    "Pegawai Dinas Sosial kabupaten/kota": "Staff of the district social affairs office",
    "Pegawai Dinas Sosial provinsi": "Staff of the provincial social affairs office",
    "Pegawai Kementerian Sosial": "Staff of the Ministry of Social Affairs",
    "Tanggal kejadian tidak boleh di masa depan.": "The date cannot be in the future.",
    "Nomor HP tidak sah. Contoh: 081234567890.": (
        "The mobile phone number is not valid. Example: 081234567890."
    ),
    "Isi e-mail atau nomor HP agar kami dapat mengabari Anda, atau pilih kirim tanpa identitas "
    "(anonim).": "Fill in an e-mail or a mobile phone number so we can keep you informed, or "
    "choose to send without identity (anonymous).",
    "Pilih desa/kelurahan tempat kejadian sampai tingkat desa/kelurahan.": (
        "Choose the place where it happened, down to the village."
    ),
    "Nomor pengaduan tidak ditemukan. Periksa kembali penulisannya (contoh: "
    "ADU-7KQ2M-9XH4T-P).": "Complaint number not found. Check how it is written (for example "
    "ADU-7KQ2M-9XH4T-P).",
    "Bukti (paling banyak %(max_files)s berkas)": "Evidence (at most %(max_files)s files)",
    "Foto (JPG/PNG/WEBP, paling besar 5 MB), PDF (10 MB), atau video pendek MP4/3GP/WEBM "
    "(20 MB).": "Photos (JPG/PNG/WEBP, at most 5 MB), PDF (10 MB) or short videos "
    "MP4/3GP/WEBM (20 MB).",
    "Bukti %(n)s (foto, PDF, atau video pendek; tidak wajib)": (
        "Evidence %(n)s (photo, PDF or short video; optional)"
    ),
    "Kontak untuk tindak lanjut": "Contact for follow-up",
    "Jika memilih anonim, nama dan kontak tidak disimpan, dan kabar terbaru hanya dapat dilihat "
    "dengan nomor pengaduan.": "If you choose anonymous, no name or contact is kept, and updates "
    "can only be seen with the complaint number.",
    "Ketik huruf pada gambar di atas. Jika sulit, minta bantuan petugas desa/kelurahan atau "
    "hubungi call centre 1500-111.": "Type the letters in the image above. If that is hard, ask "
    "the village officer for help or call 1500-111.",
    "Kirim pengaduan": "Send the complaint",
    "Halaman ini untuk akun warga.": "This page is for citizen accounts.",
    "Belum ada pengaduan dari akun ini (pengaduan anonim tidak tercantum).": (
        "No complaints from this account yet (anonymous complaints are not listed)."
    ),
    "Laporkan pengaduan baru": "Report a new complaint",
    "Lacak pengaduan": "Track a complaint",
    "Nomor pengaduan": "Complaint number",
    "Lacak": "Track",
    "Pengaduan %(reference)s": "Complaint %(reference)s",
    "Jenis": "Kind",
    "Diterima": "Received",
    "Ditangani oleh": "Handled by",
    "Target selesai": "Target date",
    "Perkembangan": "Progress",
    "Diverifikasi": "Verified",
    "Ditindaklanjuti": "Being acted on",
    "Status: Diterima": "Status: Received",
    "Status: Diverifikasi": "Status: Verified",
    "Status: Ditindaklanjuti": "Status: Being acted on",
    "Status: Selesai": "Status: Closed",
    "Status: Ditolak": "Status: Rejected",
    "Balasan petugas": "Officer's reply",
    "Belum punya nomor?": "No number yet?",
    "Bantuan: call centre": "Help: call centre",
    # Transparency page (jaring/monitoring/templates/monitoring/public.html)
    "Transparansi bantuan sosial": "Social assistance transparency",
    "Jumlah keluarga dan dana per wilayah, dari data penetapan dan penyaluran. Tidak ada data "
    "pribadi. Angka di bawah 10 keluarga disamarkan (<strong>&lt;10</strong>), begitu pula angka "
    "lain yang dapat dipakai untuk menghitungnya.": "Families and funds per area, from the "
    "decision and payment data. No personal data. Figures below 10 families are hidden "
    "(<strong>&lt;10</strong>), as are other figures that could be used to work them out.",
    "Belum ada data yang diterbitkan.": "No data published yet.",
    "Tampilkan": "Show",
    "Unduh CSV (nasional, provinsi, kabupaten/kota)": (
        "Download CSV (national, provinces, regencies/cities)"
    ),
    "Keluarga layak": "Eligible families",
    "Ditetapkan": "Set as recipients",
    "Dibayar": "Paid",
    "Mencairkan": "Collected",
    "Anggaran (Rp)": "Budget (Rp)",
    "Dicairkan (Rp)": "Collected (Rp)",
    "Total %(name)s": "Total %(name)s",
    # Kemnaker applications for signed-in citizens (jaring/usulan/public_views.py, warga/*.html)
    "Program Kemnaker": "Kemnaker programs",
    "Daftar program Kemnaker": "Apply for a Kemnaker program",
    "JPS (Tenaga Kerja Mandiri, Padat Karya), Kartu Prakerja, dan Bantuan Subsidi Upah. Data Anda "
    "diperiksa dengan DTKS dan syarat program; hasil seleksi diumumkan per gelombang lewat e-mail "
    "dan halaman ini. Pendaftaran gratis.": "JPS (self-employment, cash for work), the Prakerja "
    "card and the wage subsidy (BSU). Your data is checked against the social welfare registry "
    "(DTKS) and the program's requirements; the selection is announced per round by e-mail and "
    "on this page. Applying is free.",
    "Akun Anda harus terverifikasi petugas sebelum dapat mendaftar.": (
        "An officer must verify your account before you can apply."
    ),
    "Pendaftaran Anda": "Your applications",
    "Identitas": "Identity",
    "Cocok dengan DTKS": "Matches the DTKS registry",
    "Tidak tercatat di DTKS (tidak wajib)": "Not in the DTKS registry (not required)",
    "Tidak cocok dengan DTKS": "Does not match the DTKS registry",
    "Diumumkan": "Announced",
    "Kembali": "Back",
    "Pilih program": "Choose a program",
    "Tanggal lahir": "Date of birth",
    "Pekerjaan": "Occupation",
    "Status pekerjaan": "Employment status",
    "Penghasilan per bulan (Rp)": "Monthly income (Rp)",
    "Peserta BPJS Ketenagakerjaan": "Member of BPJS Ketenagakerjaan (workers' social security)",
    "Surat PHK (wajib bila terkena PHK; foto atau PDF)": (
        "Termination letter (required if you were laid off; photo or PDF)"
    ),
    "Akun warga tidak ditemukan.": "Citizen account not found.",
    "Akun Anda harus terverifikasi sebelum mendaftar program.": (
        "Your account must be verified before you apply for a program."
    ),
    "Program tidak dikenal.": "Unknown program.",
    "Penghasilan tidak boleh negatif.": "Income cannot be negative.",
    "Unggah surat PHK (wajib bagi pelamar yang terkena PHK).": (
        "Upload the termination letter (required for applicants who were laid off)."
    ),
    "Anda sudah mendaftar program ini pada periode yang sama.": (
        "You have already applied for this program in the same period."
    ),
    "Tidak bekerja": "Not working",
    "Ibu rumah tangga": "Homemaker",
    "Pelajar/mahasiswa": "Pupil/student",
    "Petani": "Farmer",
    "Nelayan": "Fisher",
    "Buruh": "Labourer",
    "Pedagang": "Trader",
    "Wiraswasta": "Self-employed",
    "Karyawan swasta": "Private-sector employee",
    "ASN": "Civil servant (ASN)",
    "TNI": "Armed forces (TNI)",
    "Polri": "Police (Polri)",
    "Pensiunan ASN": "Retired civil servant (ASN)",
    "Pensiunan TNI": "Retired armed forces (TNI)",
    "Pensiunan Polri": "Retired police (Polri)",
    "Guru bersertifikasi": "Certified teacher",
    "Bekerja tetap": "Permanent work",
    "Bekerja tidak tetap": "Irregular work",
    "Terkena PHK": "Laid off",
    "JPS (Tenaga Kerja Mandiri / Padat Karya)": "JPS (self-employment / cash for work)",
    "Kartu Prakerja": "Prakerja card",
    "Bantuan Subsidi Upah (BSU)": "Wage subsidy (BSU)",
    "Diajukan, sedang diperiksa": "Submitted, being checked",
    "Identitas tidak cocok": "Identity does not match",
    "Tidak memenuhi syarat program": "Does not meet the program's requirements",
    "Memenuhi syarat, menunggu seleksi": "Meets the requirements, waiting for selection",
    "Terpilih": "Selected",
    "Tidak terpilih pada gelombang ini": "Not selected in this round",
    # Pengaduan public pages' messages (jaring/pengaduan/public_views.py)
    "Terlalu banyak permintaan dari alamat Anda. Silakan coba lagi dalam %(wait)s.": (
        "Too many requests from your address. Please try again in %(wait)s."
    ),
    "Pengaduan terkirim. Nomor pengaduan Anda: %(reference)s. Simpan nomor ini untuk melacak "
    "tindak lanjutnya.": "Complaint sent. Your complaint number: %(reference)s. Keep this "
    "number to follow what is done about it.",
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
