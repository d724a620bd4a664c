"""Where every cell of a table goes, and which cells are formulas. No spreadsheet library here.

The writer emits what this module places; tests use the same addresses to read values back.
Sheet rows (0-based): 0 table label, 1 title, 2 编制单位/单位 line, 3… header rows, then data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from xlbudget.addresses import cell_name
from xlbudget.model import ZERO, Row, Table, children_of
from xlbudget.spec.model import CODE_KINDS, Block, Column, ColumnKind, Group, Node, RowSource
from xlbudget.text import chinese_numeral

HEADER_TOP = 3


class Style(StrEnum):
    CODE = "code"
    TEXT = "text"
    LABEL = "label"
    AMOUNT = "amount"
    FORMULA = "formula"
    TOTAL_LABEL = "total_label"
    TOTAL_FORMULA = "total_formula"


@dataclass(frozen=True)
class HeaderCell:
    row: int
    col: int
    last_row: int
    last_col: int
    text: str


@dataclass(frozen=True)
class Placed:
    row: int
    col: int
    style: Style
    value: str | Decimal | None = None
    formula: str | None = None  # written with ``value`` as its cached result
    indent: int = 0


@dataclass
class SheetLayout:
    table: Table
    header: list[HeaderCell]
    cells: list[Placed]
    columns: dict[tuple[str, str], int]  # (block, column key) → sheet column
    rows: dict[tuple[str, int], int]  # (block, row index) → sheet row
    first_data_row: int
    last_row: int
    width: int
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (cell, why)

    def address(self, block: str, index: int, column: str) -> str:
        return cell_name(self.rows[(block, index)], self.columns[(block, column)])


LINE_HEIGHT = 13.5  # points per line of 10-pt text


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column ``width`` characters wide (CJK counts double).

    xlsx stores no automatic row heights, so the writer sizes rows itself; otherwise
    LibreOffice and Excel print long names over their neighbours."""
    lines = 0
    for paragraph in text.split("\n"):
        units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in paragraph)
        lines += max(1, -(-units // max(int(width) - 1, 1)))
    return lines


def row_height(lines: int) -> float | None:
    """Height for a row of ``lines`` lines, or None for the default single line."""
    return None if lines <= 1 else lines * LINE_HEIGHT + 2


# ── header ───────────────────────────────────────────────────────────────────────────────


def _width(node: Node) -> int:
    return 1 if isinstance(node, Column) else sum(_width(c) for c in node.children)


def _place_nodes(nodes: tuple[Node, ...], row: int, col: int, bottom: int) -> list[HeaderCell]:
    cells: list[HeaderCell] = []
    for node in nodes:
        span = _width(node)
        if isinstance(node, Group):
            cells.append(HeaderCell(row, col, row, col + span - 1, node.label))
            cells.extend(_place_nodes(node.children, row + 1, col, bottom))
        else:
            cells.append(HeaderCell(row, col, bottom, col, node.label))
        col += span
    return cells


def header_cells(blocks: tuple[Block, ...], depth: int) -> list[HeaderCell]:
    bottom = HEADER_TOP + depth - 1
    cells: list[HeaderCell] = []
    col = 0
    for block in blocks:
        row = HEADER_TOP
        span = sum(_width(n) for n in block.columns)
        if block.group:
            cells.append(HeaderCell(row, col, row, col + span - 1, block.group))
            row += 1
        cells.extend(_place_nodes(block.columns, row, col, bottom))
        col += span
    return cells


# ── body ─────────────────────────────────────────────────────────────────────────────────


def _sum_formula(refs: list[tuple[int, int]]) -> str:
    """``=SUM(E7:E9,E12)`` over cells (row, col), merging consecutive rows or columns."""
    if not refs:
        return "=0"
    parts: list[str] = []
    start = prev = refs[0]
    for ref in [*refs[1:], None]:
        adjacent = ref is not None and (
            (ref[1] == prev[1] and ref[0] == prev[0] + 1)
            or (ref[0] == prev[0] and ref[1] == prev[1] + 1)
        )
        if adjacent and ref is not None:
            prev = ref
            continue
        first, last = cell_name(*start), cell_name(*prev)
        parts.append(first if start == prev else f"{first}:{last}")
        if ref is not None:
            start = prev = ref
    if len(parts) == 1 and ":" not in parts[0]:
        return f"={parts[0]}"
    return f"=SUM({','.join(parts)})"


@dataclass
class _BlockPlan:
    block: Block
    rows: list[Row]
    sheet_rows: list[int]  # row index → sheet row
    columns: dict[str, int]
    template: bool  # rows have no codes yet: totals sum by condition, not by reference
    children: dict[int, list[int]] = field(default_factory=dict)


class _Evaluator:
    """Value of every amount cell of a block: the sum its formula makes, or the stored value.

    A formula cell whose stored value disagrees with its parts keeps the stored value (what the
    user entered is never overwritten) and is remembered as a conflict.
    """

    def __init__(self, plan: _BlockPlan) -> None:
        self.plan = plan
        self.memo: dict[tuple[int, str], Decimal] = {}
        self.conflicts: set[tuple[int, str]] = set()

    def value(self, index: int, column: Column) -> Decimal:
        key = (index, column.key)
        if key not in self.memo:
            self.memo[key] = self._compute(index, column)
        return self.memo[key]

    def _parts_sum(self, index: int, column: Column) -> Decimal | None:
        if column.sum_of:
            block = self.plan.block
            return sum((self.value(index, block.column(k)) for k in column.sum_of), ZERO)
        children = self.plan.children.get(index)
        if children:
            return sum((self.value(i, column) for i in children), ZERO)
        return None

    def _compute(self, index: int, column: Column) -> Decimal:
        parts = self._parts_sum(index, column)
        stored = self.plan.rows[index].amounts.get(column.key)
        if parts is None:
            return stored if stored is not None else ZERO
        if stored is not None and stored != parts:
            self.conflicts.add((index, column.key))
            return stored
        return parts


def _formula(plan: _BlockPlan, index: int, column: Column) -> str | None:
    block, sheet_row = plan.block, plan.sheet_rows[index]
    if column.sum_of:
        return _sum_formula([(sheet_row, plan.columns[k]) for k in column.sum_of])
    children = plan.children.get(index)
    if not children:
        return None  # a leaf, or the empty 合计 row of a blank table
    col = plan.columns[column.key]
    row = plan.rows[index]
    if row.is_total and plan.template and block.rows in (
        RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS
    ):
        body = [plan.sheet_rows[i] for i, r in enumerate(plan.rows) if not r.is_total]
        kuan = plan.columns["kuan"]
        # Only 类 rows (款 blank) count; empty template rows add nothing.
        return (
            f"=SUMPRODUCT((LEN({cell_name(body[0], kuan)}:{cell_name(body[-1], kuan)})=0)"
            f"*({cell_name(body[0], col)}:{cell_name(body[-1], col)}))"
        )
    return _sum_formula([(plan.sheet_rows[i], col) for i in children])


def _text_cells(plan: _BlockPlan, index: int) -> list[Placed]:
    row, sheet_row = plan.rows[index], plan.sheet_rows[index]
    codes = _split_code(row.code, plan.block)
    indent = {f.key: f.indent for f in plan.block.fixed_rows}.get(row.key or "", 0)
    cells: list[Placed] = []
    for column in plan.block.leaves:
        col, kind = plan.columns[column.key], column.kind
        if kind is ColumnKind.AMOUNT:
            continue
        if kind in CODE_KINDS:
            cells.append(Placed(sheet_row, col, Style.CODE, None if row.is_total
                                else codes.get(kind)))
            continue
        if kind is ColumnKind.PROJECT and plan.block.rows is RowSource.PROJECTS:
            text = None if row.is_total else row.project
        elif plan.block.rows is RowSource.CATEGORIES and row.code and plan.block.numbered:
            text = f"{chinese_numeral(index + 1)}、{row.name}"  # 三、卫生健康支出
        elif plan.block.rows is RowSource.CATEGORIES and row.code:
            text = f"{row.code} {row.name}"  # 表1/表4 print code and name in one cell
        else:
            text = row.name
        style = (
            Style.TOTAL_LABEL
            if row.is_total
            else Style.LABEL if kind is ColumnKind.LABEL else Style.TEXT
        )
        cells.append(Placed(sheet_row, col, style, text or None, indent=indent))
    return cells


def _split_code(code: str | None, block: Block) -> dict[ColumnKind, str]:
    if not code:
        return {}
    if block.rows is RowSource.CATEGORIES:
        return {}
    parts = {ColumnKind.LEI: code[:3]}
    if len(code) >= 5:
        parts[ColumnKind.KUAN] = code[3:5]
    if len(code) >= 7:
        parts[ColumnKind.XIANG] = code[5:7]
    return parts


def _amount_cells(plan: _BlockPlan, evaluator: _Evaluator, index: int,
                  conflicts: list[tuple[str, str]]) -> list[Placed]:
    cells: list[Placed] = []
    row, sheet_row = plan.rows[index], plan.sheet_rows[index]
    for column in plan.block.amount_columns:
        col = plan.columns[column.key]
        formula = _formula(plan, index, column)
        computed = evaluator.value(index, column)
        stored = row.amounts.get(column.key)
        if (index, column.key) in evaluator.conflicts:
            # Keep what the user entered; the checker reports the disagreement.
            conflicts.append((cell_name(sheet_row, col), f"entered {stored}, parts disagree"))
            formula = None
        if formula is None:
            cells.append(Placed(sheet_row, col, Style.AMOUNT, stored if stored else None))
        else:
            style = Style.TOTAL_FORMULA if row.is_total else Style.FORMULA
            cells.append(Placed(sheet_row, col, style, computed, formula))
    return cells


def _sheet_rows(rows: list[Row], first: int, body_height: int) -> list[int]:
    """Body rows from ``first`` down; total rows line up at the bottom of the longest block
    (收入总计 | 支出总计 on one line)."""
    out, body_index = [], 0
    for row in rows:
        if row.is_total:
            out.append(first + body_height)
        else:
            out.append(first + body_index)
            body_index += 1
    return out


def _printed_rows(block: Block, rows: list[Row]) -> list[Row]:
    """The rows a block prints: a numbered categories block lists only the 类 with money (every
    类 in a blank book, for the user to fill)."""
    if not block.numbered or not any(r.amounts for r in rows if not r.is_total):
        return rows
    return [r for r in rows if r.is_total or any(r.amounts.values())]


def lay_out(table: Table) -> SheetLayout:
    spec = table.spec
    depth = spec.header_depth
    first = HEADER_TOP + depth
    body_height = max(sum(not r.is_total for r in _printed_rows(block, table.block_rows(
        block.key))) for block in spec.blocks)
    columns: dict[tuple[str, str], int] = {}
    row_of: dict[tuple[str, int], int] = {}
    cells: list[Placed] = []
    conflicts: list[tuple[str, str]] = []
    col = 0
    for block in spec.blocks:
        block_cols = {c.key: col + i for i, c in enumerate(block.leaves)}
        columns.update({(block.key, k): v for k, v in block_cols.items()})
        col += len(block.leaves)
        rows = _printed_rows(block, table.block_rows(block.key))
        template = block.rows not in (RowSource.FIXED, RowSource.CATEGORIES) and not any(
            r.code for r in rows
        )
        plan = _BlockPlan(block, rows, _sheet_rows(rows, first, body_height), block_cols, template)
        plan.children = children_of(block, rows)
        evaluator = _Evaluator(plan)
        for index in range(len(rows)):
            row_of[(block.key, index)] = plan.sheet_rows[index]
            cells.extend(_text_cells(plan, index))
            cells.extend(_amount_cells(plan, evaluator, index, conflicts))
    return SheetLayout(table, header_cells(spec.blocks, depth), cells, columns, row_of, first,
                       first + body_height, col, conflicts)
