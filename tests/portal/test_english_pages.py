"""Every public and citizen page in English once English is chosen, and unchanged Indonesian by
default.

The English walk reads each page as a visitor does (text, alt/title/placeholder/aria-label) and
fails on any sentence that still reads as Indonesian: words like "Anda", "tidak", "silakan",
"dengan", "untuk". Program names and region names stay as they are (proper nouns), and text
marked `lang="id"` (the language switch, announcements and FAQ written by staff) is Indonesian
on purpose.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jaring.core.scope import AccessScope
from jaring.engine.describe import describe_program
from jaring.portal.citizen_services import citizen_verify
from jaring.portal.models import Announcement, CitizenAccount, CitizenRequest, Faq
from jaring.programs.policy import current_policy
from jaring.usulan.models import Usulan
from jaring.usulan.services import usulan_transition
from tests.portal.helpers import DESA, solved_captcha
from tests.portal.test_citizen import PASSWORD, form_data, photo

pytestmark = pytest.mark.usefixtures("media_root")

INDONESIAN = re.compile(
    r"\b(anda|tidak|silakan|dengan|untuk|yang|belum|sudah|atau|dari|kami|harus|pilih|tulis|"
    r"periksa|hubungi|ditemukan|berhak|setiap|bantuan|penerima|dapat|akan|sebagai|tahun|"
    r"paling|banyak|lewat|sejak|berlaku|bagi|kembali|ajukan|kirim|masuk|daftar|nomor|jenis|"
    r"pengaduan|terlalu|kosong|bukan|sah|sesuai|lengkap)\b",
    re.IGNORECASE,
)
ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")


@pytest.fixture
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "uploads"


class _Text(HTMLParser):
    """The words a visitor reads or hears, minus elements marked lang="id"."""

    VOID = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self, *, skip_indonesian: bool = True) -> None:
        super().__init__()
        self.skip_indonesian = skip_indonesian
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skipped = (self.skip_indonesian and values.get("lang") == "id") or tag in (
            "script",
            "style",
        )
        if not skipped and not self._skipping():
            self.parts.extend(str(values[a]) for a in ATTRIBUTES if values.get(a))
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping() and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str, *, skip_indonesian: bool = True) -> list[str]:
    parser = _Text(skip_indonesian=skip_indonesian)
    parser.feed(html)
    return parser.parts


def _proper_nouns() -> list[str]:
    policy = current_policy()
    names = [p.name for p in policy.programs.values()]
    return sorted(names, key=len, reverse=True)


def indonesian_left(html: str, proper_nouns: list[str]) -> list[str]:
    left = []
    for text in visible_text(html):
        for name in proper_nouns:
            text = text.replace(name, "")
        if INDONESIAN.search(text):
            left.append(text)
    return left


def _choose(client: Client, language: str) -> None:
    response = client.post("/bahasa/", {"language": language, "next": "/"})
    assert response.status_code == 302


def _citizen(client: Client, registry: dict) -> CitizenAccount:
    client.post("/warga/daftar/", form_data(registry))
    account = CitizenAccount.objects.get()
    account.user.is_active = True
    account.user.save()
    citizen_verify(scope=AccessScope.system("staf"), account=account)
    response = client.post("/warga/masuk/", {"username": "siti@example.id", "password": PASSWORD})
    assert response.status_code == 302
    return account


def _cek(client: Client, name: str) -> Any:
    key, value = solved_captcha(client)
    data = {"region": DESA, "name": name, "captcha_key": key, "captcha_value": value}
    return client.post("/cek-bansos/", data)


def _staff_content() -> None:
    today = timezone.localdate()
    Announcement.objects.create(
        title="Penyaluran PKH tahap ini",
        body="Bantuan PKH untuk keluarga penerima disalurkan lewat bank penyalur.",
        published_on=today,
        is_published=True,
    )
    Faq.objects.create(
        question="Apakah mendaftar dipungut biaya?",
        answer="Tidak. Pendaftaran gratis.",
        is_published=True,
    )


def _complaint() -> str:
    from tests.pengaduan.helpers import submit

    return submit(region=DESA, description="Bantuan dipotong Rp50.000 oleh oknum.").reference


def _pages(client: Client, registry: dict) -> list[tuple[str, Any]]:
    """(what, response) for every public and citizen page, in the states a visitor meets."""
    policy = current_policy()
    codes = [p.code for p in policy.programs_in_force(timezone.localdate())]
    announcement = Announcement.objects.get()
    pages: list[tuple[str, Any]] = [
        (url, client.get(url))
        for url in [
            "/",
            "/cek-bansos/",
            "/informasi/program/",
            *[f"/informasi/program/{code}/" for code in codes],
            "/informasi/jadwal/",
            "/informasi/pengumuman/",
            f"/informasi/pengumuman/{announcement.pk}/",
            "/informasi/tanya-jawab/",
            "/informasi/kontak/",
            "/informasi/cari/?q=pkh",
            "/informasi/cari/?q=tidakadasamasekali",
            "/transparansi/",
            "/pengaduan/",
            "/pengaduan/lacak/",
            "/pengaduan/lacak/ADU-00000-00000-0/",
            f"/pengaduan/lacak/{_complaint()}/",
            "/warga/daftar/",
            "/warga/daftar/terkirim/",
            "/warga/konfirmasi/rusak/",
            "/warga/masuk/",
        ]
    ]
    pages.append(("cek-bansos found", _cek(client, "Siti Aminah")))
    pages.append(("cek-bansos not found", _cek(client, "Tidak Ada Orangnya")))
    wrong = {"region": DESA, "name": "Siti", "captcha_key": "x", "captcha_value": "salah"}
    pages.append(("cek-bansos wrong captcha", client.post("/cek-bansos/", wrong)))
    pages.append(("pengaduan empty form", client.post("/pengaduan/", {"wilayah_desa": DESA})))
    siti = registry["siti_members"][0]
    bad = form_data(
        registry,
        nik="1234",
        kk="0000000000000000",
        full_name="...",
        password_again="lain",
        ktp_photo=photo("ktp.jpg").__class__("ktp.jpg", b"bukan foto", "image/jpeg"),
        selfie=photo("kosong.jpg").__class__("kosong.jpg", b"", "image/jpeg"),
    )
    pages.append(("register with errors", client.post("/warga/daftar/", bad)))
    wrong_login = {"username": "siti@example.id", "password": "salah"}
    pages.append(("sign-in refused", client.post("/warga/masuk/", wrong_login)))
    account = _citizen(client, registry)
    taken = form_data(registry, nik=siti.nik, email="siti@example.id")
    pages.append(("register taken NIK and e-mail", client.post("/warga/daftar/", taken)))
    usul = {"subject_name": "Wayan Sudirta", "reason": "Kehilangan pekerjaan."}
    client.post("/warga/ajukan/usul/", usul)
    item = CitizenRequest.objects.get(account=account)
    usulan = Usulan.objects.get(reference=item.reference)
    desa = AccessScope(role="operator_desa", region_prefix=DESA, username="op")
    usulan_transition(scope=desa, usulan_id=usulan.pk, action="kembalikan", note="Foto rumah.")
    refused = {"subject_name": "Orang Lain Sekali", "reason": "Well off now."}
    pages += [
        ("profile", client.get("/warga/akun/")),
        ("usul form", client.get("/warga/ajukan/usul/")),
        ("sanggah form", client.get("/warga/ajukan/sanggah/")),
        ("sanggah refused", client.post("/warga/ajukan/sanggah/", refused)),
        ("usul with errors", client.post("/warga/ajukan/usul/", {"subject_name": ""})),
        ("request status", client.get(f"/warga/permohonan/{item.reference}/")),
        ("my complaints", client.get("/pengaduan/saya/")),
        ("kemnaker form", client.get("/warga/kemnaker/")),
        ("kemnaker with errors", client.post("/warga/kemnaker/", {"monthly_income": "-5"})),
    ]
    jps = {
        "program": "JPS",
        "birth_date": "1990-05-01",
        "occupation": "tidak_bekerja",
        "employment": "tidak_bekerja",
        "monthly_income": "0",
    }
    applied = client.post("/warga/kemnaker/", jps)
    assert applied.status_code == 302, applied.content.decode()[:2000]
    pages.append(("kemnaker status", client.get(applied["Location"])))
    pages.append(("kemnaker twice", client.post("/warga/kemnaker/", jps)))
    return pages


def test_every_public_and_citizen_page_in_english(registry: dict, client: Client) -> None:
    _staff_content()
    _choose(client, "en")
    nouns = _proper_nouns()
    left: dict[str, list[str]] = {}
    pages = _pages(client, registry)
    found = dict(pages)["cek-bansos found"].content.decode()
    assert "You are set as a recipient" in found  # each status explained
    for what, response in pages:
        assert response.status_code in (200, 400, 404), (what, response.status_code)
        html = response.content.decode()
        assert '<html lang="en">' in html, what
        if found := indonesian_left(html, nouns):
            left[what] = found
    assert not left, "\n".join(f"{what}: {texts}" for what, texts in left.items())


def test_program_pages_say_the_policy_in_english(registry: dict, client: Client) -> None:
    _choose(client, "en")
    page = client.get("/informasi/program/PKH/").content.decode()
    assert "Program Keluarga Harapan" in page  # the program's name stays
    assert "Pregnant woman (1st or 2nd pregnancy)" in page
    assert "at most 2 × young child (0–6 years) per family" in page
    assert "6 instalments a year (every two months) into the KKS account" in page
    assert "Rp500.000 per instalment into the KKS account" in page  # amounts from the policy


def test_every_shipped_policy_text_has_an_english_entry() -> None:
    from jaring.portal.locale.english import SINGULAR

    policy = current_policy()
    texts: set[str] = set()
    for program in policy.programs.values():
        texts |= {program.summary, *program.documents}
        texts |= {c.label for c in program.conditions} | {c.label for c in program.components}
    assert len(texts) > 40
    assert not texts - set(SINGULAR), sorted(texts - set(SINGULAR))


def test_indonesian_by_default_and_unchanged(registry: dict, client: Client) -> None:
    """No choice made: Indonesian, the program texts exactly as the engine writes them."""
    _staff_content()
    policy = current_policy()
    today = timezone.localdate()
    for what, response in _pages(client, registry):
        html = response.content.decode()
        assert '<html lang="id">' in html, what
        assert "Never pay anyone" not in html and "Search" not in html, what
        if what == "cek-bansos found":
            assert "Anda ditetapkan sebagai penerima" in html
    for program in policy.programs_in_force(today):
        page = client.get(f"/informasi/program/{program.code}/").content.decode()
        text = " ".join(visible_text(page, skip_indonesian=False))
        described = describe_program(policy, program, today)
        for sentence in [described.summary, *described.conditions, *described.documents]:
            assert sentence in text, sentence
        assert described.schedule in text


def test_indonesian_messages_by_default(registry: dict, client: Client) -> None:
    bad = form_data(registry, nik="12345678901234ab", password_again="lain")
    page = client.post("/warga/daftar/", bad).content.decode()
    assert "NIK harus tepat 16 angka, tanpa spasi, titik atau huruf." in page
    assert "Kedua kata sandi tidak sama." in page
    assert "Ulangi kata sandi" in page and "Swafoto (foto diri memegang KTP)" in page
    _choose(client, "en")
    page = client.post("/warga/daftar/", form_data(registry, nik="12345678901234ab"))
    assert "The NIK must be exactly 16 digits" in page.content.decode()


def test_schedule_text_at_a_fixed_period_in_both_languages() -> None:
    from django.utils import translation

    policy = current_policy()
    program = policy.programs["ATENSI"]
    period = date(2025, 6, 1)
    indonesian = describe_program(policy, program, period)
    assert indonesian.schedule == (
        "4 tahap setahun (per triwulan) (periode ini: tahap 2025-Q2); berlaku sejak 01-01-2021."
    )
    with translation.override("en"):
        english = describe_program(policy, program, period, translate=translation.gettext)
    assert english.schedule == (
        "4 instalments a year (per quarter) (this period: instalment 2025-Q2); "
        "in force since 01-01-2021."
    )
    assert english.unit == "individual" and indonesian.unit == "perorangan"
