"""Person-name normalisation for search and matching (plain Python, no Django).

The registry keeps `Anggota.name_normalized` filled with `normalize_name(name)`, and Cek Bansos
and record linkage compare against it, so "Hj. SITI  Aminah, S.Pd." and "siti aminah" meet.
"""

from __future__ import annotations

import re
import unicodedata

# Honorifics written before a name on Indonesian documents (compared without dots).
_HONORIFICS = frozenset(
    {
        "h",
        "hj",
        "haji",
        "hajjah",
        "kh",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "bapak",
        "bpk",
        "pak",
        "ibu",
        "bu",
        "ny",
        "nyonya",
        "tn",
        "tuan",
        "sdr",
        "sdri",
        "saudara",
        "saudari",
        "alm",
        "almh",
        "almarhum",
        "almarhumah",
    }
)
# Academic degrees written after a name without a comma: "S.Pd", "A.Md", "M.Si", "S.H."
_DEGREE = re.compile(r"^[a-z]{1,2}\.[a-z]{1,4}\.?$")
# Everything but ASCII letters, digits and space becomes a space (after accents are removed).
_KEEP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")
_PUNCTUATION = {i: " " for i in range(128) if chr(i) not in _KEEP}
_PUNCTUATION.update({ord("'"): None, ord("`"): None})


def normalize_name(name: str) -> str:
    """Lowercase, accents and punctuation removed, honorifics and degrees dropped, one space."""
    text = (name or "").lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch.isascii())
    # Degrees follow the first comma ("Ahmad, S.Pd., M.Si.").
    text = text.split(",", 1)[0]
    tokens = text.replace("'", "").replace("`", "").split()
    while len(tokens) > 1 and tokens[0].rstrip(".") in _HONORIFICS:
        tokens.pop(0)
    # "H.Ahmad" / "Hj.Siti": an honorific glued to the name by a dot.
    if tokens and "." in tokens[0]:
        head, _, rest = tokens[0].partition(".")
        if head in _HONORIFICS and rest and not _DEGREE.match(tokens[0]):
            tokens[0] = rest
    while len(tokens) > 1 and "." in tokens[-1] and _DEGREE.match(tokens[-1]):
        tokens.pop()
    return " ".join(" ".join(tokens).translate(_PUNCTUATION).split())
