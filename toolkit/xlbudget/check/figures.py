"""Figures: amounts with provenance, looked up in a Budget by table, row and column.

A :class:`Figure` is a value, the cells it came from and how many rounded terms it adds up, so a
rule can name every cell involved and allow the rounding tolerance the figure deserves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlbudget.model import ZERO, Budget, Row, Table, parents
from xlbudget.spec.model import Block, Column

LEVELS = (3, 5, 7)


# (cell, value) pairs a figure adds up: the cells a correction could change.
Parts = tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class Figure:
    value: Decimal
    cells: tuple[str, ...]
    terms: int = 1
    quantum: Decimal = Decimal("0.01")
    unknown: bool = False  # a cell it adds held no number: no comparison can be trusted
    parts: Parts = ()  # what the value sums, cell by cell (a derived subtotal: its rows' cells)

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.value + other.value, self.cells + other.cells,
                      self.terms + other.terms, max(self.quantum, other.quantum),
                      self.unknown or other.unknown, self.parts + other.parts)


def total_of(figures: list[Figure], quantum: Decimal = Decimal("0.01")) -> Figure:
    """The sum of ``figures`` (an empty sum is 0, with no cells and no terms)."""
    return Figure(sum((f.value for f in figures), ZERO),
                  tuple(cell for f in figures for cell in f.cells),
                  sum(f.terms for f in figures), max((quantum, *(f.quantum for f in figures))),
                  any(f.unknown for f in figures), tuple(p for f in figures for p in f.parts))


def row_figure(table: Table, row: Row, column: str) -> Figure:
    """A cell's figure. A blank (0) is exact, so it is no rounded term."""
    cell = row.cells.get(column)
    value = row.amount(column)
    parts = ((cell, value),) if cell else tuple(row.sources.get(column, ()))
    return Figure(value, (cell,) if cell else (), 0 if value == 0 else 1, table.quantum,
                  column in row.unreadable, parts)


def column_label(table: Table, key: str) -> str:
    return next(c.label for c in table.spec.leaves if c.key == key)


@dataclass
class Context:
    """A budget as the rules see it: figures by key, by code, with derived subtotals."""

    budget: Budget
    # Computed once per check, read by many rules: figures per code, and the schema failures.
    by_code: dict[int, dict[str, dict[str, Figure]]] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)
    rule: str = ""  # the rule being run, for :meth:`unchecked`
    # (table, column) the sheet does not have → the rules that could therefore not be checked
    skipped: dict[tuple[int, str], list[str]] = field(default_factory=dict)

    def unchecked(self, number: int, column: str) -> None:
        """The running rule needs a column the sheet does not print: say so, never skip
        silently."""
        rules = self.skipped.setdefault((number, column), [])
        if self.rule and self.rule not in rules:
            rules.append(self.rule)

    def table(self, number: int) -> Table | None:
        return self.budget.tables.get(number)

    def fixed(self, number: int, block: str, key: str, column: str) -> Figure | None:
        """The figure of a keyed row (a fixed row, or a total row by its key)."""
        table = self.table(number)
        if table is None:
            return None
        row = table.keyed(block, key)
        if column in table.absent:
            self.unchecked(number, column)
        if row is None or not _has_column(table, block, column) or not _printed(row, column):
            return None
        return row_figure(table, row, column)

    def total(self, number: int, column: str, block: str = "main") -> Figure | None:
        table = self.table(number)
        row = table.total(block) if table else None
        if table is not None and column in table.absent:
            self.unchecked(number, column)
        if table is None or row is None or not _has_column(table, block, column) or not (
                _printed(row, column)):
            return None
        return row_figure(table, row, column)

    def coded(self, number: int, column: str) -> dict[str, Figure]:
        """Per code: the row's figure, or for a 类/款 with no row of its own, the sum of its
        top-most rows below (exports that list only 项 rows)."""
        return self._coded(number).get(column, {})

    def leaf_codes(self, number: int) -> set[str]:
        """Codes of rows with nothing below them (the finest level a table lists)."""
        return self._leaves(number)

    def _coded(self, number: int) -> dict[str, dict[str, Figure]]:
        if number not in self.by_code:
            self.by_code[number] = _by_code(self.table(number))
        return self.by_code[number]

    def _leaves(self, number: int) -> set[str]:
        table = self.table(number)
        if table is None:
            return set()
        body = table.body()
        parent_of = parents(body)
        has_child = {p for p in parent_of if p is not None}
        return {row.code for i, row in enumerate(body) if row.code and i not in has_child}


def _printed(row: Row, column: str) -> bool:
    """The row was found on the sheet, or derived from rows that were, or its figure from the
    columns it totals (a blank cell is 0; a fixed row the sheet lacks is unknown)."""
    return column in row.cells or row.derived or column in row.sources


def _has_column(table: Table, block: str, column: str) -> bool:
    """The spec variant has the column and the sheet printed it."""
    return column not in table.absent and any(
        c.key == column for c in table.spec.block(block).leaves)


def _by_code(table: Table | None) -> dict[str, dict[str, Figure]]:
    if table is None:
        return {}
    block = table.coded_block()
    if block is None:
        return {}
    out: dict[str, dict[str, Figure]] = {}
    body = [r for r in table.body(block.key) if r.code]
    for column in block.amount_columns:
        if column.key in table.absent:
            continue
        figures: dict[str, Figure] = {}
        for row in body:
            code = row.code or ""
            figure = row_figure(table, row, column.key)
            # Several rows under one code — 表7's projects under a 项, a 类 printed in two
            # blocks, a 项 listed twice — add up to the code's figure.
            figures[code] = figures[code] + figure if code in figures else figure
        _derive_missing_parents(figures, table.quantum)
        out[column.key] = figures
    return out


def _derive_missing_parents(figures: dict[str, Figure], quantum: Decimal) -> None:
    present = sorted(figures)
    for code in list(present):
        for length in (3, 5):
            prefix = code[:length]
            if len(code) <= length or prefix in figures:
                continue
            tops = [c for c in present if c.startswith(prefix)
                    and not any(o != c and c.startswith(o) and len(o) > length for o in present)]
            figures[prefix] = total_of([figures[c] for c in tops], quantum)


def amount_columns(block: Block) -> tuple[Column, ...]:
    """Amount columns that are not row totals: where sums down the table are checked."""
    return tuple(c for c in block.amount_columns if not c.sum_of)
