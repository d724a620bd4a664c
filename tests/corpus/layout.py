"""Transformations IR → IR of a table's columns and header: header words and structure, column
order, extra and missing columns (the lines around a table and the sheets are in ``placement``).

Same contract as ``transforms``: ``change(book, rng)``, deterministic, documented with the export
it imitates, composable in any order (columns are found by their base key, header nodes by the
columns under them), ``keeps`` / ``expects`` declared.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from .ir import Book, Cell, Group, Leaf, Node, Table, ancestors, leaves, walk
from .transforms import coded, transformation

# ── header words ─────────────────────────────────────────────────────────────────────────────

# what other forms print for the same column or group (label as printed → alternatives)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "功能分类科目编码": ("科目代码", "功能分类科目代码", "科目编码"),
    "科目编码": ("科目代码", "功能分类科目编码"),
    "经济分类科目编码": ("经济分类科目代码", "科目代码", "部门预算支出经济分类科目编码"),
    "功能分类科目名称": ("科目名称", "功能分类科目"),
    "科目名称": ("功能分类科目名称", "科目"),
    "经济分类科目名称": ("科目名称", "经济分类科目", "部门预算支出经济分类科目名称"),
    "部门经济分类科目名称": ("经济分类科目名称", "科目名称"),
    "人员经费": ("人员经费支出", "工资福利", "人员支出"),
    "公用经费": ("日常公用经费", "公用经费支出", "公用支出"),
    "项目支出合计": ("合计", "项目支出"),
    "预算数": ("本年预算数", "预算金额"),
    "“三公”经费支出内容": ("项目", "支出内容"),
    "功能分类": ("支出功能分类科目", "科目名称"),
    "项目名称": ("项目",),
}
# 经济分类 tables (表6; 上海 表8) name their subjects otherwise
ECONOMIC_SYNONYMS = {"科目名称": ("经济分类科目名称", "科目"), "科目编码": ("经济分类科目代码",
                                                                 "科目代码")}
# the first amount column of a table (its row total) in other words
TOTAL_SYNONYMS = {"合计": ("支出合计", "本年预算数", "小计"), "总计": ("合计", "收入合计")}
EXPENSE_PARTS = {"项目支出": ("项目支出合计",), "基本支出": ("基本支出合计",)}


@transformation(keeps="the budget; header labels in other words")
def header_words(book: Book, rng: random.Random) -> None:
    """Header labels in the words other forms use — 科目代码, 功能分类科目名称, 项目支出合计,
    支出合计, 本年预算数, 表6 人员经费支出/工资福利 and 日常公用经费/公用经费支出: templates of
    other prefectures and years, and budget systems with their own column names."""
    for table in book.tables():
        first = next((leaf for leaf in table.leaves if leaf.kind == "金额"), None)
        for node, _ in walk(table.header):
            label = node.label.strip()
            options = SYNONYMS.get(label, ())
            if table.economic:
                options = ECONOMIC_SYNONYMS.get(label, options)
            if node is first:
                options = TOTAL_SYNONYMS.get(label, options)
            elif isinstance(node, Leaf) and table.number in (3, 5) and table.coded:
                options = EXPENSE_PARTS.get(label, options)
            if options:
                node.label = rng.choice(options)


_BREAK_AFTER = ("分类", "预算", "科目", "经费", "财政", "上级", "支出")


def _broken(label: str) -> str:
    """A long label with a line break at a word edge near its middle."""
    if len(label) < 6 or "\n" in label:
        return label
    edges = [m.end() for w in _BREAK_AFTER for m in re.finditer(w, label)
             if 2 <= m.end() <= len(label) - 2]
    cut = min(edges, key=lambda e: abs(e - len(label) / 2)) if edges else len(label) // 2
    return f"{label[:cut]}\n{label[cut:]}"


@transformation(keeps="the budget; header labels broken over two lines")
def header_line_breaks(book: Book, rng: random.Random) -> None:
    """Line breaks inside long header labels ("功能分类\\n科目编码", "上级一般公共预算\\n安排的
    转移支付"): exports that size header cells to narrow columns with Alt+Enter breaks."""
    for table in book.tables():
        for node, _ in walk(table.header):
            node.label = _broken(node.label)


@transformation()
def unit_suffix_headers(book: Book, rng: random.Random) -> None:
    """Amount headers that say their unit, "合计（万元）", "一般公共预算（元）" (the table's
    printed unit): templates without a unit line above the header, and exports that append it."""
    for table in book.tables():
        table.unit_suffix = True


# ── header structure ─────────────────────────────────────────────────────────────────────────


@transformation()
def merges_removed(book: Book, rng: random.Random) -> None:
    """No merged cells anywhere — header labels, title and 合计 spans written in their first
    cell only: CSV round trips, exports by libraries that do not write merges, and books whose
    merges were undone to sort or filter."""
    for table in book.tables():
        table.merged = False


def _flat(table: Table, leaf: Leaf) -> Leaf:
    above = [g for g in ancestors(table, leaf) if g.label.strip()]
    if leaf.kind in ("类", "款", "项") and leaf.label:
        label = leaf.label
    else:
        label = "-".join([*(g.label for g in above), *([leaf.label] if leaf.label else [])])
    origin = (*leaf.origin, *(o for g in above for o in g.origin))
    return Leaf(label, leaf.key, leaf.kind, origin, leaf.covers)


@transformation(keeps="the budget; one header row whose labels join the groups above "
                      "(财政拨款（补助）-一般公共预算)")
def header_flattened(book: Book, rng: random.Random) -> None:
    """The header flattened into one row, each column labelled with its groups joined by "-"
    ("财政拨款（补助）-一般公共预算", "基本支出-人员经费"; 类/款/项 keep theirs): database and
    BI exports, which have one column name per column."""
    for table in book.tables():
        table.header = [_flat(table, leaf) for leaf in table.leaves]
        table.header_pad = 0


@transformation()
def header_three_rows(book: Book, rng: random.Random) -> None:
    """One more header row: the top labels (groups such as 功能分类科目编码, 财政拨款（补助）)
    merged over two rows, single columns over all of them: templates with a taller header
    band."""
    for table in book.tables():
        table.header_pad += 1


def _repeat(table: Table, rng: random.Random, low: int, high: int) -> None:
    body = sum(r.kind != "blank" for r in table.rows)
    every = rng.randint(low, high)
    if body > every:
        table.repeat_every = every


@transformation(applies=lambda book: any(t.number in (1, 4) for t in book.tables()))
def page_header_repeated_two_sided(book: Book, rng: random.Random) -> None:
    """表1/表4 with their header rows printed again after every 8–12 lines: books rebuilt from a
    multi-page PDF export, which repeats the header on every page."""
    for table in book.tables():
        if table.number in (1, 4):
            _repeat(table, rng, 8, 12)


@transformation(applies=lambda book: any(t.coded for t in book.tables()))
def page_header_repeated_coded(book: Book, rng: random.Random) -> None:
    """Coded tables (表2/3/5/6/7 …) with their header printed again after every 6–10 data rows:
    multi-page PDF exports pasted back into a workbook."""
    for table in coded(book):
        _repeat(table, rng, 6, 10)


# ── column order ─────────────────────────────────────────────────────────────────────────────


def _keys(node: Node) -> set[str]:
    return {leaf.key for leaf in leaves([node])}


_BASIC = ({"basic"}, {"personnel", "public"}, {"fiscal_personnel", "fiscal_public"},
          {"nonfiscal_personnel", "nonfiscal_public"})


def _basic(node: Node) -> bool:
    """The 基本支出 column, or the 基本支出 group over 人员经费/公用经费."""
    return {k.rpartition(".")[2] for k in _keys(node)} in _BASIC


def _project(node: Node) -> bool:
    return isinstance(node, Leaf) and node.key.rpartition(".")[2] in (
        "project", "fiscal_project", "nonfiscal_project")


def _containers(table: Table) -> list[list[Node]]:
    return [table.header, *(n.children for n, _ in walk(table.header) if isinstance(n, Group))]


@transformation(applies=lambda book: any(_swappable(t) for t in book.tables()))
def project_before_basic(book: Book, rng: random.Random) -> None:
    """项目支出 printed before 基本支出 (表3/5, 表8/9 and 表11 with their 人员/公用 split,
    上海 表1): templates that lead with project money."""
    for table in book.tables():
        for nodes in _containers(table):
            basic = next((n for n in nodes if _basic(n)), None)
            project = next((n for n in nodes if _project(n)), None)
            if basic is not None and project is not None:
                i, j = nodes.index(basic), nodes.index(project)
                nodes[i], nodes[j] = project, basic


def _swappable(table: Table) -> bool:
    return any(any(_basic(n) for n in c) and any(_project(n) for n in c)
               for c in _containers(table))


_ROW_TOTALS = {"total", "fiscal", "income_amount"}


def _movable(node: Node) -> bool:
    """An amount column (or group of them) that is not a row total."""
    found = leaves([node])
    return all(leaf.kind == "金额" for leaf in found) and not any(
        leaf.key.rpartition(".")[2] in _ROW_TOTALS for leaf in found)


def _shuffle(nodes: list[Node], rng: random.Random,
             movable: Callable[[Node], bool] = _movable) -> None:
    """Shuffle the movable nodes among their own places (another order than before)."""
    places = [i for i, n in enumerate(nodes) if movable(n)]
    if len(places) < 2:
        return
    moved = [nodes[i] for i in places]
    order = moved[:]
    while order == moved:
        rng.shuffle(order)
    for i, node in zip(places, order, strict=True):
        nodes[i] = node


@transformation(applies=lambda book: any(t.number in (2, 4) for t in book.tables()))
def fund_columns_shuffled(book: Book, rng: random.Random) -> None:
    """The fund columns of 表2 (一般公共预算, 政府性基金…, 单位资金, 结转) and of 表4's expense
    side (一般公共预算, 政府性基金预算, 国有资本经营预算) in another order; row totals (总计,
    小计, 合计) stay first: templates of other years that list the sources in their own order."""
    for table in book.tables():
        if table.number in (2, 4):
            for nodes in _containers(table):
                _shuffle(nodes, rng)


def _t7(book: Book) -> Table | None:
    table = book.table(7)
    return table if table is not None and book.region == "xinjiang" else None


def _economic_leaves(table: Table) -> list[Leaf]:
    return [leaf for leaf in table.leaves if re.fullmatch(r"main\.e\d{3}", leaf.key)]


@transformation(applies=lambda book: _t7(book) is not None)
def t7_economic_reordered(book: Book, rng: random.Random) -> None:
    """表7's 经济分类 columns in another order (资本性支出 before 商品和服务支出 …): project tables
    exported from the project library, which orders economic classes its own way."""
    table = _t7(book)
    if table is None:
        return
    economic = _economic_leaves(table)
    for nodes in _containers(table):
        _shuffle(nodes, rng, lambda node: node in economic)


@transformation(keeps="the budget; 表7 prints only its economic columns that hold money "
                      "(the others are all zero)",
                applies=lambda book: _t7(book) is not None)
def t7_money_columns_only(book: Book, rng: random.Random) -> None:
    """表7 with one column per 经济分类 but only those with money (e.g. 商品和服务支出 … 其他支出):
    exports that drop empty columns to fit the page."""
    table = _t7(book)
    if table is None:
        return
    for leaf in _economic_leaves(table):
        if not any(r.cells[leaf.key].amount for r in table.rows if leaf.key in r.cells):
            for nodes in _containers(table):
                if leaf in nodes:
                    nodes.remove(leaf)


# ── extra and changed columns ────────────────────────────────────────────────────────────────


@transformation(applies=lambda book: any(t.coded for t in book.tables()))
def serial_column(book: Book, rng: random.Random) -> None:
    """A 序号 column at the left (1, 2, 3 … on the subject and item rows) of coded tables and
    表11: exports from report tools that number every row."""
    for table in book.tables():
        if not (table.coded or (table.region == "xinjiang" and table.number == 11)):
            continue
        table.header.insert(0, Leaf("序号", "serial", "serial"))
        number = 0
        for row in table.rows:
            if row.kind == "line":
                number += 1
                row.extra["serial"] = Cell(number)


@transformation()
def remark_column(book: Book, rng: random.Random) -> None:
    """An extra 备注 column at the right of every table, empty: templates that leave room for
    remarks, which nobody fills in."""
    for table in book.tables():
        table.header.append(Leaf("备注", "remark", "remark"))


def _spacer(table: Table, index: int, count: list[int]) -> None:
    count[0] += 1
    table.header.insert(index, Leaf("", f"spacer{count[0]}", "spacer"))


@transformation()
def spacer_columns(book: Book, rng: random.Random) -> None:
    """Empty narrow columns: between the descriptive columns and the amounts, and in 表1/表4
    between the income and the expense side: books laid out for print whose spacer columns
    were left in."""
    count = [0]
    for table in book.tables():
        top = table.header
        first = next((i for i, n in enumerate(top)
                      if any(leaf.kind == "金额" for leaf in leaves([n]))), None)
        if len(top) == 2 and all(isinstance(n, Group) for n in top):  # two sides
            _spacer(table, 1, count)
        elif first is not None:
            _spacer(table, first, count)


@transformation(applies=lambda book: book.table(4) is not None)
def t4_two_sided_form(book: Book, rng: random.Random) -> None:
    """表4 in the two-sided form: 财政拨款收入 over (项目, 预算数) on the left, 财政拨款支出功能
    分类 (or 支出功能分类科目) in the middle over both header rows, 财政拨款支出 over (合计,
    一般公共预算, 政府性基金预算, 国有资本经营预算) on the right, and a blank spacer row between
    header and data: the 财政拨款收支总表 of the 财政部 部门预算 templates."""
    table = book.table(4)
    if table is None:
        return
    item = table.leaf("expense.expense_item")
    income = table.leaf("income.income_amount")
    if item is None or income is None:
        return
    for node, parent in walk(table.header):
        if node is item and parent is not None:
            parent.children.remove(item)
            top = next(n for n in table.header if any(x is parent for x, _ in walk([n])))
            table.header.insert(table.header.index(top), item)
            break
    item.label = rng.choice(("财政拨款支出功能分类", "支出功能分类科目"))
    income.label = "预算数"
    table.gap_after_header = max(table.gap_after_header, 1)


def _t11(book: Book) -> Table | None:
    table = book.table(11)
    return table if table is not None and book.region == "xinjiang" else None


@transformation(applies=lambda book: _t11(book) is not None)
def t11_blank_total_header(book: Book, rng: random.Random) -> None:
    """表11 whose 合计 sub-columns under 财政拨款 / 非财政拨款 are printed with a blank header
    cell: templates where the group label stands for its own total."""
    table = _t11(book)
    for key in ("main.fiscal_total", "main.nonfiscal_total"):
        leaf = table.leaf(key) if table else None
        if leaf is not None:
            leaf.label = ""


@transformation(keeps="the budget without 表11's 财政拨款/非财政拨款 合计 figures (blank "
                      "header, blank cells: a reader sums their parts)",
                applies=lambda book: _t11(book) is not None, drops=True)
def t11_blank_total_column(book: Book, rng: random.Random) -> None:
    """表11 whose 合计 sub-columns have a blank header and blank cells: templates whose group
    total column was never filled in."""
    table = _t11(book)
    if table is None:
        return
    t11_blank_total_header.change(book, rng)
    for row in table.rows:
        for key in ("main.fiscal_total", "main.nonfiscal_total"):
            if key in row.cells:
                row.cells[key] = Cell()
