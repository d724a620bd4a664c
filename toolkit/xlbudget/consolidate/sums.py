"""Units' budgets → the department's: every amount the sum of the units', exactly.

The department book is the region's standard 部门 template. Its layout options are the ones
every unit can be summed into: a table a unit may drop (表8, 表9, 表11) is dropped only if every
unit drops it; a column some units do not have (表2 without 上级国有资本经营 transfers) is the
others' sum; a breakdown some units do not give (表8/9 基本支出 not split into 人员/公用经费)
is not given. Coded rows are summed by code and column, fixed rows by key, 表11's items by name;
projects are one row per unit and project, the unit named after the project. A region's
``[consolidate] administrative`` figures (上海 机关运行经费) are summed over its 机关 and 参公 units
only; its ``transfers`` (新疆 上级补助收入, 附属单位上缴收入) are summed as printed and said, one
line per unit: their paired spending is in no column, so no pair can be taken out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from xlbudget.consolidate.inputs import department_inputs
from xlbudget.consolidate.units import ConsolidateError, Unit
from xlbudget.model import ZERO, Budget, Row, Table, empty_table
from xlbudget.spec.catalog import categories, economic, functional
from xlbudget.spec.model import Block, Group, Node, RowSource, TableSpec, leaves
from xlbudget.spec.profiles import Profile
from xlbudget.text import fold

DEPARTMENT = "部门"
Mapping = dict[str, tuple[str, ...]]  # department column → the unit's columns it sums


@dataclass(frozen=True)
class Transfer:
    """A unit's income that may come from another unit of the department (said, not removed)."""

    unit: str
    figure: str  # 表1 上级补助收入
    amount: Decimal
    cell: str


@dataclass
class Department:
    budget: Budget
    units: list[Unit]
    transfers: list[Transfer] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en) what was decided


def _groups(nodes: tuple[Node, ...]) -> dict[str, tuple[str, ...]]:
    """Each header group's label (and aliases), folded → the amount columns under it."""
    out: dict[str, tuple[str, ...]] = {}
    for node in nodes:
        if isinstance(node, Group):
            keys = tuple(c.key for c in leaves(node.children))
            for label in (node.label, *node.aliases):
                out.setdefault(fold(label), keys)
            out.update({k: v for k, v in _groups(node.children).items() if k not in out})
    return out


def mapping(department: Block, unit: Block) -> Mapping | None:
    """How each department column is summed from a unit's block: the same column, or the
    columns under the unit's header of that name (基本支出 = 人员经费 + 公用经费), or none (the
    unit has no such column: 0). A unit column the department's form does not have is not
    the department's (上海 部门 表1 shows 支出 without 人员/公用/项目). None when the
    department has a column the unit lacks while a unit column has no place: the figure might
    belong there (the department breaks down what the unit does not)."""
    own = {c.key for c in unit.amount_columns}
    groups = _groups(unit.columns)
    out: Mapping = {}
    for column in department.amount_columns:
        if column.key in own:
            out[column.key] = (column.key,)
            continue
        names = {fold(column.label), *(fold(a) for a in column.aliases)}
        out[column.key] = next((keys for name, keys in groups.items() if name in names), ())
    covered = {key for keys in out.values() for key in keys}
    lacking = any(not keys for keys in out.values())
    return None if lacking and not own <= covered else out


def fits(spec: TableSpec, unit: Unit) -> bool:
    """Can the unit's table be summed into ``spec`` (every block mapped, no row with figures
    the department's form has no place for)? A unit without the table fits."""
    table = unit.budget.tables.get(spec.number)
    if table is None:
        return True
    for block in spec.blocks:
        theirs = next((b for b in table.spec.blocks if b.key == block.key), None)
        if theirs is None or mapping(block, theirs) is None:
            return False
        fixed = {r.key for r in block.fixed_rows}
        if block.rows in (RowSource.FIXED, RowSource.SINGLE) and any(
                row.key not in fixed and any(row.amounts.values())
                for row in table.body(block.key)):
            return False  # a row with figures the department's layout has no place for
    return True


def department_profile(units: list[Unit]) -> Profile:
    """The 部门 profile every unit can be summed into (the fewest options that do)."""
    first = units[0].budget.profile
    region = first.region
    drops = {name for name, option in region.options.items() if option.drops is not None}
    dropped = frozenset(o for o in drops if all(o in u.budget.profile.options for u in units))
    others = sorted(o for o in region.options if o not in drops)
    for size in range(len(others) + 1):
        for chosen in combinations(others, size):
            candidate = Profile(DEPARTMENT, first.year, dropped | frozenset(chosen), region)
            if all(fits(spec, unit) for spec in candidate.tables for unit in units):
                return candidate
    raise ConsolidateError("各单位的表样无法汇总到同一部门表样", "the units' layouts cannot be "
                           "summed into one department layout")


def _add(target: Row, row: Row, columns: Mapping) -> None:
    """Add a unit's row into the department's; the first unit's cell of a column taken as it
    is stays the row's provenance (one unit's table summed alone: its own cells)."""
    for key, parts in columns.items():
        value = sum((row.amount(p) for p in parts), ZERO)
        if value or key in target.amounts:
            target.amounts[key] = target.amount(key) + value
        if len(parts) == 1 and parts[0] in row.cells:
            target.cells.setdefault(key, row.cells[parts[0]])


def _names(spec: TableSpec, year: int) -> dict[str, str]:
    return dict((economic if spec.is_economic else functional)(year).names)


