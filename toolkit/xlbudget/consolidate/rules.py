"""C.*: a department's book checked against its units' (``xlbudget check DEPT --units …``).

Every amount of the department's tables must be the sum of its units' at the same row (code,
key, project or item) and column, exactly — both are sums of figures printed to the cent, so
no rounding is tolerated. A figure that is not is reported at the department's cell, with the
units' sum (expected), the department's figure (actual) and each unit's part. The units are
checked on their own first: a cell wrong in a unit's book is reported there, in the unit's
book, and the department figures that follow it are not reported again. A unit the
department's 单位构成 does not list, a unit it lists with no book given, and a unit book given
twice are one finding each.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from xlbudget.check.findings import Finding, Kind, Severity, money
from xlbudget.consolidate.sums import department_table, fits
from xlbudget.consolidate.units import ConsolidateError, Unit, digest, read_unit
from xlbudget.model import ZERO, Row, Table
from xlbudget.read.workbook import ReadResult
from xlbudget.spec.model import Block, RowSource
from xlbudget.text import fold

CODED = (RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS)

# The C.* rules (docs/rules.md): id, severity, 规则, rule.
RULES = (
    ("C.sum", "error", "部门表每个金额应等于各所属单位表同行同列之和（精确到分，无容差）",
     "every department amount is the sum of its units' at the same row and column, exactly"),
    ("C.unlisted", "error", "所给单位表不在部门表的“单位构成”中",
     "a unit book given is not in the department's 单位构成"),
    ("C.missing", "error", "“单位构成”列有的单位未给出单位表，部门数未能核对",
     "a unit the 单位构成 lists has no book given: the department's figures are unchecked"),
    ("C.twice", "error", "同一单位表（同一文件或同一单位）给出两次，只计一次",
     "the same unit book (file or unit) given twice: counted once"),
    ("C.layout", "error", "部门表的列比某单位的表分得更细，无法由单位数汇总核对",
     "a department table breaks down what a unit's does not: it cannot be checked as a sum"),
    ("C.unit_region", "error", "单位表不是部门同一地区、同一年度的表，未汇总核对",
     "a unit book of another region or year: not summed"),
    ("C.unit_unreadable", "error", "单位表无法读取", "a unit book cannot be read"),
    ("C.composition", "info", "部门表没有“单位构成”表，未核对所给单位是否即所属单位",
     "the department book has no 单位构成: the units given were not checked against it"),
)


@dataclass
class Units:
    """The unit books given to ``check --units``, and what giving them found."""

    units: list[Unit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def gather(paths: list[Path]) -> Units:
    """Read the unit books; a book given twice, or one that cannot be read, is a finding."""
    out = Units()
    seen: dict[str, Path] = {}
    for path in paths:
        key = digest(path)
        if key in seen:
            out.findings.append(_whole("C.twice", Severity.ERROR,
                                       f"{path.name} 与 {seen[key].name} 是同一单位表，只计一次",
                                       f"{path.name} is the same unit book as {seen[key].name}: "
                                       "counted once"))
            continue
        seen[key] = path
        try:
            out.units.append(read_unit(path, key))
        except ConsolidateError as exc:
            out.findings.append(_whole("C.unit_unreadable", Severity.ERROR, exc.zh, exc.en))
    names: dict[str, Unit] = {}
    for unit in list(out.units):
        if fold(unit.name) in names:
            out.units.remove(unit)
            first = names[fold(unit.name)]
            out.findings.append(_whole(
                "C.twice", Severity.ERROR,
                f"{unit.path.name} 与 {first.path.name} 是同一单位（{unit.name}），只计一次",
                f"{unit.path.name} and {first.path.name} are the same unit ({unit.name}): "
                "counted once"))
        names[fold(unit.name)] = unit
    return out


def _whole(rule: str, severity: Severity, zh: str, en: str, cells: tuple[str, ...] = ()
           ) -> Finding:
    return Finding(rule, severity, "", cells, None, None, zh, en)


def against_units(department: ReadResult, own: list[Finding], given: Units) -> list[Finding]:
    """The department's findings checked against the units given: its own (less those a
    unit's wrong cell explains), each unit's errors at the unit's cells, and the C.* ones."""
    budget = department.budget
    units = [u for u in given.units if u.budget.profile.region.key == budget.profile.region.key
             and u.budget.year == budget.year]
    findings = list(given.findings) + _composition(department, given.units)
    for unit in given.units:
        if unit not in units:
            findings.append(_whole("C.unit_region", Severity.ERROR,
                                   f"{unit.path.name} 不是{budget.year}年{budget.profile.region.zh}"
                                   "的单位表，未汇总核对",
                                   f"{unit.path.name} is not a {budget.year} "
                                   f"{budget.profile.region.en} unit book: not summed"))
    blamed: set[tuple[int, str, str]] = set()
    for unit in units:
        for finding in unit.errors:
            blamed |= set(_about(unit, finding))
            findings.append(_in_unit(unit, finding))
    missing = any(f.rule == "C.missing" for f in findings)  # its figures are in the sums:
    sums = [] if missing else _followed(  # no figure can be checked, and C.missing says so
        [f for table in budget for f in _table(table, units, blamed)], set(budget.formulas))
    wrong = {c for f in sums for c in (f.cells[:1] + tuple(x.cells[0] for x in f.consequences))}
    mine = Unit(department.path, department, own)
    findings += [f for f in own if f.severity is not Severity.ERROR or not (
        set(_about(mine, f, named=False)) & blamed or set(f.cells) & wrong)]
    return findings + sums


