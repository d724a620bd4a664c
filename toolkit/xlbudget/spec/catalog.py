"""The classification catalogues (支出功能分类, 部门预算支出经济分类) as versioned data.

The official names change from year to year and a wrong name in the catalogue would turn into a
false finding for every user, so the catalogues are JSON files under ``catalogs/`` with their
source and year, not literals in code. Each file also states how complete it is: a code missing
from a level the file lists completely is certainly wrong, while a code missing from a partial
level is only unconfirmed. :meth:`Catalog.status` turns that into known / unknown / uncertain.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from xlbudget.text import same_text

_PACKAGE = "xlbudget.spec"
_FOLDER = "catalogs"
_SUFFIX = ".json"


class Level(StrEnum):
    """The level of a code, read from its length (功能分类 3/5/7 digits, 经济分类 3/5)."""

    LEI = "类"
    KUAN = "款"
    XIANG = "项"


class CodeStatus(StrEnum):
    """What the catalogue can say about a code.

    UNKNOWN means the code is not listed although the catalogue lists that part completely, so the
    code is wrong (an error for users); UNCERTAIN means it is not listed and the catalogue is only
    partial there (a warning).
    """

    KNOWN = "known"
    UNKNOWN = "unknown"
    UNCERTAIN = "uncertain"


# Code length per level for each kind of catalogue; the order is the order of the hierarchy.
_LENGTHS: Mapping[str, Mapping[int, Level]] = MappingProxyType(
    {
        "functional": MappingProxyType({3: Level.LEI, 5: Level.KUAN, 7: Level.XIANG}),
        "economic": MappingProxyType({3: Level.LEI, 5: Level.KUAN}),
    }
)
_COVERAGE = MappingProxyType({"complete": True, "partial": False})


def level_of(code: str, kind: str) -> Level | None:
    """Return the level of ``code`` in a catalogue of ``kind``, or None when it is malformed.

    A code is well formed when it is ASCII digits of one of the kind's lengths; a reader that got
    ``201 03 01`` in three columns joins them before asking.
    """
    lengths = _lengths(kind)
    if not (code.isascii() and code.isdigit()):
        return None
    return lengths.get(len(code))


def _lengths(kind: str) -> Mapping[int, Level]:
    """The length→level table of ``kind``; an unknown kind is a programming error."""
    try:
        return _LENGTHS[kind]
    except KeyError:
        raise ValueError(
            f"unknown catalogue kind {kind!r}; expected one of {sorted(_LENGTHS)}"
        ) from None


@dataclass(frozen=True)
class Catalog:
    """One catalogue file: its identity, its source, how complete it is, and its code → name map."""

    id: str
    kind: str
    title: str
    years: tuple[int, ...]
    version: str
    source: str
    coverage: Mapping[Level, bool]
    complete_parents: frozenset[str]
    names: Mapping[str, str]

    def name(self, code: str) -> str | None:
        """The official name of ``code``, or None when the catalogue does not list it."""
        return self.names.get(code)

    def status(self, code: str) -> CodeStatus:
        """Whether ``code`` is listed, certainly wrong, or merely not confirmed by this catalogue.

        A malformed code can never be right, so it is UNKNOWN. An unlisted code is UNKNOWN when its
        level is listed completely, when its parent's children are listed completely, or when its
        parent is itself UNKNOWN (a 项 under a 类 that does not exist); otherwise UNCERTAIN.
        """
        if code in self.names:
            return CodeStatus.KNOWN
        level = level_of(code, self.kind)
        if level is None or self.coverage.get(level, False):
            return CodeStatus.UNKNOWN
        if level is Level.LEI:
            return CodeStatus.UNCERTAIN
        parent = code[:-2]
        if parent in self.complete_parents:
            return CodeStatus.UNKNOWN
        if self.status(parent) is CodeStatus.UNKNOWN:
            return CodeStatus.UNKNOWN
        return CodeStatus.UNCERTAIN

    def name_matches(self, code: str, name: str) -> bool | None:
        """Whether ``name`` is the official name of ``code`` up to width, whitespace and quotes.

        None when the code is not listed: there is nothing to compare against, which is a
        different finding (see :meth:`status`) from a wrong name.
        """
        official = self.names.get(code)
        if official is None:
            return None
        return same_text(official, name)

    def children(self, code: str) -> list[str]:
        """The listed direct children of ``code`` in code order; ``""`` gives the 类.

        Raises ValueError for a malformed code, so a typo is not mistaken for a leaf.
        """
        if code:
            self.level(code)
        width = len(code) + (3 if not code else 2)
        return sorted(c for c in self.names if len(c) == width and c.startswith(code))

    def level(self, code: str) -> Level:
        """The level of ``code``; raises ValueError when the code is malformed for this kind."""
        level = level_of(code, self.kind)
        if level is None:
            raise ValueError(f"{self.id}: malformed {self.kind} code {code!r}")
        return level


@functools.cache
def load(catalog_id: str) -> Catalog:
    """Load the packaged catalogue ``catalog_id`` (e.g. ``functional-2024``), validated, once."""
    if catalog_id not in available():
        raise ValueError(f"no catalogue {catalog_id!r}; available: {', '.join(available())}")
    resource = resources.files(_PACKAGE).joinpath(_FOLDER, catalog_id + _SUFFIX)
    return _parse(resource.read_text(encoding="utf-8"), catalog_id, catalog_id + _SUFFIX)


def _load_path(path: Path) -> Catalog:
    """Load a catalogue file from anywhere; the file name (without .json) must equal its id.

    Kept apart from :func:`load` so a draft catalogue, or a broken one in a test, can be checked
    without installing it into the package.
    """
    return _parse(path.read_text(encoding="utf-8"), path.stem, str(path))


def functional(year: int) -> Catalog:
    """The 支出功能分类 catalogue for ``year``: exact year, else the nearest earlier one."""
    return _for_year("functional", year)


def economic(year: int) -> Catalog:
    """The 部门预算支出经济分类 catalogue for ``year``: exact year, else the nearest earlier one."""
    return _for_year("economic", year)


def available() -> list[str]:
    """The ids of the packaged catalogues, sorted."""
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    return sorted(
        entry.name.removesuffix(_SUFFIX)
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(_SUFFIX)
    )


def _for_year(kind: str, year: int) -> Catalog:
    """The catalogue of ``kind`` covering ``year``, or the latest one before it.

    A workbook for a year the package does not ship yet is checked against the last known
    catalogue rather than not at all; a year before every catalogue is an error.
    """
    best: tuple[int, Catalog] | None = None
    for catalog_id in available():
        catalog = load(catalog_id)
        if catalog.kind != kind:
            continue
        earlier = [y for y in catalog.years if y <= year]
        if earlier and (best is None or max(earlier) > best[0]):
            best = (max(earlier), catalog)
    if best is None:
        raise ValueError(f"no {kind} catalogue for {year} or any earlier year")
    return best[1]


def _parse(text: str, expected_id: str, origin: str) -> Catalog:
    """Build a :class:`Catalog` from JSON text, rejecting anything that would mislead a check."""
    try:
        data = json.loads(text, object_pairs_hook=functools.partial(_no_duplicates, origin))
    except json.JSONDecodeError as error:
        raise ValueError(f"{origin}: not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise ValueError(f"{origin}: expected a JSON object at the top level")
    catalog_id = _text(data, "id", origin)
    if catalog_id != expected_id:
        raise ValueError(
            f"{origin}: id {catalog_id!r} does not match the file name {expected_id!r}"
        )
    kind = _text(data, "kind", origin)
    if kind not in _LENGTHS:
        raise ValueError(f"{origin}: kind {kind!r} is not one of {sorted(_LENGTHS)}")
    levels = _lengths(kind)
    names = _entries(data.get("entries"), levels, origin)
    return Catalog(
        id=catalog_id,
        kind=kind,
        title=_text(data, "title", origin),
        years=_years(data.get("years"), origin),
        version=_text(data, "version", origin),
        source=_text(data, "source", origin),
        coverage=_coverage(data.get("coverage"), levels, origin),
        complete_parents=_complete_parents(data.get("complete_parents"), names, levels, origin),
        names=names,
    )


def _no_duplicates(origin: str, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON object hook: a repeated key (a code listed twice) would silently keep the last name."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"{origin}: duplicate key {key!r}")
        result[key] = value
    return result


def _text(data: Mapping[str, Any], key: str, origin: str) -> str:
    """A required non-empty string field."""
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{origin}: field {key!r} must be a non-empty string")
    return value


def _years(value: object, origin: str) -> tuple[int, ...]:
    """The ``years`` field: a non-empty list of distinct integer years."""
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(y, int) and not isinstance(y, bool) for y in value)
        or len(set(value)) != len(value)
    ):
        raise ValueError(f"{origin}: field 'years' must be a non-empty list of distinct integers")
    return tuple(sorted(value))


def _coverage(value: object, levels: Mapping[int, Level], origin: str) -> Mapping[Level, bool]:
    """The ``coverage`` field: every level of the kind, each "complete" or "partial"."""
    expected = {level.value for level in levels.values()}
    if not isinstance(value, dict) or set(value) != expected:
        raise ValueError(
            f"{origin}: field 'coverage' must give exactly the levels {sorted(expected)}"
        )
    result: dict[Level, bool] = {}
    for key, state in value.items():
        if state not in _COVERAGE:
            raise ValueError(
                f"{origin}: coverage of {key} must be 'complete' or 'partial', not {state!r}"
            )
        result[Level(key)] = _COVERAGE[state]
    return MappingProxyType(result)


def _entries(value: object, levels: Mapping[int, Level], origin: str) -> Mapping[str, str]:
    """The ``entries`` field: well-formed codes, non-empty names, every parent listed."""
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{origin}: field 'entries' must be a non-empty object of code → name")
    for code, name in value.items():
        if not (code.isascii() and code.isdigit() and len(code) in levels):
            raise ValueError(
                f"{origin}: code {code!r} is not {'/'.join(map(str, levels))} ASCII digits"
            )
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{origin}: code {code} has an empty or non-string name")
        if name != name.strip():
            raise ValueError(f"{origin}: code {code} name {name!r} has surrounding whitespace")
        if len(code) > min(levels) and code[:-2] not in value:
            raise ValueError(f"{origin}: code {code} is listed but its parent {code[:-2]} is not")
    return MappingProxyType({code: value[code] for code in sorted(value)})


def _complete_parents(
    value: object, names: Mapping[str, str], levels: Mapping[int, Level], origin: str
) -> frozenset[str]:
    """The ``complete_parents`` field: listed codes that can have children."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValueError(f"{origin}: field 'complete_parents' must be a list of code strings")
    deepest = max(levels)
    for code in value:
        if code not in names:
            raise ValueError(f"{origin}: complete parent {code!r} is not listed in 'entries'")
        if len(code) == deepest:
            raise ValueError(
                f"{origin}: complete parent {code} is a leaf level and has no children"
            )
        if not any(len(child) == len(code) + 2 and child.startswith(code) for child in names):
            raise ValueError(f"{origin}: complete parent {code} has no listed children")
    if len(set(value)) != len(value):
        raise ValueError(f"{origin}: field 'complete_parents' lists a code twice")
    return frozenset(value)


def categories(year: int) -> list[tuple[str, str]]:
    """Every 功能分类 类 of the year's catalogue, in code order (the expense side of 表1/表4)."""
    names = functional(year).names
    return [(code, names[code]) for code in sorted(names) if len(code) == 3]
