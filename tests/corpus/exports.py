"""Export variants of a correct published-layout workbook: what real budget-system exports and
hand-made books look like, one function per variation.

Each function is ``name(src: Path, dst: Path) -> None``: it reads a base in the published layout
(``samples/published/000.xlsx``, ``002.xlsx``, ``004.xlsx``; see ``_book``), writes the variant to
``dst`` and never touches ``src`` (it refuses ``src == dst``). ``EXPORT_VARIANTS`` lists
(name, function, base file name). Every variant is deterministic (same input, same output), so a
typo made in the base shows up in exactly one cell of the variant (``typos.typos_in_variant``).

What a correct reader must conclude is the same budget as the base's — the same tables, codes,
names and amounts — so a correct checker reports exactly the base's own findings (000: no error,
002: no error, 004: one error, T5.name at 表5 201 一般公共预算支出), at the cells of the new
layout. Two variants change amounts on purpose and say how (``AMOUNTS_CHANGED``).

These complement ``tests/variants.py`` (sheet names, combined codes, 元 tables, text numbers,
spacer rows, letter-spaced labels, formula totals …) and do not repeat them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from . import _book as b
from ._book import Variant, variant

# ── 1. header and label text ─────────────────────────────────────────────────────────────────

_HEADER_BREAKS = {
    "功能分类科目编码": "功能分类\n科目编码",
    "功能分类科目名称": "功能分类\n科目名称",
    "经济分类科目编码": "经济分类\n科目编码",
    "经济分类科目名称": "经济分类\n科目名称",
    "科目编码": "科目\n编码",
    "科目名称": "科目\n名称",
    "项目名称": "项目\n名称",
    "项目支出合计": "项目支出\n合计",
    "财政拨款（补助）": "财政拨款\n（补助）",
    "财政专户（教育收费）": "财政专户\n（教育收费）",
    "财政专户（教育费）": "财政专户\n（教育费）",
    "上级一般公共预算安排的转移支付": "上级一般公共预算\n安排的转移支付",
    "上级政府性基金安排的转移支付": "上级政府性基金\n安排的转移支付",
    "上级国有资本经营预算安排的转移支付": "上级国有资本经营\n预算安排的转移支付",
    "非财政拨款结转结余": "非财政拨款\n结转结余",
    "财政拨款结转": "财政拨款\n结转",
    "资本性支出（基本建设）": "资本性支出\n（基本建设）",
    "对企业补助（基本建设）": "对企业补助\n（基本建设）",
    "对个人和家庭的补助": "对个人和\n家庭的补助",
    "债务利息及费用支出": "债务利息及\n费用支出",
    "对社会保障基金补助": "对社会保障\n基金补助",
    "“三公”经费支出内容": "“三公”经费\n支出内容",
    "三公支出内容": "三公支出\n内容",
    "一般公共预算": "一般公共\n预算",
    "政府性基金预算": "政府性\n基金预算",
    "国有资本经营预算": "国有资本\n经营预算",
    "财政拨款收入": "财政拨款\n收入",
    "财政拨款支出": "财政拨款\n支出",
}


@variant
def header_line_breaks(book: Workbook) -> None:
    """Line breaks inside header labels ("功能分类\\n科目编码", "上级一般公共预算\\n安排的转移支付",
    "项目支出\\n合计"), wrapped: budget-system exports (e.g. the 新疆/财政部 预算管理一体化
    system) that size header cells to narrow columns with Alt+Enter breaks.
    Reader: the same headers, hence the same columns and the same budget."""
    for n, ws in b.tables(book):
        for row in b.header_rows(n):
            for cell in ws[row]:
                if isinstance(cell.value, str) and cell.value in _HEADER_BREAKS:
                    cell.value = _HEADER_BREAKS[cell.value]
                    cell.alignment = Alignment(horizontal="center", vertical="center",
                                               wrap_text=True)


_IDEO = "\u3000"  # full-width (ideographic) space
_SPREAD = {"合计": f"合{_IDEO}计", "总计": f"总{_IDEO}计", "项目": f"项{_IDEO}目",
           "小计": f"小{_IDEO}计", "收入总计": f"收入总计{_IDEO}", "支出总计": f"支出总计{_IDEO}"}


@variant
def fullwidth_spaces(book: Workbook) -> None:
    """Full-width spaces: "合　计", "总　计", "小　计", header "项　目", a trailing one after
    收入总计/支出总计, and 科目名称 indented with full-width spaces by level (款 "　　商贸事务",
    项 "　　　　招商引资"; 表1 其中 lines "　　上级…"): books typed with a Chinese IME in
    full-width mode, and exports that indent the tree with U+3000 instead of cell indentation.
    Reader: the same labels and names (full-width space is a space), the same budget."""
    for n, ws in b.tables(book):
        for line in ws.iter_rows(min_row=4):
            for cell in line:
                if isinstance(cell.value, str) and cell.value in _SPREAD:
                    cell.value = _SPREAD[cell.value]
        if n in (2, 3, 5, 6, 7):
            name = b.name_column(n)
            for row in b.data_rows(ws, n):
                depth = {"款": 2, "项": 4}.get(b.level(ws, row) or "", 0)
                cell = ws.cell(row, name)
                if depth and isinstance(cell.value, str):
                    cell.value = _IDEO * depth + cell.value
        if n == 1:
            for row in b.data_rows(ws, n):
                cell = ws.cell(row, 1)
                text = cell.value
                if isinstance(text, str) and not text.startswith(("一、", "二、", "收入")) and not (
                        text[:1].isdigit()):
                    cell.value = _IDEO * 2 + text


_CN = "一二三四五六七八九十"


def _cn(i: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十."""
    if i <= 10:
        return _CN[i - 1]
    tens, ones = divmod(i, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


def _renumber_t1(text: str) -> str:
    """表1 income labels: "1.一般公共预算拨款" (or "1. 一般…") → "（一）一般公共预算拨款"."""
    stripped = text.strip()
    head, dot, rest = stripped.partition(".")
    if dot and head.isdigit():
        return f"（{_cn(int(head))}）{rest.strip()}"
    return stripped


@variant
def row_label_numbering(book: Workbook) -> None:
    """Other numbering on row labels: 表1 "（一）一般公共预算拨款" for "1.一般公共预算拨款" and
    "其中：" on every part of a group, not only the first; 表4 "1.一般公共预算"…;
    表10 "1.因公出国（境）费", "2.公务接待费", "3.公务用车购置及运行费", "其中：公务用车运行费":
    templates of other prefectures and books numbered by hand.
    Reader: the same income lines and 三公 items, the same budget."""
    t1 = book["表1"]
    in_group = False
    for row in b.data_rows(t1, 1):
        cell = t1.cell(row, 1)
        if not isinstance(cell.value, str):
            continue
        text = cell.value.strip()
        if text.startswith("其中："):
            in_group = True
        elif text[:1].isdigit() or text.startswith(("一、", "二、", "收入")):
            in_group = False
        elif in_group:
            text = "其中：" + text
        cell.value = _renumber_t1(text)
    t4 = book["表4"]
    for index, label in enumerate(("一般公共预算", "政府性基金预算", "国有资本经营预算"), start=1):
        cell = b.label_cell(t4, 4, (label,))
        if cell is not None:
            cell.value = f"{index}.{label}"
    t10 = book["表10"]
    renames = {"因公出国（境）费": "1.因公出国（境）费", "公务接待费": "2.公务接待费",
               "公务用车购置及运行费（小计）": "3.公务用车购置及运行费",
               "公务用车运行费": "其中：公务用车运行费"}
    for row in b.data_rows(t10, 10):
        cell = t10.cell(row, 1)
        if isinstance(cell.value, str) and cell.value in renames:
            cell.value = renames[cell.value]


def _relabel_totals(book: Workbook, numbers: tuple[int, ...], label: str) -> None:
    for n, ws in b.tables(book):
        if n in numbers and (cell := b.label_cell(ws, n)) is not None:
            cell.value = label


@variant
def total_row_xiaoji(book: Workbook) -> None:
    """The grand-total row labelled "小计" in 表2/3/5/6/7/11: exports whose report template
    reuses its subtotal row style for the table total.
    Reader: that row is the table's 合计 (not a subtotal of a group), the same budget."""
    _relabel_totals(book, (2, 3, 5, 6, 7, 11), "小计")


@variant
def total_row_zongji(book: Workbook) -> None:
    """The grand-total row labelled "总计" in 表2/3/5/6/7 (表2 also has a 总计 column):
    templates that call every table total 总计.
    Reader: that row is the table's 合计, the same budget."""
    _relabel_totals(book, (2, 3, 5, 6, 7), "总计")


@variant
def total_labels_long(book: Workbook) -> None:
    """Long total labels: 表1 "收入合计" / "支出合计" for 收入总计 / 支出总计, 表4
    "财政拨款收入合计" / "财政拨款支出合计": 部门 templates (and 表4 of provinces whose 表4 has
    no 上年结转 rows, so the 合计 is the 总计).
    Reader: those rows are 收入总计 and 支出总计, the same budget."""
    for n, labels in ((1, ("收入合计", "支出合计")), (4, ("财政拨款收入合计", "财政拨款支出合计"))):
        ws = book[f"表{n}"]
        for old, new in zip(("收入总计", "支出总计"), labels, strict=True):
            cell = b.label_cell(ws, n, (old,))
            assert cell is not None, f"表{n} has no {old}"
            cell.value = new


# ── 2. titles ────────────────────────────────────────────────────────────────────────────────

_TITLES_DEPARTMENT = {  # 部门预算 titles of other prefectures (部门收支预算总表 …)
    1: "部门收支预算总表", 2: "部门收入预算总表", 3: "部门支出预算总表",
    4: "财政拨款收支预算总表", 5: "一般公共预算支出预算表",
    6: "一般公共预算基本支出经济分类预算表", 7: "一般公共预算项目支出预算表",
    8: "政府性基金预算支出预算表", 9: "国有资本经营预算支出预算表",
    10: "一般公共预算“三公”经费支出预算表", 11: "上年结转结余资金情况表",
}
_TITLES_FISCAL = {  # "…财政拨款…预算表" titles (Beijing-style 部门预算公开 templates)
    1: "收支预算总表", 2: "收入预算表", 3: "支出预算表", 4: "财政拨款收支预算总表",
    5: "一般公共预算财政拨款支出预算表", 6: "一般公共预算财政拨款基本支出预算表",
    7: "一般公共预算财政拨款项目支出预算表", 8: "政府性基金预算财政拨款支出预算表",
    9: "国有资本经营预算财政拨款支出预算表", 10: "一般公共预算“三公”经费支出预算表",
    11: "上年结转结余情况表",
}


@variant
def titles_regional(book: Workbook) -> None:
    """Titles other regions use for the same tables (表1 "部门收支预算总表", 表4
    "财政拨款收支预算总表", 表6 "一般公共预算基本支出经济分类预算表", …), label 表N kept.
    Reader: the same eleven tables (told apart by title alias and header), the same budget."""
    for n, ws in b.tables(book):
        ws["A2"] = _TITLES_DEPARTMENT[n]


@variant
def titles_regional_unlabelled(book: Workbook) -> None:
    """Beijing-style titles ("收支预算总表", "一般公共预算财政拨款基本支出预算表", …) and no
    表N label (row 1 left blank): 部门预算 templates that number tables only in the 目录.
    Reader: the same tables by title and header alone, the same budget."""
    for n, ws in b.tables(book):
        ws["A2"] = _TITLES_FISCAL[n]
        ws["A1"] = None


# ── 3. where the 合计 row is, and where its label is ─────────────────────────────────────────


@variant
def total_row_first(book: Workbook) -> None:
    """The 合计 row directly under the header, above the 类 rows, in 表2/3/5/6/7/11 (表10
    already starts with 合计): the 预算管理一体化 exports, which print the total first.
    Reader: the first data row is the total of the rows below it, the same budget."""
    for n, ws in b.tables(book):
        if n not in (2, 3, 5, 6, 7, 11) or (total := b.total_row(ws, n)) is None:
            continue
        first = b.first_data_row(n)
        rows = [b.snapshot(ws, r) for r in range(first, total + 1)]
        b.rewrite_rows(ws, first, [rows[-1], *rows[:-1]])


@variant
def total_label_in_code_column(book: Workbook) -> None:
    """The 合计 label in the code column (the 类 cell) instead of the name column: in 表2/3/5 in
    column A alone, in 表6 merged over 类/款/科目名称 (A:C), in 表7 merged over code, name and
    项目名称 (A:E): exports whose total row spans the descriptive columns.
    Reader: the 合计 row (no code, though in the code column), the same budget."""
    spans = {2: 1, 3: 1, 5: 1, 6: 3, 7: 5}
    for n, ws in b.tables(book):
        if n not in spans or (label := b.label_cell(ws, n)) is None:
            continue
        row = label.row
        label.value = None
        ws.cell(row, 1).value = "合计"
        if spans[n] > 1:
            assert all(ws.cell(row, c).value is None for c in range(2, spans[n] + 1))
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=spans[n])


