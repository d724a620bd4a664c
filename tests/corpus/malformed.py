"""Malformed books: each must produce exactly one specific finding beyond its base's own.

``MALFORMED`` lists (name, function, base file name, Expected). ``Expected`` names the rule
family of rules.md (``code``, ``missing``, ``blank_note``, ``duplicate``; ``no_tables`` for a book
that holds no budget table, which rules.md does not name), the rule id the toolkit uses for it,
the severity, and the sheet and cell the finding must name (``None`` where there is no cell: a
missing table, a book without tables).

"Exactly one" means: the findings of the malformed book are the base's own findings plus this
one, and nothing else (``not_a_budget``: this one finding only, the base is not in it). In
particular a malformed or duplicated code row is still read into its table's tree, so no sum,
structure or cross-table finding follows from it. Functions have the
``name(src, dst)`` signature of ``exports`` and refuse ``src == dst``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.workbook.workbook import Workbook

from . import _book as b
from ._book import Variant, variant


@dataclass(frozen=True)
class Expected:
    family: str  # rules.md family: "code", "missing", "blank_note", "duplicate", "no_tables"
    rule: str  # the id, "T5.code"
    severity: str  # "error" or "warning"
    sheet: str | None  # "表5"; None for a finding about the whole book
    cell: str | None  # "A14"; None where no cell can hold the fault

    @property
    def where(self) -> str | None:
        return f"{self.sheet}!{self.cell}" if self.sheet and self.cell else None


# 002 表5 row 14: 208 05 01 行政单位离退休 24.25 (基本支出)
CODE_ROW = 14


@variant
def code_four_digit_lei(book: Workbook) -> None:
    """A 4-digit 类 "2085" on one 项 row (002 表5 row 14, 208 05 01 行政单位离退休, so the row
    reads 2085 05 01): the 类 and 款 typed into one cell, as in books retyped from a PDF.
    The finding: T5.code at 表5!A14. The row still belongs to 款 20805 by position (its 款 and
    项 cells, its place under 208 05), so 20805 = Σ its 项 and the cross-table checks of 2080501
    still hold: one finding."""
    ws = book["表5"]
    assert b.code_of(ws, CODE_ROW) == "2080501", b.code_of(ws, CODE_ROW)
    ws.cell(CODE_ROW, 1).value = "2085"


@variant
def missing_table9(book: Workbook) -> None:
    """表9 (国有资本经营预算支出情况表) left out of an 11-table book (002): a blank table dropped
    when the book was assembled. The finding: T9.missing as a warning (no cell) — a book may
    leave out a 表9 it would print blank (option no-t9), but most publish it with a note; 表1
    国有资本经营预算拨款 is 0, so nothing else depends on it."""
    book.remove(book["表9"])


@variant
def blank_table8_without_note(book: Workbook) -> None:
    """A blank 表8 without its 备注 (004: the 备注 row deleted): the most common omission in
    published books. The finding: T8.blank_note (warning), anchored on the table's title 表8!A2
    because the missing note has no cell."""
    ws = book["表8"]
    note = next(c for row in ws.iter_rows(min_row=6) for c in row
                if isinstance(c.value, str) and c.value.startswith("备注"))
    note.value = None


_ROSTER = [
    ("序号", "领用日期", "物品名称", "规格型号", "数量", "单价（元）", "金额（元）", "领用人"),
    (1, "2024-01-08", "A4 复印纸", "70g 500张/包", 20, 23.5, 470, "李敏"),
    (2, "2024-01-15", "签字笔", "0.5mm 黑色", 60, 1.8, 108, "王刚"),
    (3, "2024-02-02", "硒鼓", "HP 88A", 4, 285, 1140, "阿不都"),
    (4, "2024-03-11", "文件盒", "A4 75mm", 30, 6.5, 195, "李敏"),
    (5, "2024-03-20", "U 盘", "64G", 5, 49, 245, "古丽"),
    (6, "2024-04-09", "订书钉", "24/6", 10, 3.2, 32, "王刚"),
]


def not_a_budget(src: Path, dst: Path) -> None:
    """A workbook with no budget table at all: one sheet "Sheet1" holding an office-supplies
    register (序号, 物品名称, 数量, 单价, 金额 … and a 合计 row), the kind of file sent by mistake
    in a batch of budget books. ``src`` only names the unit. The finding: no_tables (the toolkit's
    R.no_tables), once, with no cell — not eleven *.missing findings, not a table read from it."""
    b.refuse_same(src, dst)
    unit = str(openpyxl.load_workbook(src)["表1"]["A3"].value).removeprefix("编制单位：")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sheet1"
    ws["A1"] = f"{unit}2024年办公用品领用登记表"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:H1")
    ws["A1"].alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    for r, line in enumerate(_ROSTER, start=2):
        for c, value in enumerate(line, start=1):
            cell = ws.cell(r, c, value)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    total = len(_ROSTER) + 2
    ws.cell(total, 1, "合计")
    ws.cell(total, 5, sum(int(str(line[4])) for line in _ROSTER[1:]))
    ws.cell(total, 7, sum(int(str(line[6])) for line in _ROSTER[1:]))
    ws.cell(total + 1, 1, "制表人：李敏　　审核：王刚")
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    book.save(dst)


# 002 表3 row 11: 201 03 99 其他政府办公厅（室）及相关机构事务支出 282.89 (项目支出)
DUPLICATE_ROW = 11
DUPLICATE_PARTS = (110, 172.89)  # its 一般公共预算 and 单位资金 shares (表2 G11 and N11)


@variant
def duplicate_code_row(book: Workbook) -> None:
    """The same 项 twice in one table: 002 表3 2010399 printed as two rows, one per funding
    source (110.00 from 一般公共预算 and 172.89 from 单位资金, as 表2 splits it), each with the
    full code: exports grouped by 资金来源. The two rows add up to the base's row, so every sum and
    cross-table identity still holds (per code, 表3 2010399 = 282.89). The finding: T3.duplicate
    at the second row's 项 cell, 表3!C12."""
    ws = book["表3"]
    assert b.code_of(ws, DUPLICATE_ROW) == "2010399"
    assert b.dec(ws.cell(DUPLICATE_ROW, 5).value) == sum(b.dec(p) for p in DUPLICATE_PARTS)
    row = b.snapshot(ws, DUPLICATE_ROW)
    b.insert_rows(ws, DUPLICATE_ROW + 1)
    b.paste(ws, DUPLICATE_ROW + 1, row)
    for r, part in zip((DUPLICATE_ROW, DUPLICATE_ROW + 1), DUPLICATE_PARTS, strict=True):
        ws.cell(r, 5).value = part  # 合计
        ws.cell(r, 7).value = part  # 项目支出


MALFORMED: list[tuple[str, Variant, str, Expected]] = [
    ("code_four_digit_lei", code_four_digit_lei, "002.xlsx",
     Expected("code", "T5.code", "error", "表5", f"A{CODE_ROW}")),
    ("missing_table9", missing_table9, "002.xlsx",
     Expected("missing", "T9.missing", "warning", "表9", None)),
    ("blank_table8_without_note", blank_table8_without_note, "004.xlsx",
     Expected("blank_note", "T8.blank_note", "warning", "表8", "A2")),
    ("not_a_budget", not_a_budget, "000.xlsx",
     Expected("no_tables", "R.no_tables", "error", None, None)),
    ("duplicate_code_row", duplicate_code_row, "002.xlsx",
     Expected("duplicate", "T3.duplicate", "error", "表3", f"C{DUPLICATE_ROW + 1}")),
]
