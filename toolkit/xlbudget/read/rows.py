"""Turn a located table's data rows into :class:`~xlbudget.model.Row` objects. Pure.

Handles the ways real exports write rows: 类/款/项 in three columns or one, leading zeros lost,
a blank 类 meaning "same as above", spacer rows, letter-spaced 合计, code and name in one cell
(表1/表4), fixed rows whose labels repeat (表1 单位资金), amounts as text, and 元 tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from xlbudget.model import Row, Table, parents
from xlbudget.read.cells import BEYOND_WAN, BadAmount, amount, split_code_name
from xlbudget.read.codes import HeadingCodes, code_texts, row_code
from xlbudget.read.grid import Grid, Uncached
from xlbudget.read.locate import Located, header_texts, is_page_furniture, label_key
from xlbudget.spec.catalog import FORMER_LEI_NAMES
from xlbudget.spec.model import Block, Column, ColumnKind, FixedRow, RowSource
from xlbudget.text import fold

TEN_THOUSAND = Decimal(10000)
TOTAL_KEYS = {"合计", "总计"}

# Evaluates a formula cell saved without a value: (sheet, row, col) → Decimal, or raises.
Evaluate = Callable[[str, int, int], Decimal]


@dataclass
class Problem:
    """Something the reader met that a finding must report (kept as data for check)."""

    kind: str  # "amount" | "formula" | "row"
    table: int
    cell: str
    text: str
    why: str = ""


@dataclass
class RowReader:
    located: Located
    evaluate: Evaluate
    problems: list[Problem] = field(default_factory=list)
    decimals: int = 0  # most decimals any amount of the table was printed with
    _header: frozenset[str] | None = None  # its header labels, for headers printed again

    @property
    def grid(self) -> Grid:
        return self.located.grid

    def cell_amount(self, row: int, col: int) -> Decimal | BadAmount | None:
        value = self.grid.get(row, col)
        if value is None:
            return None
        ref = self.grid.cell_ref(row, col)
        if isinstance(value, Uncached):
            try:
                result: Decimal | BadAmount | None = self.evaluate(self.grid.name, row, col)
            except ValueError as exc:
                self.problems.append(Problem("formula", self.located.number, ref,
                                             value.formula, str(exc)))
                return BadAmount("formula", value.formula)
        else:
            result = amount(value)
            if isinstance(result, Decimal):
                result = to_cent(result, self.located.unit)
        if isinstance(result, Decimal) and not _within(result, self.located.unit):
            result = BadAmount("beyond any budget", f"{result:.6E}")  # 10¹² 万元 in its unit
        if isinstance(result, BadAmount):
            self.problems.append(Problem("amount", self.located.number, ref, result.text,
                                         result.why))
            return result
        if result is not None:
            exponent = result.normalize().as_tuple().exponent
            if isinstance(exponent, int):
                self.decimals = max(self.decimals, min(-exponent, 6))
            if self.located.unit == "元":
                result = result / TEN_THOUSAND
        return result

    def amounts(self, block: Block, row: int, target: Row) -> None:
        for column in block.amount_columns:
            col = self.located.columns.get((block.key, column.key))
            if col is None:
                continue
            value = self.cell_amount(row, col)
            target.cells[column.key] = self.grid.cell_ref(row, col)
            if isinstance(value, BadAmount):
                target.unreadable.add(column.key)  # unknown, not 0: sums over it are skipped
            elif value is not None:
                target.amounts[column.key] = value

    def text_at(self, block: Block, key: str, row: int) -> str:
        col = self.located.columns.get((block.key, key))
        text = self.grid.text(row, col) if col else ""
        if key == "name" and block.key in self.located.code_with_name:
            return split_code_name(text)[1]  # the code before it is the code column's
        return text

    def block_span(self, block: Block) -> list[int]:
        cols = [c for (b, _), c in self.located.columns.items() if b == block.key]
        cols += [c for b, c in self.located.combined_code.items() if b == block.key]
        return sorted(cols)

    def furniture(self, row: int) -> bool:
        """The header (or title, unit line) printed again on the next page: no row."""
        if self._header is None:
            self._header = header_texts(self.located)
        return is_page_furniture(self.grid, row, self.located.spec, self._header)

    def is_blank(self, block: Block, row: int) -> bool:
        """A spacer row, or an unused template row (its formulas hold 0)."""
        for col in self.block_span(block):
            value = self.grid.get(row, col)
            if isinstance(value, Uncached):
                return False
            if isinstance(value, int | float) and not isinstance(value, bool):
                if value != 0:
                    return False
            elif self.grid.text(row, col):
                return False
        return True


CENT = {"元": Decimal("0.01"), "万元": Decimal("0.000001")}  # one 分 in the table's unit


def _within(value: Decimal, unit: str | None) -> bool:
    """Is the amount (a typed figure or a formula's result) a finite one below 10¹² 万元?"""
    wan = value / TEN_THOUSAND if unit == "元" and value.is_finite() else value
    return value.is_finite() and abs(wan) < BEYOND_WAN


def to_cent(value: Decimal, unit: str | None) -> Decimal:
    """An amount as money: nothing below the 分 (a formula's float noise, 94995790.0000001
    元, is 94995790.00). Coarser figures are kept as printed."""
    cent = CENT.get(unit or "万元", CENT["万元"])
    exponent, finest = value.as_tuple().exponent, cent.as_tuple().exponent
    if isinstance(exponent, int) and isinstance(finest, int) and exponent < finest:
        return value.quantize(cent, rounding=ROUND_HALF_UP)
    return value


def _is_total_label(text: str, block: Block) -> bool:
    if not text:
        return False
    key = fold(text).rstrip(":")  # 合计：
    names = {fold(n) for n in TOTAL_KEYS}
    if block.total is not None:
        names |= {fold(block.total.label), *(fold(a) for a in block.total.aliases)}
    return key in names


def read_fixed(reader: RowReader, block: Block, rows: list[Row]) -> None:
    """Fill the spec's fixed rows in order; a repeated label takes the next unfilled match."""
    label_col = next(c.key for c in block.leaves if c.kind is ColumnKind.LABEL)
    keyed = {r.key: r for r in rows}
    pointer = 0
    fixed = block.fixed_rows
    for row in range(reader.located.first_data_row, reader.located.end_row):
        label = reader.text_at(block, label_col, row)
        if not label or reader.is_blank(block, row) or reader.furniture(row):
            continue
        if block.total is not None and _is_total_label(label, block):
            target = keyed[block.total.key]
        else:
            col = reader.located.columns[(block.key, label_col)]
            cut = (row, col) in reader.grid.clipped
            index = next((i for i in range(pointer, len(fixed))
                          if _fixed_match(fixed[i], label, cut)), None)
            if index is None:
                reader.problems.append(Problem("row", reader.located.number,
                                               reader.grid.cell_ref(row, col), label))
                continue
            pointer = index + 1
            target = keyed[fixed[index].key]
        target.name = label
        target.cells[label_col] = reader.grid.cell_ref(row, reader.located.columns[
            (block.key, label_col)])
        reader.amounts(block, row, target)


def _fixed_match(fixed_row: FixedRow, label: str, cut: bool = False) -> bool:
    """Is ``label`` the row's? A label the print cut at its cell's edge (a PDF's narrow
    column: ``公务用车购置及``) is the row's if it begins the row's label or a synonym."""
    key = label_key(label)
    names = {label_key(fixed_row.label), *(label_key(a) for a in fixed_row.aliases)}
    return (fixed_row.matches(label) or key in names
            or (cut and len(key) >= 2 and any(name.startswith(key) for name in names)))


def read_categories(reader: RowReader, block: Block, rows: list[Row], names: dict[str, str]
                    ) -> None:
    """类 rows printed ``201 一般公共服务支出`` (新疆) or ``三、卫生健康支出`` (上海: only the
    listed 类, numbered by position): the code from the label, else from the 类's name."""
    label_col = next(c.key for c in block.leaves if c.kind is ColumnKind.LABEL)
    by_code = {r.code: r for r in rows if r.code}
    by_name = {fold(n): c for n, c in FORMER_LEI_NAMES.items()}
    by_name |= {fold(n): c for c, n in names.items() if len(c) == 3}
    total = next(r for r in rows if r.is_total)
    for row in range(reader.located.first_data_row, reader.located.end_row):
        label = reader.text_at(block, label_col, row)
        if (not label or _placeholder(label) or reader.is_blank(block, row)
                or reader.furniture(row)):
            continue  # a template's numbering with no name (``二、…``) is an unused row
        ref = reader.grid.cell_ref(row, reader.located.columns[(block.key, label_col)])
        if _is_total_label(label, block):
            target = total
        else:
            code, name = split_code_name(label)
            if code is not None and len(code) != 3:
                code, name = None, label  # a 类 line's code has three digits
            if code is None:
                numbered = _NUMBERED.match(label)
                name = numbered.group(1).strip() if numbered else label.strip()
                code = by_name.get(fold(name)) or _class_like(fold(name), by_name)
            if code is None:
                reader.problems.append(Problem("row", reader.located.number, ref, label))
                continue
            if code not in by_code:
                by_code[code] = Row(code=code, key=code)
                rows.insert(len(rows) - 1, by_code[code])
            target = by_code[code]
            target.name = name
        target.cells[label_col] = ref
        reader.amounts(block, row, target)


def _class_like(name: str, by_name: dict[str, str]) -> str | None:
    """The one 类 whose name this clips or extends (社会保障和就业 for 社会保障和就业支出), so the
    row keeps its place; the name rules still report the name as printed."""
    if len(name) < 4:
        return None
    found = {code for official, code in by_name.items()
             if official.startswith(name) or name.startswith(official)}
    return found.pop() if len(found) == 1 else None


def _placeholder(label: str) -> bool:
    """A template's row label with a numeral and no name: ``二、``, ``二、…``, ``三、XX``."""
    return not label_key(label).strip("…．.·・XxＸ")


def read_single(reader: RowReader, block: Block, rows: list[Row]) -> None:
    """One row of figures under the header, the items being columns (上海 表9): the first row
    that holds anything, else the first row (a blank table)."""
    span = range(reader.located.first_data_row, reader.located.end_row)
    filled = next((r for r in span if not reader.is_blank(block, r)), None)
    row = filled if filled is not None else (span[0] if span else None)
    if row is not None and rows:
        reader.amounts(block, row, rows[0])


def _unclipped(grid: Grid, where: tuple[int, int], row: Row, names: dict[str, str]) -> str:
    """A name the print cut at its cell's edge (a PDF of a narrow column: ``一般公共服务支``)
    reads as its code's official name when that begins with what is printed; what the print
    hid cannot be checked, and what it shows is."""
    official = names.get(row.code or "", "")
    if where in grid.clipped and row.name and official.startswith(row.name):
        return official
    return row.name


def read_coded(reader: RowReader, block: Block, names: dict[str, str]) -> list[Row]:
    """类/款/项 (or 经济分类, or project) rows, in sheet order, the total row last."""
    out: list[Row] = []
    total: Row | None = None
    last = {"lei": "", "kuan": ""}
    headings = HeadingCodes(names, last)
    name_key = "item" if block.rows is RowSource.ITEMS else "name"
    for row in range(reader.located.first_data_row, reader.located.end_row):
        if reader.is_blank(block, row) or reader.furniture(row):
            continue  # a spacer, or the header printed again on the next page
        name = reader.text_at(block, name_key, row)
        project = reader.text_at(block, "project_name", row) or None
        labels = [name, project or "", *code_texts(reader.located, block, row)]
        if any(_is_total_label(t, block) for t in labels):  # 合计 in any text column
            total = Row(name="合计", key="total", is_total=True)
            reader.amounts(block, row, total)
            continue
        code, code_cell, printed = row_code(reader.located, block, row, last, (name, names))
        target = Row(name=name, code=code or None, project=project, printed_code=printed)
        headings.place(target)
        if code_cell:
            target.cells["code"] = code_cell
        name_col = reader.located.columns.get((block.key, name_key))
        if name_col:
            target.cells["name"] = reader.grid.cell_ref(row, name_col)
            target.name = _unclipped(reader.grid, (row, name_col), target, names)
        reader.amounts(block, row, target)
        out.append(target)
    out.append(total or _derived_total(block, out))
    return out


# A 类 line's own numbering: 三、 （三） (3) 3. 3、 — the name follows it.
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]"
                       r"|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．])\s*(\S.*)$")


