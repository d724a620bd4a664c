"""The classification catalogues (支出功能分类, 部门预算支出经济分类) as versioned data, one file a
year.

The official names change from year to year and a wrong name or a missing code in the catalogue
would turn into a false finding for every user, so the catalogues are tab-separated files under
``catalogs/`` (``functional-2025.tsv``: ``code<TAB>name``), each opening with ``# key: value``
header lines that name its source, year, kind and how complete it is:

``# coverage: 类=complete 款=partial 项=partial``  whether each level lists every code;
``# incomplete: 20901 230 …``  listed codes whose children are not all listed;
``# unlisted-kuan: 98``  款 numbers known to exist under many 类 without being listed.

:meth:`Catalog.status` turns that into what a checker may say about a code it does not find:
a 类 outside a complete list cannot exist; a 款 missing from a complete list is suspicious; a
项 may simply be one the catalogue does not carry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from xlbudget.text import name_key

_PACKAGE = "xlbudget.spec"
_FOLDER = "catalogs"
_SUFFIX = ".tsv"
_FILE = re.compile(r"^(functional|economic)-(\d{4})$")


class Level(StrEnum):
    """The level of a code, read from its length (功能分类 3/5/7 digits, 经济分类 3/5)."""

    LEI = "类"
    KUAN = "款"
    XIANG = "项"


class CodeStatus(StrEnum):
    """What the catalogue can say about a code."""

    KNOWN = "known"
    MALFORMED = "malformed"  # not 3/5/7 (3/5) ASCII digits: never a code
    UNKNOWN = "unknown"  # cannot exist: its level, or its 类, is listed completely without it
    UNLISTED = "unlisted"  # missing from a list believed complete: probably wrong
    UNCERTAIN = "uncertain"  # missing where the catalogue is partial: not confirmed


_LENGTHS: Mapping[str, Mapping[int, Level]] = MappingProxyType(
    {
        "functional": MappingProxyType({3: Level.LEI, 5: Level.KUAN, 7: Level.XIANG}),
        "economic": MappingProxyType({3: Level.LEI, 5: Level.KUAN}),
    }
)


def level_of(code: str, kind: str) -> Level | None:
    """The level of ``code`` in a catalogue of ``kind``, or None when it is malformed."""
    lengths = _LENGTHS.get(kind)
    if lengths is None:
        raise ValueError(f"unknown catalogue kind {kind!r}; expected one of {sorted(_LENGTHS)}")
    if not (code.isascii() and code.isdigit()):
        return None
    return lengths.get(len(code))


@dataclass(frozen=True)
class Catalog:
    """One catalogue file: its identity, its source, how complete it is, and code → name."""

    id: str
    kind: str
    year: int
    source: str
    complete: Mapping[Level, bool]  # the level lists every code
    incomplete: frozenset[str]  # listed codes whose children are not all listed
    unlisted_kuan: frozenset[str]  # 款 numbers (last two digits) that may exist unlisted
    names: Mapping[str, str]

    @property
    def years(self) -> tuple[int, ...]:
        return (self.year,)

    def name(self, code: str) -> str | None:
        """The official name of ``code``, or None when the catalogue does not list it."""
        return self.names.get(code)

    def status(self, code: str) -> CodeStatus:
        """Whether ``code`` is listed, and if not, how sure the catalogue is that it is wrong."""
        if code in self.names:
            return CodeStatus.KNOWN
        level = level_of(code, self.kind)
        if level is None:
            return CodeStatus.MALFORMED
        if self.complete[level]:
            return CodeStatus.UNKNOWN  # the level lists every code: this one does not exist
        if level is Level.LEI:
            return CodeStatus.UNCERTAIN
        parent = code[:-2]
        above = self.status(parent)
        if above in (CodeStatus.UNKNOWN, CodeStatus.UNLISTED):
            return above
        if above is CodeStatus.UNCERTAIN or parent in self.incomplete:
            return CodeStatus.UNCERTAIN
        if level is Level.KUAN and code[-2:] not in self.unlisted_kuan:
            return CodeStatus.UNLISTED
        return CodeStatus.UNCERTAIN  # a 项: the least certain level of a hand-kept list

    def name_matches(self, code: str, name: str) -> bool | None:
        """Whether ``name`` is the official name of ``code`` up to width, spacing, quotes and
        brackets; None when the code is not listed."""
        official = self.names.get(code)
        if official is None:
            return None
        return name_key(official) == name_key(name)

    def codes_named(self, name: str, level: Level) -> list[str]:
        """The codes of ``level`` whose official name is ``name`` (tolerantly)."""
        return self._index.get((level, name_key(name)), [])

    @functools.cached_property
    def _index(self) -> dict[tuple[Level, str], list[str]]:
        index: dict[tuple[Level, str], list[str]] = {}
        for code, official in self.names.items():
            level = level_of(code, self.kind)
            if level is not None:
                index.setdefault((level, name_key(official)), []).append(code)
        return index

    def children(self, code: str) -> list[str]:
        """The listed direct children of ``code`` in code order; ``""`` gives the 类."""
        if code and level_of(code, self.kind) is None:
            raise ValueError(f"{self.id}: malformed {self.kind} code {code!r}")
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
    """Load the packaged catalogue ``catalog_id`` (e.g. ``functional-2025``), validated, once."""
    if catalog_id not in available():
        raise ValueError(f"no catalogue {catalog_id!r}; available: {', '.join(available())}")
    resource = resources.files(_PACKAGE).joinpath(_FOLDER, catalog_id + _SUFFIX)
    return parse(resource.read_text(encoding="utf-8"), catalog_id, catalog_id + _SUFFIX)


def load_path(path: Path) -> Catalog:
    """Load a catalogue file from anywhere (a draft, or a broken one in a test); its name
    (``functional-2025.tsv``) says its kind and year."""
    return parse(path.read_text(encoding="utf-8"), path.stem, str(path))


@functools.cache
def available() -> tuple[str, ...]:
    """The ids of the packaged catalogues, sorted (the folder is listed once per process)."""
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    return tuple(sorted(entry.name.removesuffix(_SUFFIX) for entry in folder.iterdir()
                  if entry.is_file() and _FILE.match(entry.name.removesuffix(_SUFFIX))))


@functools.cache
def years(kind: str = "functional") -> tuple[int, ...]:
    """The years a catalogue of ``kind`` is shipped for."""
    return tuple(sorted(int(m.group(2)) for i in available()
                        if (m := _FILE.match(i)) and m.group(1) == kind))


def catalog_year(year: int, kind: str = "functional") -> int:
    """The shipped catalogue year that serves ``year``: itself, else the nearest one."""
    shipped = years(kind)
    return min(shipped, key=lambda y: (abs(y - year), -y))


def functional(year: int) -> Catalog:
    """The 支出功能分类 catalogue serving ``year`` (the nearest shipped year)."""
    return load(f"functional-{catalog_year(year)}")


def economic(year: int) -> Catalog:
    """The 部门预算支出经济分类 catalogue serving ``year`` (the nearest shipped year)."""
    return load(f"economic-{catalog_year(year, 'economic')}")


def adjacent(catalog: Catalog) -> list[Catalog]:
    """The catalogues of the same kind one year before and after, where shipped."""
    return [load(f"{catalog.kind}-{y}") for y in (catalog.year - 1, catalog.year + 1)
            if y in years(catalog.kind)]


# 功能分类 类 renamed in the 2018–2019 reforms: books keep printing the old name (上海 福利院
# 2024 prints 医疗卫生与计划生育支出 for 210). The reader places such a row under its 类; the
# name rules still report the old name.
FORMER_LEI_NAMES = {
    "医疗卫生与计划生育支出": "210",
    "国土海洋气象等支出": "220",
}


def categories(year: int) -> list[tuple[str, str]]:
    """Every 功能分类 类 of the year's catalogue, in code order (the expense side of 表1/表4)."""
    names = functional(year).names
    return [(code, names[code]) for code in sorted(names) if len(code) == 3]


