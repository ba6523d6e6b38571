"""Eligibility and benefit engine: programs as data (policy/), compiled to SQL, run on DuckDB.

Imports nothing from Django. The public API lives in jaring.engine.api and is re-exported here.
"""

from jaring.engine.api import *  # noqa: F403
from jaring.engine.api import __all__  # noqa: F401
