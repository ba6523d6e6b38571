"""Duplicate detection on a synthetic registry with known duplicates (`jaring generate
--duplicates`): precision, recall, F1, wall time and peak memory.

    .venv/bin/jaring generate --households 270000 --seed 8 --format parquet \\
        --duplicates 0.02 --out var/bench/dup1m
    flock /tmp/jaring-bench.lock .venv/bin/python bench/bench_matching_synthetic.py var/bench/dup1m

Records are identified by KK + NIK (a KK never lists one NIK twice). A pair counts as found
when the model scores it at or above the threshold; the ground truth is DIR/duplicates.csv.
"""

from __future__ import annotations

import argparse
import csv
import resource
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jaring.matching.linkage.model import LinkageConfig, link, prepare_people, registry_spec


def _people(directory: Path) -> pa.Table:
    members = pq.read_table(
        directory / "members.parquet",
        columns=["kk", "nik", "name", "sex", "birth_date", "birth_place"],
    )
    households = pq.read_table(directory / "households.parquet", columns=["kk", "region"])
    members = members.join(households, "kk")
    uid = pc.binary_join_element_wise(members.column("kk"), members.column("nik"), ":")
    return members.append_column("unique_id", uid)


def _truth(directory: Path) -> set[tuple[str, str]]:
    with (directory / "duplicates.csv").open(encoding="utf-8") as handle:
        return {
            tuple(sorted((f"{r['kk_a']}:{r['nik_a']}", f"{r['kk_b']}:{r['nik_b']}")))
            for r in csv.DictReader(handle)
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--memory-limit", default="6GB")
    args = parser.parse_args()
    started = time.perf_counter()
    people = _people(args.directory)
    loaded = time.perf_counter()
    prepared = prepare_people(people)
    del people
    ready = time.perf_counter()
    config = LinkageConfig(threshold=args.threshold, memory_limit=args.memory_limit)

    def progress(label: str, fraction: float) -> None:
        print(f"  {time.perf_counter() - started:7.1f}s {label} {fraction:.0%}", flush=True)

    pairs = link(prepared, registry_spec(), config, progress)
    done = time.perf_counter()
    truth = _truth(args.directory)
    scored = list(
        zip(
            pairs.column("unique_id_l").to_pylist(),
            pairs.column("unique_id_r").to_pylist(),
            pairs.column("match_probability").to_pylist(),
            strict=True,
        )
    )
    for cut in (0.5, 0.7, 0.8, 0.9, 0.95, 0.99):
        if cut < args.threshold:
            continue
        at = {tuple(sorted((a, b))) for a, b, p in scored if p >= cut}
        hit = len(at & truth)
        pr, rc = hit / max(len(at), 1), hit / max(len(truth), 1)
        f1_at = 2 * pr * rc / max(pr + rc, 1e-9)
        print(f"  threshold {cut}: precision={pr:.4f} recall={rc:.4f} f1={f1_at:.4f}")
    found = {tuple(sorted((a, b))) for a, b, _ in scored}
    tp = len(found & truth)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"people={prepared.num_rows} true_pairs={len(truth)} found={len(found)} tp={tp} "
        f"precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}"
    )
    print(
        f"seconds: read={loaded - started:.1f} prepare={ready - loaded:.1f} "
        f"link={done - ready:.1f} total={done - started:.1f}; peak_rss_mib={peak_mib:.0f}"
    )


if __name__ == "__main__":
    main()