# ── 4. 类 rows written as 一、… ──────────────────────────────────────────────────────────────


@variant
def lei_rows_numbered(book: Workbook) -> None:
    """类 rows written "一、一般公共服务支出", "二、社会保障和就业支出" … with blank code cells, in
    表2/3/5/6/7 (表6 "一、工资福利支出"); 款 and 项 rows keep their codes: books that print the
    类 level as chapter headings (common in county books typed from the 批复 document).
    Reader: each such row is the 类 whose code its 款 rows carry (201 from "201 03"), with the
    official name after the numeral; the same budget."""
    for n, ws in b.tables(book):
        if n not in (2, 3, 5, 6, 7):
            continue
        columns = b.code_columns(ws)
        name = b.name_column(n)
        count = 0
        for row in b.data_rows(ws, n):
            if b.level(ws, row) != "类":
                continue
            count += 1
            for col in columns.values():
                ws.cell(row, col).value = None
            ws.cell(row, name).value = f"{_cn(count)}、{ws.cell(row, name).value}"


# ── 5. sheets named Sheet1… ──────────────────────────────────────────────────────────────────


@variant
def sheets_generic_untitled(book: Workbook) -> None:
    """Sheets named Sheet1…SheetN in a shuffled order, no 表N label (row 1 deleted: the title is
    row 1, the unit line row 2, the header from row 3): tables exported one by one from the budget
    system (which prints no label) and pasted into a fresh workbook.
    Reader: every table by its title and header, whatever the sheet is called or where it is;
    the same budget."""
    for ws in book.worksheets:
        b.delete_rows(ws, 1)
    order = list(book.worksheets)
    random.Random(11).shuffle(order)
    if order == list(book.worksheets):
        order.reverse()
    for position, ws in enumerate(order):
        book.move_sheet(ws, position - book.index(ws))
    for position, ws in enumerate(book.worksheets, start=1):
        ws.title = f"__{position}"
    for position, ws in enumerate(book.worksheets, start=1):
        ws.title = f"Sheet{position}"


