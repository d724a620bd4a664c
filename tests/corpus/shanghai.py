"""Layout variants of correct Shanghai (上海) books: what other Shanghai units' exports and
hand-made books look like, one function per variation.

The bases are the books of ``tests/data/shanghai/books/`` (``make.py``; layouts in
``docs/regions/shanghai/tables.md`` and ``notes.md``): narrative sheets around nine table sheets
named after the template (``部门收支总表`` … ``部门“三公”经费和机关运行费预算表``), each with
the title in row 2 (``2025年部门收入预算总表``), the org line in row 4 (表9: row 3;
``编制部门：…`` left, ``单位：元`` / ``单位:万元`` in the last column), merged header rows from
row 6 (表9: 4), data rows, the total row last (``合计`` merged over the code and name columns;
表1/表4 ``收入总计``/``支出总计``) and an optional ``注:`` line under it. ``tables(book)`` finds
the nine sheets by their titles.

Each function is ``name(src: Path, dst: Path) -> None`` (built with ``variant``: ``_book.variant``
with the parsed source cached): it reads a base, writes the variant to ``dst``, never touches
``src`` (it refuses ``src == dst``) and is deterministic, so a typo made in the base shows up in
exactly one cell of the variant (``typos.carry``). Every variant keeps the budget — the same
tables, codes, names and amounts — so a correct checker reports exactly the base's own findings,
at the cells of the new layout.
``SHANGHAI_VARIANTS`` lists (name, function); every variant applies to every base in ``BASES``.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import pickle
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils.bound_dictionary import BoundDictionary
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.dimensions import DimensionHolder
from openpyxl.worksheet.worksheet import Worksheet

from . import _book as b
from ._book import Variant

ROOT = Path(__file__).resolve().parents[2]
BOOKS = ROOT / "tests" / "data" / "shanghai" / "books"
BASES = (
    "putuo-wanli-2023-bumen.xlsx",
    "putuo-wanli-2025-bumen.xlsx",
    "putuo-caizhengju-2025-bumen.xlsx",
    "shanghai-caizhengju-2025-danwei.xlsx",
    "synthetic-1.xlsx",
    "synthetic-2.xlsx",
    "synthetic-3.xlsx",
)

IDEO = "\u3000"  # full-width (ideographic) space

# ── building a variant ───────────────────────────────────────────────────────────────────────

_PARSED: dict[str, bytes] = {}  # sha256 of a source file → its parsed workbook, pickled
_CACHED = 16


def _rebuild(cls: type, factory: object, state: dict[str, object],
             items: dict[object, object]) -> object:
    made = cls.__new__(cls)
    defaultdict.__init__(made, factory)
    made.__dict__.update(state)
    dict.update(made, items)
    return made


def _reduce_defaultdict(d: defaultdict[object, object]) -> tuple[object, ...]:
    # defaultdict's own reduce calls cls(factory), which openpyxl's BoundDictionary and
    # DimensionHolder take for their first argument (reference, worksheet): rebuild them as
    # they are instead
    return _rebuild, (type(d), d.default_factory, dict(d.__dict__), dict(d))


def _pickled(book: Workbook) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, BoundDictionary: _reduce_defaultdict,
                              DimensionHolder: _reduce_defaultdict}
    pickler.dump(book)
    return out.getvalue()


def _load(src: Path) -> Workbook:
    """``openpyxl.load_workbook(src)``, parsed once per file content: unpickling a parsed book is
    ten times faster than parsing it, and the test runs every variant on every base."""
    data = Path(src).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _PARSED:
        if len(_PARSED) >= _CACHED:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = _pickled(openpyxl.load_workbook(io.BytesIO(data)))
    book: Workbook = pickle.loads(_PARSED[key])
    return book


def variant(change: Callable[[Workbook], None]) -> Variant:
    """``_book.variant`` with a cached parse: ``change(book)`` → ``variant(src, dst)`` that loads
    ``src``, changes it, saves ``dst`` and refuses ``src == dst``."""

    @functools.wraps(change)
    def build(src: Path, dst: Path) -> None:
        b.refuse_same(src, dst)
        book = _load(src)
        change(book)
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        book.save(dst)

    return build


# ── the base layout ──────────────────────────────────────────────────────────────────────────

# How each printed title ends (unit titles: 预算单位…, 表9 单位“三公”…; department: 部门…);
# 表4 before 表1 and the 功能分类 tables before 表2/表3 are told apart by the full ending.
TITLE_ENDS = {
    1: "财务收支预算总表",
    2: "收入预算总表",
    3: "支出预算总表",
    4: "财政拨款收支预算总表",
    5: "一般公共预算支出功能分类预算表",
    6: "政府性基金预算支出功能分类预算表",
    7: "国有资本经营预算支出功能分类预算表",
    8: "一般公共预算基本支出部门预算经济分类预算表",
    9: "“三公”经费和机关运行经费预算表",
}
YEAR = re.compile(r"(20\d\d)年")

# The budget system's export sheet names (tables.md §2, last column).
EXPORT_SHEETS = {
    "单位": ("2.15单位收支总表", "2.16单位收入总表", "2.17单位支出总表", "2.18单位财政拨款收支总表",
             "2.20单位一般公共预算拨款表", "2.21单位政府性基金拨款表",
             "2.22单位国有资本经营预算拨款表 ", "2.23单位一般公共预算拨款基本支出明细表",
             "2.25单位“三公”经费和机关运行费预算表"),
    "部门": ("3.15部门收支总表", "3.16部门收入总表", "3.17部门支出总表", "3.19部门财政拨款收支总表",
             "3.21部门一般公共预算支出功能分类预算表", "3.22部门政府性基金预算支出功能分类预算表",
             "3.23部门国有资本经营预算支出功能分类预算表",
             "3.24部门一般公共预算基本支出部门预算经济分类预算表",
             "3.25部门“三公”经费和机关运行经费预算表"),
}


def table_number(title: object) -> int | None:
    """The table a printed title names (表9 also without its year), or None."""
    if not isinstance(title, str):
        return None
    text = title.strip()
    for n in (4, 1, 5, 6, 7, 8, 9, 2, 3):
        if text.endswith(TITLE_ENDS[n]):
            return n
    return None


def tables(book: Workbook) -> dict[int, Worksheet]:
    """{1: sheet, …, 9: sheet} by the title in A2 of the base layout."""
    found = {}
    for ws in book.worksheets:
        n = table_number(ws["A2"].value)
        if n is not None:
            found[n] = ws
    if sorted(found) != list(range(1, 10)):
        raise ValueError(f"not a Shanghai base book: tables {sorted(found)}")
    return found


def level(book: Workbook) -> str:
    """"单位" or "部门", from 表2's title."""
    title = str(tables(book)[2]["A2"].value)
    return "部门" if "部门收入" in title else "单位"


