"""An intermediate representation (IR) of a printed budget book, for composing layout
transformations (``transforms``), rendering them (``render``) and following every base cell.

A book is sheets; a sheet holds tables (stacked top to bottom) or raw parts (a sheet that holds no
table, carried cell for cell). A table is what a reader meets on paper:

* ``top`` — the lines above the header (表N label, title, 编制单位/单位 line, blank lines);
* ``header`` — a tree of column labels (``Group`` over ``Leaf``): the order of the leaves is the
  order of the printed columns, merges follow from the tree (a group spans its leaves, a leaf
  reaches the header's last row);
* ``rows`` — data rows, each cell keyed by the base column it comes from (``main.gpb``), with its
  code (``2011308``) when the table is coded; codes are printed from ``Row.code`` through the
  table's ``CodeLook``, so code columns can be split, combined or joined to the name in any order;
* ``after`` — note lines (备注, 注：…).

Every cell carries its ``origin``: the base book's ``sheet!A1`` cells it shows. After any chain of
transformations, ``render`` returns where each origin landed, so a base finding or a planted slip
can be followed to its new address.

``reading.from_base(path)`` builds the IR of a verified-correct book with xlbudget's own reader.
Only the standard library.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

WAN = Decimal(10000)
CODE_PARTS = {"类": (0, 3), "款": (3, 5), "项": (5, 7)}  # leaf kind → slice of a code
LAST = 0  # a line cell position meaning "the table's last column" (单位：万元 sits there)


# ── cells, columns, rows ─────────────────────────────────────────────────────────────────────


@dataclass
class Cell:
    """One printed cell. ``value`` is what the base printed; an amount cell also holds its figure
    (``amount``, in the table's current unit) and ``printed`` (the base's figure): while the two
    agree and ``look`` is unset, the base value is written back as it was."""

    value: object = None
    origin: tuple[str, ...] = ()
    amount: Decimal | None = None
    printed: Decimal | None = None
    look: str = ""  # how a changed amount is written: "", "apostrophe", "grouped", "fullwidth"

    @property
    def text(self) -> str:
        return "" if self.value is None else str(self.value)


@dataclass
class Leaf:
    """A printed column: its header label and what its cells show. ``key`` is a base column
    (``main.gpb``, as the reader's ``Located.columns`` names it) or a derived column (``code``,
    ``code_name``, ``serial``, ``remark``, ``spacer``); ``covers`` the base columns it shows, so
    a merge or a lookup by base column finds it after columns were joined."""

    label: str
    key: str
    kind: str  # the spec's ColumnKind value (类 款 项 名称 项目名称 项目 金额) or a derived kind
    origin: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()

    def shows(self, key: str) -> bool:
        return key == self.key or key in self.covers


@dataclass
class Group:
    """A header label over several columns; ``height`` header rows tall."""

    label: str
    children: list[Node]
    height: int = 1
    origin: tuple[str, ...] = ()


Node = Leaf | Group


@dataclass
class Row:
    """A data row. ``kind``: "line" (a row of the table), "total" (its 合计/总计 row) or "blank".
    ``cells`` by base column key; ``extra`` the cells of derived columns (序号, 备注);
    ``merges`` pairs of base column keys merged across the row (上海 合计 over code and name)."""

    kind: str
    cells: dict[str, Cell]
    code: str | None = None
    project: bool = False  # a 表7 project row (code + 项目名称)
    merges: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, Cell] = field(default_factory=dict)

    @property
    def level(self) -> int:
        """1 for a 类 row, 2 款, 3 项 (0 without a code)."""
        return {3: 1, 5: 2, 7: 3}.get(len(self.code or ""), 0)


@dataclass
class Line:
    """A line above the header or under the data: cells at column positions (1-based from the
    table's left; ``LAST`` = its last column) and merges as (position, width; 0 = to the last
    column). ``kind``: "label", "title", "unit", "blank", "note" or "raw"."""

    kind: str
    cells: list[tuple[int, Cell]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def first(self) -> Cell | None:
        return self.cells[0][1] if self.cells else None


@dataclass
class CodeLook:
    """How codes are printed once a transformation touched them (``changed``); until then the
    code cells are written as the base printed them."""

    changed: bool = False
    sep: str = ""  # between 类, 款 and 项 of a combined code: "201.03.01", "201-03-01"
    numeric: bool = False  # stored as numbers: leading zeros of 款/项 lost
    blank_repeated: bool = False  # 类 blank on 款/项 rows, 款 blank on 项 rows
    headings: bool = False  # 类 rows printed "一、一般公共服务支出" with no code
    indent: str = ""  # code_name cells: indentation per level below 类
    name_sep: str = " "  # code_name cells: between code and name


@dataclass
class Table:
    number: int
    region: str  # "xinjiang" | "shanghai"
    spec_unit: str  # the unit the region prints this table in (findings state amounts in it)
    unit: str  # the unit printed now ("万元" / "元")
    top: list[Line]
    header: list[Node]
    rows: list[Row]
    after: list[Line]
    coded: bool = False  # rows carry 功能分类/经济分类 codes
    economic: bool = False
    single: bool = False  # one row of figures, items as columns (上海 表9)
    scale: Decimal = Decimal(1)  # current amounts = base amounts × scale
    code: CodeLook = field(default_factory=CodeLook)
    zero: str | None = None  # how a zero is printed once changed: "blank" "dash" "zero" "text"
    merged: bool = True  # merged cells printed (header, title, rows)
    unit_suffix: bool = False  # amount headers say their unit: 合计（万元）
    header_pad: int = 0  # extra header rows (top groups taller, leaves reach down)
    repeat_every: int = 0  # the header printed again after every N data rows
    gap_after_header: int = 0  # blank rows between header and data
    offset: tuple[int, int] = (0, 0)  # blank rows above, blank columns left

    @property
    def leaves(self) -> list[Leaf]:
        return leaves(self.header)

    @property
    def title(self) -> Cell | None:
        line = next((ln for ln in self.top if ln.kind == "title"), None)
        return line.first() if line else None

    def leaf(self, key: str) -> Leaf | None:
        return next((leaf for leaf in self.leaves if leaf.shows(key)), None)

    def amount_cells(self) -> Iterator[tuple[Row, str, Cell]]:
        """(row, base column, cell) of every amount cell of the data rows."""
        for row in self.rows:
            for key, cell in row.cells.items():
                if cell.amount is not None:
                    yield row, key, cell

    @property
    def is_blank(self) -> bool:
        return not any(cell.amount for _, _, cell in self.amount_cells())


@dataclass
class Raw:
    """A sheet (or part) that holds no table: values and merges, carried as they are."""

    values: dict[tuple[int, int], object]
    merges: list[tuple[int, int, int, int]]  # r1, c1, r2, c2


@dataclass
class Sheet:
    name: str
    items: list[Table | Raw]
    gap: int = 2  # blank rows between stacked tables

    @property
    def tables(self) -> list[Table]:
        return [item for item in self.items if isinstance(item, Table)]


@dataclass
class Book:
    base: str  # the base file's name
    region: str
    sheets: list[Sheet]
    properties: list[tuple[str, str]] = field(default_factory=list)  # custom document properties

    def tables(self) -> Iterator[Table]:
        for sheet in self.sheets:
            yield from sheet.tables

    def table(self, number: int) -> Table | None:
        return next((t for t in self.tables() if t.number == number), None)


# ── the header tree ──────────────────────────────────────────────────────────────────────────


def leaves(nodes: list[Node]) -> list[Leaf]:
    out: list[Leaf] = []
    for node in nodes:
        out.extend([node] if isinstance(node, Leaf) else leaves(node.children))
    return out


def depth(nodes: list[Node]) -> int:
    """Header rows the tree needs (a group is ``height`` rows, then its children)."""
    return max((1 if isinstance(n, Leaf) else n.height + depth(n.children)) for n in nodes)


def walk(nodes: list[Node], parent: Group | None = None) -> Iterator[tuple[Node, Group | None]]:
    """Every node with its parent group (None at the top), depth first."""
    for node in nodes:
        yield node, parent
        if isinstance(node, Group):
            yield from walk(node.children, node)


def siblings(table: Table, node: Node) -> list[Node]:
    """The list ``node`` is in (the top level or its group's children)."""
    for candidate, parent in walk(table.header):
        if candidate is node:
            return table.header if parent is None else parent.children
    raise ValueError("node not in table")


def ancestors(table: Table, leaf: Leaf) -> list[Group]:
    """The groups above ``leaf``, top first."""

    def path(nodes: list[Node], trail: list[Group]) -> list[Group] | None:
        for node in nodes:
            if node is leaf:
                return trail
            if isinstance(node, Group) and (found := path(node.children, [*trail, node])):
                return found
        return None

    return path(table.header, []) or []


# ── amounts ──────────────────────────────────────────────────────────────────────────────────


def parse_amount(value: object) -> Decimal | None:
    """A printed amount as Decimal (blank = 0), or None when the cell holds text: numbers as a
    spreadsheet shows them (15 significant digits), text numbers with an apostrophe, thousands
    separators or full-width digits, zero marks."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(format(value, ".15g"))
    text = unicodedata.normalize("NFKC", str(value)).strip().removeprefix("'").strip()
    if text in ("-", "—", "–", "--", ""):
        return Decimal(0)
    try:
        return Decimal(text.replace(",", "").replace(" ", ""))
    except InvalidOperation:
        return None
