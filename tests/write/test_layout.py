"""Placement and formulas, without a spreadsheet library."""

from __future__ import annotations

from decimal import Decimal as D

from xlbudget.model import Row, empty_table, parents
from xlbudget.spec.profiles import profile
from xlbudget.write.layout import _sum_formula, lay_out


def _t3(rows: list[Row]):  # type: ignore[no-untyped-def]
    table = empty_table(profile("unit-2024").table(3), [])
    table.rows["main"][:0] = rows
    return table


def test_parents_follow_code_prefixes() -> None:
    rows = [Row(code="201"), Row(code="20101"), Row(code="2010101"), Row(code="2010102"),
            Row(code="20103"), Row(code="2010301"), Row(code="208"), Row(code="2080501")]
    assert parents(rows) == [None, 0, 1, 1, 0, 4, None, 6]


def test_project_rows_hang_under_their_kuan() -> None:
    # 表7: 类/款 subtotal rows, then projects carrying the full 7-digit code
    rows = [Row(code="201"), Row(code="20113"), Row(code="2011308", project="A"),
            Row(code="2011308", project="B")]
    assert parents(rows) == [None, 0, 1, 1]


def test_sum_formula_merges_adjacent_cells() -> None:
    assert _sum_formula([(6, 4), (7, 4), (8, 4), (11, 4)]) == "=SUM(E7:E9,E12)"
    assert _sum_formula([(6, 5), (6, 6)]) == "=SUM(F7:G7)"
    assert _sum_formula([(6, 5)]) == "=F7"


def test_subtotals_and_totals_become_formulas_with_cached_values() -> None:
    table = _t3([
        Row(name="一般公共服务支出", code="201"),
        Row(name="政府办公厅（室）及相关机构事务", code="20103"),
        Row(name="行政运行", code="2010301", amounts={"basic": D("635.21"), "project": D("174")}),
        Row(name="机关服务", code="2010303", amounts={"project": D("1618.40")}),
    ])
    layout = lay_out(table)
    cells = {(c.row, c.col): c for c in layout.cells}
    lei_basic = cells[(5, 5)]
    assert (lei_basic.formula, lei_basic.value) == ("=F7", D("635.21"))
    kuan_project = cells[(6, 6)]
    assert (kuan_project.formula, kuan_project.value) == ("=SUM(G8:G9)", D("1792.40"))
    total = cells[(9, 4)]
    assert (total.formula, total.value) == ("=SUM(F10:G10)", D("2427.61"))
    assert layout.address("main", 2, "basic") == "F8"
    assert layout.conflicts == []


def test_an_entered_total_that_disagrees_is_kept_not_overwritten() -> None:
    table = _t3([
        Row(name="一般公共服务支出", code="201", amounts={"basic": D("999")}),
        Row(name="行政运行", code="2010301", amounts={"basic": D("1")}),
    ])
    layout = lay_out(table)
    cells = {(c.row, c.col): c for c in layout.cells}
    assert (cells[(5, 5)].formula, cells[(5, 5)].value) == (None, D("999"))
    assert layout.conflicts == [("F6", "entered 999, parts disagree")]
    assert cells[(7, 5)].value == D("999")  # the 合计 adds what the sheet shows


def test_two_sided_tables_put_both_totals_on_one_line() -> None:
    cats = [(str(c), "x") for c in range(201, 231)]
    layout = lay_out(empty_table(profile("unit-2024").table(1), cats))
    income_total = layout.rows[("income", 25)]
    expense_total = layout.rows[("expense", 30)]
    assert income_total == expense_total == layout.last_row
