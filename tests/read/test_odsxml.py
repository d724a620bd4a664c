"""Formula text of an .ods (read/odsxml): positions through repeats, OpenFormula → Excel, damage.

``data/formats/shapes.ods`` is ``shapes.xlsx`` saved by LibreOffice (``make_fixtures.py`` there):
every formula must read exactly as openpyxl reads the .xlsx. Hand-written ``content.xml`` pins
what LibreOffice does not write here: repeated formula cells, covered cells, row groups, a table
inside a cell.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from formula_cells import survives_damage, xlsx_formulas
from xlbudget.read import odsxml
from xlbudget.read.odsxml import excel_formula, ods_formulas, quoted_sheet

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
SHAPES = FORMATS / "shapes.ods"


def test_every_formula_reads_as_the_xlsx_writes_it() -> None:
    """Exact, no normalising: LibreOffice keeps the spaces typed in a formula, the quotes a
    sheet name needs and the ``$`` of absolute parts (a space before "=" it drops, so the
    fixture has none)."""
    expected = xlsx_formulas(FORMATS / "shapes.xlsx")
    assert sum(map(len, expected.values())) >= 80
    assert ods_formulas(SHAPES) == expected


@pytest.mark.parametrize(("openformula", "excel"), [
    ("of:=SUM([.B5:.B10])", "SUM(B5:B10)"),
    ("of:=[$表3.C6]+[.$D$7]", "表3!C6+$D$7"),
    ('of:=IF([.B5]="";"a;b";[.B6])', 'IF(B5="","a;b",B6)'),
    ("of:=[.B5]+[.C5]-[.D5]", "B5+C5-D5"),
    ("of:=[$表3.C6]+[.$D$7]+[.D$7]+[.$D7]", "表3!C6+$D$7+D$7+$D7"),
    ("of:=SUM([$表3.C6:.C8])", "SUM(表3!C6:C8)"),
    ("of:=SUM([表3.C6:表3.C8])", "SUM(表3!C6:C8)"),
    ("of:=SUM([$'表 1'.A1:.A3];1)", "SUM('表 1'!A1:A3,1)"),
    ("of:=[$'it''s'.A1]", "'it''s'!A1"),
    ("of:=[$'2024年'.A1]+[$'Sheet1'.A1]", "'2024年'!A1+Sheet1!A1"),
    ('of:=IF([.B5]="";"a;[.B6]""";[.B6])', 'IF(B5="","a;[.B6]""",B6)'),
    ("of:=IF([.A1]>=1;ROUND([.A1]/3;2);-1.5)", "IF(A1>=1,ROUND(A1/3,2),-1.5)"),
    ("of:=SUM([.C:.C])-SUM([.$2:.$3])", "SUM(C:C)-SUM($2:$3)"),
    ("of:=SUM([$T.A1:$U.A1])+SUM([$T.A1:$'表 1'.B2])", "SUM(T:U!A1)+SUM('T:表 1'!A1:B2)"),
    ("of:=VLOOKUP([.B5];[.B5:.C14];2;FALSE())+TRUE()", "VLOOKUP(B5,B5:C14,2,FALSE)+TRUE"),
    ("of:=COM.MICROSOFT.CEILING([.B5];1)+COM.MICROSOFT.CONCAT(1)", "CEILING(B5,1)+_xlfn.CONCAT(1)"),
    ("of:=IFNA([.B1];0)+LEGACY.NORMSDIST(1)", "_xlfn.IFNA(B1,0)+NORMSDIST(1)"),
    ("of:=0.00001+1E+020-2E-005", "0.00001+1E+20-2E-05"),
    ("of:=SUM(([.B5]~[.C6]))+[.B5:.C6]![.B6:.C7]", "SUM((B5,C6))+B5:C6 B6:C7"),
    ("of:=#N/A+[.#REF!]+[$表3.#REF!]+#DIV/0!", "#N/A+#REF!+表3!#REF!+#DIV/0!"),
    ("of:=SUM( [.B5]; [.C5] )", "SUM( B5, C5 )"),
    ("of:=SUM(预算合计)", "SUM(预算合计)"),
    ("of:=['file:///b.ods'#$Sheet1.A1]", "'[file:///b.ods]Sheet1'!A1"),
    ("oooc:=SUM([.A1:.A2])", "SUM(A1:A2)"),
    ("=[.A1]*2", "A1*2"),
    ("msoxl:=SUM(A1:A2)", "SUM(A1:A2)"),
])
def test_openformula_becomes_excel_syntax(openformula: str, excel: str) -> None:
    assert excel_formula(openformula) == excel