# ── 6. notes and spacer columns ──────────────────────────────────────────────────────────────

_NOTES = {
    1: ["注：1.本表反映本年度单位全部收入和支出预算；",
        "2.因四舍五入，分项数之和与合计数可能存在尾差。"],
    2: ["注：本表反映本年度单位收入预算，按收入来源和支出功能分类科目列示。"],
    3: ["注：本表反映本年度单位支出预算，按基本支出和项目支出列示。"],
    4: ["注：本表反映本年度财政拨款收入和支出预算。"],
    5: ["注：本表反映本年度一般公共预算拨款安排的支出，按支出功能分类科目的项级科目列示。"],
    6: ["注：本表反映一般公共预算拨款安排的基本支出，按部门预算支出经济分类科目的款级科目列示。"],
    7: ["注：本表反映一般公共预算拨款安排的项目支出，按项目逐项列示。"],
    10: ["注：“三公”经费指因公出国（境）费、公务用车购置及运行费和公务接待费。",
         "公务用车运行费含燃料费、维修费、过路过桥费、保险费等。"],
    11: ["注：本表反映上年结转结余资金按项目的明细情况。"],
}
BLANK_NOTE = "注：本表无数据。"


def _has_amounts(ws: Worksheet, n: int) -> bool:
    return any(b.is_amount(c.value) for row in ws.iter_rows(min_row=b.first_data_row(n))
               for c in row)


