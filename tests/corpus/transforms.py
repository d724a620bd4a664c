"""Transformations IR → IR of what a printed book's cells hold: codes, names, amounts, rows.

Each transformation is ``change(book, rng)``, deterministic given its ``random.Random``, and is
documented with the real-world export it imitates. It works on whatever layout the IR holds (it
looks columns up by their base key, rows by their code and kind), so transformations compose in
any order. Each declares what it keeps (``keeps``): ``BUDGET`` — the same tables, codes, names
(up to the variant characters a docstring names) and amounts — or a sentence saying what changes;
``expects`` lists the cell-less error findings a correct checker then reports besides the base's
own (a table taken out of the book is reported missing). The header and column transformations
are in ``layout``, the lines, placement and sheets in ``placement``; ``compose.REGISTRY`` lists
all of them in order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .ir import WAN, Book, Cell, Group, Leaf, Node, Row, Table, leaves, siblings, walk

BUDGET = "budget"
Change = Callable[[Book, random.Random], None]


@dataclass(frozen=True)
class Transformation:
    name: str
    change: Change
    keeps: str = BUDGET
    applies: Callable[[Book], bool] = lambda book: True
    expects: Callable[[Book], tuple[str, ...]] = lambda book: ()
    drops: bool = False  # takes amount cells out of the book (said in ``keeps``)

    @property
    def imitates(self) -> str:
        return (self.change.__doc__ or "").strip()

    def __call__(self, book: Book, rng: random.Random) -> None:
        self.change(book, rng)


def transformation(keeps: str = BUDGET, applies: Callable[[Book], bool] | None = None,
                   expects: Callable[[Book], tuple[str, ...]] | None = None,
                   drops: bool = False) -> Callable[[Change], Transformation]:
    """Register ``change`` as a Transformation named after it."""

    def wrap(change: Change) -> Transformation:
        return Transformation(change.__name__, change, keeps, applies or (lambda book: True),
                              expects or (lambda book: ()), drops)

    return wrap


# ── helpers ──────────────────────────────────────────────────────────────────────────────────

CODE_KINDS = ("类", "款", "项")
IDEO = "\u3000"  # full-width space


def coded(book: Book) -> Iterator[Table]:
    """Tables whose rows carry codes and which list rows (blank tables included)."""
    return (t for t in book.tables() if t.coded)


def functional(book: Book) -> Iterator[Table]:
    return (t for t in coded(book) if not t.economic)


def has_coded_rows(book: Book) -> bool:
    return any(r.code for t in coded(book) for r in t.rows)


def name_leaf(table: Table) -> Leaf | None:
    return next((leaf for leaf in table.leaves if leaf.kind == "名称"), None)


def text_cells(table: Table) -> Iterator[Cell]:
    """Cells of the data rows that hold text (names, labels), not amounts."""
    for row in table.rows:
        for cell in row.cells.values():
            if cell.amount is None and isinstance(cell.value, str):
                yield cell


def total_label(row: Row) -> Cell | None:
    """The cell of a total row that says 合计/总计/收入总计."""
    return next((c for c in row.cells.values() if isinstance(c.value, str)
                 and re.sub(r"\s", "", c.value).endswith(("合计", "总计"))), None)


def code_nodes(table: Table) -> tuple[list[Node], int, list[Node]] | None:
    """Where the code columns sit: (the list holding them, index, the nodes) — the code group
    (功能分类科目编码 over 类/款/项) when there is one, else the code leaves themselves."""
    codes = [leaf for leaf in table.leaves if leaf.kind in CODE_KINDS]
    if not codes:
        return None
    for node, _ in walk(table.header):
        if isinstance(node, Group) and leaves(node.children) == codes:
            container = siblings(table, node)
            return container, container.index(node), [node]
    container = siblings(table, codes[0])
    start = container.index(codes[0])
    return container, start, container[start:start + len(codes)]


def replace(container: list[Node], old: list[Node], new: Node) -> None:
    index = container.index(old[0])
    for node in old:
        container.remove(node)
    container.insert(index, new)


def origins(nodes: list[Node]) -> tuple[str, ...]:
    out: list[str] = []
    for node, _ in walk(nodes):
        out.extend(node.origin)
    return tuple(out)


# ── codes and names ──────────────────────────────────────────────────────────────────────────

_CODE_NAME_LABELS = {False: ("功能分类科目", "科目编码及名称", "科目名称"),
                     True: ("经济分类科目", "部门预算支出经济分类科目", "科目名称")}


@transformation(applies=has_coded_rows)
def code_name_one_cell(book: Book, rng: random.Random) -> None:
    """Code and name in ONE cell, indented by level (``　　2011308 招商引资``), replacing the code
    columns and the name column of every coded table: 预算管理一体化 exports of the 科目 tree and
    books typed from the 批复 document, which print the subject as "code name"; the indent is
    spaces or full-width spaces, the separator a space, a tab, "-" or "、"."""
    indent = rng.choice(("  ", IDEO, IDEO * 2))
    sep = rng.choice((" ", "\t", "-", "、"))
    for table in coded(book):
        found, name = code_nodes(table), name_leaf(table)
        if found is None or name is None:
            continue
        container, _, nodes = found
        covers = (*(k for leaf in leaves(nodes) for k in (leaf.key, *leaf.covers)), name.key)
        label = rng.choice(_CODE_NAME_LABELS[table.economic])
        joined = Leaf(label, "code_name", "code_name", origins([*nodes, name]), covers)
        siblings(table, name).remove(name)
        replace(container, nodes, joined)
        table.code.changed, table.code.indent, table.code.name_sep = True, indent, sep


def _combine(table: Table) -> None:
    """The code columns (类/款/项 under their group) as one 科目编码 column."""
    found = code_nodes(table)
    if found is None:
        return
    container, _, nodes = found
    group = nodes[0] if isinstance(nodes[0], Group) else None
    label = group.label if group else "科目编码"
    covers = tuple(leaf.key for leaf in leaves(nodes))
    replace(container, nodes, Leaf(label, "code", "code", origins(nodes), covers))
    table.code.changed = True


@transformation(applies=has_coded_rows)
def code_combined(book: Book, rng: random.Random) -> None:
    """One combined code column ("2011308", "20113", "201") under 功能分类科目编码 instead of
    类/款/项: provincial budget systems that export the full subject code."""
    for table in coded(book):
        _combine(table)


@transformation(applies=has_coded_rows)
def code_dotted(book: Book, rng: random.Random) -> None:
    """Codes written with separators, "201.03.01" or "201-03-01" (one combined column, or
    inside the code-name cell): exports that format the subject code by level, and books
    retyped from a 批复 that writes codes that way."""
    sep = rng.choice((".", "-"))
    for table in coded(book):
        _combine(table)
        table.code.changed, table.code.sep = True, sep


@transformation(applies=has_coded_rows)
def codes_as_numbers(book: Book, rng: random.Random) -> None:
    """Codes stored as numbers, leading zeros lost (款 "03" → 3, 项 "01" → 1; combined
    2010301): General-formatted code cells, and books retyped by hand. (A code written with
    separators stays text.)"""
    for table in coded(book):
        table.code.changed, table.code.numeric = True, True


@transformation(applies=has_coded_rows)
def codes_blank_repeated(book: Book, rng: random.Random) -> None:
    """类 left blank on 款 and 项 rows and 款 blank on 项 rows ("same as above"): exports with
    repeated values suppressed, and books tidied for print. (Split code columns only.)"""
    for table in coded(book):
        table.code.changed, table.code.blank_repeated = True, True


@transformation(applies=has_coded_rows)
def lei_as_headings(book: Book, rng: random.Random) -> None:
    """类 rows printed as chapter headings, "一、一般公共服务支出", with no code; 款 and 项 rows
    keep theirs: county books typed from the 批复 document. The 类 is the one its 款 rows'
    codes start with."""
    for table in coded(book):
        table.code.changed, table.code.headings = True, True


@transformation(applies=has_coded_rows)
def names_indented(book: Book, rng: random.Random) -> None:
    """科目名称 indented by level with full-width or plain spaces (款 "　　商贸事务", 项
    "　　　　招商引资"): exports that indent the tree with characters instead of cell
    indentation. Reader: a name is its text without the indent."""
    unit = rng.choice((IDEO, "  ", IDEO * 2))
    for table in coded(book):
        leaf = name_leaf(table)
        if leaf is None:
            continue
        for row in table.rows:
            cell = row.cells.get(leaf.key)
            if row.code and cell is not None and isinstance(cell.value, str):
                cell.value = unit * (row.level - 1) + cell.value


_VARIANT_CHARS = str.maketrans({"他": "它", "账": "帐"})


@transformation(keeps="the budget; 其他 printed 其它 and 账 printed 帐 in names and labels")
def variant_characters(book: Book, rng: random.Random) -> None:
    """"其它" for "其他" and "帐" for "账" in names, row labels and header labels (其它收入,
    其它商品和服务支出, 其它支出): books typed by people who use the variant characters, which
    older catalogues and many templates still print."""
    for table in book.tables():
        for cell in text_cells(table):
            cell.value = str(cell.value).replace("其他", "其它").translate(_VARIANT_CHARS)
        for node, _ in walk(table.header):
            node.label = node.label.replace("其他", "其它").translate(_VARIANT_CHARS)


# ── rows ─────────────────────────────────────────────────────────────────────────────────────


def _listed(table: Table) -> bool:
    return table.coded and any(r.code for r in table.rows)


@transformation(keeps="the budget without the 类/款 subtotal rows of the 功能分类 tables "
                      "(a reader derives them); base findings on those rows are not expected",
                applies=has_coded_rows, drops=True)
def only_xiang_rows(book: Book, rng: random.Random) -> None:
    """表2/3/5 (and filled 表8/9; 上海 表2/3/5/6/7) list only 项 rows and the 合计, no 类/款
    subtotal rows: exports of the detail level only."""
    for table in functional(book):
        if not any(r.project for r in table.rows):  # 表7 lists projects under its 类/款
            table.rows = [r for r in table.rows if not (r.code and r.level in (1, 2))]


@transformation(applies=has_coded_rows)
def spacer_rows_between_lei(book: Book, rng: random.Random) -> None:
    """A blank row before every 类 but the first, in coded tables: exports that separate the
    chapters of the subject tree with an empty line."""
    for table in coded(book):
        out: list[Row] = []
        for row in table.rows:
            if row.code and row.level == 1 and any(r.code for r in out):
                out.append(Row("blank", {k: Cell() for k in row.cells}))
            out.append(row)
        table.rows = out


def _totalled(book: Book) -> Iterator[Table]:
    """Tables with a 合计 row of their own list (coded tables, 表11 items)."""
    for table in book.tables():
        items = table.region == "xinjiang" and table.number == 11
        if (table.coded or items) and any(r.kind == "total" for r in table.rows):
            yield table


@transformation(applies=lambda book: any(True for _ in _totalled(book)))
def total_row_first(book: Book, rng: random.Random) -> None:
    """The 合计 row directly under the header, above the 类 rows (coded tables, 表11): the
    预算管理一体化 exports, which print the total first."""
    for table in _totalled(book):
        totals = [r for r in table.rows if r.kind == "total"]
        rest = [r for r in table.rows if r.kind != "total"]
        table.rows = totals + rest


@transformation(keeps="the budget without the 合计 rows of coded tables and 表11 (a reader "
                      "sums them); base findings on those rows are not expected",
                applies=lambda book: any(True for _ in _totalled(book)), drops=True)
def total_row_absent(book: Book, rng: random.Random) -> None:
    """No 合计 row under coded tables and 表11: exports cut at the last subject row, and books
    whose total row was deleted as "redundant"."""
    for table in _totalled(book):
        table.rows = [r for r in table.rows if r.kind != "total"]


_TOTAL_WORDS = ("合 计", f"合{IDEO}计", "总计", "合计：")
_SIDE_TOTALS = {"收入总计": ("收 入 总 计", f"收入总计{IDEO}"),
                "支出总计": ("支 出 总 计", f"支出总计{IDEO}")}


@transformation()
def total_labels_spread(book: Book, rng: random.Random) -> None:
    """Total labels written otherwise: "合 计", "合　计", "总计", "合计："; 表1/表4 "收 入 总 计"
    or a trailing full-width space: books formatted by hand, with an IME in full-width mode."""
    for table in book.tables():
        for row in table.rows:
            if row.kind != "total":
                continue
            for cell in row.cells.values():
                text = cell.value.strip() if isinstance(cell.value, str) else ""
                if text in _SIDE_TOTALS:
                    cell.value = rng.choice(_SIDE_TOTALS[text])
                elif text == "合计":
                    cell.value = rng.choice(_TOTAL_WORDS)


# ── amounts ──────────────────────────────────────────────────────────────────────────────────


def _looks(book: Book, look: str) -> None:
    for table in book.tables():
        for _, _, cell in table.amount_cells():
            if cell.amount:
                cell.look = look


@transformation(keeps="the budget; amounts written as text")
def amount_apostrophe(book: Book, rng: random.Random) -> None:
    """Amounts as text with a literal leading apostrophe ("'432.18"): books pasted from
    systems that mark text numbers the way Excel's entry does, then saved by a tool that keeps
    the mark in the value."""
    _looks(book, "apostrophe")


@transformation(keeps="the budget; amounts written as text")
def amount_thousands(book: Book, rng: random.Random) -> None:
    """Amounts as text with thousands separators ("1,234.56"): tables pasted from PDF or Word
    documents, or exported as formatted text."""
    _looks(book, "grouped")


@transformation(keeps="the budget; amounts written as text")
def amount_fullwidth(book: Book, rng: random.Random) -> None:
    """Amounts as text in full-width digits ("１２３４．５６"): books typed with a Chinese IME in
    full-width mode."""
    _looks(book, "fullwidth")


@transformation()
def zeros_printed(book: Book, rng: random.Random) -> None:
    """Zeros printed instead of blank cells — "-", 0 or "0.00", one way per table: exports that
    fill every amount cell, and templates that show "-" for nothing."""
    for table in book.tables():
        table.zero = rng.choice(("dash", "zero", "text"))


def _to_yuan(table: Table) -> None:
    for _, _, cell in table.amount_cells():
        assert cell.amount is not None
        cell.amount *= WAN
    table.unit, table.scale = "元", table.scale * WAN
    for line in table.top:
        for _, cell in line.cells:
            if isinstance(cell.value, str):
                cell.value = re.sub(r"(单位\s*[：:]\s*)万元", r"\1元", cell.value)


def _in_wan(book: Book) -> list[Table]:
    return [t for t in book.tables() if t.unit == "万元" and not t.is_blank]


@transformation(keeps="the budget; one table in 元 (its amounts × 10000, its unit line 单位：元)",
                applies=lambda book: bool(_in_wan(book)))
def unit_yuan_table(book: Book, rng: random.Random) -> None:
    """One table in 元 ("单位：元", every amount × 10000) in a 万元 book: a table exported from
    a subsystem that works in 元 (the project library's 表7, the 三公 table)."""
    tables = _in_wan(book)
    if tables:
        _to_yuan(rng.choice(tables))


@transformation(keeps="the budget; every 万元 table in 元 (amounts × 10000, unit line 单位：元)",
                applies=lambda book: bool(_in_wan(book)))
def unit_yuan_book(book: Book, rng: random.Random) -> None:
    """Every table in 元: budget systems whose export unit was left at 元 (上海: its one 万元
    table, 表9, in 元 too)."""
    for table in _in_wan(book):
        _to_yuan(table)
