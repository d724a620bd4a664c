"""xlbudget — 单位/部门预算公开 workbooks: templates, checks, the 说明, bulk fixes.

The public API; every function accepts a ``str`` or any path-like::

    import xlbudget

    result = xlbudget.read("unit.xlsx")            # the Budget, where each table was found
    report = xlbudget.check("unit.xlsx")           # findings, each with its cells
    story = xlbudget.narrate("unit.xlsx")          # the 说明: paragraphs and missing inputs
    outcome = xlbudget.fix("unit.xlsx", "out/unit.xlsx")
    xlbudget.template("blank.xlsx", profile="dept-2025")

A workbook goes read → check → report / narrate → fix → write; the subpackages of the same
names hold each stage. Heavy libraries are imported inside these functions, so importing
xlbudget (and ``xlbudget --help``) costs next to nothing.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

# Bind the stage subpackages first: the API functions below take their names (``xlbudget.check``
# is the function; its stage is imported as ``from xlbudget.check.run import …``).
from xlbudget import check as _check_stage  # noqa: F401
from xlbudget import fix as _fix_stage  # noqa: F401
from xlbudget import read as _read_stage  # noqa: F401

if TYPE_CHECKING:
    from xlbudget.check.run import Report
    from xlbudget.fix.run import FixOutcome
    from xlbudget.narrative.story import Narrative
    from xlbudget.read.workbook import ReadResult

__version__ = "0.2.0"
__all__ = ["__version__", "check", "fix", "narrate", "read", "template"]

PathArg = str | PathLike[str]


def read(path: PathArg) -> ReadResult:
    """Read a workbook into a Budget; raises ``UnreadableError`` when it is no workbook."""
    from xlbudget.read.workbook import read_workbook

    return read_workbook(Path(path))


def check(path: PathArg, narrative: PathArg | None = None) -> Report:
    """Check a workbook (and, given one, the 说明 written for it). Never raises: an unreadable
    file gives a report that says why."""
    from xlbudget.check.run import check as check_workbook

    if narrative is None and Path(path).suffix.lower() == ".pdf":
        from xlbudget.narrative.verify import check_book

        return check_book(path)  # the 说明 it prints is checked against its tables too
    if narrative is None:
        return check_workbook(path)
    from xlbudget.narrative.verify import check_file

    text = Path(narrative)
    return check_workbook(path, lambda budget: check_file(text, budget))


def narrate(path: PathArg) -> Narrative:
    """Every figure of the 说明 computed from the workbook, and the text."""
    from xlbudget.narrative.story import narrate as narrate_budget

    return narrate_budget(read(path).budget)


def fix(path: PathArg, output: PathArg, to_template: bool = False) -> FixOutcome:
    """Fix one workbook into ``output`` (never onto ``path``): the cells the tables determine
    are corrected in the workbook's own layout (or, ``to_template``, the budget is regenerated
    into the standard template); returns what changed, what was left for a person, and the
    re-check of the output."""
    from xlbudget.fix.run import FixJob, PlanError, fix_file

    source, target = Path(path), Path(output)
    if target.resolve() == source.resolve():
        raise PlanError(f"{target} 是输入文件：fix 从不覆盖输入",
                        f"{target} is the input: fix never writes over its input")
    return fix_file(FixJob(source, target, to_template))


def template(path: PathArg, profile: str = "unit-2024", unit: str = "",
             year: int | None = None) -> Path:
    """Write the blank standard workbook of ``profile``; returns its path."""
    from xlbudget.spec.profiles import profile as parse_profile
    from xlbudget.write.template import write_template

    return write_template(Path(path), parse_profile(profile), unit, year).path