def _note_row(ws: Worksheet, row: int, text: str) -> None:
    ws.cell(row, 1).value = text
    ws.cell(row, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    if ws.max_column > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ws.max_column)


@variant
def note_rows(book: Workbook) -> None:
    """Note rows: "注：本表无数据。" in the empty data row of a blank table (表8/表9, above its
    备注), and "注：…" explanatory lines (one or two, merged across the table) under the total row
    of the others: books whose tables carry the 填报说明 of the template.
    Reader: notes are not data rows (no code, no amount); a blank table stays blank and keeps
    its 备注; the same budget."""
    for n, ws in b.tables(book):
        if not _has_amounts(ws, n):
            row = b.first_data_row(n)
            if all(c.value is None for c in ws[row]):
                _note_row(ws, row, BLANK_NOTE)
            continue
        start = ws.max_row + 1
        for offset, text in enumerate(_NOTES.get(n, [])):
            _note_row(ws, start + offset, text)


# spacer columns per table, in the base's column numbers, applied right to left:
# 表1 between the income and expense sides; 表4 between the sides and after the expense 合计;
# coded tables before the name column and after the first amount column
_SPACERS = {1: (3,), 4: (5, 3), 2: (6, 4), 3: (6, 4), 5: (6, 4), 8: (6, 4), 9: (6, 4),
            7: (7, 4), 6: (5, 3), 10: (3,), 11: (3,)}


