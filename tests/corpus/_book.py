"""Shared helpers of the corpus generators: the published layout of the bases, and row/column
surgery that keeps merged cells and styles.

The bases (``samples/published/000.xlsx``, ``002.xlsx``, ``004.xlsx``) have sheets 表1…表11
(004: no 表11), row 1 the label ``表N``, row 2 the title, row 3 ``编制单位：…`` / ``单位：万元``,
header rows 4–5 (表11: 4–6) and data from row 6 (表11: 7). Every helper here reads that layout;
generators apply their change to a base and save a copy. Only openpyxl and the standard library.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from copy import copy
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parents[2]
BASES = ROOT / "samples" / "published"
CENT = Decimal("0.01")

Variant = Callable[[Path, Path], None]


def base(name: str) -> Path:
    """A base workbook by file name ("002.xlsx")."""
    return BASES / name


def refuse_same(src: Path, dst: Path) -> None:
    if Path(src).resolve() == Path(dst).resolve():
        raise ValueError(f"refusing to overwrite the source {src}")


def variant(change: Callable[[Workbook], None]) -> Variant:
    """Turn ``change(book)`` into ``variant(src, dst)``: load ``src``, change, save ``dst``."""

    @functools.wraps(change)
    def build(src: Path, dst: Path) -> None:
        refuse_same(src, dst)
        book = openpyxl.load_workbook(src)
        change(book)
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        book.save(dst)

    return build


# ── reading the base layout ──────────────────────────────────────────────────────────────────


def number(ws: Worksheet) -> int:
    return int(ws.title.removeprefix("表"))


def tables(book: Workbook) -> Iterator[tuple[int, Worksheet]]:
    for ws in book.worksheets:
        yield number(ws), ws


def first_data_row(n: int) -> int:
    return 7 if n == 11 else 6


def header_rows(n: int) -> range:
    return range(4, first_data_row(n))


def data_rows(ws: Worksheet, n: int) -> range:
    return range(first_data_row(n), ws.max_row + 1)


def is_amount(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def dec(value: object) -> Decimal:
    """A stored amount as Decimal (blank = 0)."""
    if value is None or value == "":
        return Decimal(0)
    if not is_amount(value):
        raise ValueError(f"not an amount: {value!r}")
    return Decimal(str(value))


def store(amount: Decimal) -> int | float | None:
    """Decimal → the cell value a budget export stores (int when whole, blank when zero)."""
    if amount == 0:
        return None
    if amount == amount.to_integral_value():
        return int(amount)
    return float(amount)


def code_columns(ws: Worksheet) -> dict[str, int]:
    """{"类": 1, "款": 2, "项": 3} from the second header row (表6: 类/款 only)."""
    return {c.value: c.column for c in ws[5] if c.value in ("类", "款", "项")}


def label_cell(ws: Worksheet, n: int, texts: tuple[str, ...] = ("合计",)) -> Cell | None:
    """The first cell in the data area whose text is one of ``texts``."""
    for row in ws.iter_rows(min_row=first_data_row(n)):
        for cell in row:
            if isinstance(cell.value, str) and cell.value in texts:
                return cell
    return None


def total_row(ws: Worksheet, n: int) -> int | None:
    cell = label_cell(ws, n)
    return cell.row if cell else None


def amount_columns(ws: Worksheet, n: int) -> range:
    """From the first column holding a number in the data area to the right edge."""
    cols = [c.column for row in ws.iter_rows(min_row=first_data_row(n)) for c in row
            if is_amount(c.value)]
    return range(min(cols), ws.max_column + 1) if cols else range(0)


def level(ws: Worksheet, row: int) -> str | None:
    """"类", "款" or "项" for a coded row of the base layout (the deepest filled code cell)."""
    filled = [name for name, col in code_columns(ws).items() if ws.cell(row, col).value]
    return filled[-1] if filled else None


def code_of(ws: Worksheet, row: int) -> str:
    return "".join(str(ws.cell(row, col).value or "") for col in code_columns(ws).values())


def name_column(n: int) -> int:
    """The 科目名称 column of a coded table (表6: C, 表2/3/5/7/8/9: D)."""
    return 3 if n == 6 else 4


# ── surgery ──────────────────────────────────────────────────────────────────────────────────


def _merges(ws: Worksheet) -> list[tuple[int, int, int, int]]:
    """Unmerge every range and return their bounds (min_col, min_row, max_col, max_row)."""
    bounds = [rng.bounds for rng in ws.merged_cells.ranges]
    for b in bounds:
        ws.unmerge_cells(start_column=b[0], start_row=b[1], end_column=b[2], end_row=b[3])
    return bounds


def _merge(ws: Worksheet, c1: int, r1: int, c2: int, r2: int) -> None:
    if (r1, c1) != (r2, c2) and r1 <= r2 and c1 <= c2:
        ws.merge_cells(start_column=c1, start_row=r1, end_column=c2, end_row=r2)


def insert_columns(ws: Worksheet, index: int, amount: int = 1, width: float = 2.0) -> None:
    """Insert ``amount`` empty columns before column ``index``; a merged range that spans the
    insertion point widens, one right of it moves; column widths move with their columns."""
    bounds = _merges(ws)
    widths = {col: ws.column_dimensions[get_column_letter(col)].width
              for col in range(1, ws.max_column + 1)}
    ws.insert_cols(index, amount)
    for c1, r1, c2, r2 in bounds:
        _merge(ws, c1 + amount if c1 >= index else c1, r1, c2 + amount if c2 >= index else c2, r2)
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col + amount if col >= index else col)].width = w
    for col in range(index, index + amount):
        ws.column_dimensions[get_column_letter(col)].width = width


def delete_rows(ws: Worksheet, index: int, amount: int = 1) -> None:
    """Delete rows, moving merged ranges below up (ranges inside the deleted rows go)."""
    bounds = _merges(ws)
    ws.delete_rows(index, amount)
    gone = range(index, index + amount)
    for c1, r1, c2, r2 in bounds:
        if r1 in gone and r2 in gone:
            continue
        r1 = r1 if r1 < index else (index if r1 in gone else r1 - amount)
        r2 = r2 if r2 < index else (index - 1 if r2 in gone else r2 - amount)
        _merge(ws, c1, r1, c2, r2)


def insert_rows(ws: Worksheet, index: int, amount: int = 1) -> None:
    """Insert empty rows before ``index``, moving merged ranges below down."""
    bounds = _merges(ws)
    ws.insert_rows(index, amount)
    for c1, r1, c2, r2 in bounds:
        _merge(ws, c1, r1 + amount if r1 >= index else r1, c2, r2 + amount if r2 >= index else r2)


Snapshot = list[tuple[object, object]]  # (value, style) per column


def snapshot(ws: Worksheet, row: int, width: int | None = None) -> Snapshot:
    width = width or ws.max_column
    cells = [ws.cell(row, col) for col in range(1, width + 1)]
    return [(None if isinstance(c, MergedCell) else c.value, copy(c._style)) for c in cells]


def paste(ws: Worksheet, row: int, cells: Snapshot, col_offset: int = 0) -> None:
    for col, (value, style) in enumerate(cells, start=1 + col_offset):
        target = ws.cell(row, col)
        target.value = value
        target._style = copy(style)


def rewrite_rows(ws: Worksheet, start: int, rows: list[Snapshot]) -> None:
    """Write ``rows`` from ``start`` down (data rows hold no merged cells in the bases)."""
    for offset, cells in enumerate(rows):
        paste(ws, start + offset, cells)
