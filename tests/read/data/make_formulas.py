"""Rebuild formulas.xlsx/.xls/.ods here (needs LibreOffice's soffice):

    python tests/read/data/make_formulas.py

formulas.xlsx holds the formula shapes a budget book uses — SUM over ranges and lists, a+b-c,
references to other sheets (one with a space in its name), absolute references, a column filled
down (saved as a shared formula), IF, ROUND, a string literal, negative and decimal numbers —
and LibreOffice saves it as .xls and .ods, as a user's "Save as" would.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def main() -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "表 1"
    table = book.create_sheet("表3")
    for row in range(5, 15):
        table.cell(row, 2, row * 1.25)
        table.cell(row, 3, row * 100)
        table.cell(row, 4, f"=B{row}+C{row}")  # filled down: a shared formula in .xls
    table["D3"] = "=SUM(D5:D14)"
    table["E3"] = "=SUM(B5:B9,C5:C9)-D5"
    table["E4"] = "=$B$5*2-B6/4"
    table["F3"] = "=IF(D3>100,ROUND(D3/3,2),-1.5)"
    table["F4"] = '=IF(B5="","空","有")'
    first["A1"] = "=表3!D3"
    first["A2"] = "=SUM(表3!B5:B14)+'表 1'!A1"
    first["B2"] = "=-表3!$C$5+0.25"
    first["C2"] = "=(A1+A2)*2"
    table["G3"] = "='表 1'!A1-'表 1'!B2"
    book.save(HERE / "formulas.xlsx")
    with tempfile.TemporaryDirectory() as work:
        for kind in ("xls", "ods"):
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile",
                            "--headless", "--convert-to", kind, "--outdir", str(HERE),
                            str(HERE / "formulas.xlsx")], check=True, capture_output=True,
                           timeout=300)


if __name__ == "__main__":
    main()
