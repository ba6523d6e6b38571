"""English as the second locale: chosen with the header switch, never by Accept-Language alone;
every translatable string of the public pages has an English entry; the compiled catalogue is
the one the table produces."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from jaring.portal.locale import english
from tests.portal.helpers import DESA, lookup

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [
    *sorted((ROOT / "jaring" / "portal" / "templates" / "portal").rglob("*.html")),
    ROOT / "jaring" / "web" / "templates" / "base.html",
    ROOT / "jaring" / "web" / "templates" / "web" / "home.html",
    ROOT / "jaring" / "regions" / "templates" / "regions" / "picker.html",
    ROOT / "jaring" / "monitoring" / "templates" / "monitoring" / "public.html",
    *sorted((ROOT / "jaring" / "usulan" / "templates" / "usulan" / "warga").glob("*.html")),
    *[
        ROOT / "jaring" / "pengaduan" / "templates" / "pengaduan" / f"{name}.html"
        for name in ("form", "track", "mine", "_errors")
    ],
]
PYTHON = [
    *[
        ROOT / "jaring" / "portal" / name
        for name in (
            "lookup.py",
            "guard.py",
            "citizen_forms.py",
            "request_views.py",
            "information.py",
            "info_views.py",
        )
    ],
    ROOT / "jaring" / "engine" / "describe.py",
    ROOT / "jaring" / "usulan" / "public_views.py",
    ROOT / "jaring" / "pengaduan" / "public_views.py",
]


def _template_msgids(text: str) -> set[str]:
    ids = set(re.findall(r'\{% translate "([^"]+)"', text))
    for body in re.findall(r"\{% blocktranslate[^%]*%\}(.*?)\{% endblocktranslate %\}", text, re.S):
        ids.add(" ".join(re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", body).split()))
    return ids


def _python_msgids(text: str) -> set[str]:
    flat = re.sub(r'"\s*\n\s*"', "", text)  # join implicitly concatenated literals
    pattern = r'(?<![\w.])(?:gettext|gettext_lazy|gettext_noop|ngettext|_)\(\s*"([^"]+)"'
    return set(re.findall(pattern, flat))


def test_every_public_string_has_an_english_entry() -> None:
    wanted: set[str] = set()
    for path in TEMPLATES:
        wanted |= _template_msgids(path.read_text())
    for path in PYTHON:
        wanted |= _python_msgids(path.read_text())
    assert len(wanted) > 200
    missing = wanted - set(english.SINGULAR) - set(english.PLURAL)
    assert not missing, sorted(missing)


def _runtime_texts() -> set[str]:
    """Indonesian texts the public pages show from other modules' data, translated with
    `{% translate variable %}` or `gettext(variable)`: each needs an entry too."""
    from jaring.core import identity, vocab
    from jaring.pengaduan.forms import NOT_OFFICIAL, ComplaintForm
    from jaring.pengaduan.models import Status as ComplaintStatus
    from jaring.pengaduan.policy import complaint_policy
    from jaring.pengaduan.public_views import NOT_FOUND
    from jaring.portal.models import CitizenAccount, CitizenRequest
    from jaring.portal.request_views import STEP_LABELS
    from jaring.portal.status import STATUS_HELP, Status
    from jaring.regions.picker import LEVELS

    texts = {p.message for p in vars(identity).values() if isinstance(p, identity.IdentityProblem)}
    texts |= set(STATUS_HELP.values()) | {s.value for s in Status if s != Status.SI}
    texts |= {"Rekening KKS", *STEP_LABELS.values(), *(label for _, _, label, _ in LEVELS)}
    for choices in (CitizenAccount.Status, CitizenRequest.Kind, CitizenRequest.Status):
        texts |= {str(label) for label in choices.labels}
    texts |= {str(label) for label in ComplaintStatus.labels}
    texts |= {f"Status: {label}" for label in ComplaintStatus.labels} | {"Balasan petugas"}
    policy = complaint_policy()
    texts |= {c.label for c in policy.categories.values()}
    texts |= {r.label for r in policy.reported_offices.values()} | {NOT_OFFICIAL[1], NOT_FOUND}
    form = ComplaintForm(policy=policy)
    for name, field in form.fields.items():
        if not name.startswith("bukti_"):
            texts |= {str(field.label), str(field.help_text)} - {"", "None"}
    source = (ROOT / "jaring" / "portal" / "request_services.py").read_text()
    flat = re.sub(r'"\s*\n\s*"', "", source)
    texts |= set(re.findall(r'RequestRefused\(\s*"([^"]+)"', flat))
    # Kemnaker applications: choice labels and the service's refusals.
    from jaring.usulan.models import ApplicationStatus, KemnakerProgram

    texts |= {*vocab.OCCUPATION.values(), *vocab.EMPLOYMENT.values()}
    texts |= {str(label) for label in (*KemnakerProgram.labels, *ApplicationStatus.labels)}
    source = (ROOT / "jaring" / "usulan" / "kemnaker.py").read_text()
    flat = re.sub(r'"\s*\n\s*"', "", source)
    texts |= set(re.findall(r'ApplicationRefused\(\s*"([^"]+)"', flat))
    return texts


def test_texts_from_other_modules_have_english_entries() -> None:
    texts = {text for text in _runtime_texts() if text.strip()}
    assert len(texts) > 60
    missing = texts - set(english.SINGULAR)
    assert not missing, sorted(missing)


def test_committed_catalogue_is_the_tables(tmp_path: Path) -> None:
    po = english.PO.read_text(encoding="utf-8")
    assert po == english.po_text(), "run .venv/bin/python jaring/portal/locale/english.py"
    assert english.PO.with_suffix(".mo").exists()
    if subprocess.run(["which", "msgfmt"], capture_output=True).returncode == 0:
        fresh = tmp_path / "django.mo"
        subprocess.run(["msgfmt", "-o", str(fresh), str(english.PO)], check=True)
        assert fresh.read_bytes() == english.PO.with_suffix(".mo").read_bytes()


def _choose(client: Client, language: str, next_url: str = "/cek-bansos/") -> None:
    response = client.post("/bahasa/", {"language": language, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def test_indonesian_by_default_even_for_an_english_browser(db: None, client: Client) -> None:
    page = client.get("/cek-bansos/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page
    assert "Nama lengkap sesuai KTP" in page and "gratis" in page
    assert 'value="en"' in page  # the switch offers English


@pytest.mark.parametrize(
    "url,english_text",
    [
        ("/cek-bansos/", "Full name as on the ID card (KTP)"),
        ("/", "Assistance programs and requirements"),
        ("/informasi/program/", "Social assistance programs"),
        ("/informasi/jadwal/", "Disbursement schedule"),
        ("/informasi/kontak/", "Beware of fraud"),
        ("/informasi/cari/?q=pkh", "Results for"),
        ("/warga/daftar/", "Register a citizen account"),
        ("/warga/masuk/", "Citizen sign-in"),
    ],
)
def test_english_when_chosen(db: None, client: Client, url: str, english_text: str) -> None:
    _choose(client, "en", url)
    page = client.get(url).content.decode()
    assert '<html lang="en">' in page
    assert english_text in page
    assert "Never pay anyone" in page  # the standing warning, translated
    assert 'value="id"' in page  # and the way back


def test_switch_back_to_indonesian(db: None, client: Client) -> None:
    _choose(client, "en")
    _choose(client, "id")
    assert "Nama lengkap sesuai KTP" in client.get("/cek-bansos/").content.decode()


def test_switch_refuses_an_outside_next(db: None, client: Client) -> None:
    response = client.post("/bahasa/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")


def test_api_messages_follow_the_choice(registry: dict, client: Client) -> None:
    _choose(client, "en")
    found = lookup(client, region=DESA, name="Siti Aminah").json()
    assert found["message"].startswith("Found 1 record(s) with that name in")
    missing = lookup(client, region=DESA, name="Tidak Ada Orangnya").json()
    assert missing["results"] == [] and missing["message"].startswith("No data found.")
    bad = client.post(
        "/api/v1/cek-bansos/",
        {"region": DESA, "name": "Siti", "captcha_key": "x", "captcha_value": "wrong"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "security code" in bad.json()["message"]


def test_rate_limit_message_in_english(registry: dict, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CEK_BANSOS_RATE_IP = "1/m"
    _choose(client, "en")
    lookup(client, region=DESA, name="Siti Aminah")
    refused = lookup(client, region=DESA, name="Siti Aminah")
    assert refused.status_code == 429
    assert re.match(
        r"Too many searches .* try again in \d+ (seconds?|minutes?)\.", refused.json()["message"]
    )


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/cek-bansos/",
        "/informasi/program/",
        "/informasi/program/PKH/",
        "/informasi/kontak/",
        "/warga/daftar/",
        "/pengaduan/",
        "/transparansi/",
    ],
)
def test_public_page_with_its_css_and_scripts_weighs_under_100_kb(
    registry: dict, client: Client, url: str, language: str
) -> None:
    """The page as a phone downloads it, images aside: the HTML, every stylesheet and script it
    links, uncompressed (WhiteNoise also serves them gzip/brotli-compressed)."""
    from django.contrib.staticfiles import finders

    if language == "en":
        _choose(client, "en", url)
    html = client.get(url).content.decode()
    assets = re.findall(r'<(?:link rel="stylesheet" href|script src)="/static/([^"]+)"', html)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    total = len(html.encode()) + sum(Path(finders.find(a)).stat().st_size for a in set(assets))
    assert total < 100_000, (url, total)


def test_the_language_middleware_varies_on_cookie_and_reads_only_the_chosen_cookie() -> None:
    """Vary gains Cookie beside what the view set (or is just Cookie); the choice is read from
    the language cookie when a Cookie header came, and Indonesian applies without one."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils import translation

    from jaring.portal.language import ChosenLanguageMiddleware

    seen: list[str] = []

    def view(vary: str | None) -> ChosenLanguageMiddleware:
        def answer(request: object) -> HttpResponse:
            seen.append(translation.get_language())
            response = HttpResponse("ok")
            if vary:
                response["Vary"] = vary
            return response

        return ChosenLanguageMiddleware(answer)

    factory = RequestFactory()
    plain = view(None)(factory.get("/"))
    assert plain["Vary"] == "Cookie" and plain["Content-Language"] == "id"
    varied = view("Accept-Encoding")(factory.get("/"))
    assert varied["Vary"] == "Accept-Encoding, Cookie"
    assert view("cookie")(factory.get("/"))["Vary"] == "cookie"  # already there, any case
    english_request = factory.get("/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")
    assert view(None)(english_request)["Content-Language"] == "en"
    other_cookie = factory.get("/", HTTP_COOKIE="sessionid=x")
    assert view(None)(other_cookie)["Content-Language"] == "id"
    assert seen == ["id", "id", "id", "en", "id"]
