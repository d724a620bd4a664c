"""A sheet as plain data: values by (row, col), merged ranges, and formulas that came without a
cached value. :mod:`.sheets` fills it (python-calamine or openpyxl); everything that locates
tables works on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xlbudget.addresses import cell_name

_YEAR = re.compile(r"(20\d\d)\s*年")


@dataclass(frozen=True)
class Uncached:
    """A formula cell saved without its result (a library wrote the workbook)."""

    formula: str


@dataclass
class Grid:
    name: str
    values: dict[tuple[int, int], object]  # 1-based (row, col) → value
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    max_row: int = 0
    max_col: int = 0
    hidden: bool = False
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # every formula's text
    paged: bool = False  # a PDF's pages (read.pdf): not a sheet, its name is not kept
    clipped: frozenset[tuple[int, int]] = frozenset()  # text the print cut at the cell's edge

    def __post_init__(self) -> None:
        # every cell's text, stripped, once: locating tables asks for it thousands of times
        self._texts = {where: str(value).strip() for where, value in self.values.items()
                       if value is not None and not isinstance(value, Uncached)}
        self._origin: dict[tuple[int, int], tuple[int, int]] = {}
        self._rows: dict[int, list[tuple[int, str]]] = {}  # row_texts, per row once
        for r1, c1, r2, c2 in self.merged:
            for row in range(r1, r2 + 1):
                for col in range(c1, c2 + 1):
                    self._origin[(row, col)] = (r1, c1)

    def get(self, row: int, col: int) -> object:
        return self.values.get((row, col))

    def text(self, row: int, col: int) -> str:
        return self._texts.get((row, col), "")

    def origin(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of the merged range covering the cell, or the cell itself."""
        return self._origin.get((row, col), (row, col))

    def origin_text(self, row: int, col: int) -> str:
        """Text of the merged range covering the cell (its top-left), or the cell's own."""
        return self.text(*self.origin(row, col))

    def is_merged_cover(self, row: int, col: int) -> bool:
        origin = self._origin.get((row, col))
        return origin is not None and origin != (row, col)

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        found = self._rows.get(row)
        if found is None:
            found = self._rows[row] = [(c, t) for c in range(1, self.max_col + 1)
                                       if (t := self.text(row, c))]
        return list(found)

    def row_is_blank(self, row: int, cols: range | None = None) -> bool:
        span = cols or range(1, self.max_col + 1)
        return all(self.values.get((row, c)) in (None, "") or (not self.text(row, c)
                   and not isinstance(self.values.get((row, c)), Uncached)) for c in span)

    def cell_ref(self, row: int, col: int) -> str:
        return f"{self.name}!{cell_name(row - 1, col - 1)}"

    def years(self) -> list[int]:
        found: list[int] = []
        for value in self.values.values():
            if isinstance(value, str):
                found.extend(int(y) for y in _YEAR.findall(value))
        return found