@dataclass(frozen=True)
class Layout:
    """Rows and columns of one table sheet in the base layout."""

    n: int
    org: int  # the 编制单位 / 单位 line
    head: int  # the first header row
    first: int  # the first data row
    total: int  # the total row (表1/表4: 收入总计/支出总计; 表9: its one data row)
    width: int  # the last column
    codes: int  # code columns (表2/3/5/6/7: 3, 表8: 2, else 0)

    @property
    def name(self) -> int:
        return self.codes + 1

    @property
    def header_rows(self) -> range:
        return range(self.head, self.first)

    @property
    def data_rows(self) -> range:
        return range(self.first, self.total + 1)


def layout(ws: Worksheet, n: int) -> Layout:
    width = ws.max_column
    if n == 9:
        return Layout(9, 3, 4, 7, 7, width, 0)
    head = 6
    depth = {1: 4 if width == 7 else 2, 4: 2}.get(n, 3)
    first = head + depth
    label = "收入总计" if n in (1, 4) else "合计"
    total = next((r for r in range(first, ws.max_row + 1) if ws.cell(r, 1).value == label), None)
    if total is None:
        raise ValueError(f"{ws.title}: no {label} row")
    codes = {8: 2, 1: 0, 4: 0}.get(n, 3)
    return Layout(n, 4, head, first, total, width, codes)


def layouts(book: Workbook) -> Iterator[tuple[Layout, Worksheet]]:
    for n, ws in sorted(tables(book).items()):
        yield layout(ws, n), ws


def amount_cells(ws: Worksheet, lay: Layout) -> Iterator[Cell]:
    """The amount cells of the labelled data rows and the total row (blank grid rows and the
    two-sided tables' empty side excluded)."""
    for row in lay.data_rows:
        if lay.n == 9:
            yield from (ws.cell(row, c) for c in range(1, lay.width + 1))
        elif lay.n in (1, 4):
            if ws.cell(row, 1).value not in (None, ""):
                yield ws.cell(row, 2)
            if ws.cell(row, 3).value not in (None, ""):
                yield from (ws.cell(row, c) for c in range(4, lay.width + 1))
        elif any(ws.cell(row, c).value not in (None, "") for c in range(1, lay.name + 1)):
            yield from (ws.cell(row, c) for c in range(lay.name + 1, lay.width + 1))