# ── parsing ──────────────────────────────────────────────────────────────────────────────


def parse(text: str, catalog_id: str, origin: str) -> Catalog:
    """Build a :class:`Catalog` from the file's text, rejecting anything that would mislead a
    check: a code listed twice, a code whose parent is missing, an empty name, a header that
    does not name its source, year and kind."""
    match = _FILE.match(catalog_id)
    if not match:
        raise ValueError(f"{origin}: a catalogue is named kind-YEAR.tsv (functional-2025.tsv)")
    kind, year = match.group(1), int(match.group(2))
    header, names = _lines(text, origin)
    for key in ("source", "year", "kind", "coverage"):
        if not header.get(key):
            raise ValueError(f"{origin}: header line '# {key}: …' is missing")
    if header["kind"] != kind or header["year"] != str(year):
        raise ValueError(f"{origin}: header says {header['kind']} {header['year']}, "
                         f"the file name {kind} {year}")
    _check_entries(names, _LENGTHS[kind], origin)
    incomplete = frozenset(header.get("incomplete", "").split())
    if missing := sorted(c for c in incomplete if c not in names):
        raise ValueError(f"{origin}: incomplete codes {missing} are not listed")
    return Catalog(catalog_id, kind, year, header["source"],
                   _coverage(header["coverage"], _LENGTHS[kind], origin), incomplete,
                   frozenset(header.get("unlisted-kuan", "").split()),
                   MappingProxyType(dict(sorted(names.items()))))


def _lines(text: str, origin: str) -> tuple[dict[str, str], dict[str, str]]:
    header: dict[str, str] = {}
    names: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            if key.strip() != "note":
                header[key.strip()] = value.strip()
            continue
        code, tab, name = line.partition("\t")
        if not tab or not name.strip() or name != name.strip():
            raise ValueError(f"{origin}:{number}: expected code<TAB>name, got {line!r}")
        if code in names:
            raise ValueError(f"{origin}:{number}: code {code} is listed twice")
        names[code] = name
    return header, names


def _check_entries(names: dict[str, str], levels: Mapping[int, Level], origin: str) -> None:
    if not names:
        raise ValueError(f"{origin}: no entries")
    for code in names:
        if not (code.isascii() and code.isdigit() and len(code) in levels):
            raise ValueError(f"{origin}: code {code!r} is not {'/'.join(map(str, levels))} "
                             "ASCII digits")
        if len(code) > min(levels) and code[:-2] not in names:
            raise ValueError(f"{origin}: code {code} is listed but its parent {code[:-2]} is not")


def _coverage(text: str, levels: Mapping[int, Level], origin: str) -> Mapping[Level, bool]:
    """``类=complete 款=partial 项=partial`` → per level, whether it is complete."""
    found: dict[Level, bool] = {}
    for part in text.split():
        level, _, state = part.partition("=")
        if level not in {lv.value for lv in levels.values()} or state not in (
                "complete", "partial"):
            raise ValueError(f"{origin}: coverage {part!r} is not LEVEL=complete|partial")
        found[Level(level)] = state == "complete"
    if set(found) != set(levels.values()):
        raise ValueError(f"{origin}: coverage must name every level of the kind")
    return MappingProxyType(found)