def _derived_total(block: Block, rows: list[Row]) -> Row:
    """A table printed without its 合计 row: the total of its top-level rows (0 for a blank
    table), remembered cell by cell like a derived subtotal."""
    total = Row(name="合计", key="total", is_total=True, derived=True)
    parent_of = parents(rows)
    for row, parent in zip(rows, parent_of, strict=True):
        if parent is None and (row.code or block.rows is RowSource.ITEMS):
            _add_into(total, row, block)
    return total


def derive_subtotals(block: Block, rows: list[Row], names: dict[str, str]) -> bool:
    """Exports that list only 项 rows: insert the 类/款 subtotal rows they omit (summed from the
    项 rows, named from the catalogue), so every later step sees one shape. Only when the table
    has no subtotal row at all; a partial set is the structure rule's business."""
    coded = [r for r in rows if r.code and not r.is_total]
    if block.rows not in (RowSource.FUNCTIONAL, RowSource.PROJECTS) or not coded or any(
            len(r.code or "") < 7 for r in coded):
        return False
    out: list[Row] = []
    index: dict[str, Row] = {}
    for row in rows:
        if row.code and not row.is_total:
            for prefix in (row.code[:3], row.code[:5]):
                if prefix not in index:
                    index[prefix] = Row(name=names.get(prefix, ""), code=prefix, derived=True)
                    out.append(index[prefix])
                _add_into(index[prefix], row, block)
        out.append(row)
    rows[:] = out
    return True