def code_level(ws: Worksheet, lay: Layout, row: int) -> str | None:
    """"类", "款" or "项" of a coded row (the deepest filled code cell)."""
    filled = [name for name, col in zip("类款项", range(1, lay.codes + 1), strict=False)
              if ws.cell(row, col).value not in (None, "")]
    return filled[-1] if filled else None


def places(book: Workbook) -> int:
    """Decimals the book prints in 表1–8: 2 when any amount has cents, else 0."""
    for lay, ws in layouts(book):
        if lay.n != 9 and any(b.is_amount(c.value) and b.dec(c.value) % 1
                              for c in amount_cells(ws, lay)):
            return 2
    return 0


def notes(ws: Worksheet, lay: Layout) -> Iterator[Cell]:
    """Note cells below the grid (``注:…``)."""
    for row in range(lay.total + 1, ws.max_row + 1):
        cell = ws.cell(row, 1)
        if isinstance(cell.value, str) and cell.value.startswith(("注", "备注")):
            yield cell


def _unmerge(ws: Worksheet, keep: Callable[[tuple[int, int, int, int]], bool]) -> None:
    """Unmerge every range whose bounds ``keep`` rejects (the top-left cell keeps its text)."""
    for rng in list(ws.merged_cells.ranges):
        if not keep(rng.bounds):
            ws.unmerge_cells(str(rng))


def _reorder(book: Workbook, order: list[Worksheet]) -> None:
    for position, ws in enumerate(order):
        book.move_sheet(ws, position - book.index(ws))
    book.active = 0


def _rename(book: Workbook, names: dict[Worksheet, str]) -> None:
    """Rename in two steps, so a new name may be an old one."""
    for i, ws in enumerate(names):
        ws.title = f"__{i}"
    for ws, name in names.items():
        ws.title = name


# ── 1. sheets ────────────────────────────────────────────────────────────────────────────────


@variant
def sheets_appendix_names(book: Workbook) -> None:
    """Table sheets named 附表1 … 附表9 (narrative sheets keep their names): books assembled by
    hand that number the tables as appendices of the 说明.
    Reader: the nine tables by title and header, whatever the sheets are called."""
    _rename(book, {ws: f"附表{n}" for n, ws in tables(book).items()})


@variant
def sheets_generic(book: Workbook) -> None:
    """Every sheet, narrative ones too, named Sheet1 … SheetN in the base's order: sheets pasted
    one by one into a fresh workbook.
    Reader: the nine tables by title and header; the same budget."""
    _rename(book, {ws: f"Sheet{i}" for i, ws in enumerate(book.worksheets, start=1)})


@variant
def sheets_export_names(book: Workbook) -> None:
    """The budget system's export sheet names (``2.15单位收支总表`` … ``2.25…``,
    ``3.15部门收支总表`` … ``3.25部门“三公”经费和机关运行经费预算表``) on the base's tables.
    Reader: the same nine tables (sheet names are not trusted); the same budget."""
    names = EXPORT_SHEETS[level(book)]
    _rename(book, {ws: names[n - 1] for n, ws in tables(book).items()})


@variant
def sheets_shuffled(book: Workbook) -> None:
    """The sheets in a shuffled order (tables among the narrative, 表9 before 表1 …): books whose
    sheets were dragged around or exported in the system's menu order.
    Reader: every table by its title, in whatever position; the same budget."""
    order = list(book.worksheets)
    random.Random(9).shuffle(order)
    if order == list(book.worksheets):
        order.reverse()
    _reorder(book, order)


@variant
def tables_only(book: Workbook) -> None:
    """Only the nine table sheets (封面, 目录, 职能, 编制说明 … removed): an export of the tables
    alone, the 说明 being written in Word.
    Reader: the same nine tables; the year from the titles; the same budget."""
    keep = set(tables(book).values())
    for ws in list(book.worksheets):
        if ws not in keep:
            book.remove(ws)


# ── 2. titles and the lines around them ──────────────────────────────────────────────────────


@variant
def titles_without_year(book: Workbook) -> None:
    """Every table title without its year (``部门收入预算总表``); the cover (``上海市普陀区2025年
    区级部门预算``), the 目录 and the 编制说明 keep it: books whose template titles were never
    dated, the year standing on the cover.
    Reader: the year from the cover/目录 (or the 注 lines), the same profile and budget."""
    for ws in tables(book).values():
        ws["A2"] = YEAR.sub("", str(ws["A2"].value), count=1)