@pytest.mark.parametrize(("sheet", "written"), [
    ("表3", "表3"), ("Sheet1", "Sheet1"), ("表_1.a", "表_1.a"), ("表 1", "'表 1'"),
    ("2024年", "'2024年'"), ("it's", "'it''s'"), ("A1", "'A1'"), ("R1C1", "'R1C1'"),
    ("收入（续）", "'收入（续）'"), ("a-b", "'a-b'"), ("", "''"),
])
def test_sheet_names_are_quoted_as_excel_quotes_them(sheet: str, written: str) -> None:
    assert quoted_sheet(sheet) == written


CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>
</office:document-content>"""


def ods(path: Path, tables: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", CONTENT.format(tables=tables))
    return path


def test_positions_count_repeats_covered_cells_and_row_groups(tmp_path: Path) -> None:
    tables = """
    <table:table table:name="表3">
      <table:table-column table:number-columns-repeated="5"/>
      <table:table-header-rows><table:table-row>
        <table:table-cell table:number-columns-spanned="2"><text:p>标题</text:p></table:table-cell>
        <table:covered-table-cell/>
        <table:table-cell table:formula="of:=[.A1]"/>
      </table:table-row></table:table-header-rows>
      <table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>
      <table:table-row-group><table:table-row>
        <table:table-cell table:number-columns-repeated="2"/>
        <table:covered-table-cell table:number-columns-repeated="2"/>
        <table:table-cell table:formula="of:=SUM([.A2:.A4])">
          <table:table table:name="inner"><table:table-row>
            <table:table-cell table:formula="of:=1"/></table:table-row></table:table>
        </table:table-cell>
      </table:table-row></table:table-row-group>
      <table:table-row>
        <table:table-cell table:formula="of:=[.A1]+[.$B$1]" table:number-columns-repeated="2"/>
      </table:table-row>
      <table:table-row table:number-rows-repeated="2">
        <table:table-cell/><table:table-cell table:formula="of:=[.A6]*2"/>
      </table:table-row>
    </table:table>
    <table:table table:name="空">
      <table:table-row><table:table-cell/></table:table-row>
    </table:table>
    """
    assert ods_formulas(ods(tmp_path / "positions.ods", tables)) == {
        "表3": {(1, 3): "A1", (5, 5): "SUM(A2:A4)",
                # a repeated formula cell: every copy, relative references moved with it
                (6, 1): "A1+$B$1", (6, 2): "B1+$B$1", (7, 2): "A6*2", (8, 2): "A7*2"},
        "空": {},
    }


def test_a_sheet_beyond_the_cell_limit_stops_the_walk(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f'<table:table-row><table:table-cell table:formula="of:=[.B{r}]"/>'
                   "</table:table-row>" for r in range(1, 101))
    path = ods(tmp_path / "many.ods", f'<table:table table:name="S">{rows}</table:table>')
    assert len(ods_formulas(path)["S"]) == 100
    monkeypatch.setattr(odsxml, "MAX_CELLS", 30)
    assert 0 < len(ods_formulas(path)["S"]) < 30
    huge = ods(tmp_path / "huge.ods", '<table:table table:name="S">'
               '<table:table-row table:number-rows-repeated="1000000">'
               '<table:table-cell table:formula="of:=1" table:number-columns-repeated="1000"/>'
               "</table:table-row></table:table>")
    assert 0 < len(ods_formulas(huge)["S"]) <= 31  # a million repeats are not all filled


def test_damaged_files_give_what_came_before_and_never_raise(tmp_path: Path) -> None:
    size = SHAPES.stat().st_size
    survives_damage(ods_formulas, SHAPES, tmp_path,
                    cuts=(0, 10, 100, size // 3, size // 2, size - 100, size - 1), seed=7,
                    noise=4096, rounds=10, flips=100, flip=lambda rng: 0xFF)


def test_xml_broken_off_gives_the_formulas_before_the_break(tmp_path: Path) -> None:
    content = CONTENT.format(tables='<table:table table:name="S"><table:table-row>'
                             '<table:table-cell table:formula="of:=[.B1]"/></table:table-row>'
                             '<table:table-row><table:table-cell table:formula="of:=[.B2]"/>')
    path = tmp_path / "broken.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", content[:content.index("</office:spreadsheet>")])
    assert ods_formulas(path) == {"S": {(1, 1): "B1", (2, 1): "B2"}}


def test_no_content_and_entity_tricks_give_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ods"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert ods_formulas(empty) == {}
    bomb = tmp_path / "bomb.ods"
    with zipfile.ZipFile(bomb, "w") as archive:
        archive.writestr("content.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">'
                         '<!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>')
    assert ods_formulas(bomb) == {}
