"""The Splink model that finds the same person twice, on Splink's DuckDB backend.

Trained without labels, as Splink recommends: u probabilities by random sampling (two random
records are almost never the same person), m probabilities by expectation maximisation over
pairs blocked on one field at a time (each session estimates the fields it does not block on),
the prior from deterministic rules with an assumed recall. Blocking keeps the pair count linear
in the population: equal NIK, or equal birth date plus a name token, or equal canonical name plus
birth year. `LinkageSpec` carries the comparisons and rules so the benchmarks can run the same
pipeline on FEBRL's columns.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class LinkageConfig:
    threshold: float = 0.9  # match probability from which a pair is reported
    memory_limit: str = "4GB"
    threads: int = 2
    # Pairs per EM session (upper bound). Splink 5 samples records on both sides so the blocked
    # pairs come to about this many; its record_sample_proportion alone samples nothing.
    em_max_pairs: float = 2e6
    u_max_pairs: float = 3e6
    prior_recall: float = 0.6  # assumed recall of the deterministic rules, for the prior
    seed: int = 1


@dataclass(frozen=True)
class LinkageSpec:
    """What to compare and how to block; built by `registry_spec` or by a benchmark."""

    comparisons: Sequence[Any]
    prediction_rules: Sequence[Any]
    training_rules: Sequence[Any]
    deterministic_rules: Sequence[Any]
    link_type: str = "dedupe_only"
    extra: dict[str, Any] = field(default_factory=dict)
    # Term frequencies within a group: column -> the column that names its group. The
    # frequency of a value is its share of the records of its group, not of all records.
    grouped_term_frequencies: dict[str, str] = field(default_factory=dict)


# u of the household levels where random sampling does not meet them (where it does, its
# estimate replaces these): two KKs whose other members share two, or three or more, keys are
# rare among random pairs (77k: 2 shared in about 5 per million random pairs, nearly all two
# KKs that hold one copied person; 3 or more never apart from family copies). Assumed, small.
HOUSEHOLD_SHARED_U = {2: 1e-6, 3: 1e-7}

# A canonical name held by at least this many records of the registry is an established name,
# not a one-off spelling (a typo is rarely made the same way three times).
ESTABLISHED_NAME_RECORDS = 3


def _edits_within(left: str, right: str, distance: int) -> str:
    """SQL: `left` and `right` at most `distance` Damerau-Levenshtein edits apart.

    Damerau-Levenshtein costs about 5 µs a pair in DuckDB, and nearly every blocked pair (most
    share only a birth date or a name word) reaches these levels. Two necessary conditions run
    first, so it is computed only for the few pairs they leave: the lengths differ by at most
    the distance, and the plain Levenshtein distance (about six times cheaper; a swap of two
    letters costs it two edits) is at most twice the distance. Same result, less work.
    """
    return (
        f"abs(length({left}) - length({right})) <= {distance} "
        f"AND levenshtein({left}, {right}) <= {2 * distance} "
        f"AND damerau_levenshtein({left}, {right}) <= {distance}"
    )


def _close_names(distance: int, *, established: bool) -> Any:
    import splink.comparison_level_library as cll

    # The cheap count test first: DuckDB evaluates the edit distance only for the pairs it
    # leaves, so each pair pays for at most two edit distances, as without the split.
    both = f"least(name_count_l, name_count_r) >= {ESTABLISHED_NAME_RECORDS}"
    within = _edits_within("name_canon_l", "name_canon_r", distance)
    if established:
        return cll.CustomLevel(f"{both} AND {within}", f"dua nama lazim, selisih {distance} huruf")
    return cll.CustomLevel(f"NOT ({both}) AND {within}", f"selisih {distance} huruf")


def _household() -> Any:
    """The other members of the two KKs: how many facts about them agree.

    A person registered in two KKs commonly comes with relatives (a family that moved and
    registered again): then the other members of the two KKs are the same people too. Each
    record carries `hh_keys`, two keys per other member of its KK (sex + birth date; canonical
    name + birth year), and the level is the number of keys the two lists share. Two records
    of one KK are not compared on it (their lists share everything by construction).
    """
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    # Keys are 63-bit hashes (BIGINT); list_has_any first, so the count runs only for the few pairs
    # that share something (DuckDB evaluates the right of an AND only where the left holds).
    any_shared = "list_has_any(hh_keys_l, hh_keys_r)"
    count = "len(list_filter(hh_keys_l, lambda k: list_contains(hh_keys_r, k)))"
    shared = f"{any_shared} AND {count}"
    return cl.CustomComparison(
        output_column_name="household",
        comparison_levels=[
            # Nothing shared is no evidence either way: a person also registers alone in
            # another KK (as famili_lain, a married child still on the parents' KK). Scored, it
            # took weight off every lone copy (1M lone-only set: F1 0.935 -> 0.915).
            cll.CustomLevel(
                f"kk_l = kk_r OR hh_keys_l IS NULL OR hh_keys_r IS NULL OR NOT {any_shared}",
                "tidak ada anggota lain yang sama",
            ).configure(is_null_level=True),
            # Random sampling rarely meets two KKs that share several members: where it does
            # not, these u stand (HOUSEHOLD_SHARED_U); m is learnt by EM.
            cll.CustomLevel(f"{shared} >= 3", "tiga atau lebih data anggota lain sama").configure(
                u_probability=HOUSEHOLD_SHARED_U[3]
            ),
            cll.CustomLevel(f"{shared} = 2", "dua data anggota lain sama").configure(
                u_probability=HOUSEHOLD_SHARED_U[2]
            ),
            cll.ElseLevel().configure(label_for_charts="satu data anggota lain sama"),
        ],
    )


def registry_spec() -> LinkageSpec:
    """Comparisons for registry members (columns of `prepare_people`)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import block_on

    region = cl.CustomComparison(
        output_column_name="region",
        comparison_levels=[
            cll.NullLevel("region"),
            cll.ExactMatchLevel("region").configure(label_for_charts="desa sama"),
            cll.CustomLevel("substr(region_l, 1, 6) = substr(region_r, 1, 6)", "kecamatan sama"),
            # Living apart, but both NIKs were issued by one kecamatan: a NIK keeps the
            # kecamatan of its first registration when its holder moves.
            cll.CustomLevel("nik_kec_l = nik_kec_r", "NIK terbit di kecamatan yang sama"),
            cll.CustomLevel("substr(region_l, 1, 4) = substr(region_r, 1, 4)", "kab/kota sama"),
            # Living in two kab/kota of one province, born in the same place. A person's birth
            # place is the same at every registration, while two people living apart were
            # mostly born apart. Within one kab/kota the birth place says little (most people
            # live where they were born), so it is not scored there: that would count the
            # region twice.
            cll.CustomLevel(
                "substr(region_l, 1, 2) = substr(region_r, 1, 2) AND place_key_l = place_key_r",
                "provinsi sama, tempat lahir sama",
            ),
            cll.CustomLevel("substr(region_l, 1, 2) = substr(region_r, 1, 2)", "provinsi sama"),
            cll.ElseLevel(),
        ],
    )
    # Edit distance on the canonical name, not Jaro-Winkler: JW rewards a shared prefix, and
    # Balinese and Javanese names share long ones ("ni wayan ...", "muhamad ...").
    tokens_l, tokens_r = "str_split(name_canon_l, ' ')", "str_split(name_canon_r, ' ')"
    longer = "greatest(length(name_canon_l), length(name_canon_r))"
    name = cl.CustomComparison(
        output_column_name="name_canon",
        comparison_levels=[
            cll.NullLevel("name_canon"),
            # Term frequency within the province: names follow the region (Sundanese names in
            # Jawa Barat, Balinese in Bali), so a name that is rare in the country can be
            # common where the two records live, and the region already counts the province.
            cll.CustomLevel("name_canon_l = name_canon_r", "nama sama").configure(
                tf_adjustment_column="name_in_province",
                tf_adjustment_weight=1.0,
                disable_tf_exact_match_detection=True,
            ),
            # Two names a letter or two apart that are both established in the registry
            # ("kartini"/"wartini", "suparmi"/"suwarni") are two real names, hence usually two
            # people; a mistyped name is a one-off spelling. Random pairs that are this close
            # are mostly of the first kind, so splitting the levels lets u and m say so.
            _close_names(1, established=True),
            _close_names(1, established=False),
            _close_names(2, established=True),
            _close_names(2, established=False),
            # A dropped word, when at least two words remain: one given name inside a longer
            # name ("Slamet" in "Slamet Wahyu") is shared by thousands of different people.
            cll.CustomLevel(
                f"least(len({tokens_l}), len({tokens_r})) >= 2 AND ("
                f"list_has_all({tokens_l}, {tokens_r}) OR list_has_all({tokens_r}, {tokens_l}))",
                "nama yang satu memuat semua kata nama yang lain",
            ),
            # Errors compound: a dropped or changed middle word together with a typo in the
            # first or last word ("wualn dewi" / "wulan putri dewi"). Names of two or more
            # words whose first and last words are each at most one letter apart.
            cll.CustomLevel(
                "contains(name_canon_l, ' ') AND contains(name_canon_r, ' ') "
                f"AND {_edits_within('name_first_l', 'name_first_r', 1)} "
                f"AND {_edits_within('name_last_l', 'name_last_r', 1)}",
                "kata pertama dan terakhir sama atau selisih satu huruf",
            ),
            # Heavily misspelt but still the same name (at most a third of the letters changed:
            # "fri yga" / "fikri yoga", "maram khadiajh" / "maryam khadija"). Without it those
            # copies shared the else level with two unrelated names ("salma" / "nining
            # nenden"), whose m was then learnt from the copies and cost only 5.5 bits.
            # (Necessary conditions first, as in _edits_within: the length difference and
            # the plain Levenshtein distance, at most twice the Damerau-Levenshtein one.)
            cll.CustomLevel(
                f"3 * abs(length(name_canon_l) - length(name_canon_r)) <= {longer} "
                f"AND 3 * levenshtein(name_canon_l, name_canon_r) <= 2 * {longer} "
                f"AND 3 * damerau_levenshtein(name_canon_l, name_canon_r) <= {longer}",
                "nama mirip (paling banyak sepertiga huruf berbeda)",
            ),
            cll.ElseLevel(),
        ],
    )
    # The NIK's birth part (DDMMYY, day + 40 for women) is set by Dukcapil from the birth
    # certificate; a registry's birth date field is typed again at every registration. So two
    # records whose birth dates differ but whose NIKs carry the same birth part are one date
    # typed twice, not two people. That level comes after the small slips (swapped day and
    # month, one wrong digit, a year off, days apart): EM learns how often each slip happens
    # from the pairs sharing a NIK, whose NIK birth parts are always equal, so a NIK level
    # before them would take all those pairs and leave the slips untrained (Splink's default
    # m, a guess).
    birth = cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            # Term frequencies: registries pile people on a few default dates (1 July, 31
            # December, the day a batch was keyed in), and sharing one of those says little.
            cll.ExactMatchLevel("birth_date", term_frequency_adjustments=True).configure(
                label_for_charts="tanggal lahir sama"
            ),
            cll.CustomLevel(
                "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) "
                "AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
                "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)",
                "tanggal dan bulan tertukar",
            ),
            cll.LevenshteinLevel("birth_date", 1).configure(label_for_charts="salah ketik satu"),
            cll.CustomLevel(
                "substr(birth_date_l, 6, 5) = substr(birth_date_r, 6, 5) AND "
                "abs(birth_year_l - birth_year_r) = 1",
                "tanggal dan bulan sama, tahun beda satu",
            ),
            cll.AbsoluteDateDifferenceLevel(
                "birth_date", threshold=1, metric="month", input_is_string=True
            ).configure(label_for_charts="selisih kurang dari sebulan"),
            # Random sampling and EM rarely see this level (the slips above take most pairs),
            # so it is set: two people's NIK birth parts agree by chance about once in the
            # 36,525 dates of a century, and one record in a hundred of a person is assumed to
            # carry a birth date retyped beyond a month (8.5 bits).
            cll.CustomLevel("nik_birth_l = nik_birth_r", "tanggal lahir pada NIK sama").configure(
                m_probability=0.01, u_probability=1 / 36_525
            ),
            cll.AbsoluteDateDifferenceLevel(
                "birth_date", threshold=1, metric="year", input_is_string=True
            ).configure(label_for_charts="selisih kurang dari setahun"),
            cll.ElseLevel(),
        ],
    )
    # Exact only. One wrong digit is no evidence: the NIKs of two people born on one day in
    # one kecamatan, or in neighbouring kecamatan with the same serial, differ in one digit too
    # (measured: such a level sent hundreds of different people to the queue). A mistyped NIK
    # still counts through its birth part (above). Random sampling never draws two records with
    # one NIK, so its u is set: a NIK is shared by mistake about once in 10^8 random pairs.
    nik = cl.ExactMatch("nik").configure(u_probabilities=[1e-8, 1 - 1e-8])
    return LinkageSpec(
        comparisons=[
            name,
            birth,
            nik,
            cl.ExactMatch("sex"),
            # Birth place is shown to the reviewer but not scored: it follows the region (most
            # people live where they were born), and scoring both counts one fact twice.
            region,
            _household(),
        ],
        prediction_rules=[
            block_on("nik"),
            # A mistyped serial: same kecamatan and birth part.
            block_on("nik_head"),
            block_on("birth_date", "name_first"),
            block_on("birth_date", "name_last"),
            block_on("name_canon", "birth_year"),
            block_on("name_first", "birth_year", "province"),
            block_on("name_last", "birth_year", "province"),
            block_on("birth_date", "province"),
            # A year typed wrong (a common slip) with one name word kept: the rules above all
            # need the year or the whole date.
            block_on("name_first", "birth_md", "province"),
            block_on("name_last", "birth_md", "province"),
            block_on("name_first", "name_last", "province"),
        ],
        # EM blocked on the name would take the many namesakes (same name, other birth date)
        # for matches and learn that a different birth date means nothing; pairs sharing a
        # NIK show how birth dates really differ between two records of one person.
        training_rules=[block_on("birth_date", "sex"), block_on("nik")],
        deterministic_rules=[block_on("nik"), block_on("name_canon", "birth_date")],
        grouped_term_frequencies={"name_in_province": "province"},
    )