def _org_name(ws: Worksheet, lay: Layout) -> str:
    line = str(ws.cell(lay.org, 1).value or "")
    return re.sub(r"^编制(单位|部门)[：:]", "", line).strip()


@variant
def titles_org_prefix(book: Workbook) -> None:
    """Titles prefixed with the unit's name:
    ``上海市普陀区人民政府万里街道办事处2025年部门收入预算总表`` (``上海市财政局2025年预算单位…``):
    hand-made books that name the unit in every title, as the 福利院 cover does
    (``上海市普陀区社会福利院2024年单位预算``).
    Reader: the same nine tables (a title is recognised by its ending), the same budget."""
    for lay, ws in layouts(book):
        ws["A2"] = _org_name(ws, lay) + str(ws["A2"].value)


@variant
def title9_year_in_header(book: Workbook) -> None:
    """表9 titled without year (``部门“三公”经费和机关运行经费预算表``) and the year in its header
    cells instead (``2025年“三公”经费预算数``, ``2025年机关运行经\\n费预算数``), as 万里 2024
    and 福利院 2024 printed it.
    Reader: 表9 by its title and header, the same columns and amounts."""
    t9 = tables(book)[9]
    title = str(t9["A2"].value)
    year = YEAR.search(title) or YEAR.search(str(tables(book)[1]["A2"].value))
    assert year is not None, "no year in 表9 or 表1's title"
    t9["A2"] = YEAR.sub("", title, count=1)
    for coord, label, text in (("A4", "“三公”经费预算数", "“三公”经费预算数"),
                               ("G4", "机关运行经费预算数", "机关运行经\n费预算数")):
        value = str(t9[coord].value)
        if not YEAR.match(value):
            assert value == label, f"表9 {coord} is {value!r}"
            t9[coord] = f"{year.group(1)}年{text}"


@variant
def label_row_table_numbers(book: Workbook) -> None:
    """The 表号 label ``表1`` … ``表9`` in the empty row above every title (A1): books that number
    the tables as the 目录 does.
    Reader: a label line is no title; the same nine tables."""
    for n, ws in tables(book).items():
        ws["A1"] = f"表{n}"
        ws["A1"].alignment = Alignment(horizontal="left")


@variant
def form_labels_shifted(book: Workbook) -> None:
    """A row inserted at the top of every table sheet holding the export's form label
    (``部门预算01表`` … ``部门预算09表``, ``单位预算01表`` …) at the left: the whole table one row
    lower (title row 3, header from row 7).
    Reader: the form label is no title; the same nine tables one row lower; the same budget."""
    lv = level(book)
    for n, ws in tables(book).items():
        b.insert_rows(ws, 1)
        ws["A1"] = f"{lv}预算{n:02d}表"


@variant
def org_line_one_cell(book: Workbook) -> None:
    """The org line and the unit in one cell merged across the table:
    ``编制部门：上海市普陀区财政局　　　　单位：元`` (表9 ``…　　　　单位:万元``), the right-hand
    unit cell left empty: books typed by hand with the unit pushed right by full-width spaces.
    Reader: the same org name, the same printed unit (元; 表9 万元), the same budget."""
    for lay, ws in layouts(book):
        org, unit = ws.cell(lay.org, 1), ws.cell(lay.org, lay.width)
        text = f"{org.value}{IDEO * 4}{unit.value}"
        _unmerge(ws, lambda bounds, row=lay.org: bounds[1] != row)
        unit.value = None
        org.value = text
        ws.merge_cells(start_row=lay.org, start_column=1, end_row=lay.org, end_column=lay.width)


@variant
def leading_blank_rows_cols(book: Workbook) -> None:
    """Two empty rows above and one empty column left of every table (title row 4, header from
    row 8, codes from column B): sheets pasted at B3 of a fresh sheet, or with a margin column.
    Reader: the same tables shifted (empty rows and columns are no content); the same budget."""
    for ws in tables(book).values():
        b.insert_rows(ws, 1, 2)
        b.insert_columns(ws, 1, 1, width=3.0)


# ── 3. amounts ───────────────────────────────────────────────────────────────────────────────


@variant
def zeros_filled(book: Workbook) -> None:
    """Every empty amount cell of a labelled row written ``0`` (the 表6/表7 blank 合计 row too; 表9
    empty items ``0``): exports that print zeros (万里 2024/2025 print ``0`` in 收入预算总表).
    Reader: 0 is no money; blank tables stay blank; the same budget."""
    for lay, ws in layouts(book):
        for cell in amount_cells(ws, lay):
            if cell.value in (None, ""):
                cell.value = 0


