#!/usr/bin/env python3
"""Shanghai (上海 / 普陀区) 9-table 预算公开 test workbooks.

Run from the repository root: ``python tests/data/shanghai/make.py``. Standard library and openpyxl
only, no network; reads nothing but ``publications/*.json`` beside this file (our transcriptions of
the six real publications, conventions in ``docs/regions/shanghai/notes.md`` §11) and writes
``books/``:

* ``<stem>.xlsx`` — one book per publication, filled into the rebuilt template of its level
  (单位 or 部门) exactly as printed: titles, org line, codes (incl. the printed faults), names,
  amounts (元 in 表1–8, 万元 in 表9; blank stays blank, ``0`` stays 0), 表1/表4 items on the
  physical rows the publication used, the ``注:`` lines below the grid.
* ``planted/<stem>-<k>.xlsx`` + ``planted/manifest.json`` — one amount cell changed in a book whose
  tables are consistent (identities.md §6: 万里 2023, 万里 2025, 普陀区财政局 2025).
* ``synthetic-<n>.xlsx`` — invented books where every identity of identities.md §1–§2 holds exactly.
* ``blank-unit-2026.xlsx`` / ``blank-dept-2026.xlsx`` — the rebuilt templates, unfilled.
* ``export-<stem>.xlsx`` — the budget system's export sheet names (``2.15单位收支总表`` …,
  ``3.15部门收支总表`` …) with a ``单位预算01表`` / ``部门预算01表`` form label cell in row 1.

The template layout (sheet names, title/org/unit cells, header texts, merges, number formats, column
widths) is rebuilt here from ``docs/regions/shanghai/tables.md``; no template file is copied.
Output is byte-for-byte deterministic (fixed document dates and zip timestamps).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

HERE = Path(__file__).resolve().parent
PUBLICATIONS = HERE / "publications"
OUT = HERE / "books"

KINDS = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9")
CN_NUM = "一二三四五六七八九十"

# --------------------------------------------------------------------------------------------
# Template layout (tables.md §2–§4; cell addresses are the templates')
# --------------------------------------------------------------------------------------------

SHEETS = {  # template sheet names; note the trailing space of 表7
    "单位": [
        "单位收支总表",
        "单位收入总表",
        "单位支出总表",
        "单位财政拨款收支总表",
        "单位一般公共预算拨款表",
        "单位政府性基金拨款表",
        "单位国有资本经营预算拨款表 ",
        "单位一般公共预算拨款基本支出明细表",
        "单位“三公”经费和机关运行费预算表",
    ],
    "部门": [
        "部门收支总表",
        "部门收入总表",
        "部门支出总表",
        "部门财政拨款收支总表",
        "部门一般公共预算拨款表",
        "部门政府性基金拨款表",
        "部门国有资本经营预算拨款表 ",
        "部门一般公共预算拨款基本支出明细表",
        "部门“三公”经费和机关运行费预算表",
    ],
}
EXPORT_SHEETS = {  # the budget system's export workbook (tables.md §2, last column)
    "单位": [
        "2.15单位收支总表",
        "2.16单位收入总表",
        "2.17单位支出总表",
        "2.18单位财政拨款收支总表",
        "2.20单位一般公共预算拨款表",
        "2.21单位政府性基金拨款表",
        "2.22单位国有资本经营预算拨款表 ",
        "2.23单位一般公共预算拨款基本支出明细表",
        "2.25单位“三公”经费和机关运行费预算表",
    ],
    "部门": [
        "3.15部门收支总表",
        "3.16部门收入总表",
        "3.17部门支出总表",
        "3.19部门财政拨款收支总表",
        "3.21部门一般公共预算支出功能分类预算表",
        "3.22部门政府性基金预算支出功能分类预算表",
        "3.23部门国有资本经营预算支出功能分类预算表",
        "3.24部门一般公共预算基本支出部门预算经济分类预算表",
        "3.25部门“三公”经费和机关运行经费预算表",
    ],
}
NARRATIVE = {  # (sheet name, role) before and after the tables
    "单位": (
        [
            ("封面", "cover"),
            ("目录", "toc"),
            ("单位职能", "functions"),
            ("单位机构设置", "org"),
            ("名词解释", "glossary"),
            ("单位编制说明", "explanation"),
        ],
        [("其他相关情况说明", "other")],
    ),
    "部门": (
        [
            ("封面", "cover"),
            ("目录", "toc"),
            ("部门主要职能", "functions"),
            ("部门机构设置", "org"),
            ("名词解释", "glossary"),
            ("部门编制说明", "explanation"),
        ],
        [("其他相关情况说明", "other"), ("项目经费情况说明", "project")],
    ),
}
EXPORT_NARRATIVE = {
    "单位": (
        [
            ("2.11单位职能（单位）", "functions"),
            ("2.12单位机构设置（单位）", "org"),
            ("2.13名词解释（单位）", "glossary"),
        ],
        [("2.26其他相关情况说明（单位）", "other")],
    ),
    "部门": (
        [
            ("3.11部门主要职能（部门）", "functions"),
            ("3.12部门机构设置（部门）", "org"),
            ("3.13名词解释（部门）", "glossary"),
        ],
        [("3.26其他相关情况说明（部门）", "other")],
    ),
}
TITLE_TAIL = {  # printed title = {year}年 + 预算单位|部门 + tail (表9: {year}年 + 单位|部门 + tail)
    "T1": "财务收支预算总表",
    "T2": "收入预算总表",
    "T3": "支出预算总表",
    "T4": "财政拨款收支预算总表",
    "T5": "一般公共预算支出功能分类预算表",
    "T6": "政府性基金预算支出功能分类预算表",
    "T7": "国有资本经营预算支出功能分类预算表",
    "T8": "一般公共预算基本支出部门预算经济分类预算表",
    "T9": "“三公”经费和机关运行经费预算表",
}

# header cells: (row offset, col, rowspan, colspan, text) from the header's first row (6; 表9: 4)
_FUNC_HEAD = [
    (0, 1, 1, 4, "项目"),
    (1, 1, 1, 3, "功能分类科目编码"),
    (1, 4, 2, 1, "功能分类科目名称"),
    (2, 1, 1, 1, "类"),
    (2, 2, 1, 1, "款"),
    (2, 3, 1, 1, "项"),
]
_EXP3 = [(1, 5, 2, 1, "合计"), (1, 6, 2, 1, "基本支出"), (1, 7, 2, 1, "项目支出")]
HEADERS = {
    ("T1", "单位"): [
        (0, 1, 1, 2, "本年收入"),
        (0, 3, 1, 5, "本年支出"),
        (1, 1, 3, 1, "项目"),
        (1, 2, 3, 1, "预算数"),
        (1, 3, 3, 1, "项目"),
        (1, 4, 1, 4, "预算数"),
        (2, 4, 2, 1, "合计"),
        (2, 5, 1, 2, "基本支出"),
        (2, 7, 2, 1, "项目支出"),
        (3, 5, 1, 1, "人员经费"),
        (3, 6, 1, 1, "公用经费"),
    ],
    ("T1", "部门"): [
        (0, 1, 1, 2, "本年收入"),
        (0, 3, 1, 2, "本年支出"),
        (1, 1, 1, 1, "项目"),
        (1, 2, 1, 1, "预算数"),
        (1, 3, 1, 1, "项目"),
        (1, 4, 1, 1, "预算数"),
    ],
    ("T2", None): [
        *_FUNC_HEAD,
        (0, 5, 1, 5, "收入预算"),
        (1, 5, 2, 1, "合计"),
        (1, 6, 2, 1, "财政拨款收入"),
        (1, 7, 2, 1, "事业收入"),
        (1, 8, 2, 1, "事业单位\n经营收入"),
        (1, 9, 2, 1, "其他收入"),
    ],
    ("T3", None): [*_FUNC_HEAD, (0, 5, 1, 3, "支出预算"), *_EXP3],
    ("T4", None): [
        (0, 1, 1, 2, "财政拨款收入"),
        (0, 3, 1, 5, "财政拨款支出"),
        (1, 1, 1, 1, "项目"),
        (1, 2, 1, 1, "预算数"),
        (1, 3, 1, 1, "项目"),
        (1, 4, 1, 1, "合计"),
        (1, 5, 1, 1, "一般公共预算"),
        (1, 6, 1, 1, "政府性基金预算"),
        (1, 7, 1, 1, "国有资本经营预算"),
    ],
    ("T5", None): [*_FUNC_HEAD, (0, 5, 1, 3, "一般公共预算支出"), *_EXP3],
    ("T6", None): [*_FUNC_HEAD, (0, 5, 1, 3, "政府性基金预算支出"), *_EXP3],
    ("T7", None): [*_FUNC_HEAD, (0, 5, 1, 3, "国有资本经营预算支出"), *_EXP3],
    ("T8", "单位"): [
        (0, 1, 1, 3, "项目"),
        (0, 4, 1, 3, "一般公共预算基本支出"),
        (1, 1, 1, 2, "经济分类科目编码"),
        (1, 3, 2, 1, "部门经济分类科目名称"),
        (1, 4, 2, 1, "合计"),
        (1, 5, 2, 1, "人员经费"),
        (1, 6, 2, 1, "公用经费"),
        (2, 1, 1, 1, "类"),
        (2, 2, 1, 1, "款"),
    ],
    ("T8", "部门"): [
        (0, 1, 1, 3, "项目"),
        (0, 4, 1, 3, "一般公共预算基本支出"),
        (1, 1, 1, 2, "部门预算经济分类科目编码"),
        (1, 3, 2, 1, "经济分类科目名称"),
        (1, 4, 2, 1, "合计"),
        (1, 5, 2, 1, "人员经费"),
        (1, 6, 2, 1, "公用经费"),
        (2, 1, 1, 1, "类"),
        (2, 2, 1, 1, "款"),
    ],
    ("T9", None): [
        (0, 1, 1, 6, "“三公”经费预算数"),
        (0, 7, 3, 1, "机关运行经费预算数"),
        (1, 1, 2, 1, "合计"),
        (1, 2, 2, 1, "因公出国(境)费"),
        (1, 3, 2, 1, "公务接待费"),
        (1, 4, 1, 3, "公务用车购置及运行费"),
        (2, 4, 1, 1, "小计"),
        (2, 5, 1, 1, "购置费"),
        (2, 6, 1, 1, "运行费"),
    ],
}


@dataclass(frozen=True)
class Layout:
    ncols: int
    head_row: int  # first header row
    head_rows: int
    grid: int  # data rows between header and total row in the template
    title_to: int  # last column of the title merge
    org_to: int  # last column of the org-line merge
    code_cols: int  # 0 (two-sided), 2 (经济分类) or 3 (功能分类)
    values: tuple[str, ...]  # value columns (coded tables: after the name column)
    widths: tuple[float, ...]
    row_height: float = 24.0


LAYOUTS = {
    ("T1", "单位"): Layout(
        7,
        6,
        4,
        11,
        7,
        5,
        0,
        ("合计", "人员经费", "公用经费", "项目支出"),
        (20.75, 15.62, 28.62, 15.62, 12.62, 12.62, 15.62),
        24.2,
    ),
    ("T1", "部门"): Layout(4, 6, 2, 13, 4, 3, 0, ("预算数",), (35.38, 23.75, 37.5, 23.75), 24.2),
    ("T2", "单位"): Layout(
        9,
        6,
        3,
        11,
        9,
        5,
        3,
        ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"),
        (5.75, 5.75, 5.75, 34.38, 15.5, 13.75, 13.75, 13.75, 13.75),
    ),
    ("T3", "单位"): Layout(
        7,
        6,
        3,
        11,
        7,
        5,
        3,
        ("合计", "基本支出", "项目支出"),
        (6.25, 6.25, 6.25, 44.25, 20.0, 18.75, 20.0),
    ),
    ("T4", "单位"): Layout(
        7,
        6,
        2,
        13,
        6,
        3,
        0,
        ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"),
        (20.62, 17.5, 21.5, 15.12, 15.12, 15.12, 16.38),
        24.2,
    ),
    ("T4", "部门"): Layout(
        7,
        6,
        2,
        13,
        7,
        3,
        0,
        ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"),
        (20.62, 17.62, 28.62, 17.62, 17.62, 17.62, 17.62),
        24.2,
    ),
    ("T5", "单位"): Layout(
        7,
        6,
        3,
        12,
        7,
        5,
        3,
        ("合计", "基本支出", "项目支出"),
        (6.25, 6.25, 6.25, 44.25, 20.0, 18.75, 20.0),
    ),
    ("T8", "单位"): Layout(
        6,
        6,
        3,
        12,
        6,
        3,
        2,
        ("合计", "人员经费", "公用经费"),
        (11.75, 11.75, 53.5, 14.75, 14.75, 14.75),
    ),
    ("T8", "部门"): Layout(
        6,
        6,
        3,
        12,
        6,
        3,
        2,
        ("合计", "人员经费", "公用经费"),
        (10.38, 10.38, 49.62, 17.12, 17.12, 17.12),
    ),
    ("T9", "单位"): Layout(
        7,
        4,
        3,
        1,
        7,
        3,
        0,
        ("合计", "因公出国(境)费", "公务接待费", "小计", "购置费", "运行费", "机关运行经费预算数"),
        (16.88,) * 7,
    ),
}
for _k in ("T2", "T3", "T5", "T9"):
    LAYOUTS[(_k, "部门")] = LAYOUTS[(_k, "单位")]
for _k in ("T6", "T7"):
    LAYOUTS[(_k, "单位")] = LAYOUTS[(_k, "部门")] = LAYOUTS[("T5", "单位")]

# template example rows (left in the blank books only)
EXAMPLES = {
    ("T1", "单位"): {
        "in": [
            "一、财政拨款收入",
            "1、一般公共预算",
            "2、政府性基金预算",
            "3、国有资本经营预算",
            "二、事业收入",
            "三、事业单位经营收入",
            "四、其他收入",
        ],
        "out": ["一、一般公共服务支出", "二、", "三、", "四、"],
    },
    ("T1", "部门"): {
        "in": [
            "一、财政拨款收入",
            "1. 一般公共预算",
            "2. 政府性基金预算",
            "3. 国有资本经营预算",
            "二、事业收入",
            "三、事业单位经营收入",
            "四、其他收入",
        ],
        "out": ["一、一般公共服务支出", "二、…", "三、"],
    },
    ("T4", "单位"): {
        "in": ["一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算"],
        "out": ["一、一般公共服务支出", "二、…", "三、"],
    },
    ("T2", "单位"): [
        (205, "", "", "教育支出"),
        (205, "02", "", "普通教育"),
        (205, "02", "05", "高等教育"),
        ("…", "", "", "…"),
    ],
    ("T2", "部门"): [
        (205, "", "", "教育支出"),
        (205, "02", "", "普通教育"),
        (205, "02", "05", "高等教育"),
        ("…", "", "", "…"),
        (207, "", "", "文化旅游体育与传媒支出"),
        (207, "99", "", "其他文化旅游体育与传媒支出"),
        ("…", "", "", "…"),
        ("…", "", "", "…"),
        ("…", "", "", "…"),
    ],
    ("T6", None): [
        (229, "", "", "其他支出"),
        (229, "08", "", "彩票发行销售机构业务费安排的支出"),
        (229, "08", "04", "福利彩票销售机构的业务费支出"),
        ("…", "…", "…", "…"),
    ],
    ("T7", None): [
        (223, "", "", "国有资本经营预算支出"),
        (223, "01", "", "解决历史遗留问题及改革成本支出"),
        (223, "01", "05", "国有企业退休人员社会化管理补助支出"),
        ("…", "", "", "…"),
        ("…", "", "", "…"),
    ],
    ("T8", None): [
        (301, "", "工资福利支出"),
        (301, "01", "基本工资"),
        ("…", "…", "…"),
        (303, "", "对个人和家庭的补助"),
        (303, "04", "抚恤金"),
    ],
}
EXAMPLES[("T4", "部门")] = EXAMPLES[("T4", "单位")]
# amount columns the templates leave in General format (a template quirk, kept in the blank books
# only; filled books format every amount column `#,##0_ ` as the books print them)
TEMPLATE_GENERAL = {
    ("T4", "单位"): (4, 5, 7),
    ("T4", "部门"): (4, 5, 6),
    ("T8", "单位"): (4, 5),
    ("T8", "部门"): (4, 5),
}
for _lv in ("单位", "部门"):
    EXAMPLES[("T3", _lv)] = EXAMPLES[("T5", _lv)] = EXAMPLES[("T2", _lv)]

# --------------------------------------------------------------------------------------------
# Book model
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str | None
    values: dict[str, str | None]  # printed amount strings (None = empty cell)
    parts: tuple[str, ...] = ()  # printed code cells (coded tables)
    side: str = ""  # 收入 / 支出 (表1, 表4)
    grid_row: int = 0  # physical row in the grid (表1, 表4)


@dataclass
class Table:
    kind: str
    title: str
    org_line: str
    unit_line: str
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    grid: int | None = None  # data rows in the grid (None: the rows themselves)
    head_text: dict[tuple[int, int], str] = field(default_factory=dict)  # (row off, col) -> text
    examples: bool = False  # blank template: keep the template's example rows


@dataclass
class Book:
    level: str  # 单位 / 部门
    year: int
    name: str  # org name ('' in a blank template)
    cover_title: str
    tables: dict[str, Table]
    explanation_title: str = ""
    export: bool = False
    narrative_from: dict[str, Table] | None = (
        None  # planted books: the narrative keeps true figures
    )


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def dec(s: str | None) -> Decimal:
    return Decimal(0) if s is None else Decimal(s.replace(",", ""))


def printed(x: Decimal, places: int) -> str:
    q = x.quantize(Decimal(1) if places == 0 else Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{q:,.{places}f}"


def wan(yuan: Decimal) -> Decimal:
    return (yuan / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def cell_number(s: str) -> int | float:
    d = dec(s)
    return int(d) if d == d.to_integral_value() else float(str(d))


def places_of(s: str) -> int:
    return len(s.split(".")[1]) if "." in s else 0


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

THIN = Side(style="thin", color="FF000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
F12 = Font(name="宋体", size=12)
F18 = Font(name="宋体", size=18)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")
LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
NOTE = Alignment(horizontal="left", vertical="top", wrap_text=True)


def amount_format(places: int, kind: str) -> str:
    if kind == "T9":
        return "#,##0.00" if places == 2 else "General"
    return "#,##0.00_ " if places == 2 else "#,##0_ "


def put(
    ws, row: int, col: int, value=None, *, fmt: str = "General", align=None, border=True, font=F12
):
    c = ws.cell(row=row, column=col)
    if value is not None:
        c.value = value
    c.font = font
    c.number_format = fmt
    if align is not None:
        c.alignment = align
    if border:
        c.border = BOX
    return c


class Renderer:
    """Writes one table sheet; ``cells`` maps (kind, row index, column) -> cell address."""

    def __init__(self, book: Book):
        self.book = book
        self.cells: dict[tuple[str, int, str], str] = {}
        vals = [
            v
            for k, t in book.tables.items()
            if k != "T9"
            for r in t.rows
            for v in r.values.values()
            if v is not None
        ]
        self.places = 2 if any("." in v for v in vals) else 0

    def grid_format(self, t: Table, col: int) -> str:
        if t.examples and col in TEMPLATE_GENERAL.get((t.kind, self.book.level), ()):
            return "General"
        return amount_format(self.places, t.kind)

    def amount(
        self,
        ws,
        row: int,
        col: int,
        s: str | None,
        kind: str,
        key: tuple[str, int, str],
        t: Table | None = None,
    ):
        places = places_of(s) if s is not None else (0 if kind == "T9" else self.places)
        align = Alignment(vertical="center") if kind == "T9" else RIGHT
        fmt = (
            self.grid_format(t, col) if t is not None and s is None else amount_format(places, kind)
        )
        put(ws, row, col, None if s is None else cell_number(s), fmt=fmt, align=align)
        self.cells[key] = f"{get_column_letter(col)}{row}"

    def sheet(self, ws, t: Table, form_label: str | None):
        lv = self.book.level
        lay = LAYOUTS[(t.kind, lv)]
        for i, w in enumerate(lay.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        head_heights = {1: 18.0, 2: 22.5, 3: 7.5, 4: 18.0, 5: 7.5}
        if t.kind == "T9":
            head_heights = {1: 20.25, 2: 36.0, 3: 29.25}
        for r, h in head_heights.items():
            ws.row_dimensions[r].height = h
        merges: list[str] = []
        last = get_column_letter(lay.ncols)
        # title, org line, unit line
        put(
            ws,
            2,
            1,
            t.title,
            align=Alignment(horizontal="center", vertical="center"),
            border=False,
            font=F18,
        )
        merges.append(f"A2:{get_column_letter(lay.title_to)}2")
        org_row = 3 if t.kind == "T9" else 4
        put(ws, org_row, 1, t.org_line, align=Alignment(vertical="center"), border=False)
        merges.append(f"A{org_row}:{get_column_letter(lay.org_to)}{org_row}")
        put(ws, org_row, lay.ncols, t.unit_line, align=RIGHT, border=False)
        if form_label:
            put(ws, 1, lay.ncols, form_label, align=RIGHT, border=False)
        # header
        top = lay.head_row
        for r in range(top, top + lay.head_rows):
            ws.row_dimensions[r].height = 32.25 if t.kind == "T9" else lay.row_height
            for c in range(1, lay.ncols + 1):
                put(ws, r, c, align=CENTER)
        if t.kind == "T8" and lv == "部门":
            ws.row_dimensions[top + 1].height = 31.5
        head = HEADERS.get((t.kind, lv)) or HEADERS[(t.kind, None)]
        for ro, co, rs, cs, text in head:
            put(ws, top + ro, co, t.head_text.get((ro, co), text), align=CENTER)
            if rs > 1 or cs > 1:
                merges.append(
                    f"{get_column_letter(co)}{top + ro}:"
                    f"{get_column_letter(co + cs - 1)}{top + ro + rs - 1}"
                )
        first = top + lay.head_rows
        if t.kind == "T9":
            end = self.t9(ws, t, first)
            merges.append("A17:F17")  # the template's empty merged note row
            ws.row_dimensions[17].height = 30.75
        elif lay.code_cols:
            end = self.coded(ws, t, lay, first, merges)
        else:
            end = self.two_sided(ws, t, lay, first)
        for note in t.notes:
            end += 1
            put(ws, end, 1, note, align=NOTE, border=False)
            merges.append(f"A{end}:{last}{end}")
            ws.row_dimensions[end].height = 22.5
        for m in merges:
            ws.merge_cells(m)
        # page: A4 landscape, one page wide (as the generator prints the tables)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        if t.kind in ("T2", "T3", "T5", "T8"):
            ws.print_title_rows = f"{top}:{first - 1}"

    def two_sided(self, ws, t: Table, lay: Layout, first: int) -> int:
        grid = t.grid if t.grid is not None else lay.grid
        total = first + grid
        for r in range(first, total + 1):
            ws.row_dimensions[r].height = lay.row_height
            put(ws, r, 1, align=LEFT)
            put(ws, r, 3, align=LEFT_WRAP)
            for c in [2, *range(4, lay.ncols + 1)]:
                put(ws, r, c, fmt=self.grid_format(t, c), align=RIGHT)
        if t.examples:
            ex = EXAMPLES[(t.kind, self.book.level)]
            for i, s in enumerate(ex["in"]):
                put(ws, first + i, 1, s, align=LEFT)
            for i, s in enumerate(ex["out"]):
                put(ws, first + i, 3, s, align=LEFT_WRAP)
        for i, row in enumerate(t.rows):
            r = first + row.grid_row
            is_total = row.label in ("收入总计", "支出总计")
            align = CENTER if is_total else (LEFT if row.side == "收入" else LEFT_WRAP)
            if row.side == "收入" and row.label[:1].isdigit():  # 1、/1. items print indented
                align = Alignment(horizontal="left", vertical="center", indent=2)
            if row.side == "收入":
                put(ws, r, 1, row.label, align=align)
                self.amount(ws, r, 2, row.values.get("预算数"), t.kind, (t.kind, i, "预算数"))
            else:
                put(ws, r, 3, row.label, align=align)
                for j, col in enumerate(lay.values):
                    self.amount(ws, r, 4 + j, row.values.get(col), t.kind, (t.kind, i, col))
        if not t.rows:  # blank template
            put(ws, total, 1, "收入总计", align=CENTER)
            put(ws, total, 3, "支出总计", align=CENTER)
        return total

    def coded(self, ws, t: Table, lay: Layout, first: int, merges: list[str]) -> int:
        data = [r for r in t.rows if r.label != "合计" or r.parts]
        totals = [r for r in t.rows if r.label == "合计" and not r.parts]
        grid = t.grid if t.grid is not None else len(data)
        total = first + grid
        name_col = lay.code_cols + 1
        for r in range(first, total + 1):
            ws.row_dimensions[r].height = lay.row_height
            put(ws, r, 1, align=CENTER)
            for c in range(2, lay.code_cols + 1):
                put(ws, r, c, fmt="@", align=CENTER)
            put(ws, r, name_col, align=LEFT_WRAP)
            for c in range(name_col + 1, lay.ncols + 1):
                put(ws, r, c, fmt=self.grid_format(t, c), align=RIGHT)
        if t.examples:
            key = (
                (t.kind, self.book.level)
                if (t.kind, self.book.level) in EXAMPLES
                else (t.kind, None)
            )
            for i, ex in enumerate(EXAMPLES[key]):
                for c, v in enumerate(ex, start=1):
                    if v == "":
                        continue
                    if c == name_col:
                        put(ws, first + i, c, v, align=LEFT_WRAP)
                    else:
                        code_text = c > 1 and v != "…"
                        put(ws, first + i, c, v, fmt="@" if code_text else "General", align=CENTER)
        for i, row in enumerate(t.rows):
            if any(row is x for x in totals):
                continue
            r = first + i
            for c, p in enumerate(row.parts, start=1):
                if p == "":
                    continue
                if c == 1:  # 类: a number cell
                    put(ws, r, c, int(p) if p.isdigit() else p, align=CENTER)
                elif len(p) == 2:  # 款/项: two-digit text
                    put(ws, r, c, p, fmt="@", align=CENTER)
                else:  # a lost leading zero: the cell turned numeric (万里 2024 `301 | 2`)
                    put(ws, r, c, int(p) if p.isdigit() else p, align=CENTER)
            put(ws, r, name_col, row.label, align=LEFT_WRAP)
            for j, col in enumerate(lay.values):
                self.amount(ws, r, name_col + 1 + j, row.values.get(col), t.kind, (t.kind, i, col))
        put(ws, total, 1, "合计", align=CENTER)
        merges.append(f"A{total}:{get_column_letter(lay.code_cols + 1)}{total}")
        for i, row in enumerate(t.rows):
            if not any(row is x for x in totals):
                continue
            for j, col in enumerate(lay.values):
                self.amount(
                    ws, total, name_col + 1 + j, row.values.get(col), t.kind, (t.kind, i, col), t
                )
        return total

    def t9(self, ws, t: Table, first: int) -> int:
        lay = LAYOUTS[("T9", self.book.level)]
        ws.row_dimensions[first].height = 67.5
        row = t.rows[0] if t.rows else Row(None, {})
        vals = list(row.values.values()) if row.values else [None] * 7
        for j, s in enumerate(vals):
            self.amount(ws, first, 1 + j, s, "T9", ("T9", 0, lay.values[j]))
        return first


# --------------------------------------------------------------------------------------------
# Narrative sheets (a line or two each; the tables are what the tests read)
# --------------------------------------------------------------------------------------------


def toc_lines(book: Book) -> list[str]:
    lv = book.level
    leader = "  ……………………………………" if lv == "部门" else ""
    lines = [
        f"一、{lv}主要职能",
        f"二、{lv}机构设置",
        "三、名词解释",
        f"四、{lv}预算编制说明",
        f"五、{lv}预算表",
    ]
    for i, k in enumerate(KINDS, start=1):
        title = book.tables[k].title
        dot = ". " if i <= 3 or (i == 9 and lv == "单位") else "．"
        if not title[:1].isdigit():  # 表9 printed without year: `9.单位“三公”…`
            dot = "."
        lines.append(f"    {i}{dot}{title}")
    lines.append("六、其他相关情况说明")
    if lv == "部门":
        lines.append("七、项目经费情况说明")
    return [s + leader for s in lines]


def narrative_text(book: Book, role: str) -> tuple[str, str]:
    name = book.name or "XX"
    lv = book.level
    y = book.year
    src = book.narrative_from or book.tables
    t1 = {r.label: r for r in src["T1"].rows}
    t9 = src["T9"].rows[0].values if src["T9"].rows else {}

    def w(label: str, col: str) -> str:
        r = t1.get(label)
        return f"{wan(dec(r.values.get(col))):,.2f}" if r else "x,xxx"

    if role == "functions":
        return (
            f"{name}主要职能",
            f"    {name}的主要职能包括：1. 贯彻执行国家和本市有关法律法规和方针政策；"
            f"2. 承担{lv}职责范围内的各项工作。",
        )
    if role == "org":
        if lv == "部门":
            return (
                f"{name}机构设置",
                f"    {name}部门预算是包括{name}本部以及下属预算单位的综合收支计划。",
            )
        return (f"{name}机构设置", f"    {name}设若干内设机构，包括：办公室、业务科室等。")
    if role == "glossary":
        return (
            "名词解释",
            "   （一）财政拨款收入：是指本级财政当年拨付的资金。\n"
            "   （二）“三公”经费：是指因公出国（境）费、公务用车购置及运行费和公务接待费。",
        )
    if role == "explanation":
        col = "合计" if lv == "单位" else "预算数"
        fiscal = next((lab for lab in t1 if lab.endswith("财政拨款收入")), "")
        return (
            book.explanation_title or f"{y}年{lv}预算编制说明",
            f"    {y}年，{name}收入预算{w('收入总计', '预算数')}万元，其中：财政拨款收入"
            f"{w(fiscal, '预算数')}万元。\n    支出预算{w('支出总计', col)}万元。",
        )
    if role == "other":
        vals = list(t9.values()) if t9 else [None] * 7
        total = f"{dec(vals[0]):,.2f}" if vals and vals[0] is not None else "0.00"
        run = f"{dec(vals[6]):,.2f}" if len(vals) > 6 and vals[6] is not None else "0.00"
        return (
            "其他相关情况说明",
            f"  一、{y}年“三公”经费预算情况说明\n     {y}年“三公”经费预算数为{total}万元。\n"
            f"  二、机关运行经费预算\n     {y}年{name}财政拨款的机关运行经费预算为{run}万元。",
        )
    if role == "project":
        return ("项目经费情况说明", " 一、项目概述\n （说明项目的总体情况、立项目的等）")
    raise ValueError(role)


def narrative_sheet(ws, book: Book, role: str):
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if role == "cover":
        ws.column_dimensions["A"].width = 9.0
        for r, h in {1: 21.75, 2: 23.25, 3: 45.0, 9: 22.2}.items():
            ws.row_dimensions[r].height = h
        put(
            ws,
            3,
            1,
            book.cover_title,
            fmt="@",
            border=False,
            align=CENTER,
            font=Font(name="楷体_GB2312", size=36, bold=True),
        )
        who = "预算单位：" if book.level == "单位" else "预算主管部门："
        line = who + (
            book.name or ("上海市普陀区XX单位" if book.level == "单位" else "上海市普陀区XX局")
        )
        put(
            ws,
            9,
            1,
            line,
            fmt="@",
            border=False,
            align=CENTER,
            font=Font(name="楷体_GB2312", size=18),
        )
        for m in ("A3:M3", "A9:M9", "A18:M18", "A19:M19"):
            ws.merge_cells(m)
        return
    if role == "toc":
        ws.column_dimensions["A"].width = 111.62 if book.level == "单位" else 117.62
        put(
            ws,
            1,
            1,
            "目  录",
            border=False,
            align=Alignment(horizontal="center", vertical="center"),
            font=Font(name="宋体", size=20),
        )
        for i, s in enumerate(toc_lines(book), start=4):
            put(ws, i, 1, s, border=False, align=LEFT, font=Font(name="仿宋_GB2312", size=14))
            ws.row_dimensions[i].height = 21.0
        return
    title, body = narrative_text(book, role)
    ws.column_dimensions["A"].width = 121.38
    ws.row_dimensions[1].height = 24.0
    ws.row_dimensions[3].height = 24.0 * (body.count("\n") + 1) + 12
    put(
        ws,
        1,
        1,
        title,
        border=False,
        align=Alignment(horizontal="center", vertical="center"),
        font=F18,
    )
    put(ws, 3, 1, body, border=False, align=Alignment(vertical="top", wrap_text=True))


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

FIXED_DATE = "2026-01-01T00:00:00Z"


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed document dates and zip timestamps, so the bytes are reproducible."""
    buf = io.BytesIO()
    wb.save(buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + FIXED_DATE.encode(),
                    data,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)


