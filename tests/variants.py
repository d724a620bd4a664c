"""Layout variations of published-layout workbooks, one function each, for the reader's tests.

Every variation takes the path of a valid published-layout workbook (``samples/published/*.xlsx``:
sheets 表1…表11, row 1 label, row 2 title, row 3 编制单位/单位, header rows 4–5 (表11: 4–6), data
from row 6 (表11: 7)) and a destination path, and writes a mutated copy; the source is never
touched. Each docstring says which real exports look like that. ``VARIANTS`` lists
(name, function, base file name) and ``UNEVALUABLE`` the cell that ``unevaluable_formula`` breaks.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

YEAR = 2024  # all three bases are 2024 publications
WAN = Decimal(10000)
CODED = (2, 3, 5, 7)  # tables with 功能分类 类/款/项 columns and amounts
SUBTOTALLED = (2, 3, 5)  # tables listing 类, 款 and 项 rows
UNEVALUABLE = ("表3", "F8")  # 002: 表3 2010301 行政运行, 基本支出

Variant = Callable[[Path, Path], None]


def _variant(change: Callable[[Workbook], None]) -> Variant:
    """Turn ``change(book)`` into ``variant(src, dst)`` that loads, changes and saves a copy."""

    @functools.wraps(change)
    def build(src: Path, dst: Path) -> None:
        if Path(src).resolve() == Path(dst).resolve():
            raise ValueError(f"refusing to overwrite the base {src}")
        book = openpyxl.load_workbook(src)
        change(book)
        book.save(dst)

    return build


# ── helpers (they read the base layout: sheets 表N, data from row 6, 表11 from row 7) ─────────


def _tables(book: Workbook) -> Iterator[tuple[int, Worksheet]]:
    for ws in book.worksheets:
        yield int(ws.title.removeprefix("表")), ws


def _data_rows(ws: Worksheet, number: int) -> range:
    return range(7 if number == 11 else 6, ws.max_row + 1)


def _is_amount(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _num(value: object) -> Decimal:
    if value is None:
        return Decimal(0)
    if not _is_amount(value):
        raise ValueError(f"not an amount: {value!r}")
    return Decimal(str(value))


def _amount_cells(ws: Worksheet, number: int) -> list[Cell]:
    rows = ws.iter_rows(min_row=_data_rows(ws, number).start)
    return [cell for row in rows for cell in row if _is_amount(cell.value)]


def _amount_columns(ws: Worksheet, number: int) -> range:
    """From the first column holding a number to the right edge."""
    cells = _amount_cells(ws, number)
    return range(min(c.column for c in cells), ws.max_column + 1) if cells else range(0)


def _code_columns(ws: Worksheet) -> dict[str, int]:
    return {c.value: c.column for c in ws[5] if c.value in ("类", "款", "项")}


def _find(ws: Worksheet, text: str, rows: range | None = None) -> Cell:
    lines = ws.iter_rows(min_row=rows.start, max_row=rows.stop - 1) if rows else ws.iter_rows()
    return next(cell for line in lines for cell in line if cell.value == text)


def _total_label(ws: Worksheet, number: int) -> Cell:
    return _find(ws, "合计", _data_rows(ws, number))


def _restructure(ws: Worksheet, axis: str, index: int, amount: int) -> None:
    """Insert (amount > 0) or delete (amount < 0) rows or columns at ``index``, merges included."""
    merges = [rng.bounds for rng in ws.merged_cells.ranges]  # (min_col, min_row, max_col, max_row)
    for bounds in merges:
        ws.unmerge_cells(start_column=bounds[0], start_row=bounds[1],
                         end_column=bounds[2], end_row=bounds[3])
    if axis == "row":
        (ws.insert_rows if amount > 0 else ws.delete_rows)(index, abs(amount))
    else:
        (ws.insert_cols if amount > 0 else ws.delete_cols)(index, abs(amount))
    gone = range(index, index - amount) if amount < 0 else range(0)

    def low(i: int) -> int:
        return i if i < index else (index if i in gone else i + amount)

    def high(i: int) -> int:
        return i if i < index else (index - 1 if i in gone else i + amount)

    for c1, r1, c2, r2 in merges:
        if axis == "row":
            r1, r2 = low(r1), high(r2)
        else:
            c1, c2 = low(c1), high(c2)
        if (r1, c1) != (r2, c2) and r1 <= r2 and c1 <= c2:
            ws.merge_cells(start_column=c1, start_row=r1, end_column=c2, end_row=r2)


# ── 1. sheet names ───────────────────────────────────────────────────────────────────────────


@_variant
def sheets_titled(book: Workbook) -> None:
    """Sheets named by their titles ("单位收入总体情况表"): budget-system exports that name each
    sheet after its report, and books assembled from one-file-per-table exports."""
    for ws in book.worksheets:
        ws.title = str(ws["A2"].value)


@_variant
def sheets_numbered_shuffled(book: Workbook) -> None:
    """Sheets named Sheet1…SheetN in an order unrelated to the tables: tables pasted one by one
    into a fresh workbook in the order they were finished."""
    order = list(book.worksheets)
    random.Random(2024).shuffle(order)
    for position, ws in enumerate(order):
        book.move_sheet(ws, position - book.index(ws))
        ws.title = f"Sheet{position + 1}"


# ── 2–5. codes ───────────────────────────────────────────────────────────────────────────────


@_variant
def codes_as_numbers(book: Workbook) -> None:
    """类/款/项 cells stored as numbers, leading zeros lost (201, 款 "03" → 3, 项 "01" → 1):
    exports whose code cells are General-formatted, and books retyped by hand."""
    for number, ws in _tables(book):
        for col in _code_columns(ws).values():
            for row in _data_rows(ws, number):
                cell = ws.cell(row, col)
                if isinstance(cell.value, str) and cell.value.isdigit():
                    cell.value = int(cell.value)


def _combine_codes(book: Workbook, convert: Callable[[str], object]) -> None:
    for number in CODED:
        ws = book[f"表{number}"]
        for row in _data_rows(ws, number):
            code = "".join(str(ws.cell(row, col).value or "") for col in (1, 2, 3))
            ws.cell(row, 1).value = convert(code) if code else None
        _restructure(ws, "col", 2, -2)
        ws["A4"], ws["A5"] = "功能分类科目编码", None
        ws.merge_cells("A4:A5")


@_variant
def combined_code_column(book: Workbook) -> None:
    """One code column ("201", "20103", "2010301") instead of 类/款/项 in 表2/3/5/7, headed
    功能分类科目编码 over both header rows: provincial systems that export the full code."""
    _combine_codes(book, str)


@_variant
def combined_code_column_int(book: Workbook) -> None:
    """As ``combined_code_column`` with the codes stored as numbers (201, 20103, 2010301)."""
    _combine_codes(book, int)


@_variant
def codes_blank_when_repeated(book: Workbook) -> None:
    """类 left blank on 款 and 项 rows and 款 blank on 项 rows ("same as above"): exports with
    repeated values suppressed, and books tidied by hand for print."""
    for number, ws in _tables(book):
        columns = _code_columns(ws).values()
        for row in _data_rows(ws, number):
            filled = [ws.cell(row, col) for col in columns if ws.cell(row, col).value]
            for cell in filled[:-1]:
                cell.value = None


@_variant
def only_xiang_rows(book: Workbook) -> None:
    """表2/3/5 list only 项 rows and 合计, no 类/款 subtotal rows: exports of the detail level."""
    for number in SUBTOTALLED:
        ws = book[f"表{number}"]
        columns = _code_columns(ws)
        for row in reversed(_data_rows(ws, number)):
            if ws.cell(row, columns["类"]).value and not ws.cell(row, columns["项"]).value:
                _restructure(ws, "row", row, -1)


# ── 6, 7, 12. amounts ────────────────────────────────────────────────────────────────────────


def _to_yuan(ws: Worksheet, number: int) -> None:
    for cell in _amount_cells(ws, number):
        yuan = _num(cell.value) * WAN
        if yuan != yuan.to_integral_value():
            raise ValueError(f"{ws.title}!{cell.coordinate} has more than two decimals")
        cell.value = int(yuan)
    _find(ws, "单位：万元").value = "单位：元"


@_variant
def yuan_table7(book: Workbook) -> None:
    """表7 in 元 ("单位：元", every amount × 10000) in a 万元 book: a project table exported from
    the project library, which works in 元."""
    _to_yuan(book["表7"], 7)


@_variant
def yuan_book(book: Workbook) -> None:
    """The whole book in 元: budget systems whose export unit was left at 元."""
    for number, ws in _tables(book):
        _to_yuan(ws, number)


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_TEXTS: tuple[Callable[[Decimal], str], ...] = (
    lambda d: f"{d:,.2f}",  # 1,234.56
    lambda d: f"{d:.2f}".translate(_FULL_WIDTH),  # １２３４.５６
    lambda d: f"{d:.2f}".replace(".", ". "),  # 432. 18
    lambda d: f" {d:.2f} ",
    str,  # plain text, no formatting
)


@_variant
def text_numbers(book: Workbook) -> None:
    """Amounts stored as text ("1,234.56", full-width digits, stray spaces) and zeros as "-" or
    "—": books pasted from PDF or Word, or typed with an IME in full-width mode."""
    for number, ws in _tables(book):
        columns, amounts = _amount_columns(ws, number), _amount_cells(ws, number)
        for row in sorted({cell.row for cell in amounts}):  # zeros on rows that have amounts
            for col in columns:
                if ws.cell(row, col).value is None:
                    ws.cell(row, col).value = "-" if col % 2 else "—"
        for index, cell in enumerate(amounts):
            if index % 6 < len(_TEXTS):
                cell.value = _TEXTS[index % 6](_num(cell.value))


@_variant
def whole_wanyuan(book: Workbook) -> None:
    """Every amount rounded half-up to whole 万元, each cell on its own (totals not recomputed):
    books that publish integer 万元."""
    for number, ws in _tables(book):
        for cell in _amount_cells(ws, number):
            cell.value = int(_num(cell.value).quantize(Decimal(1), ROUND_HALF_UP))


# ── 8–10. rows, labels, headers ──────────────────────────────────────────────────────────────


@_variant
def spacer_rows(book: Workbook) -> None:
    """A blank row after every second data row: contents deleted instead of rows, or exports
    that separate groups with an empty line."""
    for number, ws in _tables(book):
        if number not in (1, 4):
            for row in reversed(_data_rows(ws, number)[2::2]):
                _restructure(ws, "row", row, 1)


_SPACED = {"合计": "合 计", "总计": "总 计", "收入总计": "收 入 总 计", "支出总计": "支 出 总 计",
           "项目": "项 目"}


@_variant
def letter_spaced_labels(book: Workbook) -> None:
    """Labels spread with spaces ("合 计", "收 入 总 计", header "项 目"), typed to fill the
    cell width in books formatted by hand."""
    for ws in book.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value in _SPACED:
                    cell.value = _SPACED[cell.value]


@_variant
def label_in_title(book: Workbook) -> None:
    """The table label in the title cell ("表2 单位收入总体情况表"), row 1 left blank."""
    for ws in book.worksheets:
        ws["A2"], ws["A1"] = f"{ws['A1'].value} {ws['A2'].value}", None


@_variant
def label_absent(book: Workbook) -> None:
    """No 表N label row: the title is row 1, as most budget-system exports start."""
    for ws in book.worksheets:
        _restructure(ws, "row", 1, -1)


@_variant
def title_with_unit_year(book: Workbook) -> None:
    """Title prefixed with unit and year ("阿图什工业园区管理委员会2024年单位收入总体情况表")."""
    for ws in book.worksheets:
        unit = str(ws["A3"].value).removeprefix("编制单位：")
        ws["A2"] = f"{unit}{YEAR}年{ws['A2'].value}"


@_variant
def unit_line_two_rows(book: Workbook) -> None:
    """编制单位 on one row and "单位：万元" on the next (right-aligned): two-line page headers."""
    for ws in book.worksheets:
        _restructure(ws, "row", 4, 1)
        unit = _find(ws, "单位：万元")
        ws.cell(4, unit.column).value, unit.value = unit.value, None


@_variant
def blank_row_above(book: Workbook) -> None:
    """An empty first row above the label: exports that leave a top margin row."""
    for ws in book.worksheets:
        _restructure(ws, "row", 1, 1)


@_variant
def blank_row_before_header(book: Workbook) -> None:
    """An empty row between the unit line and the header."""
    for ws in book.worksheets:
        _restructure(ws, "row", 4, 1)


@_variant
def shifted_right(book: Workbook) -> None:
    """Every table one column to the right (column A empty): exports with a margin column."""
    for ws in book.worksheets:
        _restructure(ws, "col", 1, 1)


@_variant
def three_row_header(book: Workbook) -> None:
    """Header rows 4–6 where the base has 4–5: the top row's labels (groups such as
    功能分类科目编码, 财政拨款（补助）, 收入) repeated in an inserted row and merged with it, so
    they span two rows above 类/款/项 and 小计…; single-column labels span all three rows."""
    for number, ws in _tables(book):
        if number == 11:
            continue  # already three header rows
        _restructure(ws, "row", 5, 1)
        for rng in list(ws.merged_cells.ranges):
            if rng.min_row == rng.max_row == 4:
                ws.unmerge_cells(rng.coord)
                ws.merge_cells(start_row=4, start_column=rng.min_col, end_row=5,
                               end_column=rng.max_col)


# ── 11, 13. formulas ─────────────────────────────────────────────────────────────────────────


def _set_if_equal(cell: Cell, formula: str, value: Decimal) -> None:
    """Write ``formula`` where it evaluates to the printed value (the bases are not all exact)."""
    if value == _num(cell.value):
        cell.value = formula


def _grand_total_formulas(ws: Worksheet, number: int) -> None:
    """合计 row =SUM over the 类 rows."""
    total, codes = _total_label(ws, number).row, _code_columns(ws)
    tops = [r for r in _data_rows(ws, number)
            if ws.cell(r, codes["类"]).value and not ws.cell(r, codes["款"]).value]
    for col in _amount_columns(ws, number):
        letter = get_column_letter(col)
        refs = ",".join(f"{letter}{r}" for r in tops)
        _set_if_equal(ws.cell(total, col), f"=SUM({refs})",
                      sum((_num(ws.cell(r, col).value) for r in tops), Decimal(0)))


def _row_total_formulas(ws: Worksheet, number: int) -> None:
    """Row totals: first amount column = other top-level columns (=F7+G7, or =SUM(G7:P7));
    a group's first column (小计) = the rest of the group."""
    columns = _amount_columns(ws, number)
    tops = [c for c in columns if ws.cell(4, c).value is not None]
    rules = [(tops[0], tops[1:])] + [
        (r.min_col, list(range(r.min_col + 1, r.max_col + 1))) for r in ws.merged_cells.ranges
        if r.min_row == r.max_row == 4 and r.min_col in columns]
    total_row = _total_label(ws, number).row
    for row in _data_rows(ws, number):
        for target, parts in rules if row < total_row else ():
            refs = [f"{get_column_letter(c)}{row}" for c in parts]
            contiguous = parts == list(range(parts[0], parts[-1] + 1))
            formula = f"=SUM({refs[0]}:{refs[-1]})" if len(refs) > 5 and contiguous else (
                "=" + "+".join(refs))
            _set_if_equal(ws.cell(row, target), formula,
                          sum((_num(ws.cell(row, c).value) for c in parts), Decimal(0)))