def _add_into(subtotal: Row, row: Row, block: Block) -> None:
    """Add a row's amounts into a derived subtotal, remembering each cell (blank ones too: a
    blank may be the wrong one)."""
    for column in block.amount_columns:
        value = row.amounts.get(column.key)
        if value is not None:
            subtotal.amounts[column.key] = subtotal.amount(column.key) + value
        if column.key in row.cells:
            subtotal.sources.setdefault(column.key, []).append(
                (row.cells[column.key], value or Decimal(0)))


def _unfilled(located: Located, table: Table) -> list[tuple[str, str]]:
    """Total columns printed but left empty on every row while their parts hold figures (表11
    合计 under 财政拨款): not filled in, not a wrong number on each row. Said once; each row's
    total is then the sum of its parts, cell by cell (as a derived subtotal), so the identities
    through it — 总计 = 财政拨款合计 + 非财政拨款合计 — are still checked."""
    out = []
    for block in located.spec.blocks:
        rows = table.block_rows(block.key)
        for column in block.amount_columns:
            if (block.key, column.key) in located.unprinted:
                for row in rows:  # not printed at all (its header too): the same sum
                    _sum_parts(row, column)
                continue
            if not column.sum_of or (block.key, column.key) not in located.columns:
                continue
            if any(column.key in r.amounts or column.key in r.unreadable for r in rows):
                continue
            if any(r.amounts.get(part) for r in rows for part in column.sum_of):
                out.append((block.key, column.key))
                for row in rows:
                    _sum_parts(row, column)
    return out


