"""Read the input sheets (概况, 上年预算数, …) of an xlbudget workbook into :class:`Inputs`.

Columns are found by their header labels and rows by their 编号 key, so users may reorder rows,
insert their own and widen columns. Values are typed by the spec: amounts exact, counts whole.
"""

from __future__ import annotations

from xlbudget.model import Inputs, InputValue
from xlbudget.read.cells import BadAmount, amount
from xlbudget.read.grid import Grid, Uncached
from xlbudget.read.rows import Problem
from xlbudget.spec.inputs import INPUT_SHEETS, InputSheet, ValueKind
from xlbudget.text import fold


def _header(grid: Grid, sheet: InputSheet) -> tuple[int, dict[str, int]] | None:
    labels = {fold(c.label): c.key for c in sheet.columns}
    for row in range(1, min(grid.max_row, 8) + 1):
        found = {labels[fold(t)]: col for col, t in grid.row_texts(row) if fold(t) in labels}
        if len(found) * 2 >= len(sheet.columns):
            return row, found
    return None


def _kind(sheet: InputSheet, column: str, key: InputValue) -> ValueKind:
    if sheet.form and column == "value" and key:
        match = next((r for r in sheet.rows if r.key == key), None)
        return match.kind if match else ValueKind.TEXT
    return next(c.kind for c in sheet.columns if c.key == column)


def _value(raw: object, kind: ValueKind) -> InputValue | BadAmount:
    if raw is None or isinstance(raw, Uncached):
        return None
    if kind is ValueKind.TEXT:
        text = str(raw).strip()
        return text or None
    parsed = amount(raw)
    if isinstance(parsed, BadAmount) or parsed is None:
        return parsed
    if kind is ValueKind.COUNT:
        return int(parsed) if parsed == parsed.to_integral_value() else parsed
    return parsed


def read_sheet(grid: Grid, sheet: InputSheet, problems: list[Problem]
               ) -> list[dict[str, InputValue]]:
    found = _header(grid, sheet)
    if found is None:
        return []
    header_row, columns = found
    records: list[dict[str, InputValue]] = []
    for row in range(header_row + 1, grid.max_row + 1):
        if all(not grid.text(row, col) for col in columns.values()):
            continue
        key = grid.text(row, columns["key"]) if "key" in columns else None
        record: dict[str, InputValue] = {}
        for column, col in columns.items():
            value = _value(grid.get(row, col), _kind(sheet, column, key or None))
            if isinstance(value, BadAmount):
                problems.append(Problem("amount", 0, grid.cell_ref(row, col), value.text))
                value = None
            record[column] = value
        records.append(record)
    return records


def read_inputs(grids: list[Grid], problems: list[Problem],
                sheets: tuple[InputSheet, ...] = INPUT_SHEETS) -> Inputs:
    """The input sheets of the book's region (``sheets``), each found by its name."""
    by_name = {fold(g.name): g for g in grids}
    records: dict[str, list[dict[str, InputValue]]] = {}
    for sheet in sheets:
        grid = by_name.get(fold(sheet.name))
        if grid is not None:
            records[sheet.key] = read_sheet(grid, sheet, problems)
    return Inputs(records)