def prepare_people(people: pa.Table) -> pa.Table:
    """Add the derived columns the registry spec compares and blocks on.

    Input columns: unique_id, nik, name, birth_date (date), birth_place, sex, region (desa),
    and kk (optional: without it the household comparison has nothing to compare).
    """
    from jaring.matching.linkage.names import canonical_name

    names = people.column("name").to_pylist()
    canon = [canonical_name(n or "") for n in names]
    first = [c.split(" ", 1)[0] if c else None for c in canon]
    last = [c.rsplit(" ", 1)[-1] if c else None for c in canon]
    births = people.column("birth_date").to_pylist()
    places = [(p or "").lower().strip() or None for p in people.column("birth_place").to_pylist()]
    place_keys = [place_key(p) for p in places]
    table = people.select(["unique_id", "nik", "sex", "region"])
    table = table.append_column("province", pc.utf8_slice_codeunits(table["region"], 0, 2))
    nik = table["nik"]
    # NIK = kecamatan (6) + birth part DDMMYY (day + 40 for women) + serial (4).
    table = (
        table.append_column("nik_kec", pc.utf8_slice_codeunits(nik, 0, 6))
        .append_column("nik_birth", pc.utf8_slice_codeunits(nik, 6, 12))
        .append_column("nik_head", pc.utf8_slice_codeunits(nik, 0, 12))
    )
    canon_array = pa.array([c or None for c in canon], pa.string())
    # How many records carry each canonical name (see ESTABLISHED_NAME_RECORDS).
    counts = pc.value_counts(canon_array)
    name_count = pc.take(
        counts.field("counts"), pc.index_in(canon_array, value_set=counts.field("values"))
    )
    in_province = pc.binary_join_element_wise(table["province"], canon_array, " ")
    table = (
        table.append_column("name_canon", canon_array)
        .append_column("name_in_province", in_province)
        .append_column("name_count", name_count)
        .append_column("name_first", pa.array(first, pa.string()))
        .append_column("name_last", pa.array(last, pa.string()))
        .append_column(
            "birth_date", pa.array([b.isoformat() if b else None for b in births], pa.string())
        )
        .append_column("birth_year", pa.array([b.year if b else None for b in births], pa.int32()))
        .append_column(
            "birth_md", pa.array([b.strftime("%m-%d") if b else None for b in births], pa.string())
        )
        .append_column("birth_place", pa.array(places, pa.string()))
        .append_column("place_key", pa.array(place_keys, pa.string()))
    )
    kk = people.column("kk") if "kk" in people.column_names else pa.nulls(len(table), pa.string())
    return table.append_column("kk", kk).append_column("hh_keys", household_keys(table, kk))