@variant
def spacer_columns(book: Workbook) -> None:
    """Empty narrow columns: between the code and the name columns, after the first amount
    column (合计/总计), and in 表1/表4 between the income and the expense side: books laid out
    for print whose spacer columns were left in (header cells of a spacer are blank; a spanning
    header such as the title widens over it).
    Reader: a spacer column is no column; the same columns and budget."""
    for n, ws in b.tables(book):
        for index in _SPACERS.get(n, ()):
            b.insert_columns(ws, index)


# ── 7. 表7 with only its 合计 row ────────────────────────────────────────────────────────────

# 004's project money (表5 项目支出) moved to 基本支出 so that 表7 is legitimately empty:
# 2011399 其他商贸事务支出 8.00 (表7: 其他支出) → 表6 30299 其他商品和服务支出 (公用经费);
# 2101506 医疗保障经办事务 1.60 (表7: 工资福利支出, a 医保 for retirees) → 表6 30110
# 职工基本医疗保险缴费 (人员经费). (表3 keeps its 单位资金 project 432.18 in 2011301.)
_T7_MOVES = (("2011399", Decimal("8"), "30299", "公用"),
             ("2101506", Decimal("1.6"), "30110", "人员"))


def _row_of(ws: Worksheet, n: int, code: str) -> int:
    for row in b.data_rows(ws, n):
        if b.code_of(ws, row) == code:
            return row
    raise KeyError(f"{ws.title} has no {code}")


def _add(ws: Worksheet, row: int, col: int, delta: Decimal) -> None:
    ws.cell(row, col).value = b.store(b.dec(ws.cell(row, col).value) + delta)


