"""The blank standard workbook: every table with its fixed rows and room to fill, plus the
input sheets."""

from __future__ import annotations

from pathlib import Path

from xlbudget.model import Budget, Row, Table, empty_inputs, empty_table
from xlbudget.spec.catalog import categories
from xlbudget.spec.model import RowSource
from xlbudget.spec.profiles import Profile
from xlbudget.write.workbook import Written, write_budget


def blank_table(profile: Profile, number: int) -> Table:
    spec = profile.table(number)
    table = empty_table(spec, categories(profile.year))
    for block in spec.blocks:
        if block.rows in (RowSource.FIXED, RowSource.CATEGORIES):
            continue
        blanks = [Row() for _ in range(spec.template_rows)]
        table.rows[block.key][:0] = blanks
    return table


def blank_budget(profile: Profile, unit_name: str = "", year: int | None = None) -> Budget:
    year = year or profile.year
    tables = {spec.number: blank_table(profile, spec.number) for spec in profile.tables}
    sheets = profile.region.input_sheets
    inputs = empty_inputs(sheets)
    for sheet in sheets:
        if sheet.form and {"unit_name", "year"} <= {row.key for row in sheet.rows}:
            overview = {rec["key"]: rec for rec in inputs.sheet(sheet.key)}
            overview["unit_name"]["value"] = unit_name or None
            overview["year"]["value"] = year
    return Budget(profile, unit_name, year, tables, inputs)


def write_template(path: Path, profile: Profile, unit_name: str = "", year: int | None = None
                   ) -> Written:
    return write_budget(blank_budget(profile, unit_name, year), path)
