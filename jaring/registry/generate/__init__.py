"""Synthetic population generator (`jaring generate`): plain Python, no Django.

    from jaring.registry.generate import GenerateOptions, write_population
    write_population(GenerateOptions(households=1000, seed=7), Path("out"), "parquet")

`PopulationGenerator(options).chunks()` yields the households as interchange-format dicts for
callers that want them in memory (tests, benchmarks, demo loaders).
"""

from __future__ import annotations

from jaring.registry.generate.geography import RegionSelectionError, parse_region_prefixes
from jaring.registry.generate.numbering import SerialsExhausted
from jaring.registry.generate.population import (
    DEFAULT_AS_OF,
    GenerateOptions,
    PopulationGenerator,
)
from jaring.registry.generate.writer import FORMATS, GenerateResult, write_population

__all__ = [
    "DEFAULT_AS_OF",
    "FORMATS",
    "GenerateOptions",
    "GenerateResult",
    "PopulationGenerator",
    "RegionSelectionError",
    "SerialsExhausted",
    "parse_region_prefixes",
    "write_population",
]
