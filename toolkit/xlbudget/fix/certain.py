"""Regenerate a corrected workbook: derive only what is certain, log every change, lose nothing.

Certain: a subtotal, total or row total whose parts carry data (it is their sum by definition);
the official name of a known code; a 表1 类 expense that 表2 and 表3 agree on, a 表4 一般公共预算
类 that 表2 and 表5 agree on; amounts in 万元. Never invented: detail rows, a total whose parts
are all blank, a figure two tables disagree on — those stay as entered and remain findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from xlbudget.check.figures import Context
from xlbudget.check.findings import money
from xlbudget.model import ZERO, Row, Table, children_of
from xlbudget.read.carried import LogEntry
from xlbudget.read.workbook import ReadResult
from xlbudget.spec.catalog import economic, functional
from xlbudget.spec.model import Block, RowSource
from xlbudget.text import fold

CODED = (RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS)


def _set(row: Row, column: str, value: Decimal, rule: str, note: str) -> LogEntry | None:
    before = row.amounts.get(column)
    if (before or ZERO) == value:
        return None
    row.amounts[column] = value
    return LogEntry(row.cells.get(column, ""), money(before) if before is not None else None,
                    money(value), rule, note)


def official_names(result: ReadResult) -> Iterator[LogEntry]:
    budget = result.budget
    for number, table in budget.tables.items():
        block = table.spec.blocks[0]
        if block.rows not in CODED:
            continue
        names = (economic if block.rows is RowSource.ECONOMIC else functional)(budget.year).names
        for row in table.body():
            official = names.get(row.code or "")
            if official and row.name and fold(official) != fold(row.name) and not row.derived:
                yield LogEntry(row.cells.get("name", ""), row.name, official, f"T{number}.name",
                               "按分类科目规范名称更正")
                row.name = official


def _agreed(context: Context, witnesses: list[list[tuple[int, str]]],
            level: int = 3) -> dict[str, Decimal]:
    """Per 类: the figure two other tables agree on (each witness a sum of columns)."""
    sums: list[dict[str, Decimal]] = []
    for witness in witnesses:
        totals: dict[str, Decimal] = {}
        for number, column in witness:
            for code, figure in context.coded(number, column).items():
                if len(code) == level and not figure.unknown:
                    totals[code] = totals.get(code, ZERO) + figure.value
        sums.append(totals)
    first, *others = sums
    return {code: value for code, value in first.items()
            if all(other.get(code, ZERO) == value for other in others)}


def cross_tables(result: ReadResult) -> Iterator[LogEntry]:
    """表1 类 expenses from 表3, 表4 一般公共预算 类 from 表5 — each only where 表2 agrees."""
    context = Context(result.budget)
    plans = [
        (1, "expense", "expense_amount", [[(3, "total")], [(2, "total")]], "X.T1-T3"),
        (4, "expense", "gpb", [[(5, "total")], [(2, "gpb"), (2, "gpb_transfer")]], "X.T4-T5"),
    ]
    for number, block, column, witnesses, rule in plans:
        table = result.budget.tables.get(number)
        if table is None or any(context.table(n) is None for w in witnesses for n, _ in w):
            continue
        agreed = _agreed(context, witnesses)
        for row in table.body(block):
            if row.code in agreed:
                entry = _set(row, column, agreed[row.code], rule, "按另两张表一致的数字更正")
                if entry:
                    yield entry


def _derivable(table: Table, block: Block) -> Iterator[tuple[Row, str, bool, list[Decimal]]]:
    """Cells that are sums by definition and certain to be derived: (row, column, is a row
    total, values of the parts). Certain means the parts carry data — or, down a coded table,
    the rows below are listed (with figures in some column), so a blank in this column is a
    real 0. A 其中 group left blank, or a row total with blank parts, is not certain."""
    rows = table.block_rows(block.key)
    children = children_of(block, rows)
    listed = block.rows is not RowSource.FIXED
    for index, row in enumerate(rows):
        kids = [rows[i] for i in children.get(index, [])]
        complete = listed and any(any(kid.amounts.values()) for kid in kids)
        for column in block.amount_columns:
            if column.key in table.absent or column.key in row.unreadable:
                continue
            if column.sum_of:
                parts = [row.amount(k) for k in column.sum_of]
                if any(parts):
                    yield row, column.key, True, parts
            elif kids:
                parts = [kid.amount(column.key) for kid in kids]
                if any(parts) or complete:
                    yield row, column.key, False, parts


def _settle(table: Table, block: Block) -> dict[tuple[int, str], bool]:
    """Recompute sums until nothing moves (项 → 款 → 类 → 合计, and row totals); returns the
    cells changed, each with whether it is a row total."""
    touched: dict[tuple[int, str], bool] = {}
    for _ in range(12):
        moved = False
        for row, column, across, parts in list(_derivable(table, block)):
            value = sum(parts, ZERO)
            if row.amount(column) != value:
                row.amounts[column] = value
                touched[(id(row), column)] = across
                moved = True
        if not moved:
            break
    return touched


def sums(result: ReadResult) -> Iterator[LogEntry]:
    """Subtotals, totals and row totals from their parts, logged once per cell: before → after."""
    for number, table in result.budget.tables.items():
        for block in table.spec.blocks:
            rows = table.block_rows(block.key)
            before = {(id(r), k): v for r in rows for k, v in r.amounts.items()}
            touched = _settle(table, block)
            for row in rows:
                for column in [c.key for c in block.amount_columns]:
                    key = (id(row), column)
                    if key not in touched or before.get(key, ZERO) == row.amount(column):
                        continue
                    old = before.get(key)
                    yield LogEntry(row.cells.get(column, ""),
                                   money(old) if old is not None else None,
                                   money(row.amount(column)),
                                   _rule(number, block.key, touched[key]), "按组成部分之和更正")


def _rule(number: int, block: str, across: bool) -> str:
    """The rule whose finding the change answers."""
    if across:
        return f"T{number}.row"
    if number == 1:
        return "T1.expense" if block == "expense" else "T1.income"
    return {4: "T4.sums", 10: "T10.sum", 11: "T11.sum"}.get(number, f"T{number}.hier")


def units(result: ReadResult) -> Iterator[LogEntry]:
    for number, table in result.budget.tables.items():
        if table.unit == "元":
            loc = result.located[number]
            yield LogEntry(loc.unit_cell or "", "单位：元", "单位：万元", "R.unit",
                           f"表{number} 金额已由元换算为万元")
            table.unit = "万元"
        if result.located[number].combined_code:
            yield LogEntry(table.title_cell or "", "科目编码一列", "类/款/项三列", "R.code",
                           f"表{number} 科目编码已规范为类、款、项三列")


def fix_budget(result: ReadResult) -> list[LogEntry]:
    """Apply every certain correction to ``result.budget``; returns the change log."""
    changes: list[LogEntry] = []
    for step in (units, official_names, cross_tables, sums):
        changes.extend(step(result))
    return changes
