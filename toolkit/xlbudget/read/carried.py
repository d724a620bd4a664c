"""What a workbook holds beyond the spec — kept so that regenerating it loses nothing.

* unknown sheets (a unit's own notes, a cover page): carried over by value, under their names;
* stray cells in table sheets (a remark beside a table, an extra column): listed on a
  ``原表其他内容`` sheet with their original sheet and address;
* xlbudget's own change log (``修改记录``): read back so that a second fix appends to it;
* a department book's ``单位构成`` (the units it sums): read back for ``check --units``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlbudget.read.grid import Grid, Uncached
from xlbudget.read.locate import TABLE_LABEL, Located
from xlbudget.spec.inputs import SHEET_NAMES
from xlbudget.text import fold

NARRATIVE_SHEET = "说明"
LOG_SHEET = "修改记录"
STRAY_SHEET = "原表其他内容"
COMPOSITION_SHEET = "单位构成"  # a department book's units (xlbudget consolidate)
GENERATED = (NARRATIVE_SHEET, LOG_SHEET, STRAY_SHEET, COMPOSITION_SHEET)
LOG_COLUMNS = ("单元格", "修改前", "修改后", "规则", "说明")
STRAY_COLUMNS = ("原工作表", "单元格", "内容")
COMPOSITION_COLUMNS = ("单位名称", "单位性质", "来源文件", "SHA-256", "收入总计（万元）",
                       "支出总计（万元）")


@dataclass(frozen=True)
class LogEntry:
    """One change xlbudget made: the cell, the value before and after, the rule, and why."""

    cell: str
    before: str | None
    after: str | None
    rule: str
    note: str = ""


@dataclass
class Carried:
    sheets: dict[str, dict[tuple[int, int], object]] = field(default_factory=dict)
    stray: list[tuple[str, str, str]] = field(default_factory=list)  # sheet, cell, text
    log: list[LogEntry] = field(default_factory=list)
    composition: list[tuple[str, ...]] = field(default_factory=list)  # 单位构成, as its columns


@dataclass(frozen=True)
class _Claim:
    """The cells a located table reads: its title to header rows (whole width), its data rows
    in its columns, its note row."""

    top: int
    header_stop: int
    data: range
    columns: frozenset[int]
    note_row: int | None

    def holds(self, row: int, col: int) -> bool:
        return (self.top <= row < self.header_stop or row == self.note_row
                or (row in self.data and col in self.columns))


def _claim(located: Located) -> _Claim:
    top = max(1, located.title_row - 1) if located.title_row else 1
    columns = frozenset(located.columns.values()) | frozenset(located.combined_code.values())
    return _Claim(top, located.header_rows.stop,
                  range(located.first_data_row, located.end_row), columns, located.note_row)


def _text(value: object) -> str:
    return value.formula if isinstance(value, Uncached) else str(value)


def _records(grid: Grid, columns: tuple[str, ...]) -> list[list[str]]:
    header = next((r for r in range(1, min(grid.max_row, 5) + 1)
                   if [grid.text(r, c + 1) for c in range(len(columns))] == list(columns)), None)
    if header is None:
        return []
    return [[grid.text(r, c + 1) for c in range(len(columns))]
            for r in range(header + 1, grid.max_row + 1) if grid.text(r, 1)]


def collect(grids: list[Grid], located: dict[int, Located]) -> Carried:
    extras = Carried()
    by_sheet: dict[str, list[_Claim]] = {}
    for loc in located.values():
        by_sheet.setdefault(loc.grid.name, []).append(_claim(loc))
    known = {fold(name) for name in SHEET_NAMES}
    for grid in grids:
        if grid.name == LOG_SHEET:
            extras.log = [LogEntry(r[0], r[1] or None, r[2] or None, r[3], r[4])
                          for r in _records(grid, LOG_COLUMNS)]
        elif grid.name == COMPOSITION_SHEET:
            extras.composition = [tuple(r) for r in _records(grid, COMPOSITION_COLUMNS)]
        elif grid.name == STRAY_SHEET:
            extras.stray.extend((r[0], r[1], r[2]) for r in _records(grid, STRAY_COLUMNS))
        elif grid.name in by_sheet:
            claims = by_sheet[grid.name]
            for (row, col), value in sorted(grid.values.items()):
                if not any(c.holds(row, col) for c in claims) and _text(value).strip() and not (
                        TABLE_LABEL.match(_text(value))):
                    extras.stray.append((grid.name, grid.cell_ref(row, col).split("!")[1],
                                         _text(value)))
        elif fold(grid.name) not in known and grid.name != NARRATIVE_SHEET:
            extras.sheets[grid.name] = dict(grid.values)
    return extras