@variant
def zeros_blank(book: Workbook) -> None:
    """Every zero amount left empty (万里 2023 收入预算总表, 市财政局 style).
    Reader: an empty amount cell is 0; the same budget."""
    for lay, ws in layouts(book):
        for cell in amount_cells(ws, lay):
            if b.is_amount(cell.value) and cell.value == 0:
                cell.value = None


@variant
def zeros_text(book: Workbook) -> None:
    """Every zero and empty amount of a labelled row stored as the text ``0.00`` (普陀区财政局 表8
    prints ``0.00``; a book pasted from the PDF keeps it as text).
    Reader: "0.00" is 0; blank tables stay blank; the same budget."""
    for lay, ws in layouts(book):
        for cell in amount_cells(ws, lay):
            if cell.value in (None, "") or (b.is_amount(cell.value) and cell.value == 0):
                cell.value = "0.00"
                cell.number_format = "@"


def _as_text(value: object, decimals: int) -> str:
    return f"{value if isinstance(value, Decimal) else b.dec(value):,.{decimals}f}"


@variant
def amounts_text_thousands(book: Workbook) -> None:
    """Every non-zero amount stored as text with thousands separators, as printed: ``"189,767,551"``
    (two-decimal books ``"31,214,205.80"``; 表9 in 万元 as printed, ``"37.91"``, ``"2,517.78"``):
    books copied from the PDF or exported with "numbers as text".
    Reader: the text is the amount; the same budget."""
    decimals = places(book)
    for lay, ws in layouts(book):
        for cell in amount_cells(ws, lay):
            if b.is_amount(cell.value) and cell.value != 0:
                value = b.dec(cell.value)
                digits = (-value.normalize().as_tuple().exponent if lay.n == 9 else decimals)
                cell.value = _as_text(value, max(int(digits), 0))
                cell.number_format = "@"


@variant
def amounts_text_two_decimals(book: Workbook) -> None:
    """Every non-zero amount stored as text with two decimals and separators
    (``"189,767,551.00"``; 表9 ``"15.00"``): integer-元 books re-keyed with cents.
    Reader: the same amounts; the same budget."""
    for lay, ws in layouts(book):
        for cell in amount_cells(ws, lay):
            if b.is_amount(cell.value) and cell.value != 0:
                cell.value = _as_text(cell.value, 2)
                cell.number_format = "@"


@variant
def amounts_float_noise(book: Workbook) -> None:
    """Amounts as sums computed in floating point (``4827156.000000001``, ``21.560000000000002``):
    exports whose cached values come from summing in binary, printed as ``#,##0.00``.
    Reader: amounts rounded to the cent; the same budget."""
    for lay, ws in layouts(book):
        for cell in amount_cells(ws, lay):
            if b.is_amount(cell.value) and cell.value != 0:
                value = float(cell.value)
                noisy = value + abs(value) * 2.0 ** -50
                assert abs(Decimal(noisy) - b.dec(cell.value)) < Decimal("0.0001")
                cell.value = noisy
                cell.number_format = "#,##0.00"


# ── 4. header text and merges ────────────────────────────────────────────────────────────────


@variant
def header_merges_removed(book: Workbook) -> None:
    """No merged cell in the header: every label in the top-left cell of its former merge, the
    other cells empty: exports that write a plain grid, and books whose merges were undone for
    sorting.
    Reader: the same header tree (a label spans to the next label), the same budget."""
    for lay, ws in layouts(book):
        _unmerge(ws, lambda bounds, lay=lay: bounds[1] not in lay.header_rows)


@variant
def all_merges_removed(book: Workbook) -> None:
    """No merged cell at all: title, org line, header, 合计 row and 注 line unmerged (the 合计
    label alone in column A).
    Reader: the same tables and rows (合计 in the code column is the total, not a code)."""
    for ws in tables(book).values():
        _unmerge(ws, lambda bounds: False)


_BREAKS = {
    "功能分类科目编码": "功能分类\n科目编码",
    "功能分类科目名称": "功能分类\n科目名称",
    "部门预算经济分类科目编码": "部门预算经济分类科目\n编码",
    "经济分类科目编码": "经济分类\n科目编码",
    "经济分类科目名称": "经济分类\n科目名称",
    "部门经济分类科目名称": "部门经济分类\n科目名称",
    "财政拨款收入": "财政拨款\n收入",
    "财政拨款支出": "财政拨款\n支出",
    "一般公共预算支出": "一般公共预算\n支出",
    "政府性基金预算支出": "政府性基金\n预算支出",
    "国有资本经营预算支出": "国有资本经营\n预算支出",
    "国有资本经营财政拨款预算支出": "国有资本经营财政\n拨款预算支出",
    "一般公共预算基本支出": "一般公共预算\n基本支出",
    "政府性基金预算": "政府性基金\n预算",
    "国有资本经营预算": "国有资本\n经营预算",
    "“三公”经费预算数": "“三公”经费\n预算数",
    "机关运行经费预算数": "机关运行经\n费预算数",
    "因公出国(境)费": "因公出国\n(境)费",
    "公务用车购置及运行费": "公务用车购置\n及运行费",
}


