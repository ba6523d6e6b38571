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
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jaring.matching.linkage.model import (
    LinkageConfig,
    LinkageSpec,
    link,
    prepare_people,
    registry_spec,
    train,
)


def _people(directory: Path) -> pa.Table:
    members = pq.read_table(
        directory / "members.parquet",
        columns=["kk", "nik", "name", "sex", "birth_date", "birth_place", "relationship"],
    )
    households = pq.read_table(directory / "households.parquet", columns=["kk", "region"])
    members = members.join(households, "kk")
    uid = pc.binary_join_element_wise(members.column("kk"), members.column("nik"), ":")
    return members.append_column("unique_id", uid)


def _truth(directory: Path, people: pa.Table) -> dict[tuple[str, str], str]:
    """Each true pair with its kind: the NIK pattern, and `sendiri` (a lone copy, always
    `famili_lain`) or `keluarga` (a copy that came with its family keeps its relationship)."""
    lone = {
        uid
        for uid, rel in zip(
            people.column("unique_id").to_pylist(),
            people.column("relationship").to_pylist(),
            strict=True,
        )
        if rel == "famili_lain"
    }
    with (directory / "duplicates.csv").open(encoding="utf-8") as handle:
        truth = {}
        for r in csv.DictReader(handle):
            copy = f"{r['kk_b']}:{r['nik_b']}"
            pattern = "sendiri" if copy in lone else "keluarga"
            truth[tuple(sorted((f"{r['kk_a']}:{r['nik_a']}", copy)))] = f"{pattern}/{r['kind']}"
        return truth


def _diagnose(
    prepared: pa.Table,
    truth_kinds: dict[tuple[str, str], str],
    spec: LinkageSpec,
    config: LinkageConfig,
    cut: float,
) -> None:
    """Why true pairs are missed: for each kind, how many the blocking rules never compare,
    and how many are compared but score below `cut` (every true pair is scored with the
    trained model, whichever rule would or would not have paired it)."""
    from splink import block_on

    key = {uid: f"{a}|{b}" for a, b in truth_kinds for uid in (a, b)}
    uids = prepared.column("unique_id").to_pylist()
    keyed = prepared.append_column("truth_pair", pa.array([key.get(u) for u in uids], pa.string()))
    con, linker = train(keyed, spec, config, lambda _label, _fraction: None)
    linker.table_management.compute_tf_table("birth_date")
    frame = next(iter(linker._input_tables_dict.values()))
    scored = linker.inference.predict_within(
        frame, blocking_rules_to_generate_predictions=[block_on("truth_pair")]
    )
    compared = " OR ".join(
        f"({rule.get_blocking_rule('duckdb').blocking_rule_sql})" for rule in spec.prediction_rules
    )
    rows = con.sql(
        f"SELECT l.truth_pair, s.match_probability, {compared} AS compared "
        f"FROM {scored.physical_name} s JOIN {frame.physical_name} l "
        f"ON l.unique_id = s.unique_id_l JOIN {frame.physical_name} r "
        f"ON r.unique_id = s.unique_id_r"
    ).fetchall()
    con.close()
    kind_of = {f"{a}|{b}": kind for (a, b), kind in truth_kinds.items()}
    never, low, found = Counter(), Counter(), Counter()
    for pair, probability, was_compared in rows:
        kind = kind_of[pair]
        if not was_compared:
            never[kind] += 1
        elif probability < cut:
            low[kind] += 1
        else:
            found[kind] += 1
    print(f"  diagnosis at {cut} (true pairs: found / compared, scored below / never compared):")
    for kind, total in sorted(Counter(truth_kinds.values()).items()):
        print(f"    {kind} {total}: {found[kind]} / {low[kind]} / {never[kind]}")


def _model_estimate(scored: list[tuple[str, str, float]], floor: float) -> None:
    """Precision, recall and F1 as the model itself expects them, without labels: a pair
    scored p is a true match with probability p if the model is calibrated, so the expected
    true pairs at a cut are the sum of p above it, and all true pairs the sum of p over every
    scored pair (those below `floor` are not scored: run with a low --threshold, e.g. 0.05,
    for a fuller estimate). Printed next to the measured figures, it says whether the model's
    probabilities can be trusted to choose the threshold."""
    probabilities = sorted((p for _a, _b, p in scored), reverse=True)
    expected_all = sum(probabilities)
    if not probabilities:
        return
    best, best_cut, kept, running = -1.0, 1.0, 0, 0.0
    estimates = {}
    cuts = sorted({round(floor + i / 100, 2) for i in range(0, 100)} | {0.7, 0.8, 0.9, 0.95})
    cuts = [c for c in cuts if floor <= c < 1]
    for cut in sorted(cuts, reverse=True):
        while kept < len(probabilities) and probabilities[kept] >= cut:
            running += probabilities[kept]
            kept += 1
        precision = running / max(kept, 1)
        recall = running / expected_all
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        estimates[cut] = (precision, recall, f1)
        if f1 > best:
            best, best_cut = f1, cut
    print(f"  model's own estimate (no labels; expected true pairs {expected_all:.0f}):")
    for cut in (0.5, 0.7, 0.8, 0.9, 0.95):
        if cut in estimates:
            precision, recall, f1 = estimates[cut]
            print(f"    at {cut}: precision={precision:.4f} recall={recall:.4f} f1={f1:.4f}")
    print(f"    best expected F1 {best:.4f} at {best_cut}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="only say, per kind of true pair, how many are never compared by the blocking "
        "rules and how many score below the threshold (trains once, no full prediction)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    people = _people(args.directory)
    loaded = time.perf_counter()
    truth_kinds = _truth(args.directory, people)
    prepared = prepare_people(people.drop_columns(["relationship"]))
    del people
    ready = time.perf_counter()
    config = LinkageConfig(threshold=args.threshold, memory_limit=args.memory_limit)
    if args.diagnose:
        _diagnose(prepared, truth_kinds, registry_spec(), config, args.threshold)
        return

    def progress(label: str, fraction: float) -> None:
        print(f"  {time.perf_counter() - started:7.1f}s {label} {fraction:.0%}", flush=True)

    pairs = link(prepared, registry_spec(), config, progress)
    done = time.perf_counter()
    truth = set(truth_kinds)
    scored = list(
        zip(
            pairs.column("unique_id_l").to_pylist(),
            pairs.column("unique_id_r").to_pylist(),
            pairs.column("match_probability").to_pylist(),
            strict=True,
        )
    )
    for cut in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99):
        if cut < args.threshold:
            continue
        at = {tuple(sorted((a, b))) for a, b, p in scored if p >= cut}
        hit = len(at & truth)
        pr, rc = hit / max(len(at), 1), hit / max(len(truth), 1)
        f1_at = 2 * pr * rc / max(pr + rc, 1e-9)
        print(f"  threshold {cut}: precision={pr:.4f} recall={rc:.4f} f1={f1_at:.4f}")
    _model_estimate(scored, args.threshold)
    for cut in (args.threshold, 0.9):
        at = {tuple(sorted((a, b))) for a, b, p in scored if p >= cut}
        groups = Counter(truth_kinds.values())
        hits = Counter(truth_kinds[pair] for pair in at & truth)
        print(
            f"  recall by kind at {cut}: "
            + ", ".join(f"{k} {hits[k]}/{n}" for k, n in sorted(groups.items()))
            + f"; false positives {len(at - truth)}"
        )
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
