"""The IR of a base book, its structure as xlbudget's own reader locates it.

``from_base(path)`` reads a verified-correct book with ``read_workbook(path)``: each located
table (``Located``: title row, unit cell, header rows, data rows, 备注 row, the sheet column of
every spec column) and the reader's own rows (code, total, project) type the sheet's cells; the
values come from openpyxl (formulas as their cached values). The bases are read right, so that
reading is ground truth. Every base holds one table per sheet; other sheets are carried raw.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from .ir import (
    LAST,
    Book,
    Cell,
    Group,
    Leaf,
    Line,
    Node,
    Raw,
    Row,
    Sheet,
    Table,
    leaves,
    parse_amount,
)

# ── building the IR of a base book ───────────────────────────────────────────────────────────

_ADDRESS = re.compile(r"^(.*)!([A-Z]+)(\d+)$")
_LABEL = re.compile(r"^\s*表\s*\d{1,2}\s*$")


def address(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{get_column_letter(col)}{row}"


def row_of(ref: str) -> int:
    match = _ADDRESS.match(ref)
    if match is None:
        raise ValueError(f"not a cell reference: {ref}")
    return int(match.group(3))


class _SheetView:
    """A base sheet's values and merges, with the merged range covering each cell."""

    def __init__(self, ws: Any) -> None:
        self.name: str = ws.title
        self.values = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
                       if c.value is not None and c.value != ""}
        self.merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        self.cover: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for bounds in self.merges:
            r1, c1, r2, c2 = bounds
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.cover[(r, c)] = bounds
        cells = list(self.values) + [(m[2], m[3]) for m in self.merges]
        self.max_row = max((r for r, _ in cells), default=0)
        self.max_col = max((c for _, c in cells), default=0)

    def blank(self, row: int) -> bool:
        return not any((row, c) in self.values for c in range(1, self.max_col + 1))

    def cell(self, row: int, col: int) -> Cell:
        return Cell(self.values.get((row, col)), (address(self.name, row, col),))


def from_base(path: Path) -> Book:
    """The IR of a verified-correct book, its structure as xlbudget's reader locates it."""
    from xlbudget.read.workbook import read_workbook

    path = Path(path)
    result = read_workbook(path)
    region = result.budget.profile.region.key
    book = openpyxl.load_workbook(path, data_only=True)  # formulas as their cached values
    located = {loc.grid.name: loc for loc in result.located.values()}
    sheets = []
    for ws in book.worksheets:
        view = _SheetView(ws)
        loc = located.get(ws.title)
        if loc is None:
            sheets.append(Sheet(ws.title, [Raw(view.values, view.merges)]))
        else:
            parsed = result.budget.tables[loc.number]
            sheets.append(Sheet(ws.title, [_table(view, loc, parsed, region)]))
    properties = [(p.name, str(p.value)) for p in book.custom_doc_props.props]
    return Book(path.name, region, sheets, properties)


def _table(view: _SheetView, loc: Any, parsed: Any, region: str) -> Table:
    """One located table of a base sheet (one table per sheet in every base)."""
    from xlbudget.spec.model import RowSource

    width = view.max_col
    unit_row = row_of(loc.unit_cell) if loc.unit_cell else 0
    head = next(r for r in range(max(loc.title_row, unit_row) + 1, loc.first_data_row)
                if not view.blank(r))
    if head > loc.header_rows.start:
        raise ValueError(f"{view.name}: header found at {loc.header_rows.start}, not {head}")
    keys = {col: f"{block}.{key}" for (block, key), col in loc.columns.items()}
    kinds = {f"{b.key}.{c.key}": str(c.kind) for b in loc.spec.blocks for c in b.leaves}
    header = _header(view, range(head, loc.first_data_row), width, keys, kinds)
    top = [_line(view, r, width, loc.title_row, unit_row) for r in range(1, head)]
    after = [_line(view, r, width, 0, 0) for r in range(loc.end_row, view.max_row + 1)]
    blocks = [b.rows for b in loc.spec.blocks]
    coded = any(r in (RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS)
                for r in blocks)
    rows = _rows(view, range(loc.first_data_row, loc.end_row), header, parsed, coded)
    return Table(loc.number, region, loc.spec.unit, loc.unit or loc.spec.unit, top, header, rows,
                 after, coded=coded, economic=loc.spec.is_economic,
                 single=RowSource.SINGLE in blocks)