def _coded(block: Block, rows: list[Row], parts: list[tuple[Unit, Table, Mapping]],
           names: dict[str, str]) -> list[Row]:
    """类/款/项 (or 经济分类) rows by code, projects one row per unit and project, in code
    order; the total row last."""
    by_key: dict[tuple[str, str], Row] = {}
    order: list[tuple[str, int, int, str]] = []
    total = next((r for r in rows if r.is_total), None)
    for index, (unit, table, columns) in enumerate(parts):
        for position, row in enumerate(table.block_rows(block.key)):
            if row.is_total:
                if total is not None:
                    _add(total, row, columns)
                continue
            project = f"{row.project}（{unit.name}）" if row.project else ""
            key = (row.code or f"?{fold(row.name)}", project)
            if key not in by_key:
                name = names.get(row.code or "", row.name)
                by_key[key] = Row(name=name, code=row.code, project=project or None)
                order.append((key[0], bool(project), index * 100000 + position, project))
            _add(by_key[key], row, columns)
    ordered = [by_key[(code, project)] for code, _, _, project in sorted(order)]
    return ordered + ([total] if total is not None else [])


def _keyed(block: Block, rows: list[Row], parts: list[tuple[Unit, Table, Mapping]]) -> list[Row]:
    """Fixed rows (and 类 lines, the one row of a single-row table) by key; 表11 items by name."""
    at = {r.key: r for r in rows if r.key}
    out = list(rows)
    for _, table, columns in parts:
        for row in table.block_rows(block.key):
            target = at.get(row.key) if row.key else None
            if row.is_total:
                target = next((r for r in out if r.is_total), None)
            elif target is None and block.rows is RowSource.ITEMS:
                target = next((r for r in out if not r.is_total and r.key is None
                               and fold(r.name) == fold(row.name)), None)
                if target is None:
                    target = Row(name=row.name)
                    out.insert(len([r for r in out if not r.is_total]), target)
            if target is not None:
                _add(target, row, columns)
    return out


def department_table(spec: TableSpec, units: list[Unit], year: int, name: str) -> Table:
    """``spec``'s table as the sum of the units' (each unit's layout fits it)."""
    table = empty_table(spec, categories(year))
    administrative = set(units[0].budget.profile.region.consolidate.administrative)
    for block in spec.blocks:
        parts = []
        for unit in units:
            theirs = unit.budget.tables.get(spec.number)
            if theirs is None:
                continue
            columns = mapping(block, theirs.spec.block(block.key))
            assert columns is not None  # department_profile chose a layout every unit fits
            if not unit.administrative:  # its 机关运行经费 is not the department's
                columns = {k: () if f"表{spec.number}.{block.key}.{k}" in administrative else v
                           for k, v in columns.items()}
            parts.append((unit, theirs, columns))
        rows = table.block_rows(block.key)
        if block.rows in (RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS):
            table.rows[block.key] = _coded(block, rows, parts, _names(spec, year))
        else:
            table.rows[block.key] = _keyed(block, rows, parts)
    notes = {u.budget.tables[spec.number].note for u in units if spec.number in u.budget.tables}
    if table.is_blank and spec.blank_note:
        table.note = spec.blank_note.format(unit=name, year=year)
    elif len(notes) == 1:
        table.note = notes.pop()
    return table


def _administrative(profile: Profile, units: list[Unit]) -> list[tuple[str, str]]:
    left_out = [u for u in units if not u.administrative]
    if not left_out or not profile.region.consolidate.administrative:
        return []
    names = "、".join(u.name for u in left_out)
    figures = "、".join(profile.region.consolidate.administrative)
    return [(f"{figures}（机关运行经费）只汇总机关和参公单位，未计入事业单位：{names}",
             f"{figures} (机关运行经费) sums 机关 and 参公 units only; left out: {names}")]


def _figure(figure: str) -> tuple[int, str, str]:
    number, block, key = figure.split(".")
    return int(number[1:]), block, key


def _transfers(units: list[Unit]) -> list[Transfer]:
    out: list[Transfer] = []
    for unit in units:
        for figure in unit.budget.profile.region.consolidate.transfers:
            number, block, key = _figure(figure)
            table = unit.budget.tables.get(number)
            row = table.keyed(block, key) if table is not None else None
            if row is None:
                continue
            for column, amount in row.amounts.items():
                if amount:
                    out.append(Transfer(unit.name, f"表{number} {row.name}", amount,
                                        row.cells.get(column, "")))
    return out


def consolidate(units: list[Unit], name: str = "") -> Department:
    """The department's budget: the sum of ``units`` (read by :func:`~.units.read_units`)."""
    profile = department_profile(units)
    year = units[0].budget.year
    tables = {spec.number: department_table(spec, units, year, name or DEPARTMENT)
              for spec in profile.tables}
    for table in tables.values():  # a sum has no one cell it came from
        for rows in table.rows.values():
            for row in rows:
                row.cells.clear()
    budget = Budget(profile, name or DEPARTMENT, year, tables,
                    department_inputs(profile, units, name or DEPARTMENT))
    notes = _administrative(profile, units)
    transfers = _transfers(units)
    for transfer in transfers:
        notes.append((f"{transfer.unit} {transfer.figure} {transfer.amount} 万元可能来自本部门"
                      "其他单位：表中没有与之成对的支出（对附属单位补助支出 / 上缴上级支出），"
                      "按原数汇总",
                      f"{transfer.unit} {transfer.figure} {transfer.amount} 万元 may come from "
                      "another unit of the department: no column holds its paired spending, so "
                      "it is summed as printed"))
    return Department(budget, units, transfers, notes)
