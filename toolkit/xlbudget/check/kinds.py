"""Rule kinds: the few reusable checks the rulebook instantiates in one line each — a row's
total column = Σ its parts, a subtotal = Σ the rows below it, two figures agree, and per code one
table's column = Σ other tables' columns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from xlbudget.check.engine import Check, Compare, Outcome
from xlbudget.check.figures import (
    Context,
    Figure,
    amount_columns,
    column_label,
    row_figure,
    total_of,
)
from xlbudget.model import Row, Table, children_of
from xlbudget.spec.model import RowSource


def all_of(*checks: Check) -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        for each in checks:
            yield from each(context)

    return check


# ── subjects: how a row or figure is named in a message ─────────────────────────────────


def row_subject(table: Table, row: Row, column_label: str = "") -> tuple[str, str]:
    if row.is_total:
        zh = en = f"{table.spec.label} {row.name or '合计'}"
    else:
        name = row.project or row.name
        zh = " ".join(p for p in (table.spec.label, row.code or "", name) if p)
        en = zh
    if column_label:
        zh, en = f"{zh}「{column_label}」", f"{en} [{column_label}]"
    return zh, en


# ── kinds ────────────────────────────────────────────────────────────────────────────────


def row_sums(number: int) -> Check:
    """On every row: each total column = the sum of its part columns (the spec's ``sum_of``)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        for block in table.spec.blocks:
            for row in table.block_rows(block.key):
                for column in block.amount_columns:
                    lacking = [k for k in (column.key, *column.sum_of) if k in table.absent]
                    for key in lacking if column.sum_of else ():
                        context.unchecked(number, key)
                    if not column.sum_of or column.key not in row.cells or lacking:
                        continue
                    parts = [row_figure(table, row, k) for k in column.sum_of]
                    subject = row_subject(table, row, column.label)
                    yield Compare(number, row_figure(table, row, column.key),
                                  total_of(parts, table.quantum), *subject)

    return check


def sums_down(number: int, only: str | None = None) -> Check:
    """Every subtotal and total row = the sum of the rows under it, per amount column: 类 = Σ 款,
    款 = Σ 项, 合计 = Σ 类, and the spec's fixed rows (一、本年收入 = 1.–5., …)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        for block in table.spec.blocks:
            if only is not None and block.key != only:
                continue
            rows = table.block_rows(block.key)
            for parent, kids in children_of(block, rows).items():
                for column in amount_columns(block):
                    if column.key in table.absent:
                        context.unchecked(number, column.key)
                    if column.key not in rows[parent].cells or column.key in table.absent:
                        continue
                    if block.rows is RowSource.FIXED and any(
                            column.key not in rows[k].cells for k in kids):
                        continue  # a part the sheet does not print is unknown, not 0
                    parts = [row_figure(table, rows[k], column.key) for k in kids]
                    subject = row_subject(table, rows[parent], column.label)
                    yield Compare(number, row_figure(table, rows[parent], column.key),
                                  total_of(parts, table.quantum), *subject)

    return check


FigureRef = Callable[[Context], Figure | None]


def same(actual: FigureRef, expected: FigureRef, subject: tuple[str, str], table: int,
         relation: str = "=") -> Check:
    """Two figures agree (or one is at most / at least the other)."""

    def check(context: Context) -> Iterator[Outcome]:
        left, right = actual(context), expected(context)
        if left is not None and right is not None:
            yield Compare(table, left, right, *subject, relation=relation)

    return check


def per_code(actual: tuple[int, str], expected: list[tuple[int, str]], level: int | None = None,
             relation: str = "=", leaves_of: int | None = None) -> Check:
    """Per code: a table's column = the sum of other tables' columns for the same code.

    ``level`` 3 compares 类 only; None compares the finest rows of ``leaves_of`` (default: the
    union of both tables' leaves). Missing codes count as 0, so a code in one table only is
    reported too."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(actual[0])
        tables = [context.table(n) for n, _ in [actual, *expected]]
        pairs = list(zip(tables, [actual, *expected], strict=True))
        for t, (n, c) in pairs:
            if t is not None and c in t.absent:
                context.unchecked(n, c)
        if table is None or any(t is None or c in t.absent or c not in t.spec_keys
                                for t, (_, c) in pairs):
            return  # a table, or a column of this variant (表1 部门: no 项目支出), is not there
        mine = context.coded(actual[0], actual[1])
        theirs = [context.coded(n, c) for n, c in expected]
        codes = _codes(context, actual, expected, level, leaves_of, mine, theirs)
        for code in sorted(codes):
            left = mine.get(code, Figure(Decimal(0), (), 0, table.quantum))
            right = total_of([t[code] for t in theirs if code in t], table.quantum)
            label = column_label(table, actual[1])
            subject = f"{table.spec.label} {code}「{label}」"
            yield Compare(actual[0], left, right, subject, subject, relation)

    return check


def _codes(context: Context, actual: tuple[int, str], expected: list[tuple[int, str]],
           level: int | None, leaves_of: int | None, mine: dict[str, Figure],
           theirs: list[dict[str, Figure]]) -> set[str]:
    if level is not None:
        return {c for m in (mine, *theirs) for c in m if len(c) == level}
    sources = [leaves_of] if leaves_of else [actual[0], *(n for n, _ in expected)]
    return {c for n in sources for c in context.leaf_codes(n)}

