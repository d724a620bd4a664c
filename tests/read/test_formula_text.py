"""Formula text from an .xls (read/biff) and an .ods (read/odsxml), as an .xlsx holds it.

``data/formulas.*`` are one workbook saved by LibreOffice in the three formats
(``data/make_formulas.py``): every formula shape a budget book uses, cross-sheet references to a
sheet whose name has a space, absolute references, a column filled down.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from formula_cells import xlsx_formulas
from xlbudget.read.biff import xls_formulas
from xlbudget.read.odsxml import excel_formula, ods_formulas

DATA = Path(__file__).resolve().parent / "data"
FORMATS = Path(__file__).resolve().parents[2] / "samples" / "formats"
READERS = {"xls": xls_formulas, "ods": ods_formulas}


@pytest.mark.parametrize("kind", ["xls", "ods"])
@pytest.mark.parametrize("book", [DATA / "formulas.xlsx", FORMATS / "typo-park.xlsx",
                                  FORMATS / "typo-004.xlsx"], ids=lambda p: p.stem)
def test_every_formula_reads_as_the_xlsx_writes_it(book: Path, kind: str) -> None:
    assert READERS[kind](book.with_suffix(f".{kind}")) == xlsx_formulas(book)


def test_the_fixture_has_the_shapes_it_claims() -> None:
    formulas = xlsx_formulas(DATA / "formulas.xlsx")
    assert formulas["表 1"][(2, 1)] == "SUM(表3!B5:B14)+'表 1'!A1"
    assert formulas["表3"][(4, 5)] == "$B$5*2-B6/4"
    assert formulas["表3"][(3, 6)] == "IF(D3>100,ROUND(D3/3,2),-1.5)"


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_damaged_file_gives_what_it_can_and_never_raises(tmp_path: Path, kind: str) -> None:
    data = (DATA / f"formulas.{kind}").read_bytes()
    whole = READERS[kind](DATA / f"formulas.{kind}")
    rng = random.Random(7)
    for cut in (0, 8, 512, len(data) // 3, len(data) // 2, len(data) - 10):
        damaged = tmp_path / f"cut{cut}.{kind}"
        damaged.write_bytes(data[:cut])
        for sheet, cells in READERS[kind](damaged).items():
            assert cells.items() <= whole.get(sheet, {}).items()
    noise = tmp_path / f"noise.{kind}"
    noise.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    assert READERS[kind](noise) == {}
    flipped = bytearray(data)
    for index in rng.sample(range(len(flipped)), 200):
        flipped[index] ^= 0xFF
    (tmp_path / f"flipped.{kind}").write_bytes(bytes(flipped))
    READERS[kind](tmp_path / f"flipped.{kind}")  # whatever it decodes, it does not raise


def test_an_ods_without_content_gives_no_formulas(tmp_path: Path) -> None:
    path = tmp_path / "empty.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert ods_formulas(path) == {}


@pytest.mark.parametrize(("openformula", "excel"), [
    ("of:=SUM([.B5:.B10])", "SUM(B5:B10)"),
    ("of:=[$表3.C6]+[.$D$7]", "表3!C6+$D$7"),
    ("of:=SUM([$'表 1'.A1:.A3];1)", "SUM('表 1'!A1:A3,1)"),
    ('of:=IF([.B5]="";"a;b";[.B6])', 'IF(B5="","a;b",B6)'),
    ("of:=[$'it''s'.A1]", "'it''s'!A1"),
])
def test_openformula_becomes_excel_syntax(openformula: str, excel: str) -> None:
    assert excel_formula(openformula) == excel
