"""Formula text from an .xls (read/biff) and an .ods (read/odsxml), as an .xlsx holds it.

``data/formulas.*`` are one workbook saved by LibreOffice in the three formats
(``data/make_formulas.py``): every formula shape a budget book uses, cross-sheet references to a
sheet whose name has a space, absolute references, a column filled down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from formula_cells import survives_damage, xlsx_formulas
from xlbudget.read.biff import xls_formulas
from xlbudget.read.odsxml import ods_formulas

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
    sample = DATA / f"formulas.{kind}"
    size = sample.stat().st_size
    survives_damage(READERS[kind], sample, tmp_path,
                    cuts=(0, 8, 512, size // 3, size // 2, size - 10), seed=7, noise=4096,
                    rounds=1, flips=200, flip=lambda rng: 0xFF)