def _followed(sums: list[Finding], formulas: set[str]) -> list[Finding]:
    """A department cell that is a formula follows the cells it sums: where a typed cell of
    its table is wrong too, the formula cell's finding is that one's consequence."""
    typed = {f.table: f for f in reversed(sums) if f.cells[0] not in formulas}
    followers: dict[str, list[Finding]] = {}
    out = []
    for finding in sums:
        cause = typed.get(finding.table)
        if finding.cells[0] in formulas and cause is not None:
            followers.setdefault(finding.table, []).append(finding)
        else:
            out.append(finding)
    return [replace(f, kind=Kind.CAUSE, consequences=tuple(followers[f.table]))
            if f is typed.get(f.table) and f.table in followers else f for f in out]


def _in_unit(unit: Unit, finding: Finding) -> Finding:
    """A unit's finding with its book named: ``[甲.xlsx]表3!E8``, ``单位甲：…``."""
    return replace(finding, cells=tuple(f"[{unit.path.name}]{c}" for c in finding.cells),
                   message_zh=f"{unit.name}：{finding.message_zh}",
                   message_en=f"{unit.name}: {finding.message_en}",
                   consequences=tuple(_in_unit(unit, c) for c in finding.consequences))


def _about(unit: Unit, finding: Finding, named: bool = True) -> Iterator[tuple[int, str, str]]:
    """(table, row, column) of each cell a finding, or what it explains, names."""
    cells = set(finding.cells) | {c for f in finding.consequences for c in f.cells}
    for number, table in unit.budget.tables.items():
        for block in table.spec.blocks:
            for row in table.block_rows(block.key):
                for column, cell in row.cells.items():
                    if cell in cells:
                        yield number, _identity(block, row, unit.name if named else ""), column


def _identity(block: Block, row: Row, unit: str = "") -> str:
    if row.is_total:
        return "total"
    if block.rows in CODED:
        project = f"{row.project}（{unit}）" if row.project and unit else (row.project or "")
        return f"{row.code or fold(row.name)}|{project}"
    if block.rows is RowSource.ITEMS:
        return fold(row.name)
    return row.key or fold(row.name)


def _table(table: Table, units: list[Unit], blamed: set[tuple[int, str, str]]
           ) -> list[Finding]:
    spec = table.spec
    having = [u for u in units if spec.number in u.budget.tables]
    unfit = [u for u in having if not fits(spec, u)]
    if unfit:
        names = "、".join(u.name for u in unfit)
        return [Finding("C.layout", Severity.ERROR, f"表{spec.number}", (table.title_cell or "",),
                        None, None,
                        f"表{spec.number} 的列比这些单位的表分得更细，无法由单位数汇总核对："
                        f"{names}",
                        f"表{spec.number} breaks down what these units' tables do not, so it "
                        f"cannot be checked as their sum: {names}")]
    parts = [(u, department_table(spec, [u], u.budget.year, u.name)) for u in having]
    findings = []
    for block in spec.blocks:
        findings += _block(table, block, parts, blamed)
    return findings