@variant
def table7_total_only(book: Workbook) -> None:
    """表7 with only its 合计 row (no 类/款/project rows, blank amounts), in a book whose
    一般公共预算 项目支出 is 0: units funded only for 基本支出, whose export keeps the empty table.

    Derived from 004 (raises on another base): 004's two 表5 projects (2011399 8.00, 2101506
    1.60) are made 基本支出 everywhere that is consistent — 表5 and the fiscal part of 表3 move
    them from 项目支出 to 基本支出 on the 项, 款, 类 and 合计 rows (合计 columns unchanged), 表6
    books them on 30299 (公用经费) and 30110 (人员经费) with their 类 and 合计 rows. 表1, 表2, 表4
    and 表10 do not change. The amounts change on purpose (see ``AMOUNTS_CHANGED``).
    Reader: 表7 is present and empty (合计 0), 表5 项目支出 0, 表5 基本 = 表6 合计 = 571.55; the
    book is consistent, so the findings are 004's own (T5.name at 表5!D6, T3.type at 表3!G8)."""
    t3, t5, t6, t7 = (book[f"表{n}"] for n in (3, 5, 6, 7))
    for code, amount, econ, part in _T7_MOVES:
        for n, ws in ((3, t3), (5, t5)):
            rows = [_row_of(ws, n, code[:3]), _row_of(ws, n, code[:5]), _row_of(ws, n, code),
                    b.total_row(ws, n)]
            for row in rows:
                assert row is not None and b.dec(ws.cell(row, 7).value) >= amount
                _add(ws, row, 6, amount)  # 基本支出
                _add(ws, row, 7, -amount)  # 项目支出
        column = 5 if part == "人员" else 6
        for row in (_row_of(t6, 6, econ[:3]), _row_of(t6, 6, econ), b.total_row(t6, 6)):
            assert row is not None
            _add(t6, row, 4, amount)  # 合计
            _add(t6, row, column, amount)
    total = b.total_row(t5, 5)
    assert total is not None and b.dec(t5.cell(total, 7).value) == 0, "表5 项目支出 left over"
    label = b.label_cell(t7, 7)
    assert label is not None
    first, label_col = b.first_data_row(7), label.column
    b.delete_rows(t7, first, label.row - first)
    for col in range(1, t7.max_column + 1):
        t7.cell(first, col).value = None
    t7.cell(first, label_col).value = "合计"


# ── 8. a 类 printed in two blocks ────────────────────────────────────────────────────────────


@variant
def lei_split_blocks(book: Workbook) -> None:
    """A 类 printed in two blocks in 表2 and 表3: 002's 201 as [201 (= 20103), 20103 and its 项]
    then 208's rows, then [201 (= 20132), 20132, 2013299] (000: [201 (= 20104) …] and
    [201 (= 20113 + 20132) …]): exports sorted by 款 source or department code, and books whose
    rows were added at the end of a 类 run. See ``_split_rows`` for the convention. The amount
    multiset changes on purpose (a 类 row's figures become two block figures).
    Reader: one 类 201 whose amounts are the sums of its two block rows (= the base's 201 row),
    no duplicate code; the same budget."""
    for n in (2, 3):
        ws = book[f"表{n}"]
        total = b.total_row(ws, n)
        assert total is not None
        saved = b.snapshot(ws, total)
        first = b.first_data_row(n)
        body = list(range(first, total))
        notes = [b.snapshot(ws, r) for r in range(total + 1, ws.max_row + 1)]
        _split_rows(ws, n, body)
        new_total = total + 1
        b.paste(ws, new_total, saved)
        for offset, cells in enumerate(notes, start=1):
            b.paste(ws, new_total + offset, cells)


