"""Custom checks: the rules no generic kind (:mod:`.kinds`) covers, each a small function of the
context — a missing table, the 类/款/项 structure, blank-table notes, names across tables, the
人员/公用 split of an economic table, 行政运行 carrying projects, 三公 items against economic
codes, 表11 against 表1. Which table each applies to is the region file's business."""

from __future__ import annotations

from collections.abc import Iterator

from xlbudget.check.engine import Check, Compare, Flag, Outcome
from xlbudget.check.figures import Context, Figure, total_of
from xlbudget.check.findings import Severity, money
from xlbudget.check.refs import Ref
from xlbudget.model import ZERO, Row, Table, printed_scale
from xlbudget.spec.catalog import functional
from xlbudget.spec.model import ColumnKind, RowSource
from xlbudget.text import fold

RUNNING = {fold("行政运行"), fold("事业运行")}


def missing(number: int) -> Check:
    """A table the book's layout has and the book lacks; or one an option lets the book leave
    out where the region still wants it said (a 表8 left out rather than printed blank)."""

    def check(context: Context) -> Iterator[Outcome]:
        if not context.budget.tables:
            return  # no table at all: R.no_tables says it once
        profile = context.budget.profile
        if context.table(number) is not None:
            return
        if profile.has_table(number):
            yield Flag(number, (), "", "")
            return
        said = next((o.report for o in profile.region.options.values()
                     if o.drops == number and o.name in profile.options and o.report), None)
        if said is not None:
            yield Flag(number, (), "本表未列出（无此项支出时可不单列；一般应公开空表并注明）",
                       "the table is left out (allowed with no such spending; it is usually "
                       "published blank with a note)", severity=Severity(said))

    return check


def structure(number: int) -> Check:
    """Subtotal rows are optional (some exports list only 项), but all levels or none: once a
    table lists 类 or 款 rows, every row needs its parent. Reported once, on the row whose
    immediate parent is missing (a 项 without its 款; a 款 without its 类)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        levels = (3, 5) if table.spec.is_economic else (3, 5, 7)
        rows = [r for r in table.body() if r.code and r.code.isdigit() and len(r.code) in levels]
        codes = {r.code for r in rows}
        if not any(len(c or "") < levels[-1] for c in codes):
            return  # only the finest rows: subtotals are derived, not missing
        for row in rows:
            code = row.code or ""
            parent = next((code[:n] for n in reversed(levels[:-1]) if n < len(code)), None)
            if parent is not None and parent not in codes and not row.project:
                cell = row.cells.get("code") or row.cells.get("name")
                yield Flag(number, (cell,) if cell else (), f"{code} {row.name}",
                           f"{code} {row.name}", expected=parent, actual=None,
                           structural=True)
            elif row.project and code[:5] not in codes:
                cell = row.cells.get("code") or row.cells.get("name")
                yield Flag(number, (cell,) if cell else (), f"{code} {row.project}",
                           f"{code} {row.project}", expected=code[:5], actual=None,
                           structural=True)

    return check


def blank_note(number: int, names: str | None = None, expected: str = "备注：……为空表") -> Check:
    """A blank table says so in its note (and, given ``names``, the note names that fund: the
    政府性基金 sentence under the 国有资本经营 table is wrong)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None or not table.is_blank:
            return
        if not table.note or "空表" not in table.note or (
                names is not None and fold(names) not in fold(table.note)):
            cell = table.note_cell or table.title_cell
            cells = (cell,) if cell else ()
            yield Flag(number, cells, "", "", expected=expected, actual=table.note)

    return check


def filled_note(number: int) -> Check:
    """A table with figures whose note still says it is blank (a note left from a template or
    last year's book)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None or table.is_blank or not table.note or "空表" not in table.note:
            return
        cell = table.note_cell or table.title_cell
        yield Flag(number, (cell,) if cell else (), "", "", expected=None, actual=table.note)

    return check


def economic_split(number: int) -> Check:
    """人员经费 under 301/303 only, 公用经费 not under them (302 with 人员经费 is mis-keyed)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        scale = printed_scale(table)
        for row in table.body():
            code = row.code or ""
            wrong = ("personnel" if code.startswith("302") else
                     "public" if code[:3] in ("301", "303") else None)
            if wrong and len(code) == 5 and row.amount(wrong) != 0:
                cell = row.cells.get(wrong)
                label = "人员经费" if wrong == "personnel" else "公用经费"
                yield Flag(number, (cell,) if cell else (), f"{code} {row.name}「{label}」",
                           f"{code} {row.name} [{label}]", actual=money(row.amount(wrong) * scale))

    return check


def running_costs_as_projects(number: int) -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        names = functional(context.budget.year).names
        scale = printed_scale(table)
        for row in table.body():
            code = row.code or ""
            official = names.get(code, row.name)
            if len(code) == 7 and fold(official) in RUNNING and row.amount("project") != 0:
                cell = row.cells.get("project")
                yield Flag(number, (cell,) if cell else (), f"{code} {row.name}「项目支出」",
                           f"{code} {row.name} [项目支出]",
                           actual=money(row.amount("project") * scale))

    return check