def build(book: Book) -> tuple[Workbook, dict[tuple[str, int, str], tuple[str, str]]]:
    """The workbook and, per amount cell of the model, its (sheet, address)."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "xlbudget tests"
    wb.properties.lastModifiedBy = "xlbudget tests"
    lv = book.level
    before, after = (EXPORT_NARRATIVE if book.export else NARRATIVE)[lv]
    names = (EXPORT_SHEETS if book.export else SHEETS)[lv]
    for name, role in before:
        narrative_sheet(wb.create_sheet(name), book, role)
    ren = Renderer(book)
    where: dict[tuple[str, int, str], tuple[str, str]] = {}
    for i, k in enumerate(KINDS):
        ws = wb.create_sheet(names[i])
        label = f"{lv}预算{i + 1:02d}表" if book.export else None
        ren.cells = {}
        ren.sheet(ws, book.tables[k], label)
        where.update({key: (ws.title, addr) for key, addr in ren.cells.items()})
    for name, role in after:
        narrative_sheet(wb.create_sheet(name), book, role)
    return wb, where


# --------------------------------------------------------------------------------------------
# 1. Publications
# --------------------------------------------------------------------------------------------

EXPLANATION_TITLES = {"putuo-wanli-2023-bumen": "部门预算编制说明"}  # printed without year


def template_head(kind: str, level: str) -> dict[tuple[int, int], str]:
    head = HEADERS.get((kind, level)) or HEADERS[(kind, None)]
    return {(ro, co): text for ro, co, _, _, text in head}


def from_publication(stem: str) -> Book:
    pub = json.loads((PUBLICATIONS / f"{stem}.json").read_text(encoding="utf-8"))
    lv = pub["level"]
    tables: dict[str, Table] = {}
    for title, tj in pub["tables"].items():
        k = tj["kind"]
        rows = []
        for r in tj["rows"]:
            rows.append(
                Row(
                    r["label"],
                    dict(r["values"]),
                    tuple(r.get("code_parts") or ()),
                    r.get("side", ""),
                    r.get("grid_row", 0),
                )
            )
        grid = None
        if k in ("T1", "T4"):
            grid = max(r.grid_row for r in rows)  # the 收入总计/支出总计 row, last
        elif k in ("T6", "T7") and all(r.label == "合计" and not r.parts for r in rows):
            grid = LAYOUTS[(k, lv)].grid  # blank table: the template's empty grid rows
        # printed header texts that differ from the template's (line breaks from wrapping aside)
        tpl = template_head(k, lv)
        head_text = {}
        for h in tj["header"]:
            key = (h["row"], h["col"] + 1)
            if tpl[key].replace("\n", "") != h["text"].replace("\n", ""):
                head_text[key] = h["text"].replace("\n", "")
        tables[k] = Table(
            k, title, tj["org_line"], tj["unit_line"], rows, list(tj["notes"]), grid, head_text
        )
    return Book(
        lv, pub["year"], pub["unit"], pub["cover_title"], tables, EXPLANATION_TITLES.get(stem, "")
    )


# --------------------------------------------------------------------------------------------
# 2. Planted errors (one amount cell each) in the three consistent books
# --------------------------------------------------------------------------------------------

# (stem, kind, row selector, column, true value as printed, typed value, the slip)
# row selector: a code (coded tables; "合计" for the total row), a label (表1/表4) or 0 (表9);
# "" = an empty cell
W23, W25, CZ = "putuo-wanli-2023-bumen", "putuo-wanli-2025-bumen", "putuo-caizhengju-2025-bumen"
PLANTS = [
    (
        W23,
        "T1",
        "收入总计",
        "预算数",
        "164,978,640",
        "164,987,640",
        "total 收入总计: digits transposed",
    ),
    (W23, "T2", "20805", "财政拨款收入", "6,851,259", "6,815,259", "款 row: digits transposed"),
    (W23, "T5", "2080505", "基本支出", "4,412,547", "4,412,647", "项 row: one digit wrong"),
    (
        W23,
        "T4",
        "七、城乡社区支出",
        "一般公共预算",
        "121,319,878",
        "12,319,878",
        "表4 expense 类 row: a digit dropped",
    ),
    (
        W23,
        "T8",
        "30101",
        "人员经费",
        "5,668,416",
        "5,686,416",
        "经济分类 款 row: digits transposed",
    ),
    (W23, "T9", 0, "运行费", "21.56", "12.56", "表9 运行费: digits transposed"),
    (W23, "T6", "合计", "合计", "", "1,421,250", "blank 表6: an amount typed into the total row"),
    (
        W25,
        "T1",
        "八、城乡社区支出",
        "预算数",
        "154,369,326",
        "154,396,326",
        "表1 expense 类 row: digits transposed",
    ),
    (
        W25,
        "T3",
        "2120102",
        "基本支出",
        "0",
        "17,464,243",
        "项 row: the 项目支出 amount typed into 基本支出 (wrong column)",
    ),
    (
        W25,
        "T4",
        "一、一般公共预算资金",
        "预算数",
        "189,767,551",
        "189,767,515",
        "表4 income item: digits transposed",
    ),
    (W25, "T2", "20816", "合计", "45,200", "582,800", "款 row: the amount of the 款 row above"),
    (W25, "T9", 0, "合计", "37.91", "39.71", "表9 合计: digits transposed"),
    (W25, "T8", "合计", "公用经费", "10,827,702", "10,872,702", "表8 total row: digits transposed"),
    (
        W25,
        "T7",
        "合计",
        "项目支出",
        "",
        "2,878,025",
        "blank 表7: an amount from another table typed into the total row",
    ),
    (CZ, "T5", "合计", "合计", "31,214,205.80", "31,214,250.80", "表5 total: digits transposed"),
    (CZ, "T3", "2010601", "项目支出", "138,514.80", "13,851.48", "项 row: decimal point slipped"),
    (
        CZ,
        "T1",
        "1. 一般公共预算资金",
        "预算数",
        "31,214,205.80",
        "31,241,205.80",
        "表1 income item: digits transposed",
    ),
    (
        CZ,
        "T8",
        "302",
        "公用经费",
        "2,204,335.00",
        "2,240,335.00",
        "经济分类 类 row: digits transposed",
    ),
    (
        CZ,
        "T9",
        0,
        "因公出国(境)费",
        "",
        "0.95",
        "表9: the 公务接待费 amount typed into 因公出国(境)费",
    ),
    (
        CZ,
        "T9",
        0,
        "机关运行经费预算数",
        "229.43",
        "292.43",
        "表9 机关运行经费: digits transposed (breaks only a warning)",
    ),
]


def find_row(t: Table, sel) -> int:
    for i, r in enumerate(t.rows):
        if (
            t.kind == "T9"
            or (r.parts and "".join(r.parts) == sel)
            or (not r.parts and r.label == sel)
        ):
            return i
    raise KeyError(f"{t.kind}: no row {sel!r}")


def plant(book: Book, kind: str, sel, col: str, true: str, typed: str) -> int:
    """Type ``typed`` into one amount cell of the model; returns the row index."""
    t = book.tables[kind]
    i = find_row(t, sel)
    row = t.rows[i]
    key = list(row.values)[LAYOUTS[("T9", book.level)].values.index(col)] if kind == "T9" else col
    assert (row.values[key] or "") == true, (kind, sel, col, row.values[key])
    row.values[key] = typed
    return i


def plain(s: str) -> str:
    return s.replace(",", "") if s else ""


# --------------------------------------------------------------------------------------------
# 3. Synthetic books (every identity of identities.md §1–§2 holds exactly)
# --------------------------------------------------------------------------------------------

FUNC_NAMES = {
    "201": "一般公共服务支出",
    "20106": "财政事务",
    "2010601": "行政运行",
    "2010602": "一般行政管理事务",
    "20129": "群众团体事务",
    "2012902": "一般行政管理事务",
    "20132": "组织事务",
    "2013202": "一般行政管理事务",
    "204": "公共安全支出",
    "20406": "司法",
    "2040607": "公共法律服务",
    "205": "教育支出",
    "20599": "其他教育支出",
    "2059999": "其他教育支出",
    "206": "科学技术支出",
    "20607": "科学技术普及",
    "2060702": "科普活动",
    "207": "文化旅游体育与传媒支出",
    "20703": "体育",
    "2070308": "群众体育",
    "208": "社会保障和就业支出",
    "20802": "民政管理事务",
    "2080206": "社会组织管理",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "20807": "就业补助",
    "2080705": "公益性岗位补贴",
    "210": "卫生健康支出",
    "21007": "计划生育事务",
    "2100717": "计划生育服务",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "212": "城乡社区支出",
    "21201": "城乡社区管理事务",
    "2120101": "行政运行",
    "2120102": "一般行政管理事务",
    "21205": "城乡社区环境卫生",
    "2120501": "城乡社区环境卫生",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "2210203": "购房补贴",
    "223": "国有资本经营预算支出",
    "22301": "解决历史遗留问题及改革成本支出",
    "2230105": "国有企业退休人员社会化管理补助支出",
    "229": "其他支出",
    "22908": "彩票发行销售机构业务费安排的支出",
    "2290804": "福利彩票销售机构的业务费支出",
}
ECON_NAMES = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30209": "物业管理费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修（护）费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30302": "退休费",
    "310": "资本性支出",
    "31002": "办公设备购置",
}
# soft pairs of identities.md §2 (X.T5-T8.soft): economic code <- 人员经费 of functional codes
SOFT = {
    "30108": ("2080505",),
    "30109": ("2080506",),
    "30113": ("2210201",),
    "30110": ("2101101", "2101102"),
}


@dataclass
class Line:
    """One 功能分类 项 and where its money comes from (integer 元).

    p/g: 一般公共预算 基本支出 (人员经费 / 公用经费); x: 一般公共预算 项目支出;
    f: 政府性基金 项目支出; s: 国有资本经营 项目支出;
    sy / jy / qt: 事业收入 / 事业单位经营收入 / 其他收入 (项目支出)."""

    code: str
    p: int = 0
    g: int = 0
    x: int = 0
    f: int = 0
    s: int = 0
    sy: int = 0
    jy: int = 0
    qt: int = 0


@dataclass
class Spec:
    level: str
    year: int
    name: str
    cover_title: str
    lines: list[Line]
    person: dict[str, int]  # 人员经费 by economic 款 (301xx, 303xx); the rest goes to 30199
    public: dict[str, int]  # 公用经费 by economic 款 (302xx, 310xx); the rest goes to 30299
    three: dict[str, Decimal]  # 表9 extras in 万元 on top of 表8 (项目 money): 出国/接待/购置/运行
    operating: str  # 机关运行经费: "all" (= 公用经费) or "none" (non-参公 事业单位)


def fmt_yuan(x: int) -> str | None:
    return None if x == 0 else f"{x:,}"


def synthetic(spec: Spec) -> Book:
    lv, y = spec.level, spec.year
    tw = "预算单位" if lv == "单位" else "部门"
    org = ("编制单位：" if lv == "单位" else "编制部门：") + spec.name

    def title(k: str) -> str:
        return f"{y}年{lv}{TITLE_TAIL[k]}" if k == "T9" else f"{y}年{tw}{TITLE_TAIL[k]}"

    lines = sorted(spec.lines, key=lambda li: li.code)

    def agg(fn, prefix: str) -> int:
        return sum(fn(li) for li in lines if li.code.startswith(prefix))

    def coded_rows(fn_cols, select) -> list[Row]:
        """类 / 款 / 项 rows of the lines that ``select`` keeps, values per column."""
        kept = [li for li in lines if select(li)]
        rows: list[Row] = []
        seen: set[str] = set()
        for li in kept:
            for code in (li.code[:3], li.code[:5], li.code):
                if code in seen:
                    continue
                seen.add(code)
                parts = (code[:3], code[3:5], code[5:7])
                vals = {
                    col: fmt_yuan(sum(fn(x) for x in kept if x.code.startswith(code)))
                    for col, fn in fn_cols.items()
                }
                rows.append(Row(FUNC_NAMES[code], vals, parts))
        tot = {col: fmt_yuan(sum(fn(x) for x in kept)) for col, fn in fn_cols.items()}
        rows.append(Row("合计", tot))
        return rows

    def fiscal(li: Line) -> int:
        return li.p + li.g + li.x + li.f + li.s

    def basic(li: Line) -> int:
        return li.p + li.g

    def total(li: Line) -> int:
        return fiscal(li) + li.sy + li.jy + li.qt

    def project(li: Line) -> int:
        return total(li) - basic(li)

    tables: dict[str, Table] = {}
    # 表2, 表3
    tables["T2"] = Table(
        "T2",
        title("T2"),
        org,
        "单位：元",
        coded_rows(
            {
                "合计": total,
                "财政拨款收入": fiscal,
                "事业收入": lambda li: li.sy,
                "事业单位经营收入": lambda li: li.jy,
                "其他收入": lambda li: li.qt,
            },
            lambda li: True,
        ),
    )
    tables["T3"] = Table(
        "T3",
        title("T3"),
        org,
        "单位：元",
        coded_rows({"合计": total, "基本支出": basic, "项目支出": project}, lambda li: True),
    )
    # 表5, 表6, 表7
    for k, fn_total, fn_basic, fund in (
        ("T5", lambda li: li.p + li.g + li.x, basic, "一般公共预算"),
        ("T6", lambda li: li.f, lambda li: 0, "政府性基金"),
        ("T7", lambda li: li.s, lambda li: 0, "国有资本经营"),
    ):
        kept = [li for li in lines if fn_total(li)]
        if kept:
            rows = coded_rows(
                {
                    "合计": fn_total,
                    "基本支出": fn_basic,
                    "项目支出": lambda li, a=fn_total, b=fn_basic: a(li) - b(li),
                },
                lambda li, a=fn_total: a(li) != 0,
            )
            tables[k] = Table(k, title(k), org, "单位：元", rows)
        else:
            note = f"注:本{lv}{y}年无{fund}预算财政拨款安排的预算，故本表为空表。"
            tables[k] = Table(
                k,
                title(k),
                org,
                "单位：元",
                [Row("合计", {"合计": None, "基本支出": None, "项目支出": None})],
                [note],
                LAYOUTS[(k, lv)].grid,
            )
    # 表1
    classes = sorted({li.code[:3] for li in lines})
    gp = sum(li.p + li.g + li.x for li in lines)
    gf = sum(li.f for li in lines)
    soe = sum(li.s for li in lines)
    sy, jy, qt = (sum(getattr(li, a) for li in lines) for a in ("sy", "jy", "qt"))
    if lv == "单位":
        inc_labels = [
            "一、财政拨款收入",
            "1、一般公共预算资金",
            "2、政府性基金",
            "3、国有资本经营预算",
        ]
    else:
        inc_labels = [
            "一、财政拨款收入",
            "1. 一般公共预算资金",
            "2. 政府性基金",
            "3. 国有资本经营预算",
        ]
    inc_labels += ["二、事业收入", "三、事业单位经营收入", "四、其他收入"]
    inc_vals = [gp + gf + soe, gp, gf, soe, sy, jy, qt]
    grid1 = max(LAYOUTS[("T1", lv)].grid, len(classes), 7)
    rows1: list[Row] = []
    for i, (lab, v) in enumerate(zip(inc_labels, inc_vals, strict=True)):
        rows1.append(Row(lab, {"预算数": fmt_yuan(v)}, side="收入", grid_row=i))
        if i < len(classes):
            c = classes[i]
            rows1.append(class_row1(lv, i, c, lines, agg))
    for i in range(7, len(classes)):
        rows1.append(class_row1(lv, i, classes[i], lines, agg))
    rows1.sort(key=lambda r: (r.grid_row, r.side != "收入"))
    grand = sum(total(li) for li in lines)
    rows1.append(Row("收入总计", {"预算数": fmt_yuan(grand)}, side="收入", grid_row=grid1))
    if lv == "单位":
        out = {
            "合计": fmt_yuan(grand),
            "人员经费": fmt_yuan(sum(li.p for li in lines)),
            "公用经费": fmt_yuan(sum(li.g for li in lines)),
            "项目支出": fmt_yuan(sum(project(li) for li in lines)),
        }
    else:
        out = {"预算数": fmt_yuan(grand)}
    rows1.append(Row("支出总计", out, side="支出", grid_row=grid1))
    tables["T1"] = Table("T1", title("T1"), org, "单位：元", rows1, grid=grid1)
    # 表4
    fclasses = [c for c in classes if agg(fiscal, c)]
    rows4: list[Row] = []
    for i, lab in enumerate(["一、一般公共预算资金", "二、政府性基金", "三、国有资本经营预算"]):
        rows4.append(Row(lab, {"预算数": fmt_yuan((gp, gf, soe)[i])}, side="收入", grid_row=i))
        if i < len(fclasses):
            rows4.append(class_row4(i, fclasses[i], agg))
    for i in range(3, len(fclasses)):
        rows4.append(class_row4(i, fclasses[i], agg))
    rows4.sort(key=lambda r: (r.grid_row, r.side != "收入"))
    grid4 = max(LAYOUTS[("T4", lv)].grid, len(fclasses))
    rows4.append(Row("收入总计", {"预算数": fmt_yuan(gp + gf + soe)}, side="收入", grid_row=grid4))
    rows4.append(
        Row(
            "支出总计",
            {
                "合计": fmt_yuan(gp + gf + soe),
                "一般公共预算": fmt_yuan(gp),
                "政府性基金预算": fmt_yuan(gf),
                "国有资本经营预算": fmt_yuan(soe),
            },
            side="支出",
            grid_row=grid4,
        )
    )
    tables["T4"] = Table("T4", title("T4"), org, "单位：元", rows4, grid=grid4)
    # 表8: 人员经费 / 公用经费 by economic code
    by_code = {li.code: li for li in lines}
    person = {e: sum(by_code[c].p for c in fc if c in by_code) for e, fc in SOFT.items()}
    person.update(spec.person)
    person = {e: v for e, v in person.items() if v}
    rest = sum(li.p for li in lines) - sum(person.values())
    assert rest > 0, spec.name
    person["30199"] = person.get("30199", 0) + rest
    public = dict(spec.public)
    rest = sum(li.g for li in lines) - sum(public.values())
    assert rest > 0, spec.name
    public["30299"] = public.get("30299", 0) + rest
    econ = {**{k: (v, 0) for k, v in person.items()}, **{k: (0, v) for k, v in public.items()}}
    rows8: list[Row] = []
    for lei in sorted({k[:3] for k in econ}):
        kids = sorted(k for k in econ if k[:3] == lei)
        pv = sum(econ[k][0] for k in kids)
        gv = sum(econ[k][1] for k in kids)
        rows8.append(
            Row(
                ECON_NAMES[lei],
                {"合计": fmt_yuan(pv + gv), "人员经费": fmt_yuan(pv), "公用经费": fmt_yuan(gv)},
                (lei, ""),
            )
        )
        for k in kids:
            pv, gv = econ[k]
            rows8.append(
                Row(
                    ECON_NAMES[k],
                    {"合计": fmt_yuan(pv + gv), "人员经费": fmt_yuan(pv), "公用经费": fmt_yuan(gv)},
                    (lei, k[3:]),
                )
            )
    pt = sum(li.p for li in lines)
    gt = sum(li.g for li in lines)
    rows8.append(
        Row("合计", {"合计": fmt_yuan(pt + gt), "人员经费": fmt_yuan(pt), "公用经费": fmt_yuan(gt)})
    )
    tables["T8"] = Table("T8", title("T8"), org, "单位：元", rows8)
    # 表9 in 万元: the 表8 codes plus project money
    abroad = wan(Decimal(public.get("30212", 0))) + spec.three.get("出国", Decimal(0))
    hosting = wan(Decimal(public.get("30217", 0))) + spec.three.get("接待", Decimal(0))
    running = wan(Decimal(public.get("30231", 0))) + spec.three.get("运行", Decimal(0))
    buying = spec.three.get("购置", Decimal(0))
    sub = buying + running
    three_total = abroad + hosting + sub
    operating = wan(Decimal(gt)) if spec.operating == "all" else Decimal(0)
    vals9 = dict(
        zip(
            LAYOUTS[("T9", lv)].values,
            (three_total, abroad, hosting, sub, buying, running, operating),
            strict=True,
        )
    )
    tables["T9"] = Table(
        "T9",
        title("T9"),
        org,
        "单位:万元",
        [Row(None, {k: printed(v, 2) for k, v in vals9.items()})],
    )
    tables = {k: tables[k] for k in KINDS}
    return Book(lv, y, spec.name, spec.cover_title, tables)


def class_row1(lv: str, i: int, c: str, lines: list[Line], agg) -> Row:
    label = f"{CN_NUM[i]}、{FUNC_NAMES[c]}"
    tot = agg(lambda li: li.p + li.g + li.x + li.f + li.s + li.sy + li.jy + li.qt, c)
    if lv == "单位":
        p = agg(lambda li: li.p, c)
        g = agg(lambda li: li.g, c)
        vals = {
            "合计": fmt_yuan(tot),
            "人员经费": fmt_yuan(p),
            "公用经费": fmt_yuan(g),
            "项目支出": fmt_yuan(tot - p - g),
        }
    else:
        vals = {"预算数": fmt_yuan(tot)}
    return Row(label, vals, side="支出", grid_row=i)


def class_row4(i: int, c: str, agg) -> Row:
    a = agg(lambda li: li.p + li.g + li.x, c)
    b = agg(lambda li: li.f, c)
    s = agg(lambda li: li.s, c)
    return Row(
        f"{CN_NUM[i]}、{FUNC_NAMES[c]}",
        {
            "合计": fmt_yuan(a + b + s),
            "一般公共预算": fmt_yuan(a),
            "政府性基金预算": fmt_yuan(b),
            "国有资本经营预算": fmt_yuan(s),
        },
        side="支出",
        grid_row=i,
    )


SYNTHETIC = [
    # a 区级 事业单位 (non-参公: no 机关运行经费) with 事业收入 and 其他收入; 表6/表7 blank
    Spec(
        "单位",
        2024,
        "上海市普陀区示例社区服务中心",
        "上海市普陀区示例社区服务中心2024年单位预算",
        [
            Line("2012902", x=186_000),
            Line("2059999", x=95_400, sy=60_000),
            Line("2080206", x=240_000, qt=35_500),
            Line("2080502", p=412_300),
            Line("2080505", p=603_840),
            Line("2080506", p=301_920),
            Line("2100717", p=1_958_760, g=402_180, x=512_000, sy=1_150_000),
            Line("2101102", p=289_616),
            Line("2210201", p=362_304),
        ],
        person={"30101": 1_012_200, "30102": 488_000, "30107": 350_000, "30302": 412_300},
        public={
            "30201": 45_000,
            "30205": 18_600,
            "30206": 52_400,
            "30211": 12_000,
            "30213": 60_000,
            "30217": 3_600,
            "30228": 39_180,
            "30231": 24_000,
        },
        three={"运行": Decimal("1.60")},
        operating="none",
    ),
    # a 区级 department (街道): 政府性基金 filled with 229 08 04, 表7 blank
    Spec(
        "部门",
        2025,
        "上海市普陀区示例街道办事处",
        "上海市普陀区2025年区级部门预算",
        [
            Line("2010601", p=5_820_400, g=1_364_200),
            Line("2013202", x=425_000),
            Line("2040607", x=318_600),
            Line("2070308", x=276_000),
            Line("2080501", p=735_100),
            Line("2080505", p=1_296_480),
            Line("2080506", p=648_240),
            Line("2080705", x=2_164_500),
            Line("2120101", p=3_102_660, g=958_340),
            Line("2120102", x=12_480_000),
            Line("2120501", x=8_765_300),
            Line("2210201", p=1_032_720),
            Line("2210203", p=486_000),
            Line("2290804", f=350_000),
        ],
        person={
            "30101": 2_310_000,
            "30102": 3_450_600,
            "30103": 512_000,
            "30107": 1_980_000,
            "30112": 96_300,
            "30302": 735_100,
        },
        public={
            "30201": 286_000,
            "30207": 64_800,
            "30209": 725_000,
            "30211": 48_000,
            "30212": 60_000,
            "30213": 318_000,
            "30216": 42_000,
            "30217": 18_500,
            "30229": 210_000,
            "30231": 96_000,
            "31002": 120_000,
        },
        three={"购置": Decimal("25.00"), "接待": Decimal("0.50")},
        operating="all",
    ),
    # a 市级 行政 unit: 国有资本经营 filled with 223 01 05, 表6 blank
    Spec(
        "单位",
        2026,
        "上海市示例事务管理局",
        "上海市2026年市级单位预算",
        [
            Line("2010601", p=18_650_200, g=6_148_700),
            Line("2010602", x=3_260_000),
            Line("2060702", x=880_000),
            Line("2080501", p=1_204_000),
            Line("2080505", p=2_985_600),
            Line("2080506", p=1_492_800),
            Line("2101101", p=1_120_000),
            Line("2210201", p=2_239_200),
            Line("2230105", s=1_500_000),
        ],
        person={
            "30101": 4_826_000,
            "30102": 9_642_800,
            "30103": 1_200_000,
            "30107": 2_350_000,
            "30302": 1_204_000,
        },
        public={
            "30201": 820_000,
            "30202": 95_000,
            "30205": 42_000,
            "30206": 366_000,
            "30209": 1_860_000,
            "30211": 230_000,
            "30212": 350_000,
            "30213": 410_000,
            "30216": 120_000,
            "30217": 45_000,
            "30228": 386_000,
            "30231": 168_000,
            "31002": 260_000,
        },
        three={"出国": Decimal("12.00")},
        operating="all",
    ),
]


# --------------------------------------------------------------------------------------------
# 4. Blank templates
# --------------------------------------------------------------------------------------------


def blank(level: str, year: int) -> Book:
    tw = "预算单位" if level == "单位" else "部门"
    org = "编制单位：" if level == "单位" else "编制部门："
    tables = {}
    for k in KINDS:
        title = f"{year}年{level}{TITLE_TAIL[k]}" if k == "T9" else f"{year}年{tw}{TITLE_TAIL[k]}"
        unit_line = "单位:万元" if k == "T9" else "单位：元"
        rows = [] if k in ("T1", "T4", "T9") else [Row("合计", {})]
        tables[k] = Table(
            k, title, org, unit_line, rows, grid=LAYOUTS[(k, level)].grid, examples=True
        )
    cover = f"上海市普陀区{year}年区级{level}预算"
    return Book(level, year, "", cover, tables)


# --------------------------------------------------------------------------------------------


STEMS = [
    "shanghai-caizhengju-2025-danwei",
    "putuo-shehuifuliyuan-2024-danwei",
    "putuo-caizhengju-2025-bumen",
    "putuo-wanli-2023-bumen",
    "putuo-wanli-2024-bumen",
    "putuo-wanli-2025-bumen",
]
EXPORTS = ["shanghai-caizhengju-2025-danwei", "putuo-wanli-2025-bumen"]


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    written = []
    for stem in STEMS:
        wb, _ = build(from_publication(stem))
        save(wb, OUT / f"{stem}.xlsx")
        written.append(f"{stem}.xlsx")
    manifest = []
    counter: dict[str, int] = {}
    for stem, kind, sel, col, true, actual, what in PLANTS:
        book = from_publication(stem)
        book.narrative_from = from_publication(stem).tables
        i = plant(book, kind, sel, col, true, actual)
        wb, where = build(book)
        sheet, addr = where[(kind, i, col)]
        counter[stem] = counter.get(stem, 0) + 1
        name = f"{stem}-{counter[stem]}.xlsx"
        save(wb, OUT / "planted" / name)
        manifest.append(
            {
                "file": name,
                "base": f"{stem}.xlsx",
                "sheet": sheet,
                "cell": addr,
                "table": kind,
                "row": sel if isinstance(sel, str) else None,
                "column": col,
                "unit": "万元" if kind == "T9" else "元",
                "expected": plain(true),
                "actual": plain(actual),
                "slip": what,
            }
        )
        written.append(f"planted/{name}")
    (OUT / "planted" / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    for n, spec in enumerate(SYNTHETIC, start=1):
        wb, _ = build(synthetic(spec))
        save(wb, OUT / f"synthetic-{n}.xlsx")
        written.append(f"synthetic-{n}.xlsx")
    for level, name in (("单位", "blank-unit-2026.xlsx"), ("部门", "blank-dept-2026.xlsx")):
        wb, _ = build(blank(level, 2026))
        save(wb, OUT / name)
        written.append(name)
    for stem in EXPORTS:
        book = from_publication(stem)
        book.export = True
        wb, _ = build(book)
        save(wb, OUT / f"export-{stem}.xlsx")
        written.append(f"export-{stem}.xlsx")
    print(f"wrote {len(written)} books to {OUT}")


if __name__ == "__main__":
    main()
