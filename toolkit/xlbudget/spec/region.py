"""A region's book as data: its tables (with their variants), layout options and rules, as
loaded from its TOML file by :mod:`.region_file`. Nothing here names a region."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlbudget.spec.inputs import SHEETS, InputSheet
from xlbudget.spec.model import TableSpec
from xlbudget.spec.story import Story

LEVELS = ("单位", "部门")


class RegionError(ValueError):
    """A region file that does not describe a region; the message names the file and line."""


@dataclass(frozen=True)
class Option:
    """A layout option a region's books may take (``t2-15``: 表2 with 15 columns)."""

    name: str
    zh: str
    en: str
    drops: int | None = None  # the table a book with this option does not have
    default_name: str | None = None  # the name of "not this option", accepted and ignored
    # A table the option drops is still said, at this severity, where leaving it out is
    # allowed but unusual (表8/表9: most books publish them blank with a note); None: silent.
    report: str | None = None


@dataclass(frozen=True)
class Variant:
    """One way a table may be laid out; ``option`` selects it (None: the default), ``level``
    restricts it to 单位 or 部门 books (None: both)."""

    spec: TableSpec
    option: str | None = None
    level: str | None = None

    def serves(self, level: str) -> bool:
        return self.level in (None, level)


@dataclass(frozen=True)
class HeaderWords:
    """Words real forms print around a column's own label (``本年预算数``, ``基本支出合计``,
    ``合计（万元）`` …): a header label with one of them taken off still names the column — less
    surely than the label itself, so the numbers settle a doubt (:mod:`xlbudget.read.columns`)."""

    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    totals: tuple[str, ...] = ()  # what forms call a row-total column (支出合计, 本年预算数)
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # label → its other words (人员支出)

    def other_words(self, label: str) -> tuple[str, ...]:
        """The words other forms print for a column labelled ``label``."""
        return next((words for key, words in self.synonyms if key == label), ())


@dataclass(frozen=True)
class Consolidation:
    """How a department's book is the sum of its units' (``[consolidate]``). Figures are named
    ``表N.block.key``: a fixed row's key (every amount of the row) or a column's (that column of
    every row of the block)."""

    kind: str = ""  # ``sheet.row`` of the input form where a unit says its kind (机关/参公/事业)
    administrative: tuple[str, ...] = ()  # summed over 机关 and 参公 units only (机关运行经费)
    transfers: tuple[str, ...] = ()  # income one unit may have from another of the department


@dataclass(frozen=True)
class RuleData:
    """A ``[[rule]]`` of the file, as written: turned into checks by the check stage."""

    line: int
    fields: dict[str, Any] = field(compare=False, hash=False)


@dataclass(frozen=True, eq=False)
class Region:
    """A region's book: its tables (each with its variants, widest first), options and rules."""

    key: str
    prefix: str  # profile names: "" → unit-2024, "sh" → sh-unit-2026
    zh: str
    en: str
    file: str
    years: tuple[int, ...] | None  # budget years it serves; None: every catalogue year
    variants: dict[int, tuple[Variant, ...]] = field(hash=False)
    options: dict[str, Option] = field(hash=False)
    narrative: tuple[str, ...]  # the 说明 sections xlbudget computes for it
    rules: tuple[RuleData, ...]
    header_words: HeaderWords = field(default=HeaderWords(), hash=False)
    inputs: tuple[str, ...] = ()  # keys of the input sheets its books carry (spec.inputs.SHEETS)
    story: Story | None = field(default=None, hash=False)  # its 说明 as data ([story])
    consolidate: Consolidation = field(default=Consolidation(), hash=False)  # [consolidate]

    @property
    def input_sheets(self) -> tuple[InputSheet, ...]:
        return tuple(SHEETS[key] for key in self.inputs)

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(sorted(self.variants))

    def candidates(self, number: int) -> tuple[TableSpec, ...]:
        return tuple(v.spec for v in self.variants.get(number, ()))

    def variant(self, number: int, options: frozenset[str], level: str = "单位"
                ) -> TableSpec | None:
        """The table a ``level`` book with ``options`` has (None: an option drops it)."""
        if any(self.options[o].drops == number for o in options):
            return None
        serving = [v for v in self.variants[number] if v.serves(level)]
        chosen = [v for v in serving if v.option in options]
        default = [v for v in serving if v.option is None]
        return (chosen or default)[0].spec

    def option_of(self, number: int, spec: TableSpec) -> str | None:
        return next((v.option for v in self.variants.get(number, ()) if v.spec == spec), None)

    def __repr__(self) -> str:
        return f"Region({self.key!r})"
