"""Regions as data: one TOML file per region under ``regions/`` states its tables (titles and
their synonyms, header trees, row kinds, totals, layout options), the identities that hold inside
and between them (``[[rule]]``, built into checks by :mod:`xlbudget.check.rulebook`) and the
说明 sections that apply. Adding a region is adding a file; nothing here names a region.

The model is in :mod:`.region`, the validating loader in :mod:`.region_file` (a mistake in a
file raises :class:`RegionError` naming the file and the line).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources

from xlbudget.spec.region import LEVELS, Option, Region, RegionError, RuleData, Variant
from xlbudget.spec.region_file import load

__all__ = ["LEVELS", "Option", "Region", "RegionError", "RuleData", "Variant", "default_region",
           "load", "region", "regions"]


def _files() -> Iterator[tuple[str, str]]:
    folder = resources.files("xlbudget.spec") / "regions"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield entry.name, entry.read_text(encoding="utf-8")


@cache
def regions() -> tuple[Region, ...]:
    """Every shipped region, the default (no name prefix) first."""
    loaded = [load(text, name) for name, text in _files()]
    return tuple(sorted(loaded, key=lambda r: (r.prefix != "", r.key)))


def region(key: str) -> Region:
    """A shipped region by key (``xinjiang``) or prefix (``sh``)."""
    for candidate in regions():
        if key in (candidate.key, candidate.prefix):
            return candidate
    raise KeyError(key)


def default_region() -> Region:
    return regions()[0]