_PLACE_PREFIX = re.compile(r"^(kabupaten|kab\.?|kota|adm\.?|administrasi)\s+")


def place_key(place: str | None) -> str | None:
    """A birth place as compared: lower case, letters only, without "Kab."/"Kota" in front
    ("KAB. BANDUNG", "Bandung" and "bandung " agree; a blank place is unknown)."""
    text = (place or "").lower().strip()
    while (bare := _PLACE_PREFIX.sub("", text)) != text:
        text = bare
    return re.sub(r"[^a-z]", "", text) or None


def household_keys(table: pa.Table, kk: pa.ChunkedArray | pa.Array) -> pa.Array:
    """For each record, the keys of the other members of its KK, as 63-bit hashes: sex + birth
    date and canonical name + birth year of each (null when the KK is unknown)."""
    con = duckdb.connect()
    try:
        con.execute("SET threads = 2")
        frame = pa.table(
            {
                "idx": pa.array(range(len(table)), pa.int64()),
                "kk": kk,
                "d": pc.binary_join_element_wise(table["sex"], table["birth_date"], ""),
                "n": pc.binary_join_element_wise(
                    table["name_canon"], pc.cast(table["birth_year"], pa.string()), "|"
                ),
            }
        )
        con.register("frame", frame)
        keyed = con.sql(
            "WITH members AS (SELECT kk, list(struct_pack(idx, d, n)) AS m FROM frame "
            "WHERE kk IS NOT NULL GROUP BY kk) "
            "SELECT f.idx, list_transform(list_filter(flatten([[x.d, x.n] FOR x IN m.m "
            "IF x.idx <> f.idx]), lambda k: k IS NOT NULL), "
            "lambda k: (hash(k) >> 1)::BIGINT) AS keys "
            "FROM frame f LEFT JOIN members m ON f.kk = m.kk "
            "ORDER BY f.idx"
        ).to_arrow_table()
    finally:
        con.close()
    return keyed.column("keys").combine_chunks()