def _split_rows(ws: Worksheet, n: int, body: list[int]) -> None:
    """Rewrite the data rows ``body`` (total row excluded) with the first 类 that has ≥ 2 款
    and a following 类 split into two blocks; the result is one row longer than ``body``.

    Convention: the 类's 款 groups (a 款 row with its 项 rows, never split) go in two runs: the
    first 款 group in block 1, where the 类 was; the remaining 款 groups in block 2, right after
    the next 类's rows. Each block starts with the 类 row repeated (same code cells, same name)
    carrying, per amount column, the sum of that block's 款 rows (blank when 0). The 类's
    amount is the sum of its block rows."""
    groups: list[list[int]] = []
    for row in body:
        if b.level(ws, row) == "类":
            groups.append([row])
        elif groups:
            groups[-1].append(row)
    amounts = b.amount_columns(ws, n)
    splittable = [i for i, rows in enumerate(groups[:-1])
                  if sum(b.level(ws, r) == "款" for r in rows) >= 2]
    if not splittable:
        raise ValueError(f"{ws.title}: no 类 with two 款 followed by another 类")
    index = splittable[0]
    rows = groups[index]
    cut = rows.index([r for r in rows if b.level(ws, r) == "款"][1])
    blocks = []
    for part in (rows[1:cut], rows[cut:]):
        head = b.snapshot(ws, rows[0])
        for col in amounts:
            s = sum((b.dec(ws.cell(r, col).value) for r in part if b.level(ws, r) == "款"),
                    Decimal(0))
            head[col - 1] = (b.store(s), head[col - 1][1])
        blocks.append([head, *(b.snapshot(ws, r) for r in part)])
    before = [b.snapshot(ws, r) for g in groups[:index] for r in g]
    following = [b.snapshot(ws, r) for r in groups[index + 1]]
    after = [b.snapshot(ws, r) for g in groups[index + 2:] for r in g]
    b.rewrite_rows(ws, body[0], [*before, *blocks[0], *following, *blocks[1], *after])


# ── 9. several tables on one sheet ───────────────────────────────────────────────────────────

GAP = 2  # blank rows between stacked tables


def _stack(book: Workbook, groups: list[tuple[str, tuple[int, ...]]]) -> None:
    """Move the tables of each group onto one new sheet, top to bottom, GAP blank rows apart,
    each with its label, title, unit line, header, data and notes (merges and styles kept)."""
    sources = {b.number(ws): ws for ws in book.worksheets}
    for title, numbers in groups:
        target = book.create_sheet(f"__{title}")
        row0 = 1
        widths: dict[int, float] = {}
        for n in numbers:
            ws = sources[n]
            height = ws.max_row
            for r in range(1, height + 1):
                b.paste(target, row0 + r - 1, b.snapshot(ws, r))
                if ws.row_dimensions[r].height:
                    target.row_dimensions[row0 + r - 1].height = ws.row_dimensions[r].height
            for rng in ws.merged_cells.ranges:
                c1, r1, c2, r2 = rng.bounds
                target.merge_cells(start_column=c1, start_row=r1 + row0 - 1,
                                   end_column=c2, end_row=r2 + row0 - 1)
            for col in range(1, ws.max_column + 1):
                w = ws.column_dimensions[get_column_letter(col)].width or 9.0
                widths[col] = max(widths.get(col, 0.0), w)
            row0 += height + GAP
        for col, w in widths.items():
            target.column_dimensions[get_column_letter(col)].width = w
    for ws in sources.values():
        book.remove(ws)
    for ws in book.worksheets:
        ws.title = ws.title.removeprefix("__")


@variant
def tables_stacked_one_sheet(book: Workbook) -> None:
    """Every table on one sheet "预算公开表", in order, two blank rows apart: books assembled for
    printing or PDF conversion in one sheet, and exports of the whole 公开表 set as one report.
    Reader: every table found by its label/title and header inside the sheet, each ending at its
    total row or note; the same budget."""
    _stack(book, [("预算公开表", tuple(b.number(ws) for ws in book.worksheets))])