def _block(table: Table, block: Block, parts: list[tuple[Unit, Table]],
           blamed: set[tuple[int, str, str]]) -> list[Finding]:
    number = table.spec.number
    mine = {_identity(block, r): r for r in table.block_rows(block.key)}
    theirs: dict[str, list[tuple[Unit, Row]]] = {}
    for unit, part in parts:
        for theirs_row in part.block_rows(block.key):
            identity = _identity(block, theirs_row)
            if identity not in mine and theirs_row.project:  # a department book of its own
                bare = identity.removesuffix(f"（{unit.name}）")  # names projects bare
                identity = bare if bare in mine else identity
            theirs.setdefault(identity, []).append((unit, theirs_row))
    findings = []
    for identity in [*mine, *(k for k in theirs if k not in mine)]:
        found = mine.get(identity)
        contributions = theirs.get(identity, [])
        sample: Row = found or contributions[0][1]
        row = found
        if block.rows is RowSource.PROJECTS and sample.project and row is None and not any(
                r.amounts.values() for _, r in contributions):
            continue
        for column in block.amount_columns:
            expected = sum((r.amount(column.key) for _, r in contributions), ZERO)
            actual = row.amount(column.key) if row is not None else ZERO
            if expected == actual:
                continue
            if (number, identity, column.key) in blamed:
                continue  # a unit's own wrong cell: reported in the unit's book
            findings.append(_sum_finding(table, sample, row, column.key, column.label,
                                         expected, actual, contributions))
    return findings


def _sum_finding(table: Table, sample: Row, row: Row | None, key: str, label: str,
                 expected: Decimal, actual: Decimal, contributions: list[tuple[Unit, Row]]
                 ) -> Finding:
    number = table.spec.number
    what = " ".join(p for p in (sample.code or "", sample.project or sample.name) if p)
    cell = (row.cells.get(key) or row.cells.get("name") if row is not None else None) or (
        table.title_cell or "")
    shown = [(u.name, f"[{u.path.name}]{r.cells.get(key, '')}" if r.cells.get(key) else
              f"[{u.path.name}]", money(r.amount(key)) or "0.00") for u, r in contributions]
    parts_zh = " + ".join(f"{n} {a}" for n, _, a in shown) or "无单位列此行"
    parts_en = " + ".join(f"{n} {a}" for n, _, a in shown) or "no unit has this row"
    missing = "（部门表无此行）" if row is None else ""
    return Finding(
        "C.sum", Severity.ERROR, f"表{number}", (cell, *(c for _, c, _ in shown)),
        money(expected), money(actual),
        f"表{number} {what}「{label}」部门数应为各单位之和{missing}：应为 {money(expected)}"
        f"（{parts_zh}），实为 {money(actual)}",
        f"表{number} {what} [{label}] must be the sum of the units'"
        f"{' (no such row in the department)' if row is None else ''}: expected "
        f"{money(expected)} ({parts_en}), actual {money(actual)}",
        subject_zh=f"表{number} {what}「{label}」", subject_en=f"表{number} {what} [{label}]",
        breakdown=tuple(shown))


def _composition(department: ReadResult, units: list[Unit]) -> list[Finding]:
    listed = department.extras.composition
    if not listed:
        return [_whole("C.composition", Severity.INFO,
                       "部门表没有“单位构成”表：未核对所给单位是否即部门所属单位",
                       "the department book has no 单位构成 sheet: whether the units given "
                       "are its units was not checked")] if units else []
    names = {fold(r[0]): r[0] for r in listed if r and r[0]}
    given = {fold(u.name): u for u in units}
    out = []
    for key, unit in given.items():
        if key not in names:
            out.append(_whole("C.unlisted", Severity.ERROR,
                              f"{unit.name}（{unit.path.name}）不在部门表的“单位构成”中",
                              f"{unit.name} ({unit.path.name}) is not in the department's "
                              "单位构成", (f"[{unit.path.name}]",)))
    for key, name in names.items():
        if key not in given:
            out.append(_whole("C.missing", Severity.ERROR,
                              f"“单位构成”列有 {name}，但未给出其单位表：部门数中含其数，未能核对",
                              f"单位构成 lists {name} but its book was not given: the "
                              "department's figures hold its own, unchecked"))
    return out
