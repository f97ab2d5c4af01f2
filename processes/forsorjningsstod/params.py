"""The rules' parameters for this process, read once per process lifetime (not once per pass)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rules.forsorjningsstod import Parameters, load_parameters


@lru_cache(maxsize=8)
def parameters_for(municipality_file: Path | None, allow_unverified: bool) -> Parameters:
    """The national parameters with the municipality's local amounts."""
    return load_parameters(municipality_file=municipality_file, allow_unverified=allow_unverified)