@variant
def tables_stacked_groups(book: Workbook) -> None:
    """Tables grouped on shared sheets: 表1 and 表4 (the two 总表) on "收支总表", 表2/表3 on
    "收入支出表", 表5/表6/表7 on "一般公共预算", 表8/表9/表10 on "其他" and 表11 alone on "表11":
    books that put the small tables together to save pages.
    Reader: the same eleven tables, two or three per sheet; the same budget."""
    numbers = {b.number(ws) for ws in book.worksheets}
    groups = [("收支总表", (1, 4)), ("收入支出表", (2, 3)), ("一般公共预算", (5, 6, 7)),
              ("其他", (8, 9, 10)), ("表11", (11,))]
    _stack(book, [(t, tuple(n for n in g if n in numbers)) for t, g in groups
                  if any(n in numbers for n in g)])


# ── registry ─────────────────────────────────────────────────────────────────────────────────

# (name, function, base). A correct reader reads each to the base's budget; comments say what
# it must conclude beyond "the same budget".
EXPORT_VARIANTS: list[tuple[str, Variant, str]] = [
    ("header_line_breaks", header_line_breaks, "002.xlsx"),  # same 16-column 表2
    ("header_line_breaks_004", header_line_breaks, "004.xlsx"),  # same 15-column 表2
    ("fullwidth_spaces", fullwidth_spaces, "000.xlsx"),  # names equal the catalogue's
    ("row_label_numbering", row_label_numbering, "002.xlsx"),  # same 表1/表4/表10 lines
    ("total_row_xiaoji", total_row_xiaoji, "000.xlsx"),  # 小计 row = table total
    ("total_row_zongji", total_row_zongji, "004.xlsx"),  # 总计 row = table total
    ("total_labels_long", total_labels_long, "002.xlsx"),  # 收入合计 = 收入总计
    ("titles_regional", titles_regional, "000.xlsx"),  # eleven tables by alias
    ("titles_regional_unlabelled", titles_regional_unlabelled, "004.xlsx"),  # ten, no labels
    ("total_row_first", total_row_first, "002.xlsx"),  # first row is the total
    ("total_row_first_000", total_row_first, "000.xlsx"),
    ("total_label_in_code_column", total_label_in_code_column, "000.xlsx"),  # not a code
    ("lei_rows_numbered", lei_rows_numbered, "002.xlsx"),  # 类 code from its 款 rows
    ("lei_rows_numbered_004", lei_rows_numbered, "004.xlsx"),  # 004's T5.name stays at D6
    ("sheets_generic_untitled", sheets_generic_untitled, "000.xlsx"),  # tables by title
    ("note_rows", note_rows, "004.xlsx"),  # notes are no rows; blank 表8/9 stay blank
    ("note_rows_002", note_rows, "002.xlsx"),
    ("spacer_columns", spacer_columns, "002.xlsx"),  # spacers are no columns
    ("spacer_columns_004", spacer_columns, "004.xlsx"),
    ("table7_total_only", table7_total_only, "004.xlsx"),  # 表7 empty, consistent book
    ("lei_split_blocks", lei_split_blocks, "002.xlsx"),  # one 类 201 = Σ blocks
    ("lei_split_blocks_000", lei_split_blocks, "000.xlsx"),
    ("tables_stacked_one_sheet", tables_stacked_one_sheet, "004.xlsx"),  # ten tables, 1 sheet
    ("tables_stacked_groups", tables_stacked_groups, "002.xlsx"),  # eleven tables, 5 sheets
]

# Variants whose multiset of non-zero amounts differs from the base's, and how.
AMOUNTS_CHANGED: dict[str, str] = {
    "table7_total_only": (
        "004's 表5 项目支出 (8.00 on 2011399, 1.60 on 2101506) becomes 基本支出 in 表5 and 表3 "
        "(项/款/类/合计 rows; 合计 columns unchanged), 表6 30299/302 and 30110/301 and 合计 grow "
        "by it, 表7 loses every row but an empty 合计; 表1, 表2, 表4, 表8–表10 unchanged"),
    "lei_split_blocks": (
        "in 表2 and 表3 the split 类 row's figures are replaced by the two block rows' figures, "
        "which add up to them per column"),
    "lei_split_blocks_000": "as lei_split_blocks",
}

BY_NAME: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    name: (fn, base) for name, fn, base in EXPORT_VARIANTS}
