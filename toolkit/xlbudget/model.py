"""Budget, Table, Row: one unit's disclosure in memory. No I/O.

Amounts are :class:`~decimal.Decimal` in 万元 (a blank cell is 0). Every value may carry its
provenance, the cell it came from (``表2!E6``), so a finding can point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from xlbudget.spec.inputs import INPUT_SHEETS, InputSheet
from xlbudget.spec.model import Block, RowSource, TableSpec
from xlbudget.spec.profiles import Profile

ZERO = Decimal(0)
CODED_ROWS = (RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS, RowSource.CATEGORIES)
InputValue = str | Decimal | int | None


@dataclass
class Row:
    """One row of a block.

    ``key`` names a fixed row (``gpb``), a 类 row of a categories block (``201``) or a total row;
    coded rows carry ``code`` (concatenated digits: ``2011308``) and ``name``; 表7 rows also a
    ``project`` name; 表11 rows only ``name``.
    """

    name: str = ""
    code: str | None = None
    key: str | None = None
    printed_code: str | None = None  # a malformed code as printed; ``code`` places the row
    project: str | None = None
    amounts: dict[str, Decimal] = field(default_factory=dict)
    is_total: bool = False
    cells: dict[str, str] = field(default_factory=dict)  # column key → "sheet!A1"
    derived: bool = False  # a 类/款 subtotal the sheet did not list, summed from its rows
    # A derived subtotal's amounts, cell by cell: column → ((cell, value), …) of the rows summed.
    sources: dict[str, list[tuple[str, Decimal]]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # columns whose cell held no number

    def amount(self, column: str) -> Decimal:
        return self.amounts.get(column, ZERO)

    @property
    def is_blank(self) -> bool:
        return not (self.name or self.code or self.project) and not any(self.amounts.values())


@dataclass
class Table:
    spec: TableSpec
    rows: dict[str, list[Row]]  # block key → rows in sheet order, total row last
    note: str | None = None  # 备注 line under the table
    sheet: str | None = None
    title_cell: str | None = None
    note_cell: str | None = None
    absent: set[str] = field(default_factory=set)  # spec columns the sheet does not have
    unit: str = "万元"  # as printed; amounts are always held in 万元
    quantum: Decimal = Decimal("0.01")  # precision of the printed figures, in 万元

    def block_rows(self, block: str = "main") -> list[Row]:
        return self.rows.get(block, [])

    def body(self, block: str = "main") -> list[Row]:
        """Rows other than the block's total row."""
        return [row for row in self.block_rows(block) if not row.is_total]

    def total(self, block: str = "main") -> Row | None:
        return next((row for row in self.block_rows(block) if row.is_total), None)

    def keyed(self, block: str, key: str) -> Row | None:
        return next((row for row in self.block_rows(block) if row.key == key), None)

    @property
    def is_blank(self) -> bool:
        return all(
            not any(row.amounts.values()) for rows in self.rows.values() for row in rows
        )

    def coded_block(self) -> Block | None:
        """The block whose rows carry codes (类/款/项, 经济分类, projects, 类 lines), if any."""
        return next((b for b in self.spec.blocks if b.rows in CODED_ROWS), None)

    @property
    def spec_keys(self) -> set[str]:
        """The keys of the columns this table's variant has."""
        return {column.key for column in self.spec.leaves}


TEN_THOUSAND = Decimal(10000)


def printed_scale(table: Table | None) -> Decimal:
    """万元 → the unit a finding states this table's amounts in: the unit its region prints
    it in (上海 表1–8: 元, so 10,000), whatever unit one book used."""
    return TEN_THOUSAND if table is not None and table.spec.unit == "元" else Decimal(1)


@dataclass
class Inputs:
    """Contents of the input sheets: per sheet key, its records (column key → value)."""

    records: dict[str, list[dict[str, InputValue]]] = field(default_factory=dict)

    def sheet(self, key: str) -> list[dict[str, InputValue]]:
        return self.records.get(key, [])

    def form(self, sheet: str) -> dict[str, InputValue]:
        """A form sheet as {row key: value}."""
        return {str(rec["key"]): rec.get("value") for rec in self.sheet(sheet) if rec.get("key")}