def _sum_parts(row: Row, column: Column) -> None:
    row.cells.pop(column.key, None)
    for part in column.sum_of:
        value = row.amounts.get(part)
        if value is not None:
            row.amounts[column.key] = row.amount(column.key) + value
        if part in row.cells:
            row.sources.setdefault(column.key, []).append((row.cells[part], value or Decimal(0)))


def read_table(located: Located, table: Table, evaluate: Evaluate, names: dict[str, str]
               ) -> tuple[list[Problem], int]:
    """Fill ``table`` from the sheet; returns the problems met and the most decimals printed."""
    reader = RowReader(located, evaluate)
    for block in located.spec.blocks:
        if block.rows is RowSource.FIXED:
            read_fixed(reader, block, table.rows[block.key])
        elif block.rows is RowSource.CATEGORIES:
            read_categories(reader, block, table.rows[block.key], names)
        elif block.rows is RowSource.SINGLE:
            read_single(reader, block, table.rows[block.key])
        else:
            table.rows[block.key] = read_coded(reader, block, names)
            if derive_subtotals(block, table.rows[block.key], names):
                reader.problems.append(Problem("derived", located.number,
                                               located.grid.cell_ref(located.title_row or 1, 1),
                                               ""))
    table.note = located.note
    # A sheet's name is kept for writing the book again; a PDF's pages have none of their own.
    table.sheet = None if located.grid.paged else located.grid.name
    table.unit = located.unit or located.spec.unit
    located.unfilled = _unfilled(located, table)
    table.absent = {key for _, key in located.missing}
    if located.note_row:
        table.note_cell = located.grid.cell_ref(located.note_row, 1)
    table.title_cell = located.grid.cell_ref(max(located.title_row, 1), 1)
    return reader.problems, reader.decimals