def same_names(first: int, second: int) -> Check:
    """Every code of ``second`` printed with the name ``first`` gives it (表1's 类 lines, printed
    without codes, included)."""

    def check(context: Context) -> Iterator[Outcome]:
        a, b = context.table(first), context.table(second)
        if a is None or b is None:
            return
        theirs = {row.code: (row, cell) for row, cell in _named_rows(a)}
        for row, cell in _named_rows(b):
            other, other_cell = theirs.get(row.code or "", (None, None))
            if other is not None and fold(other.name) != fold(row.name):
                cells = tuple(c for c in (cell, other_cell) if c)  # the wrong one first
                yield Flag(second, cells, f"{row.code}", f"{row.code}",
                           expected=other.name, actual=row.name)

    return check


def _named_rows(table: Table) -> Iterator[tuple[Row, str | None]]:
    """The coded rows the sheet printed, with the cell their name is in."""
    block = table.coded_block()
    if block is None:
        return
    label = next((c.key for c in block.leaves if c.kind is ColumnKind.LABEL), "name")
    for row in table.body(block.key):
        cell = row.cells.get("name") or row.cells.get(label)
        if row.code and (cell or block.rows is not RowSource.CATEGORIES):
            yield row, cell


def blank_despite(number: int, figure: Ref, subject: tuple[str, str]) -> Check:
    """Table ``number`` is blank although ``figure`` says there is money for it."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        carry = figure(context)
        if table is not None and table.is_blank and carry is not None and carry.value > 0:
            title = (table.title_cell,) if table.title_cell else ()
            scale = printed_scale(context.table(figure.number))
            yield Flag(number, (*carry.cells, *title), *subject,
                       actual=money(carry.value * scale))

    return check


def absent_despite(number: int, figure: Ref, subject: tuple[str, str]) -> Check:
    """Table ``number`` is left out of the book (a layout option allows it when it would be
    blank) although ``figure`` says there is money for it."""

    def check(context: Context) -> Iterator[Outcome]:
        if not context.budget.tables or context.table(number) is not None:
            return
        if context.budget.profile.has_table(number):
            return  # not a dropped table: T{n}.missing says it
        money_for = figure(context)
        if money_for is not None and money_for.value > 0:
            scale = printed_scale(context.table(figure.number))
            yield Flag(number, money_for.cells, *subject, expected="0.00",
                       actual=money(money_for.value * scale))

    return check


def at_least_code(figure: Ref, number: int, column: str, code: str,
                  subject: tuple[str, str]) -> Check:
    """A figure (表10 公务接待费) is at least one code's amount in another table (表6 30217)."""

    def check(context: Context) -> Iterator[Outcome]:
        left = figure(context)
        right = context.coded(number, column).get(code)
        if left is None or right is None:
            return
        yield Compare(figure.number, left, right, *subject, ">=")

    return check


def carryover_detail() -> Check:
    """表11 against 表1 上年结转结余 and 表2 财政拨款结转 (新疆 books)."""
    pairs = [("total", "carryover", "总计", "二、上年结转结余"),
             ("fiscal_total", "carry_fiscal", "财政拨款合计", "财政拨款结转"),
             ("nonfiscal_total", "carry_nonfiscal", "非财政拨款合计", "非财政拨款结余")]

    def check(context: Context) -> Iterator[Outcome]:
        t1 = context.table(1)
        if t1 is None:
            return
        if context.table(11) is None:
            carry = context.fixed(1, "income", "carryover", "income_amount")
            if carry is not None and carry.value != 0 and not (
                    context.budget.profile.has_table(11)):
                yield Flag(1, carry.cells, "无表11，但表1 上年结转结余不为 0",
                           "no 表11, yet 表1 上年结转结余 is not 0", expected="0.00",
                           actual=money(carry.value))
            return
        for column, line, column_label, line_label in pairs:
            t11 = context.total(11, column)
            source = context.fixed(1, "income", line, "income_amount")
            if t11 is not None and source is not None:
                yield Compare(11, t11, source, f"表11 合计「{column_label}」对表1「{line_label}」",
                              f"表11 total [{column_label}] vs 表1 [{line_label}]")
        t2 = context.total(2, "carry_fiscal")
        t11 = context.total(11, "fiscal_total")
        if t2 is not None and t11 is not None:
            yield Compare(11, t11, t2, "表11 财政拨款合计对表2「财政拨款结转」",
                          "表11 fiscal total vs 表2 [财政拨款结转]")

    return check


def soft_pairs(economic: int, functional: int, pairs: list[tuple[str, tuple[str, ...]]]
               ) -> Check:
    """Economic 款 and the functional 项 that usually carry the same money (表6 30108 = 表5
    2080505): a difference is worth a look, never an error."""

    def check(context: Context) -> Iterator[Outcome]:
        mine, theirs = context.coded(economic, "total"), context.coded(functional, "total")
        table = context.table(functional)
        if context.table(economic) is None or table is None:
            return
        for code, functional_codes in pairs:
            left = mine.get(code)
            right = total_of([theirs[c] for c in functional_codes if c in theirs], table.quantum)
            if left is None and not right.cells:
                continue
            left = left or Figure(ZERO, (), 0, table.quantum)
            joined = "+".join(functional_codes)
            yield Compare(economic, left, right, f"表{economic} {code} 对表{functional} {joined}",
                          f"表{economic} {code} vs 表{functional} {joined}")

    return check
