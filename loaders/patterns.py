"""Access to the phrase patterns of ``loaders/data/patterns.toml``."""

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def patterns() -> dict[str, Any]:
    """The parsed patterns file."""
    path = files("policykg.loaders") / "data" / "patterns.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def words(section: str, key: str) -> tuple[str, ...]:
    """A list of words from the patterns file, longest first (so longer forms match first)."""
    return tuple(sorted(patterns()[section][key], key=len, reverse=True))