def _table1_formulas(book: Workbook) -> None:
    """表1 支出总计 ='表3'!E32 (the 合计 of 表3), 收入总计 = 一、本年收入 + 二、上年结转结余."""
    t1, t3 = book["表1"], book["表3"]
    label = _total_label(t3, 3)
    t3_total = t3.cell(label.row, label.column + 1)
    spent = _find(t1, "支出总计")
    _set_if_equal(t1.cell(spent.row, spent.column + 1), f"='表3'!{t3_total.coordinate}",
                  _num(t3_total.value))
    income, current, carried = (_find(t1, text) for text in ("收入总计", "一、本年收入",
                                                            "二、上年结转结余"))
    col = get_column_letter(income.column + 1)
    _set_if_equal(t1.cell(income.row, income.column + 1), f"={col}{current.row}+{col}{carried.row}",
                  _num(t1.cell(current.row, income.column + 1).value)
                  + _num(t1.cell(carried.row, income.column + 1).value))


@_variant
def formula_totals(book: Workbook) -> None:
    """Totals as formulas without cached values — 合计 =SUM(E6,E13,…) over the 类 rows, row
    totals =F7+G7, 表1 支出总计 ='表3'!E32: books built in Excel and saved by a tool that never
    calculates (openpyxl, some exporters), so no cached value is stored."""
    _table1_formulas(book)
    for number in (*CODED, 6):
        ws = book[f"表{number}"]
        _grand_total_formulas(ws, number)
        _row_total_formulas(ws, number)