def _header_cells(book: Workbook) -> Iterator[Cell]:
    for lay, ws in layouts(book):
        for row in lay.header_rows:
            for col in range(1, lay.width + 1):
                cell = ws.cell(row, col)
                if isinstance(cell.value, str):
                    yield cell


@variant
def header_line_breaks(book: Workbook) -> None:
    """Line breaks inside header labels (``功能分类\\n科目编码``, ``部门预算经济分类科目\\n编码``,
    ``一般公共预算\\n支出``, ``机关运行经\\n费预算数``), wrapped: printed books and templates with
    narrow columns (Alt+Enter breaks).
    Reader: the same headers; the same columns and budget."""
    for cell in _header_cells(book):
        if cell.value in _BREAKS:
            cell.value = _BREAKS[cell.value]
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


_SPACED = {
    "项目": f"项{IDEO * 2}目",
    "预算数": "预 算 数",
    "合计": f"合{IDEO}计",
    "小计": f"小{IDEO}计",
    "本年收入": f"本年收入{IDEO}",
    "本年支出": f"{IDEO}本年支出",
    "收入预算": "收 入 预 算",
    "支出预算": "支 出 预 算",
    "人员经费": f"人员经费{IDEO}",
    "公用经费": f"{IDEO}公用经费",
}


@variant
def header_fullwidth_spaces(book: Workbook) -> None:
    """Spaces inside and around header labels: ``项　　目``, ``预 算 数``, ``合　计``,
    ``收 入 预 算``, a trailing full-width space after ``本年收入``: labels spread by hand to fill
    wide cells.
    Reader: spaces are not part of a label; the same headers and budget."""
    for cell in _header_cells(book):
        if cell.value in _SPACED:
            cell.value = _SPACED[cell.value]


# ── 5. rows ──────────────────────────────────────────────────────────────────────────────────

PAGE = 20  # data rows per printed page (header_repeated_pages)


@variant
def header_repeated_pages(book: Workbook) -> None:
    """The header rows repeated every 20 data rows in 表2/3/5–8 (merges and all), as a book
    converted from the PDF keeps the header printed on every page (print-title rows).
    Reader: a repeated header is no data row; the same rows and budget."""
    for lay, ws in layouts(book):
        if not lay.codes:
            continue
        depth = len(lay.header_rows)
        header = [b.snapshot(ws, r) for r in lay.header_rows]
        merges = [m.bounds for m in ws.merged_cells.ranges if m.bounds[1] in lay.header_rows]
        for at in reversed(range(lay.first + PAGE, lay.total, PAGE)):
            b.insert_rows(ws, at, depth)
            for offset, cells in enumerate(header):
                b.paste(ws, at + offset, cells)
            for c1, r1, c2, r2 in merges:
                ws.merge_cells(start_column=c1, start_row=r1 - lay.head + at,
                               end_column=c2, end_row=r2 - lay.head + at)


@variant
def blank_rows_between_lei(book: Workbook) -> None:
    """An empty row before every 类 row but the first in 表2/3/5–8: books converted from the PDF,
    and hand-made books that space the 类 blocks.
    Reader: empty rows are no rows; the same budget."""
    for lay, ws in layouts(book):
        if not lay.codes:
            continue
        leis = [r for r in range(lay.first + 1, lay.total) if code_level(ws, lay, r) == "类"]
        for row in reversed(leis):
            b.insert_rows(ws, row)


@variant
def two_sided_unpadded(book: Workbook) -> None:
    """表1/表4 without the template's empty rows: 收入总计/支出总计 directly under the last
    filled line (exports that print only the lines they have).
    Reader: the same lines and totals; the same budget."""
    for lay, ws in layouts(book):
        if lay.n not in (1, 4):
            continue
        empty = [r for r in range(lay.first, lay.total)
                 if all(ws.cell(r, c).value in (None, "") for c in range(1, lay.width + 1))]
        for row in reversed(empty):
            b.delete_rows(ws, row)