def _line(view: _SheetView, row: int, width: int, title_row: int, unit_row: int) -> Line:
    def pos(col: int) -> int:
        return LAST if col == width and width > 1 else col

    cells = [(pos(c), view.cell(row, c)) for c in range(1, width + 1) if (row, c) in view.values]
    spans = [(pos(c1), 0 if c2 == width else c2 - c1 + 1)
             for r1, c1, r2, c2 in view.merges if r1 == r2 == row]
    if not cells:
        kind = "blank"
    elif row == title_row:
        kind = "title"
    elif row == unit_row:
        kind = "unit"
    elif len(cells) == 1 and _LABEL.match(cells[0][1].text):
        kind = "label"
    elif title_row == 0 and cells[0][1].text.lstrip().startswith(("注", "备注", "说明")):
        kind = "note"
    else:
        kind = "raw"
    return Line(kind, cells, spans)


def _header(view: _SheetView, rows: range, width: int, keys: dict[int, str],
            kinds: dict[str, str]) -> list[Node]:
    """The header rows as a tree: each column's path of labels (merged cells are one label), then
    columns grouped by their shared top labels."""
    paths: dict[int, list[tuple[int, int]]] = {}
    for col in range(1, width + 1):
        path: list[tuple[int, int]] = []
        for row in rows:
            r1, c1, _, _ = view.cover.get((row, col), (row, col, row, col))
            if (r1, c1) in view.values and (not path or path[-1] != (r1, c1)):
                path.append((r1, c1))
        paths[col] = path

    def label(origin: tuple[int, int]) -> str:
        return str(view.values.get(origin, "") or "")

    def build(cols: list[int], level: int) -> list[Node]:
        nodes: list[Node] = []
        i = 0
        while i < len(cols):
            col = cols[i]
            rest = paths[col][level:]
            if not rest:
                key = keys.get(col, f"col{col}")
                nodes.append(Leaf("", key, kinds.get(key, "金额"), (address(view.name, rows[0],
                                                                            col),)))
                i += 1
                continue
            top = rest[0]
            j = i
            while j < len(cols) and paths[cols[j]][level:level + 1] == [top]:
                j += 1
            span = cols[i:j]
            where = (address(view.name, *top),)
            if len(span) == 1 and len(rest) == 1:
                key = keys.get(col, f"col{col}")
                nodes.append(Leaf(label(top), key, kinds.get(key, "金额"), where))
            else:
                r1, _, r2, _ = view.cover.get(top, (top[0], top[1], top[0], top[1]))
                nodes.append(Group(label(top), build(span, level + 1), r2 - r1 + 1, where))
            i = j
        return nodes

    return build(list(range(1, width + 1)), 0)


def _rows(view: _SheetView, span: range, header: list[Node], parsed: Any,
          coded: bool) -> list[Row]:
    """The data rows, typed by the reader's own rows (code, total, project) where it read them."""
    info: dict[int, Any] = {}
    for block_rows in parsed.rows.values():
        for parsed_row in block_rows:
            for ref in parsed_row.cells.values():
                info.setdefault(row_of(ref), parsed_row)
    columns = [(leaf.key, leaf.kind) for leaf in leaves(header)]  # one leaf per sheet column
    out = []
    for r in span:
        known = info.get(r)
        kind = "blank" if view.blank(r) else (
            "total" if known is not None and known.is_total else "line")
        cells = {}
        for col, (key, col_kind) in enumerate(columns, start=1):
            cell = view.cell(r, col)
            if col_kind == "金额" and kind != "blank":
                cell.amount = cell.printed = parse_amount(cell.value)
            cells[key] = cell
        merges = [(columns[c1 - 1][0], columns[c2 - 1][0]) for r1, c1, r2, c2 in view.merges
                  if r1 == r2 == r]
        code = known.code if coded and known is not None and kind == "line" else None
        project = coded and known is not None and known.project is not None
        out.append(Row(kind, cells, code, project, merges))
    return out