@_variant
def unevaluable_formula(book: Workbook) -> None:
    """One amount cell (表3!F8) holding =VLOOKUP(A1,B:C,2,0) with no cached value: a lookup into
    another workbook that was pasted as a formula and never recalculated."""
    sheet, cell = UNEVALUABLE
    book[sheet][cell] = "=VLOOKUP(A1,B:C,2,0)"


VARIANTS: list[tuple[str, Variant, str]] = [
    ("sheets_titled", sheets_titled, "002.xlsx"),
    ("sheets_numbered_shuffled", sheets_numbered_shuffled, "004.xlsx"),
    ("codes_as_numbers", codes_as_numbers, "000.xlsx"),
    ("codes_as_numbers_002", codes_as_numbers, "002.xlsx"),
    ("combined_code_column", combined_code_column, "002.xlsx"),
    ("combined_code_column_int", combined_code_column_int, "004.xlsx"),
    ("codes_blank_when_repeated", codes_blank_when_repeated, "000.xlsx"),
    ("only_xiang_rows", only_xiang_rows, "002.xlsx"),
    ("yuan_table7", yuan_table7, "002.xlsx"),
    ("yuan_book", yuan_book, "000.xlsx"),
    ("text_numbers", text_numbers, "004.xlsx"),
    ("text_numbers_002", text_numbers, "002.xlsx"),
    ("spacer_rows", spacer_rows, "002.xlsx"),
    ("letter_spaced_labels", letter_spaced_labels, "000.xlsx"),
    ("label_in_title", label_in_title, "004.xlsx"),
    ("label_absent", label_absent, "002.xlsx"),
    ("title_with_unit_year", title_with_unit_year, "000.xlsx"),
    ("unit_line_two_rows", unit_line_two_rows, "004.xlsx"),
    ("blank_row_above", blank_row_above, "002.xlsx"),
    ("blank_row_before_header", blank_row_before_header, "000.xlsx"),
    ("shifted_right", shifted_right, "000.xlsx"),
    ("three_row_header", three_row_header, "002.xlsx"),
    ("formula_totals", formula_totals, "002.xlsx"),
    ("formula_totals_000", formula_totals, "000.xlsx"),
    ("whole_wanyuan", whole_wanyuan, "002.xlsx"),
    ("unevaluable_formula", unevaluable_formula, "002.xlsx"),
]
