"""The formulas of an .xlsx as openpyxl reads them: what the .xls and .ods formula readers
(read/biff, read/odsxml) must give for the same book saved by LibreOffice."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula


def xlsx_formulas(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Every formula cell of an .xlsx as openpyxl reads it, without "=" (an array formula at
    its anchor, as an .xlsx stores it); every sheet is a key."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in openpyxl.load_workbook(path).worksheets:
        cells = found.setdefault(sheet.title, {})
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value.text if isinstance(cell.value, ArrayFormula) else cell.value
                if isinstance(value, str) and value.startswith("="):
                    cells[(cell.row, cell.column)] = value[1:]
    return found
