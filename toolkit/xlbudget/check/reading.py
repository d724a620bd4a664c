"""Reader problems as findings (R.* rules): what was met while reading, not a rule of the
disclosure itself."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from xlbudget.check.findings import Finding, Severity, money
from xlbudget.read.rows import Problem

if TYPE_CHECKING:
    from xlbudget.read.locate import Located
    from xlbudget.read.workbook import ReadResult

Unchecked = dict[tuple[int, str], list[str]]  # (table, column key) → rules not checked


HALF_CENT = Decimal("0.005")  # a saved formula result this far from its formula is rounding

READ_MESSAGES = {
    "amount": (
        "R.amount",
        Severity.ERROR,
        "金额单元格不是数字",
        "an amount cell does not hold a number",
    ),
    "formula": (
        "R.formula",
        Severity.ERROR,
        "公式没有保存计算结果且无法计算",
        "a formula was saved without its value and cannot be evaluated",
    ),
    "row": (
        "R.row",
        Severity.WARNING,
        "不是标准表样中的行",
        "a row that is not on the standard form",
    ),
    "derived": (
        "R.derived",
        Severity.INFO,
        "未列类、款小计行，已按项行推算",
        "no 类/款 subtotal rows; derived from the 项 rows",
    ),
}


WHY_ZH = {  # read.cells.BadAmount.why, as the Chinese message says it
    "text": "文本", "date": "日期", "bool": "布尔值", "error": "错误值",
    "not a number": "非数值 NaN", "infinite": "无穷大",
    "beyond any budget": "超出任何预算的数额：10¹² 万元及以上",
    "more digits than a workbook keeps": "有效数字多于工作簿能保存的 15 位",
}


def problem_finding(problem: Problem) -> Finding:
    rule, severity, zh, en = READ_MESSAGES[problem.kind]
    detail_zh = f"：{problem.cell} 为“{problem.text}”" + (
        f"（{WHY_ZH.get(problem.why, problem.why)}）" if problem.why else ""
    )
    detail_en = f": {problem.cell} holds {problem.text!r}" + (
        f" ({problem.why})" if problem.why else ""
    )
    return Finding(
        rule,
        severity,
        f"表{problem.table}" if problem.table else "",
        (problem.cell,),
        None,
        problem.text,
        zh + detail_zh,
        en + detail_en,
    )


def _sheet_findings(result: ReadResult) -> Iterator[Finding]:
    """Tables found twice (the first is checked) and tables on hidden sheets."""
    for number, sheet in result.duplicates:
        yield Finding("R.table_twice", Severity.ERROR, f"表{number}", (f"{sheet}!A1",), None,
                      sheet, f"表{number} 出现两次，已忽略工作表“{sheet}”中的一份",
                      f"表{number} appears twice; the copy on sheet {sheet!r} was ignored")
    for number, loc in sorted(result.located.items()):
        if loc.grid.hidden:
            name = loc.grid.name
            yield Finding("R.hidden", Severity.INFO, f"表{number}", (f"{name}!A1",), None, name,
                          f"表{number} 位于隐藏的工作表“{name}”",
                          f"表{number} is on the hidden sheet {name!r}")


def _table_findings(result: ReadResult, unchecked: Unchecked) -> Iterator[Finding]:
    """Tables in another unit than their region prints them in (converted), spec columns a
    table does not have (with the rules that could therefore not be checked), and columns only
    the numbers could place."""
    for number, table in result.budget.tables.items():
        located = result.located[number]
        if table.unit != table.spec.unit:
            cells = tuple(c for c in (located.unit_cell,) if c)
            yield Finding("R.unit", Severity.INFO, f"表{number}", cells, table.spec.unit,
                          table.unit,
                          f"表{number} 以{table.unit}为单位，已换算为{table.spec.unit}核对",
                          f"表{number} is in {table.unit}; converted to {table.spec.unit}")
        for block, column in located.missing:
            label = table.spec.block(block).column(column).label
            rules = unchecked.get((number, column), [])
            zh = f"；因此未能核对：{'、'.join(rules)}" if rules else ""
            en = f"; therefore not checked: {', '.join(rules)}" if rules else ""
            yield Finding("R.column", Severity.ERROR, f"表{number}", (table.title_cell or "",),
                          label, None, f"表{number} 缺少“{label}”列{zh}",
                          f"表{number} has no column {label!r}{en}")
        yield from _unfilled(number, located)
        if located.omitted:
            labels = [table.spec.block(b).column(c).label for b, c in located.omitted]
            yield Finding("R.column_omitted", Severity.INFO, f"表{number}",
                          (table.title_cell or "",), None, None,
                          f"表{number} 未列“{'”“'.join(labels)}”列，按空白（0）核对",
                          f"表{number} does not print {', '.join(labels)}: read as blank (0)")
        yield from _inferred(number, located)


def _unfilled(number: int, located: Located) -> Iterator[Finding]:
    """Total columns printed but not filled in: one warning each, at the column's header; a
    total column not printed at all (header blank too), at the table's title."""
    grid, rows = located.grid, located.header_rows
    for block, key in located.unprinted:
        label = located.spec.block(block).column(key).label
        named = "".join(f"{g.label}·" for g in located.spec.block(block).groups_above(key)) + label
        cell = grid.cell_ref(max(located.title_row, 1), 1)
        yield Finding("R.column_blank", Severity.WARNING, f"表{number}", (cell,), None, None,
                      f"表{number} 未列“{named}”列，已按组成列之和核对",
                      f"表{number} does not print column {named!r}; "
                      "checked as the sum of its parts")
    for block, key in located.unfilled:
        col = located.columns[(block, key)]
        label = located.spec.block(block).column(key).label
        groups = [t for r in rows if (t := grid.origin_text(r, col)) and t != label]
        named = "".join(f"{g}·" for g in dict.fromkeys(groups)) + label
        cell = grid.cell_ref(rows[-1], col)
        yield Finding("R.column_blank", Severity.WARNING, f"表{number}", (cell,), None, None,
                      f"表{number} “{named}”列印出但未填写（其组成列有金额），已按组成列之和核对",
                      f"表{number}: column {named!r} is printed but not filled in (its parts "
                      "hold figures); checked as the sum of its parts")