@variant
def total_label_in_name_column(book: Workbook) -> None:
    """The 合计 label of 表2/3/5–8 in the 科目名称 column, the code cells empty and unmerged:
    exports that write the total as a row named 合计.
    Reader: the 合计 row (no code) is the total; the same budget."""
    for lay, ws in layouts(book):
        if not lay.codes:
            continue
        _unmerge(ws, lambda bounds, row=lay.total: bounds[1] != row)
        ws.cell(lay.total, 1).value = None
        ws.cell(lay.total, lay.name).value = "合计"
        ws.cell(lay.total, lay.name).alignment = Alignment(horizontal="center")


# ── 6. row labels ────────────────────────────────────────────────────────────────────────────


@variant
def total_labels_spaced(book: Workbook) -> None:
    """Total rows labelled ``合 计`` (表2/3/5–8), ``收 入 总 计`` / ``支 出 总 计`` (表1/表4):
    totals spread with spaces as typed for print.
    Reader: those rows are the totals; the same budget."""
    for lay, ws in layouts(book):
        if lay.n == 9:
            continue
        for col in (1, 3) if lay.n in (1, 4) else (1,):
            cell = ws.cell(lay.total, col)
            cell.value = " ".join(str(cell.value))


# 表1/表4 income labels as the other level prints them (tables.md §4 表1, 表4)
_INCOME_T1 = {
    "1、一般公共预算资金": "1. 一般公共预算", "1、一般公共预算": "1. 一般公共预算资金",
    "2、政府性基金": "2. 政府性基金预算", "2、政府性基金预算": "2. 政府性基金",
    "3、国有资本经营预算": "3. 国有资本经营预算",
    "1. 一般公共预算资金": "1、一般公共预算", "1. 一般公共预算": "1、一般公共预算资金",
    "2. 政府性基金": "2、政府性基金预算", "2. 政府性基金预算": "2、政府性基金",
    "3. 国有资本经营预算": "3、国有资本经营预算",
}
_INCOME_T4 = {
    "一、一般公共预算资金": "一、一般公共预算", "一、一般公共预算": "一、一般公共预算资金",
    "二、政府性基金": "二、政府性基金预算", "二、政府性基金预算": "二、政府性基金",
}


@variant
def income_labels_swapped(book: Workbook) -> None:
    """表1/表4 income labels in the other spelling that occurs: ``1. 一般公共预算资金`` ↔
    ``1、一般公共预算``, ``2. 政府性基金`` ↔ ``2、政府性基金预算``, 表4 ``一、一般公共预算资金`` ↔
    ``一、一般公共预算``, ``二、政府性基金`` ↔ ``二、政府性基金预算`` (unit/department templates vs
    printed books, tables.md §4).
    Reader: the same income lines; the same budget."""
    for lay, ws in layouts(book):
        if lay.n not in (1, 4):
            continue
        renames = _INCOME_T1 if lay.n == 1 else _INCOME_T4
        for row in lay.data_rows:
            cell = ws.cell(row, 1)
            if cell.value in renames:
                cell.value = renames[cell.value]


_NUMERAL = re.compile(r"^[一二三四五六七八九十]+、")


def _expense_labels(book: Workbook) -> Iterator[tuple[Cell, str, str]]:
    """(cell, numeral, name) of every 表1/表4 expense 类 line (``一、一般公共服务支出``)."""
    for lay, ws in layouts(book):
        if lay.n not in (1, 4):
            continue
        for row in range(lay.first, lay.total):
            cell = ws.cell(row, 3)
            match = _NUMERAL.match(str(cell.value or ""))
            if match:
                yield cell, match.group(0)[:-1], str(cell.value)[match.end():]


@variant
def expense_rows_paren_numbered(book: Workbook) -> None:
    """表1/表4 expense 类 lines numbered ``（一）一般公共服务支出``, ``（二）公共安全支出`` …
    instead of ``一、…``: books numbered by hand in the 说明's style.
    Reader: the same 类 (matched by name); the same budget."""
    for cell, numeral, name in _expense_labels(book):
        cell.value = f"（{numeral}）{name}"


@variant
def expense_rows_unnumbered(book: Workbook) -> None:
    """表1/表4 expense 类 lines without numeral (``一般公共服务支出``): exports that print the 类
    name only.
    Reader: the same 类; the same budget."""
    for cell, _, name in _expense_labels(book):
        cell.value = name


