"""openpyxl → :class:`~xlbudget.model.Budget`, for xlbudget's own template and for the published
layout users export from the budget system.

Tables are found by title and header labels (:mod:`xlbudget.read.locate`), rows read by
:mod:`xlbudget.read.rows`. Cached formula values are used; a formula saved without one is evaluated
(:mod:`xlbudget.read.formulas`), never read as 0, and one that cannot be evaluated is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xlbudget.model import Budget, Table, empty_table
from xlbudget.read.carried import GENERATED, Carried, collect
from xlbudget.read.cells import BadAmount, amount
from xlbudget.read.formulas import Unsupported, evaluate
from xlbudget.read.grid import Grid, Uncached
from xlbudget.read.inputs import read_inputs
from xlbudget.read.links import formula_links
from xlbudget.read.locate import Located, find_titles, locate
from xlbudget.read.rows import Problem, read_table
from xlbudget.read.sheets import load_grids
from xlbudget.spec.catalog import categories, economic, functional
from xlbudget.spec.inputs import INPUT_SHEETS
from xlbudget.spec.profiles import YEARS, Profile, profile
from xlbudget.text import fold


@dataclass
class ReadResult:
    path: Path
    budget: Budget
    located: dict[int, Located]
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (table, sheet) ignored
    extras: Carried = field(default_factory=Carried)


class _Evaluator:
    """Values of uncached formula cells, across sheets, with a guard against cycles."""

    def __init__(self, grids: list[Grid]) -> None:
        self.grids = {g.name: g for g in grids}
        self.busy: set[tuple[str, int, int]] = set()

    def __call__(self, sheet: str, row: int, col: int) -> Decimal:
        grid = self.grids.get(sheet)
        if grid is None:
            raise Unsupported(f"no sheet {sheet!r}")
        value = grid.get(row, col)
        if isinstance(value, Uncached):
            key = (sheet, row, col)
            if key in self.busy:
                raise Unsupported("circular reference")
            self.busy.add(key)
            try:
                return evaluate(value.formula, sheet, self)
            finally:
                self.busy.discard(key)
        result = amount(value)
        if isinstance(result, BadAmount):
            raise Unsupported(f"{grid.cell_ref(row, col)} holds {result.text!r}")
        return result or Decimal(0)


# ── grids → budget ───────────────────────────────────────────────────────────────────────


def _locate_all(grids: list[Grid]) -> tuple[dict[int, Located], list[tuple[int, str]]]:
    located: dict[int, Located] = {}
    duplicates: list[tuple[int, str]] = []
    skip = {fold(s.name) for s in INPUT_SHEETS} | {fold(n) for n in GENERATED}
    for grid in grids:
        if fold(grid.name) in skip:
            continue  # our input and generated sheets never hold a table
        titles = find_titles(grid)
        if not titles and (match := re.fullmatch(r"表(\d{1,2})", grid.name.strip())):
            titles = [(0, int(match.group(1)), "")] if 1 <= int(match.group(1)) <= 11 else []
        for index, (row, number, level) in enumerate(titles):
            end = titles[index + 1][0] if index + 1 < len(titles) else grid.max_row + 1
            found = locate(grid, row, number, level, end)
            if found is None:
                continue
            if number in located:
                duplicates.append((number, grid.name))
                continue
            located[number] = found
    return located, duplicates


def detect_profile(
    located: dict[int, Located], grids: list[Grid], path: Path, own: str | None = None
) -> Profile:
    """The profile a workbook follows: its own property when xlbudget wrote it, else what its
    tables show (表2 columns, 表4 rows, 表8 split, 表11 present) and the year its texts name."""
    if own:
        try:
            return profile(own)
        except ValueError:
            pass
    levels = [loc.level for n, loc in located.items() if n <= 3 and loc.level]
    years = Counter(y for g in grids for y in g.years() if y in YEARS)
    year = (
        years.most_common(1)[0][0]
        if years
        else next((y for y in YEARS if str(y) in path.name), YEARS[0])
    )
    t2, t4, t8 = located.get(2), located.get(4), located.get(8) or located.get(9)
    return Profile(
        level=Counter(levels).most_common(1)[0][0] if levels else "单位",
        year=year,
        t2_columns=len(t2.spec.leaves) if t2 else 16,
        t4_carryover=bool(t4 and "carryover" in {r.key for r in t4.spec.blocks[0].fixed_rows}),
        t89_split=not t8 or "personnel" in {c.key for c in t8.spec.leaves},
        with_t11=11 in located,
    )


def _unit_name(located: dict[int, Located]) -> str:
    for loc in located.values():
        for row in range(loc.title_row, loc.header_rows.start):
            for _, text in loc.grid.row_texts(row):
                match = re.match(
                    r"^(?:编制单位|单位名称|部门名称|编制部门)\s*[：:]\s*(.+?)\s*$", text
                )
                if match and "万元" not in match.group(1):
                    return match.group(1)
    return ""


def _set_precision(tables: dict[int, Table], decimals: dict[int, int]) -> None:
    """Precision each table was printed at, for the rounding tolerance: a 万元 book printed in
    whole 万元 everywhere is an integer book; a 元 table keeps its own precision."""
    wan = max((d for n, d in decimals.items() if tables[n].unit == "万元"), default=2)
    for number, table in tables.items():
        if table.unit == "元":
            table.quantum = Decimal(1).scaleb(-min(decimals[number], 2)) / 10000
        else:
            table.quantum = Decimal(1).scaleb(-min(max(wan, 0), 2))


def read_workbook(path: Path) -> ReadResult:
    """Read every table it can find. Content problems become data, not exceptions; only a file
    that is not a workbook at all raises :class:`UnreadableError`."""
    grids, raw = load_grids(path)
    located, duplicates = _locate_all(grids)
    chosen = detect_profile(located, grids, path, raw.profile)
    year_categories = categories(chosen.year)
    evaluator = _Evaluator(grids)
    tables: dict[int, Table] = {}
    problems: list[Problem] = []
    decimals: dict[int, int] = {}
    for number, loc in sorted(located.items()):
        table = empty_table(loc.spec, year_categories)
        names = (economic if number == 6 else functional)(chosen.year).names
        table_problems, decimals[number] = read_table(loc, table, evaluator, dict(names))
        problems.extend(table_problems)
        tables[number] = table
    _set_precision(tables, decimals)
    inputs = read_inputs(grids, problems)
    budget = Budget(chosen, _unit_name(located), chosen.year, tables, inputs,
                    formula_links(grids, located, tables, evaluator))
    extras = collect(grids, located)
    return ReadResult(path, budget, located, problems, duplicates, extras)
