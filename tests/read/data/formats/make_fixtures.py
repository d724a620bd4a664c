"""Rebuild the formula fixtures of this folder (needs LibreOffice's ``soffice``):

    .venv/bin/python tests/read/data/formats/make_fixtures.py

``shapes.xlsx`` is written with openpyxl and holds the formula shapes a budget book uses — SUM
over ranges and lists, a+b-c, references to other sheets (``表3`` and ``表 1``, whose name needs
quotes), absolute and mixed references, columns filled down (saved as shared formulas in an
.xls), IF, ROUND, string literals, negative and decimal numbers, comparisons, percent and
whole-column ranges, spaces, defined names, IFERROR (a name in an .xls), intersections and
unions, an array formula, sheets whose names need quotes (``2024年``, ``it's``). LibreOffice
saves it as ``shapes.xls`` and ``shapes.ods``, as a user's "Save as" would; the tests read
those and compare with the .xlsx.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

HERE = Path(__file__).resolve().parent

# (sheet, cell) → formula, beyond the filled columns below
FORMULAS: dict[tuple[str, str], str] = {
    ("表3", "D3"): "=SUM(D5:D14)",
    ("表3", "E3"): "=SUM(B5:B9,C5:C9)-D5",
    ("表3", "E4"): "=$B$5*2-B6/4",
    ("表3", "F3"): "=IF(D3>100,ROUND(D3/3,2),-1.5)",
    ("表3", "F4"): '=IF(B5="","空","有")',
    ("表3", "G3"): "='表 1'!A1-'表 1'!B2",
    ("表3", "G4"): "=B$5+$C6-B5",
    ("表3", "H3"): "=B5*10%+2^3",
    ("表3", "H4"): '=IF(AND(B5>=C5,B6<>0),"a;b""c"&B5,"")',
    ("表3", "I3"): "=ROUNDUP(B5,0)+ROUNDDOWN(B6,1)-ABS(-B7)",
    ("表3", "I4"): "=MAX(B5:B14)-MIN(B5:B14)+AVERAGE(C5:C14)",
    ("表3", "J3"): "=COUNT(B5:B14)+COUNTA(B5:C14)",
    ("表3", "J4"): '=SUMIF(B5:B14,">10",C5:C14)',
    ("表3", "K3"): "=IF(OR(B5<1,NOT(B6>2)),0.001,1234567.89)",
    ("表3", "K4"): "=SUM(C:C)-SUM($B$5:$B$14)",
    ("表3", "L3"): "=(B5+C5)*(B6-C6)/-2",
    ("表3", "L4"): "=表3!B5+'表 1'!$A$1",
    ("表 1", "A1"): "=表3!D3",
    ("表 1", "A2"): "=SUM(表3!B5:B14)+'表 1'!A1",
    ("表 1", "B2"): "=-表3!$C$5+0.25",
    ("表 1", "C2"): "=(A1+A2)*2",
    ("表 1", "D2"): "=SUM(表3!C5:C9,表3!D5)",
    ("表 1", "E2"): "='2024年'!A1+'it''s'!A1",
    ("表3", "M3"): "=SUM( B5, C5 )+B6 * 2",
    ("表3", "M4"): "=IFERROR(B5/C5,0)",
    ("表3", "N3"): "=SUM(预算合计)-SUMPRODUCT(B5:B7,C5:C7)",
    ("表3", "N4"): '=VLOOKUP(B5,B5:C14,2,FALSE)&TEXT(B6,"0.00")&LEFT(CONCATENATE("a","b"),1)',
    ("表3", "O3"): "=0.00001+1E+20-123456789.125",
    ("表3", "O4"): "=SUM((B5,C6))+B5:C6 B6:C7",
    ("2024年", "A1"): "=表3!D3*100",
    ("it's", "A1"): "=SUM('2024年'!A1,表3!$D$3)",
}


def build(path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "表 1"
    table = book.create_sheet("表3")
    book.create_sheet("2024年")
    book.create_sheet("it's")
    book.defined_names["预算合计"] = DefinedName("预算合计", attr_text="表3!$D$5:$D$14")
    for row in range(5, 15):
        table.cell(row, 2, row * 1.25)
        table.cell(row, 3, row * 100)
        table.cell(row, 4, f"=B{row}+C{row}")  # filled down: a shared formula in an .xls
        table.cell(row, 5, f"=B{row}+C{row}-D{row}")
        table.cell(row, 6, f"=ROUND(B{row}*$C$5,2)")
        first.cell(row, 1, f"=表3!D{row}")  # a cross-sheet reference filled down
        first.cell(row, 2, f"=A{row}*2")
    for (sheet, cell), formula in FORMULAS.items():
        book[sheet][cell] = formula
    table["P3"] = ArrayFormula("P3", "=SUM(B5:B14*C5:C14)")  # an array formula
    book.save(path)


def main() -> None:
    source = HERE / "shapes.xlsx"
    build(source)
    with tempfile.TemporaryDirectory() as work:
        for kind in ("xls", "ods"):
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile",
                            "--headless", "--convert-to", kind, "--outdir", str(HERE),
                            str(source)], check=True, capture_output=True, timeout=300)


if __name__ == "__main__":
    main()
