"""``xlbudget consolidate``: unit books → the department's book, written and checked.

The department book is written in the region's standard 部门 template (atomically: a killed run
leaves no half-written file), with its 说明, its 单位构成 sheet and, on 修改记录, what the sum
decided (a unit's 机关运行经费 left out, a transfer that may count twice). It is then read back
and checked like any book.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xlbudget.check.findings import sort_key
from xlbudget.check.run import Report, check, check_result
from xlbudget.consolidate.composition import rows
from xlbudget.consolidate.rules import against_units, gather
from xlbudget.consolidate.sums import Department, consolidate
from xlbudget.consolidate.units import ConsolidateError, read_units
from xlbudget.narrative.story import narrate
from xlbudget.read.carried import Carried, LogEntry
from xlbudget.read.safety import UnreadableError
from xlbudget.read.workbook import read_workbook
from xlbudget.write.workbook import write_budget

NOTE_RULE = "C.note"


@dataclass
class Consolidated:
    department: Department
    target: Path
    report: Report  # the department book as written, checked


def consolidate_files(paths: list[Path], target: Path, name: str = "", force: bool = False
                      ) -> Consolidated:
    """Sum the unit books at ``paths`` into ``target``; :class:`ConsolidateError` says why
    not (never over an existing file without ``force``, never over a unit book)."""
    if target.exists() and not force:
        raise ConsolidateError(f"{target} 已存在：加 --force 覆盖", f"{target} exists: add "
                               "--force to overwrite it")
    if any(target.resolve() == p.resolve() for p in paths):
        raise ConsolidateError(f"{target} 是要汇总的单位表之一，不能覆盖", f"{target} is one of "
                               "the unit books: it is not overwritten")
    units = read_units(paths)
    department = consolidate(units, name)
    budget = department.budget
    story = narrate(budget).paragraphs if budget.profile.narrative else []
    extras = Carried(composition=rows(units),
                     log=[LogEntry("", None, None, NOTE_RULE, zh) for zh, _ in department.notes])
    write_budget(budget, target, story, extras)
    return Consolidated(department, target, check(target))


def check_department(path: Path, unit_paths: list[Path]) -> Report:
    """``check DEPT --units …``: the department book's report, with the C.* findings and each
    unit's own errors (at the unit's cells) in place of the department errors they explain."""
    try:
        result = read_workbook(path)
    except UnreadableError as exc:
        return Report(path, None, [], [], exc)
    report = check_result(result)
    if result.budget.tables:
        report.findings = sorted(against_units(result, report.findings, gather(unit_paths)),
                                 key=sort_key)
    return report
