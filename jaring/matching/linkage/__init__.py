"""Record linkage without Django: Indonesian name canonicalisation and the Splink model.

`jaring.matching.linkage.model.link_people` scores candidate duplicate pairs over an Arrow
table of people on Splink's DuckDB backend; the benchmarks use it directly on FEBRL and on
synthetic registries, the matching app feeds it a snapshot of the registry.
"""