def _connection(config: LinkageConfig) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{config.memory_limit}'")
    con.execute(f"SET threads = {int(config.threads)}")
    con.execute("SET preserve_insertion_order = false")
    return con


def _weight_columns(available: Sequence[str]) -> list[str]:
    """Per-comparison match weights in Splink's output (a comparison Splink could not use, for
    lack of training pairs, has no column; term-frequency parts are folded into their field)."""
    return [c for c in available if c.startswith("mw_") and not c.startswith("mw_tf_adj_")]


def grouped_term_frequencies(
    con: duckdb.DuckDBPyConnection, tables: Sequence[str], column: str, group: str
) -> pa.Table:
    """Each value of `column` with its share of the records of its group (`group`), in the
    shape of Splink's term-frequency lookup (`column`, `tf_<column>`)."""
    union = " UNION ALL ".join(f"SELECT {column}, {group} FROM {table}" for table in tables)
    return con.sql(
        f"SELECT {column}, count(*) / sum(count(*)) OVER (PARTITION BY {group}) "
        f"AS tf_{column} FROM ({union}) WHERE {column} IS NOT NULL GROUP BY {column}, {group}"
    ).to_arrow_table()


def train(
    records: pa.Table | Sequence[pa.Table],
    spec: LinkageSpec,
    config: LinkageConfig,
    report: Progress,
) -> tuple[duckdb.DuckDBPyConnection, Any]:
    """A Splink linker over `records`, trained without labels (prior, u, m), and its
    connection (the caller closes it)."""
    from splink import DuckDBAPI, Linker, SettingsCreator
    from splink.internals.exceptions import SplinkException

    logging.getLogger("splink").setLevel(logging.WARNING)
    con = _connection(config)
    db_api = DuckDBAPI(connection=con)
    tables = [records] if isinstance(records, pa.Table) else list(records)
    frames = [db_api.register(table) for table in tables]
    size = sum(t.num_rows for t in tables)
    settings = SettingsCreator(
        link_type=spec.link_type,
        comparisons=list(spec.comparisons),
        blocking_rules_to_generate_predictions=list(spec.prediction_rules),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        **spec.extra,
    )
    linker = Linker(frames if len(frames) > 1 else frames[0], settings, log_level=logging.WARNING)
    for column, group in spec.grouped_term_frequencies.items():
        lookup = grouped_term_frequencies(con, [f.physical_name for f in frames], column, group)
        linker.table_management.register_term_frequency_lookup(db_api.register(lookup), column)
    report("prior", 0.05)
    # Splink 5 raises while logging a prior of 0 (no deterministic match at all).
    with contextlib.suppress(ValueError):
        linker.training.estimate_probability_two_random_records_match(
            list(spec.deterministic_rules), recall=config.prior_recall
        )
    settings_obj = linker._settings_obj  # no public setter in Splink 5
    if not settings_obj._probability_two_random_records_match:
        # Nothing certain to learn from: assume about 1% of records have a duplicate.
        settings_obj._probability_two_random_records_match = 0.02 / max(size, 2)
    report("u", 0.15)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=config.u_max_pairs, seed=config.seed, min_count_per_level=None
    )
    # Records probed to estimate a rule's full pair count before sampling down to em_max_pairs.
    probe = min(1.0, 100_000 / max(size, 1))
    for step, rule in enumerate(spec.training_rules):
        report("em", 0.3 + 0.2 * step / max(len(spec.training_rules), 1))
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule,
                max_pairs=config.em_max_pairs,
                record_sample_proportion=probe,
                # EM iterations on the comparison vectors alone (faster); the name's
                # term-frequency adjustment still applies when pairs are scored.
                estimate_without_term_frequencies=True,
            )
        except (ValueError, SplinkException) as error:  # too few pairs: keep the defaults
            logging.getLogger(__name__).warning("EM session %s skipped: %s", step, error)
    return con, linker


