"""The shipped region files and the plain-Python lookups in jaring.regions.codes."""

from __future__ import annotations

import csv
import gzip
from collections import Counter

from jaring.regions import codes


def test_current_tree_counts() -> None:
    by_length = Counter(len(code) for code in codes.current_names())
    assert by_length == {2: 38, 4: 514, 6: 7285, 10: 83762}
    assert len(codes.desa_codes()) == 83762
    assert sum(1 for c in codes.current_names() if len(c) == 4 and c.startswith("32")) == 27


def test_known_names_and_dotted_codes() -> None:
    assert codes.region_name("3273") == "Kota Bandung"
    assert codes.region_name("32.73") == "Kota Bandung"
    assert codes.region_name("32") == "Jawa Barat"
    assert codes.region_name("9999") is None
    assert codes.level_of("327301") == "kecamatan"


def test_every_code_has_its_parent() -> None:
    names = codes.current_names()
    for code in names:
        if len(code) > 2:
            parent = code[:-4] if len(code) == 10 else code[:-2]
            assert parent in names, code


def test_retired_papua_codes() -> None:
    retired = codes.retired_regions()
    # Merauke moved from Papua (91) to Papua Selatan (93); Kota Sorong from Papua Barat (92)
    # to Papua Barat Daya (96).
    assert retired["9101"] == ("Kabupaten Merauke", "9301")
    assert retired["9271"] == ("Kota Sorong", "9671")
    assert retired["910101"][1] == "930101"
    assert codes.successor("910101") == "930101"
    assert codes.successor("327301") is None
    kabupaten = [c for c in retired if len(c) == 4]
    assert len(kabupaten) == 26
    for code, (name, successor) in retired.items():
        assert code[:2] in {"91", "92"}
        assert successor[:2] in {"93", "94", "95", "96"}
        assert code not in codes.current_names()
        assert codes.current_names()[successor] == name
        assert code[4:] == successor[4:]
    assert codes.retired_codes() == frozenset(retired)


def test_kecamatan_codes_include_current_and_retired() -> None:
    kec = codes.kecamatan_codes()
    assert "327301" in kec and "910101" in kec and "930101" in kec
    assert all(len(c) == 6 for c in kec)
    assert len(kec) == 7285 + sum(1 for c in codes.retired_codes() if len(c) == 6)


def test_shipped_files_have_licence_and_source_note() -> None:
    assert (codes.DATA_DIR / "LICENSE").read_text().startswith("MIT License")
    source = (codes.DATA_DIR / "SOURCE.md").read_text()
    assert "300.2.2-2138" in source and "reconstruction" in source
    with gzip.open(codes.CURRENT_FILE, "rt", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == ["code", "name"]
