"""openpyxl → :class:`~xlbudget.model.Budget`, for xlbudget's own template and for the published
layout users export from the budget system.

Tables are found by title and header labels (:mod:`xlbudget.read.locate`), rows read by
:mod:`xlbudget.read.rows`. Cached formula values are used; a formula saved without one is evaluated
(:mod:`xlbudget.read.formulas`), never read as 0, and one that cannot be evaluated is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xlbudget.model import Budget, Table, empty_table
from xlbudget.read.carried import GENERATED, Carried, collect
from xlbudget.read.formulas import Evaluator
from xlbudget.read.grid import Grid
from xlbudget.read.inputs import read_inputs
from xlbudget.read.links import formula_links
from xlbudget.read.locate import TABLE_LABEL, Located, find_titles, locate
from xlbudget.read.profile import detect
from xlbudget.read.rows import Problem, read_table
from xlbudget.read.sheets import load_grids
from xlbudget.spec.catalog import categories, economic, functional
from xlbudget.spec.inputs import SHEET_NAMES
from xlbudget.spec.profiles import ProfileError, profile
from xlbudget.spec.regions import Region, regions
from xlbudget.text import fold


@dataclass
class ReadResult:
    path: Path
    budget: Budget
    located: dict[int, Located]
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (table, sheet) ignored
    extras: Carried = field(default_factory=Carried)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en) what was assumed
    sheets: list[str] = field(default_factory=list)  # every sheet's name, in order


# ── grids → budget ───────────────────────────────────────────────────────────────────────


def _locate_all(grids: list[Grid], region: Region
                ) -> tuple[dict[int, Located], list[tuple[int, str]]]:
    located: dict[int, Located] = {}
    duplicates: list[tuple[int, str]] = []
    skip = {fold(n) for n in SHEET_NAMES} | {fold(n) for n in GENERATED}
    for grid in grids:
        if fold(grid.name) in skip:
            continue  # our input and generated sheets never hold a table
        titles = find_titles(grid, region)
        if not titles and (match := re.fullmatch(r"表(\d{1,2})", grid.name.strip())):
            titles = [(0, int(match.group(1)), "")] if int(match.group(1)) in region.numbers else []
        for index, (row, number, level) in enumerate(titles):
            end = titles[index + 1][0] if index + 1 < len(titles) else grid.max_row + 1
            while end - 1 > row and _label_only(grid, end - 1):
                end -= 1  # the next table's 表N label is not a row of this one
            found = locate(grid, row, number, level, end, region)
            if found is None:
                continue
            if number in located:
                duplicates.append((number, grid.name))
                continue
            located[number] = found
    return located, duplicates


def _fit(located: dict[int, Located]) -> tuple[int, int, int]:
    """How well a region's tables fit the book: tables found with every column, fewer missing
    columns, more tables found."""
    whole = sum(not loc.missing for loc in located.values())
    return whole, -sum(len(loc.missing) for loc in located.values()), len(located)


def locate_region(grids: list[Grid], own: str | None = None
                  ) -> tuple[Region, dict[int, Located], list[tuple[int, str]]]:
    """The region whose tables the book holds (its titles and header labels decide; the
    default region on a tie), with its located tables. A book of our own names its region."""
    ranked = list(regions())
    named = _own_region(own)
    ranked.sort(key=lambda r: r is not named)
    best: tuple[Region, dict[int, Located], list[tuple[int, str]]] | None = None
    for region in ranked:
        located, duplicates = _locate_all(grids, region)
        if best is None or _fit(located) > _fit(best[1]):
            best = (region, located, duplicates)
        droppable = {o.drops for o in region.options.values()}
        if set(region.numbers) - droppable <= set(located) and not any(
                loc.missing for loc in located.values()):
            break  # every table of this region (an option may drop), whole: none fits better
    assert best is not None
    return best


def _own_region(own: str | None) -> Region | None:
    """The region a book of our own names in its profile property."""
    try:
        return profile(own).region if own else None
    except ProfileError:
        return None


def _label_only(grid: Grid, row: int) -> bool:
    texts = grid.row_texts(row)
    return len(texts) == 1 and bool(TABLE_LABEL.match(texts[0][1]))


def _set_precision(tables: dict[int, Table], decimals: dict[int, int]) -> None:
    """Precision each table was printed at, for the rounding tolerance: a 万元 book printed in
    whole 万元 everywhere is an integer book; a 元 table keeps its own precision."""
    wan = max((d for n, d in decimals.items() if tables[n].unit == "万元"), default=2)
    for number, table in tables.items():
        if table.unit == "元":
            table.quantum = Decimal(1).scaleb(-min(decimals[number], 2)) / 10000
        else:
            table.quantum = Decimal(1).scaleb(-min(max(wan, 0), 2))


def read_workbook(path: Path, engine: str = "calamine") -> ReadResult:
    """Read every table it can find. Content problems become data, not exceptions; only a file
    that is not a workbook at all raises :class:`UnreadableError`."""
    grids, raw = load_grids(path, engine)
    region, located, duplicates = locate_region(grids, raw.profile)
    detected = detect(located, grids, path, raw.profile, region)
    chosen = detected.profile
    year_categories = categories(chosen.year)
    evaluator = Evaluator(grids)
    tables: dict[int, Table] = {}
    problems: list[Problem] = []
    decimals: dict[int, int] = {}
    for number, loc in sorted(located.items()):
        table = empty_table(loc.spec, year_categories)
        names = (economic if loc.spec.is_economic else functional)(chosen.year).names
        table_problems, decimals[number] = read_table(loc, table, evaluator, dict(names))
        problems.extend(table_problems)
        tables[number] = table
    _set_precision(tables, decimals)
    inputs = read_inputs(grids, problems, region.input_sheets)
    budget = Budget(chosen, detected.unit_name, chosen.year, tables, inputs,
                    formula_links(grids, located, tables, evaluator), raw.text)
    extras = collect(grids, located)
    return ReadResult(path, budget, located, problems, duplicates, extras, detected.notes,
                      [grid.name for grid in grids])