@dataclass(frozen=True)
class Link:
    """A formula cell that follows other cells: its value = Σ coefficient × cell + constant, all
    in 万元. ``values`` are the precedents' values as the book stands."""

    cell: str
    terms: tuple[tuple[str, Decimal], ...]
    constant: Decimal
    values: tuple[tuple[str, Decimal], ...]


@dataclass
class Budget:
    profile: Profile
    unit_name: str
    year: int
    tables: dict[int, Table]
    inputs: Inputs = field(default_factory=Inputs)
    formulas: dict[str, Link] = field(default_factory=dict)  # formula cell → its link
    printed: str = ""  # the text a PDF prints beside its tables (its 说明 …), for the 说明 check

    def table(self, number: int) -> Table:
        return self.tables[number]

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables[n] for n in sorted(self.tables))


def _fixed_rows(block: Block, categories: list[tuple[str, str]]) -> list[Row]:
    if block.rows in (RowSource.FIXED, RowSource.SINGLE):
        rows = [Row(name=r.label, key=r.key) for r in block.fixed_rows]
    elif block.rows is RowSource.CATEGORIES:
        rows = [Row(name=name, key=code, code=code) for code, name in categories]
    else:
        rows = []
    if block.total is not None:
        rows.append(Row(name=block.total.label, key=block.total.key, is_total=True))
    return rows


def empty_table(spec: TableSpec, categories: list[tuple[str, str]]) -> Table:
    """A table with its fixed rows (and 类 rows, total row) and no amounts."""
    return Table(spec, {block.key: _fixed_rows(block, categories) for block in spec.blocks})


def empty_inputs(sheets: tuple[InputSheet, ...] = INPUT_SHEETS) -> Inputs:
    """Input records holding only the pre-filled rows of each sheet."""
    records: dict[str, list[dict[str, InputValue]]] = {}
    for sheet in sheets:
        records[sheet.key] = [
            {"key": row.key, "label": row.label, "section": row.section, "unit": row.unit}
            for row in sheet.rows
        ]
    return Inputs(records)


# ── the hierarchy of rows: which row is the sum of which ─────────────────────────────────


def _is_ancestor(parent: Row, child: Row) -> bool:
    if parent.project or not parent.code or not child.code or parent.is_total:
        return False
    if not child.code.startswith(parent.code):
        return False
    return len(parent.code) < len(child.code) or child.project is not None


def parents(rows: list[Row]) -> list[int | None]:
    """Index of each row's parent (the nearest earlier row whose code it extends), or None."""
    result: list[int | None] = []
    stack: list[int] = []
    for index, row in enumerate(rows):
        while stack and not _is_ancestor(rows[stack[-1]], row):
            stack.pop()
        result.append(stack[-1] if stack and row.code else None)
        if row.code and not row.project and not row.is_total:
            stack.append(index)
    return result


def children_of(block: Block, rows: list[Row]) -> dict[int, list[int]]:
    """Index of each row that is a sum → the indexes of the rows it sums: the spec's fixed-row
    parts (一、本年收入 = 1.–5.), code prefixes (类 = Σ 款, 款 = Σ 项, 表7 款 = Σ projects), and
    every total row = its block's top-level rows."""
    body = [i for i, r in enumerate(rows) if not r.is_total]
    children: dict[int, list[int]] = {}
    if block.rows is RowSource.FIXED:
        at = {r.key: i for i, r in enumerate(rows)}
        for fixed in block.fixed_rows:
            if fixed.parts and fixed.key in at:
                children[at[fixed.key]] = [at[p] for p in fixed.parts if p in at]
        top = [at[f.key] for f in block.fixed_rows if f.indent == 0 and f.key in at]
    elif block.rows in (RowSource.CATEGORIES, RowSource.ITEMS):
        top = body
    else:
        parent_of = parents([rows[i] for i in body])
        for pos, parent in enumerate(parent_of):
            if parent is not None:
                children.setdefault(body[parent], []).append(body[pos])
        top = [body[pos] for pos, parent in enumerate(parent_of) if parent is None]
    for index, row in enumerate(rows):
        if row.is_total:
            children[index] = top
    return children