@variant
def names_indented(book: Workbook) -> None:
    """科目名称 indented with full-width spaces by level (款 ``　　财政事务``,
    项 ``　　　　行政运行``) in 表2/3/5–8: exports that indent the tree with U+3000 instead of
    cell indentation.
    Reader: the same names (leading spaces are no part of a name); the same budget."""
    for lay, ws in layouts(book):
        if not lay.codes:
            continue
        for row in range(lay.first, lay.total):
            depth = {"款": 2, "项": 4}.get(code_level(ws, lay, row) or "", 0)
            cell = ws.cell(row, lay.name)
            if depth and isinstance(cell.value, str):
                cell.value = IDEO * depth + cell.value


@variant
def codes_numeric(book: Workbook) -> None:
    """款/项 codes stored as numbers, losing the leading zero (``201 | 6 | 1`` for 201 06 01,
    表8 ``301 | 2``): a column whose text format was lost (万里 2024 表8 prints ``301 | 2``).
    Reader: 5 in the 款 column is 05; the same codes and budget."""
    for lay, ws in layouts(book):
        for row in range(lay.first, lay.total):
            for col in range(2, lay.codes + 1):
                cell = ws.cell(row, col)
                if isinstance(cell.value, str) and cell.value.isdigit():
                    cell.value = int(cell.value)
                    cell.number_format = "General"


@variant
def codes_text(book: Workbook) -> None:
    """类 codes stored as text (``'201'``, ``'301'``) like the 款/项 cells: exports that write
    every code column as text.
    Reader: the same codes; the same budget."""
    for lay, ws in layouts(book):
        for row in range(lay.first, lay.total):
            cell = ws.cell(row, 1)
            if lay.codes and isinstance(cell.value, int):
                cell.value = str(cell.value)
                cell.number_format = "@"


# ── 7. notes ─────────────────────────────────────────────────────────────────────────────────


@variant
def notes_colon_swapped(book: Workbook) -> None:
    """The blank-table notes with the other colon: ``注:`` → ``注：`` (full-width, 万里 2023) and
    ``注：`` → ``注:``.
    Reader: the same notes; the same findings on them."""
    for lay, ws in layouts(book):
        for cell in notes(ws, lay):
            text = str(cell.value)
            cell.value = ("注：" + text[2:]) if text.startswith("注:") else (
                "注:" + text[2:] if text.startswith("注：") else text)


@variant
def notes_beizhu(book: Workbook) -> None:
    """The blank-table notes headed ``备注：`` instead of ``注:`` / ``注：``: templates whose note
    row is labelled 备注.
    Reader: the same notes (备注 is a note); the same findings on them."""
    for lay, ws in layouts(book):
        for cell in notes(ws, lay):
            text = str(cell.value)
            if text.startswith(("注:", "注：")):
                cell.value = "备注：" + text[2:]


# ── registry ─────────────────────────────────────────────────────────────────────────────────

SHANGHAI_VARIANTS: list[tuple[str, Variant]] = [
    (fn.__name__, fn) for fn in (
        sheets_appendix_names,
        sheets_generic,
        sheets_export_names,
        sheets_shuffled,
        tables_only,
        titles_without_year,
        titles_org_prefix,
        title9_year_in_header,
        label_row_table_numbers,
        form_labels_shifted,
        org_line_one_cell,
        leading_blank_rows_cols,
        zeros_filled,
        zeros_blank,
        zeros_text,
        amounts_text_thousands,
        amounts_text_two_decimals,
        amounts_float_noise,
        header_merges_removed,
        all_merges_removed,
        header_line_breaks,
        header_fullwidth_spaces,
        header_repeated_pages,
        blank_rows_between_lei,
        two_sided_unpadded,
        total_label_in_name_column,
        total_labels_spaced,
        income_labels_swapped,
        expense_rows_paren_numbered,
        expense_rows_unnumbered,
        names_indented,
        codes_numeric,
        codes_text,
        notes_colon_swapped,
        notes_beizhu,
    )
]

BY_NAME: dict[str, Variant] = dict(SHANGHAI_VARIANTS)


def detail_cells(book: Workbook) -> list[tuple[str, str, Decimal]]:
    """(sheet, cell, amount) of every non-zero amount on a 项 row of 表2/3/5 or a 款 row of 表8 —
    leaves of every sum they are in — in table/row/column order."""
    found = []
    for lay, ws in layouts(book):
        leaf = {2: "项", 3: "项", 5: "项", 8: "款"}.get(lay.n)
        if leaf is None:
            continue
        for row in range(lay.first, lay.total):
            if code_level(ws, lay, row) != leaf:
                continue
            for col in range(lay.name + 1, lay.width + 1):
                cell = ws.cell(row, col)
                if b.is_amount(cell.value) and cell.value != 0:
                    found.append((ws.title, cell.coordinate, b.dec(cell.value)))
    return found

