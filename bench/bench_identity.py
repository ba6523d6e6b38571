"""Benchmark jaring.core.identity.check_nik / check_kk: checks per second on realistic numbers.

    .venv/bin/python -m bench.bench_identity [--count 1000000] [--seed 1]

NIKs are built from real kecamatan codes (a few retired Papua ones included), real birth dates of
both sexes, and about 2% broken numbers, so every rule's path runs. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta

from jaring.core.identity import check_kk, check_nik
from jaring.regions.codes import kecamatan_codes


def make_numbers(count: int, seed: int) -> list[tuple[str, date, str]]:
    rng = random.Random(seed)
    kecamatan = sorted(kecamatan_codes())
    start = date(1930, 1, 1)
    out = []
    for _ in range(count):
        born = start + timedelta(days=rng.randrange(95 * 365))
        sex = rng.choice("LP")
        day = born.day + (40 if sex == "P" else 0)
        nik = f"{rng.choice(kecamatan)}{day:02d}{born.month:02d}{born.year % 100:02d}"
        nik += f"{rng.randrange(1, 10000):04d}"
        if rng.random() < 0.02:  # a broken one: wrong length, bad date or swapped sex
            nik = rng.choice([nik[:15], nik[:6] + "32" + nik[8:], nik])
            sex = "L" if sex == "P" else "P"
        out.append((nik, born, sex))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    numbers = make_numbers(args.count, args.seed)
    check_nik(numbers[0][0])  # load the region codes outside the timing
    started = time.perf_counter()
    errors = 0
    for nik, born, sex in numbers:
        errors += bool(check_nik(nik, birth_date=born, sex=sex))
    nik_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for nik, _, _ in numbers:
        check_kk(nik)
    kk_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "count": args.count,
                "nik_per_second": round(args.count / nik_seconds),
                "kk_per_second": round(args.count / kk_seconds),
                "nik_with_problems": errors,
            }
        )
    )


if __name__ == "__main__":
    main()
