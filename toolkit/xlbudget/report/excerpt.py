"""The rows around a finding's cell, as the reviewer would see them in the sheet: a few rows
above and below, the columns that hold the row's label and figures, the cell itself marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from xlbudget.addresses import column_letter
from xlbudget.read.formulas import col_index
from xlbudget.read.grid import Grid
from xlbudget.read.safety import UnreadableError
from xlbudget.read.sheets import load_grids

ROWS_AROUND = 2
MAX_COLUMNS = 9
MAX_TEXT = 24  # characters of one cell shown


@dataclass(frozen=True)
class Excerpt:
    sheet: str
    columns: list[str]  # column letters shown
    rows: list[tuple[int, list[str]]]  # (row number, shown values)
    marked: tuple[int, str]  # (row, column letter) of the finding's cell


class Sheets:
    """The sheets of one book, read once (python-calamine), for every excerpt of its findings."""

    def __init__(self, path: Path) -> None:
        try:
            self.grids = {grid.name: grid for grid in load_grids(path)[0]}
        except UnreadableError:
            self.grids = {}

    def excerpt(self, cell: str) -> Excerpt | None:
        sheet, _, address = cell.rpartition("!")
        grid = self.grids.get(sheet)
        where = _split(address)
        if grid is None or where is None:
            return None
        row, col = where
        columns = _columns(grid, col)
        rows = [(r, [_shown(grid.values.get((r, c))) for c in columns])
                for r in range(max(1, row - ROWS_AROUND), row + ROWS_AROUND + 1)]
        return Excerpt(sheet, [column_letter(c - 1) for c in columns], rows,
                       (row, column_letter(col - 1)))


def _split(address: str) -> tuple[int, int] | None:
    letters = "".join(ch for ch in address if ch.isalpha())
    digits = address[len(letters):]
    if not letters or not digits.isdigit():
        return None
    return int(digits), col_index(letters.upper())


def _columns(grid: Grid, col: int) -> list[int]:
    """The first columns (labels, codes) and a window around the cell's column."""
    last = max(grid.max_col, col)
    if last <= MAX_COLUMNS:
        return list(range(1, last + 1))
    lead = [c for c in range(1, 5) if c < col - 2]
    window = list(range(max(col - 2, 1), min(col + 2, last) + 1))
    return (lead + window)[:MAX_COLUMNS]


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = format(value, ".15g")
    elif isinstance(value, datetime | date):
        text = value.isoformat()[:10]
    else:
        text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
