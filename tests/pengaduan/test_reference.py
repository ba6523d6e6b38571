"""Reference numbers: unguessable, and typos are caught by the check character."""

from __future__ import annotations

import re

from jaring.pengaduan.reference import ALPHABET, new_reference, normalize_reference


def test_format_and_uniqueness() -> None:
    refs = {new_reference() for _ in range(2000)}
    assert len(refs) == 2000
    for ref in list(refs)[:50]:
        assert re.fullmatch(r"ADU-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]", ref)
        assert normalize_reference(ref) == ref


def test_typed_forms_are_accepted() -> None:
    ref = new_reference()
    assert normalize_reference(ref.lower()) == ref
    assert normalize_reference(ref.replace("-", " ")) == ref
    assert normalize_reference(ref.replace("ADU-", "")) == ref


def test_every_single_typo_and_almost_every_neighbour_swap_is_caught() -> None:
    for _ in range(30):
        ref = new_reference()
        chars = ref.replace("-", "")[3:]
        for i, ch in enumerate(chars):
            for other in ALPHABET:
                if other != ch:
                    typo = chars[:i] + other + chars[i + 1 :]
                    assert normalize_reference(typo) is None, typo
        for i in range(len(chars) - 1):
            # Luhn mod 32 misses exactly one swap, 2Z <-> Z2 (like 09 <-> 90 in decimal Luhn).
            if chars[i] != chars[i + 1] and {chars[i], chars[i + 1]} != {"2", "Z"}:
                swapped = chars[:i] + chars[i + 1] + chars[i] + chars[i + 2 :]
                assert normalize_reference(swapped) is None, swapped


def test_garbage_is_refused() -> None:
    for text in ("", "ADU", "ADU-00000-00000-0", "x" * 500, "ADU-ABCDE-FGHJK", "' OR 1=1 --"):
        assert normalize_reference(text) is None
