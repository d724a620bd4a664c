"""Custom checks: the rules no generic kind (:mod:`.kinds`) covers, each a small function of the
context — a missing table, the 类/款/项 structure, blank-table notes, names across tables,
表6 人员/公用 split, 行政运行 carrying projects, 表10 against 表6, 表11 against 表1."""

from __future__ import annotations

from collections.abc import Iterator

from xlbudget.check.engine import Check, Compare, Flag, Outcome
from xlbudget.check.figures import Context, Figure, total_of
from xlbudget.check.findings import money
from xlbudget.model import ZERO
from xlbudget.spec.catalog import functional
from xlbudget.text import fold

# 表2 合计 source columns and the 表1 income lines they must equal (key, key, label).
T2_T1_SOURCES = [
    ("gpb", "gpb_own", "一般公共预算"),
    ("gpb_transfer", "gpb_transfer", "上级一般公共预算安排的转移支付"),
    ("gf", "gf_own", "政府性基金预算"),
    ("gf_transfer", "gf_transfer", "上级政府性基金安排的转移支付"),
    ("soe", "soe_own", "国有资本经营预算"),
    ("soe_transfer", "soe_transfer", "上级国有资本经营预算安排的转移支付"),
    ("special", "special", "财政专户"),
    ("unit_funds", "unit_funds", "单位资金"),
    ("carry_fiscal", "carry_fiscal", "财政拨款结转"),
    ("carry_nonfiscal", "carry_nonfiscal", "非财政拨款结转结余"),
]
# 表4 income lines and the 表1 lines they must equal (the carry rows exist only with 上年结转).
T4_T1_LINES = [("gpb", "gpb"), ("gf", "gf"), ("soe", "soe"), ("carry_gpb", "carry_gpb"),
               ("carry_gf", "carry_gf"), ("carry_soe", "carry_soe")]
# 表10 item and the 表6 经济分类 款 it must not be below.
T10_T6 = [("operation", "30231"), ("reception", "30217"), ("abroad", "30212")]
# 表6 款 and the 表5 项 (or 款) that usually carry the same money.
SOFT_PAIRS = [("30108", ("2080505",)), ("30110", ("21011",)), ("30113", ("2210201",)),
              ("30302", ("2080501", "2080502"))]
RUNNING = {fold("行政运行"), fold("事业运行")}


def missing(number: int) -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        if not context.budget.tables:
            return  # no table at all: R.no_tables says it once
        if context.budget.profile.has_table(number) and context.table(number) is None:
            yield Flag(number, (), "", "")

    return check


def structure(number: int) -> Check:
    """Subtotal rows are optional (some exports list only 项), but all levels or none: once a
    table lists 类 or 款 rows, every row needs its parent. Reported once, on the row whose
    immediate parent is missing (a 项 without its 款; a 款 without its 类)."""

    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        levels = (3, 5) if number == 6 else (3, 5, 7)
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


def blank_note(number: int) -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None or not table.is_blank:
            return
        if not table.note or "空表" not in table.note:
            cell = table.note_cell or table.title_cell
            cells = (cell,) if cell else ()
            yield Flag(number, cells, "", "", expected="备注：……为空表", actual=table.note)

    return check


def economic_split() -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(6)
        if table is None:
            return
        for row in table.body():
            code = row.code or ""
            wrong = ("personnel" if code.startswith("302") else
                     "public" if code[:3] in ("301", "303") else None)
            if wrong and len(code) == 5 and row.amount(wrong) != 0:
                cell = row.cells.get(wrong)
                label = "人员经费" if wrong == "personnel" else "公用经费"
                yield Flag(6, (cell,) if cell else (), f"{code} {row.name}「{label}」",
                           f"{code} {row.name} [{label}]", actual=money(row.amount(wrong)))

    return check


def running_costs_as_projects(number: int) -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        table = context.table(number)
        if table is None:
            return
        names = functional(context.budget.year).names
        for row in table.body():
            code = row.code or ""
            official = names.get(code, row.name)
            if len(code) == 7 and fold(official) in RUNNING and row.amount("project") != 0:
                cell = row.cells.get("project")
                yield Flag(number, (cell,) if cell else (), f"{code} {row.name}「项目支出」",
                           f"{code} {row.name} [项目支出]", actual=money(row.amount("project")))

    return check


def same_names(first: int, second: int) -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        a, b = context.table(first), context.table(second)
        if a is None or b is None:
            return
        theirs = {r.code: r for r in a.body() if r.code}
        for row in b.body():
            other = theirs.get(row.code or "")
            if other is not None and fold(other.name) != fold(row.name):
                cells = tuple(c for c in (other.cells.get("name"), row.cells.get("name")) if c)
                yield Flag(second, cells, f"{row.code}", f"{row.code}",
                           expected=other.name, actual=row.name)

    return check


def fund_carryover_without_t8() -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        t8 = context.table(8)
        carry = context.fixed(1, "income", "carry_gf", "income_amount")
        if t8 is not None and t8.is_blank and carry is not None and carry.value > 0:
            yield Flag(8, (*carry.cells, *((t8.title_cell,) if t8.title_cell else ())),
                       "表1「政府性基金预算拨款」结转", "表1 政府性基金 carry-over",
                       actual=money(carry.value))

    return check


def t10_at_least_t6(item: str, code: str) -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        t10 = context.fixed(10, "main", item, "gpb")
        t6 = context.coded(6, "total").get(code)
        if t10 is None or t6 is None or context.table(10) is None:
            return
        label = context.table(10).spec.blocks[0].fixed_row(item).label  # type: ignore[union-attr]
        yield Compare(10, t10, t6, f"表10「{label}」对表6 {code}", f"表10 [{label}] vs 表6 {code}",
                      ">=")

    return check


def t11_against_t1() -> Check:
    pairs = [("total", "carryover", "总计", "二、上年结转结余"),
             ("fiscal_total", "carry_fiscal", "财政拨款合计", "财政拨款结转"),
             ("nonfiscal_total", "carry_nonfiscal", "非财政拨款合计", "非财政拨款结余")]

    def check(context: Context) -> Iterator[Outcome]:
        t1 = context.table(1)
        if t1 is None:
            return
        if context.table(11) is None:
            carry = context.fixed(1, "income", "carryover", "income_amount")
            if carry is not None and carry.value != 0 and not context.budget.profile.with_t11:
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


def soft_pairs() -> Check:
    def check(context: Context) -> Iterator[Outcome]:
        t6, t5 = context.coded(6, "total"), context.coded(5, "total")
        table = context.table(5)
        if context.table(6) is None or table is None:
            return
        for economic, functional_codes in SOFT_PAIRS:
            left = t6.get(economic)
            right = total_of([t5[c] for c in functional_codes if c in t5], table.quantum)
            if left is None and not right.cells:
                continue
            left = left or Figure(ZERO, (), 0, table.quantum)
            yield Compare(6, left, right, f"表6 {economic} 对表5 {'+'.join(functional_codes)}",
                          f"表6 {economic} vs 表5 {'+'.join(functional_codes)}")

    return check