def _inferred(number: int, located: Located) -> Iterator[Finding]:
    """Columns the labels could not place and the numbers did, said as what was assumed."""
    grid, rows = located.grid, located.header_rows
    for choice in located.choices:
        label = located.spec.block(choice.block).column(choice.key).label
        row = next((r for r in reversed(rows) if grid.origin_text(r, choice.col)), rows[-1])
        cell = grid.cell_ref(*grid.origin(row, choice.col))
        header = f"表头“{choice.header}”" if choice.header else "表头为空"
        header_en = f"header {choice.header!r}" if choice.header else "blank header"
        yield Finding(
            "R.column_inferred", Severity.INFO, f"表{number}", (cell,), label, choice.header,
            f"表{number} {cell} 列（{header}）按数字识别为“{label}”列：本表各行的合计关系在 "
            f"{choice.tried} 行中有 {choice.held} 行成立",
            f"表{number} column {cell} ({header_en}) read as {label!r} by its figures: the "
            f"table's row totals hold on {choice.held} of {choice.tried} rows")


def read_findings(result: ReadResult, unchecked: Unchecked | None = None) -> list[Finding]:
    """What the reader met, as findings: bad cells, formulas, duplicates, units, columns, and
    what it had to assume about the book's profile. ``unchecked`` names, per missing column,
    the rules that could therefore not be checked."""
    if not result.located:
        return [_no_tables(result)]
    notes = [Finding("R.profile", Severity.INFO, "", (), None, None, zh, en)
             for zh, en in result.notes]
    return [*(problem_finding(p) for p in result.problems), *_sheet_findings(result),
            *_table_findings(result, unchecked or {}), *_stale_formulas(result), *notes]


def _stale_formulas(result: ReadResult) -> Iterator[Finding]:
    """A formula whose saved result is not what its formula gives (saved without
    recalculating): the value a reader of the printed book sees is wrong."""
    if not result.budget.formulas:
        return
    values: dict[str, Decimal] = {}
    for link in result.budget.formulas.values():
        values.update(link.values)
    saved, table_of = _amounts(result)
    for link in result.budget.formulas.values():
        if link.cell not in saved:
            continue
        computed = sum((a * values[c] for c, a in link.terms), link.constant)
        if abs(saved[link.cell] - computed) > HALF_CENT * max(1, len(link.terms)):
            was = money(saved[link.cell])
            yield Finding("R.stale", Severity.ERROR, f"表{table_of[link.cell]}", (link.cell,),
                          money(computed), was,
                          f"{link.cell} 的公式结果为 {money(computed)}，"
                          f"保存的值却是 {was}（未重新计算）",
                          f"{link.cell}: its formula gives {money(computed)}, the saved value "
                          f"is {was} (not recalculated)")


def _amounts(result: ReadResult) -> tuple[dict[str, Decimal], dict[str, int]]:
    """Every table amount cell as read (in 万元), and its table."""
    saved: dict[str, Decimal] = {}
    table_of: dict[str, int] = {}
    for number, table in result.budget.tables.items():
        for rows in table.rows.values():
            for row in rows:
                for column, ref in row.cells.items():
                    saved[ref], table_of[ref] = row.amount(column), number
    return saved, table_of


def _no_tables(result: ReadResult) -> Finding:
    """The one finding for a workbook in no supported layout: what it holds, what is wanted."""
    sheets = "、".join(result.sheets[:8]) + (" 等" if len(result.sheets) > 8 else "")
    return Finding(
        "R.no_tables", Severity.ERROR, "", (), "表1–表11", sheets or None,
        f"工作簿中没有找到任何预算公开表：共 {len(result.sheets)} 个工作表（{sheets or '无'}），"
        "其中没有以“收支总体情况表”“收入总体情况表”等表名及表头开始的表",
        f"no budget table found: {len(result.sheets)} sheet(s) ({sheets or 'none'}), none "
        "starting with a title such as 收支总体情况表 or 收入总体情况表 and its header")