def link(
    records: pa.Table | Sequence[pa.Table],
    spec: LinkageSpec,
    config: LinkageConfig | None = None,
    progress: Progress | None = None,
) -> pa.Table:
    """Train the model without labels and return the scored pairs above the threshold.

    Columns: unique_id_l, unique_id_r, match_probability, match_weight, and one
    `mw_<comparison>` per comparison (its match weight, log2 of its Bayes factor), as Splink 5
    names them in its predictions.
    """
    config = config or LinkageConfig()
    report = progress or (lambda _label, _fraction: None)
    con, linker = train(records, spec, config, report)
    report("predict", 0.6)
    predictions = linker.inference.predict(threshold_match_probability=config.threshold)
    available = con.sql(f"SELECT * FROM {predictions.physical_name} LIMIT 0").columns
    weights = "".join(
        f", mw_{c[3:]} + coalesce(mw_tf_adj_{c[3:]}, 0) AS {c}"
        if f"mw_tf_adj_{c[3:]}" in available
        else f", {c}"
        for c in _weight_columns(available)
    )
    extra = "source_dataset_l, source_dataset_r, " if spec.link_type != "dedupe_only" else ""
    result = con.sql(
        f"SELECT {extra}unique_id_l, unique_id_r, match_probability, match_weight{weights} "
        f"FROM {predictions.physical_name}"
    ).to_arrow_table()
    report("done", 1.0)
    con.close()
    return result


def probability_from_weight(weight: float) -> float:
    return 1.0 / (1.0 + math.pow(2.0, -weight))
