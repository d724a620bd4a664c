"""``fix --to-template``: the corrected budget regenerated into xlbudget's standard template.

Every value, title and label is carried; amounts are written in 万元 (a 元 table is converted
and the conversion logged); whatever cannot be placed — text found in an amount cell, a remark
beside a table, an unknown sheet — goes to 原表其他内容 with its original sheet and address, or
is carried over by value.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from xlbudget.check.findings import money
from xlbudget.fix.plan import Change
from xlbudget.narrative.render import Paragraph
from xlbudget.read.carried import LogEntry
from xlbudget.read.workbook import ReadResult
from xlbudget.write.workbook import write_budget


def regenerate(result: ReadResult, changes: list[Change], story: list[Paragraph],
               target: Path) -> list[LogEntry]:
    """Write ``target`` from the corrected budget; returns the log of what was done."""
    log = [LogEntry(c.cell, _text(c.before), _text(c.after), c.rule, c.why_zh) for c in changes]
    log += list(_units(result))
    result.extras.log.extend(log)
    _keep_unreadable(result)
    write_budget(result.budget, target, story, result.extras)
    return log


def _text(value: Decimal | str | None) -> str | None:
    return money(value) if isinstance(value, Decimal) else value


def _units(result: ReadResult) -> Iterator[LogEntry]:
    for number, table in result.budget.tables.items():
        if table.unit == "元":
            loc = result.located[number]
            yield LogEntry(loc.unit_cell or "", "单位：元", "单位：万元", "R.unit",
                           f"表{number} 金额已由元换算为万元")
            table.unit = "万元"
        if result.located[number].combined_code:
            yield LogEntry(table.title_cell or "", "科目编码一列", "类/款/项三列", "R.code",
                           f"表{number} 科目编码已规范为类、款、项三列")


def _keep_unreadable(result: ReadResult) -> None:
    """Text found where an amount belongs cannot be written as an amount: it is kept, with its
    cell, on 原表其他内容, and the amount cell is written blank."""
    for problem in result.problems:
        if problem.kind in ("amount", "formula"):
            sheet, _, cell = problem.cell.rpartition("!")
            result.extras.stray.append((sheet, cell, problem.text))
    for table in result.budget.tables.values():
        for rows in table.rows.values():
            for row in rows:
                row.unreadable.clear()
