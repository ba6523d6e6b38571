"""The captcha's image and audio, for keys issued by `jaring.portal.guard.captcha_new`.

Same URLs and names as django-simple-captcha's views (`captcha-image`, `captcha-image-2x`,
`captcha-audio`), which read only the library's database table: these read whichever store
issued the key (Redis, or that table when there is no Redis; `guard.captcha_issued`). Viewing
does not use a captcha up; an unknown, used or expired key answers 410 Gone, as the library's
views do (crawlers drop the address). The image is drawn by the library's own renderer; the
audio is spoken by flite as the library does (with sox's brown noise when sox is installed).
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path

from captcha import views as library
from captcha.conf import settings as captcha_settings
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from ranged_response import RangedFileResponse

from jaring.portal.guard import captcha_issued

AUDIO_TIMEOUT_S = 30


@never_cache
@require_GET
def captcha_image(request: HttpRequest, key: str, scale: int = 1) -> HttpResponse:
    if scale == 2 and not captcha_settings.CAPTCHA_2X_IMAGE:
        raise Http404
    issued = captcha_issued(key)
    if issued is None:
        return HttpResponse(status=410)
    # As the library's view: the same key always draws the same image (reloading it gives no
    # second, easier-to-read drawing), and the global generator is reseeded afterwards so the
    # key cannot be used to predict other random draws.
    random.seed(key)
    try:
        return library._captcha_image(issued, scale)
    finally:
        random.seed()


def _spoken(challenge: str) -> str:
    if captcha_settings.CAPTCHA_CHALLENGE_FUNCT == "captcha.helpers.math_challenge":
        return challenge.replace("*", "times").replace("-", "minus").replace("+", "plus")
    return ", ".join(challenge)


def _with_noise(sox: str, speech: Path, folder: Path) -> Path:
    """The speech mixed with two seconds of brown noise (as the library does with sox)."""
    rate = subprocess.run(
        [sox, "--i", "-r", str(speech)], capture_output=True, text=True, timeout=AUDIO_TIMEOUT_S
    ).stdout.strip()
    noise, mixed = folder / "noise.wav", folder / "mixed.wav"
    subprocess.run(
        [sox, "-r", rate or "8000", "-n", str(noise), "synth", "2", "brownnoise", "gain", "-15"],
        capture_output=True,
        timeout=AUDIO_TIMEOUT_S,
    )
    subprocess.run(
        [sox, "-m", str(noise), str(speech), "-t", "wavpcm", "-b", "16", str(mixed)],
        capture_output=True,
        timeout=AUDIO_TIMEOUT_S,
    )
    return mixed if mixed.is_file() else speech


@never_cache
@require_GET
def captcha_audio(request: HttpRequest, key: str) -> HttpResponse:
    flite = getattr(settings, "CAPTCHA_FLITE_PATH", None)
    if not flite:
        raise Http404
    issued = captcha_issued(key)
    if issued is None:
        return HttpResponse(status=410)
    with tempfile.TemporaryDirectory(prefix="captcha-") as folder:
        speech = Path(folder) / "speech.wav"
        subprocess.run(
            [flite, "-t", _spoken(issued.challenge), "-o", str(speech)],
            capture_output=True,
            timeout=AUDIO_TIMEOUT_S,
        )
        if not speech.is_file():
            raise Http404
        if sox := getattr(settings, "CAPTCHA_SOX_PATH", None):
            speech = _with_noise(sox, speech, Path(folder))
        audio = io.BytesIO(speech.read_bytes())  # a few kB; the folder goes now
    # Ranges as the library's view, so players can seek in the recording.
    response = RangedFileResponse(request, audio, content_type="audio/wav")
    response["Content-Disposition"] = f'attachment; filename="{key}.wav"'
    return response
