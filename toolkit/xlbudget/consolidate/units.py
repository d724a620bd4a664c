"""The unit books a department sums: read, checked, and refused where a sum would be wrong.

Every unit is read as it is (its own layout and options) and checked on its own, so a typo in a
unit is found at the unit's cell before it reaches the department. Units must be of one region
and one budget year; a book given twice (the same file, or the same unit name) is refused, for
it would count twice. Each refusal is one sentence (:class:`ConsolidateError`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from xlbudget.check.findings import Finding, Severity
from xlbudget.check.run import check_result
from xlbudget.model import Budget
from xlbudget.read.safety import UnreadableError
from xlbudget.read.workbook import ReadResult, read_workbook
from xlbudget.text import fold

KINDS = ("机关", "参公", "事业")  # 行政单位 is 机关
ADMINISTRATIVE = ("机关", "参公")  # the units whose 机关运行经费 a department's is the sum of


class ConsolidateError(Exception):
    """Why the units cannot be summed, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


@dataclass
class Unit:
    """One unit book: where it is, what was read, and what its own check found."""

    path: Path
    result: ReadResult
    findings: list[Finding]
    sha256: str = ""  # the file's, read once: a book given twice, and 单位构成's trace

    @property
    def budget(self) -> Budget:
        return self.result.budget

    @property
    def name(self) -> str:
        return self.budget.unit_name or self.path.stem

    @property
    def kind(self) -> str:
        """机关 / 参公 / 事业 as the book says it (its region's ``[consolidate] kind`` row),
        else ""."""
        where = self.budget.profile.region.consolidate.kind
        if not where:
            return ""
        sheet, _, row = where.partition(".")
        text = str(self.budget.inputs.form(sheet).get(row) or "").strip()
        text = "机关" if text.startswith("行政") else text
        return next((k for k in KINDS if text.startswith(k)), "")

    @property
    def administrative(self) -> bool:
        """Does its 机关运行经费 count in the department's? (A unit that does not say its kind
        counts: what it printed is summed, and the department's 单位构成 shows it unknown.)"""
        return self.kind in ADMINISTRATIVE or not self.kind

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def read_unit(path: Path, sha256: str = "") -> Unit:
    try:
        result = read_workbook(path)
    except UnreadableError as exc:
        raise ConsolidateError(f"{path.name}：{exc.zh}", f"{path.name}: {exc.en}") from None
    if not result.budget.tables:
        raise ConsolidateError(f"{path.name} 中未找到预算公开表，不能汇总",
                               f"{path.name} holds no budget table: it cannot be summed")
    return Unit(path, result, check_result(result).findings, sha256 or digest(path))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_units(paths: list[Path]) -> list[Unit]:
    """Every unit book, read and checked; refused when they are not one region's units of one
    year, or when a book is given twice."""
    if not paths:
        raise ConsolidateError("没有给出单位预算表", "no unit book given")
    seen: dict[str, Path] = {}
    for path in paths:
        key = digest(path)
        if key in seen:
            raise ConsolidateError(
                f"{path.name} 与 {seen[key].name} 是同一文件，重复汇总会加计两次",
                f"{path.name} is the same file as {seen[key].name}: summed twice it would "
                "count twice")
        seen[key] = path
    units = [read_unit(path, key) for key, path in seen.items()]
    first = units[0]
    for unit in units[1:]:
        _same(first, unit)
    names: dict[str, Unit] = {}
    for unit in units:
        key = fold(unit.name)
        if unit.budget.unit_name and key in names:
            raise ConsolidateError(
                f"{unit.path.name} 与 {names[key].path.name} 是同一单位（{unit.name}），"
                "重复汇总会加计两次",
                f"{unit.path.name} and {names[key].path.name} are the same unit ({unit.name}): "
                "summed twice it would count twice")
        names[key] = unit
    return units


def _same(first: Unit, unit: Unit) -> None:
    a, b = first.budget.profile, unit.budget.profile
    if a.region.key != b.region.key:
        raise ConsolidateError(
            f"{unit.path.name} 是{b.region.zh}的表，{first.path.name} 是{a.region.zh}的表，"
            "不同地区的表样不能汇总",
            f"{unit.path.name} is a {b.region.en} book and {first.path.name} a {a.region.en} one: "
            "books of different regions cannot be summed")
    if first.budget.year != unit.budget.year:
        raise ConsolidateError(
            f"{unit.path.name} 是 {unit.budget.year} 年预算，{first.path.name} 是 "
            f"{first.budget.year} 年预算，不同年度不能汇总",
            f"{unit.path.name} is the {unit.budget.year} budget and {first.path.name} the "
            f"{first.budget.year} one: different years cannot be summed")

