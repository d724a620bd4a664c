"""An .xlsx to patch, for a book saved as .xls, .xlsb or .ods.

openpyxl patches only .xlsx. A book in another format is first saved as .xlsx: by LibreOffice
when it is installed (styles, merges, widths and formulas all kept — what a user would get with
"Save as"), otherwise from the values xlbudget read (every sheet, value and merged range, but
neither formatting nor formulas). The original is never touched; the fixed book is written as
.xlsx, and the fix summary says which way it was converted.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl

from xlbudget.read.safety import Limits, inspect
from xlbudget.read.sheets import load_grids

LIBREOFFICE = "libreoffice"  # converted by LibreOffice: formatting kept
VALUES = "values"  # rebuilt from the values: formatting lost
TIMEOUT = 120  # seconds for LibreOffice to convert one book


def as_xlsx(source: Path, work: Path) -> tuple[Path, str | None]:
    """The .xlsx to patch for ``source`` (itself when it is one) and how it was made."""
    if inspect(source, Limits.from_env()) == "xlsx":
        return source, None
    converted = _libreoffice(source, work)
    if converted is not None:
        return converted, LIBREOFFICE
    return _from_values(source, work / "values.xlsx"), VALUES


def _libreoffice(source: Path, work: Path) -> Path | None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    copy = work / f"book{source.suffix.lower() or '.xls'}"  # a plain name LibreOffice accepts
    shutil.copyfile(source, copy)
    profile = work / "lo-profile"  # its own profile: parallel workers must not share one
    try:
        subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(work / "out"), str(copy)],
                       capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    converted = work / "out" / "book.xlsx"
    return converted if converted.is_file() else None


def _from_values(source: Path, target: Path) -> Path:
    grids, _ = load_grids(source)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for grid in grids:
        sheet = book.create_sheet(grid.name[:31])
        for (row, col), value in grid.values.items():
            cell = sheet.cell(row, col)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # text stays text, never a formula
            elif isinstance(value, (int, float)) or hasattr(value, "isoformat"):
                cell.value = value
            elif value is not None:
                cell.value = str(value)
                cell.data_type = "s"
        for r1, c1, r2, c2 in grid.merged:
            sheet.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        if grid.hidden:
            sheet.sheet_state = "hidden"
    book.save(target)
    return target
