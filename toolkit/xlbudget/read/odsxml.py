"""Formula text of an .ods (OpenDocument spreadsheet), in the syntax an .xlsx holds.

python-calamine reads an .ods's values, not its formulas; without them a mistyped total cannot
be told from a total that follows its cells, and one typo reads as a dozen. ``content.xml``
holds each formula as OpenFormula (``of:=SUM([.B5:.B10])``); this module walks it once, keeping
rows and columns counted through ``number-rows-repeated``/``number-columns-repeated``, and
rewrites each formula as Excel writes it (``SUM(B5:B10)``, ``表3!C6``, ``'表 1'!A1``), which is
what :mod:`xlbudget.read.formulas` parses. A damaged file gives the formulas read so far (its
values reader reports the damage).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import iterparse

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TABLE = f"{{{TABLE}}}table"
_ROW = f"{{{TABLE}}}table-row"
_CELLS = {f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"}
_NAME = f"{{{TABLE}}}name"
_FORMULA = f"{{{TABLE}}}formula"
_ROWS_REPEATED = f"{{{TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{TABLE}}}number-columns-repeated"
MAX_CELLS = 5_000_000  # positions walked before giving up (repeats of blank cells count once)

Formulas = dict[str, dict[tuple[int, int], str]]


def ods_formulas(path: Path) -> Formulas:
    """Sheet name → {(row, col): formula without "="}, 1-based, Excel syntax."""
    found: Formulas = {}
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            _walk(content, found)
    except (zipfile.BadZipFile, KeyError, OSError, ParseError, EOFError, ValueError):
        pass  # what was read stays; the values reader says what is wrong with the file
    return found


def _walk(content: object, found: Formulas) -> None:
    sheet: dict[tuple[int, int], str] | None = None
    row = col = walked = 0
    depth = 0  # tables nested in a cell are not sheets
    for event, element in iterparse(content, events=("start", "end")):
        tag = element.tag
        if tag == _TABLE:
            depth += 1 if event == "start" else -1
            if event == "start" and depth == 1:
                sheet = found.setdefault(element.get(_NAME, ""), {})
                row = 0
            continue
        if depth != 1 or sheet is None:
            continue
        if tag == _ROW:
            if event == "start":
                col = 0
            else:
                row += int(element.get(_ROWS_REPEATED, "1"))
                element.clear()
        elif tag in _CELLS and event == "start":
            repeat = int(element.get(_COLUMNS_REPEATED, "1"))
            formula = element.get(_FORMULA)
            if formula:
                text = excel_formula(formula)
                for offset in range(repeat):
                    sheet[(row + 1, col + 1 + offset)] = text
            col += repeat
            walked += 1
            if walked > MAX_CELLS:
                return


_LITERAL = re.compile(r'"(?:[^"]|"")*"')
_REFERENCE = re.compile(r"\[([^\]]*)\]")


def excel_formula(formula: str) -> str:
    """``of:=SUM([.B5:.B10];[$表3.C6])`` → ``SUM(B5:B10,表3!C6)``."""
    text = formula.split("=", 1)[1] if "=" in formula.split("(", 1)[0] else formula
    out, last = [], 0
    for literal in _LITERAL.finditer(text):  # string literals stay as they are
        out.append(_code(text[last:literal.start()]))
        out.append(literal.group(0))
        last = literal.end()
    out.append(_code(text[last:]))
    return "".join(out)


def _code(text: str) -> str:
    return _REFERENCE.sub(lambda m: _reference(m.group(1)), text).replace(";", ",")


def _reference(inner: str) -> str:
    """``.B5`` → ``B5``; ``$表3.C6:.C8`` → ``表3!C6:C8``; ``'表 1'.A1`` → ``'表 1'!A1``."""
    parts = [_split(part) for part in _range_parts(inner)]
    sheet = next((s for s, _ in parts if s), "")
    cells = ":".join(cell for _, cell in parts)
    return f"{quoted_sheet(sheet)}!{cells}" if sheet else cells


def _range_parts(inner: str) -> list[str]:
    parts, current, quoted = [], "", False
    for char in inner:
        if char == "'":
            quoted = not quoted
        if char == ":" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _split(part: str) -> tuple[str, str]:
    """(sheet, cell) of one end of a reference."""
    sheet, _, cell = part.rpartition(".")
    sheet = sheet.lstrip("$")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def quoted_sheet(sheet: str) -> str:
    """A sheet name as a formula writes it: quoted when it must be."""
    if re.fullmatch(r"[^\s!'\-+*/(),;:&<>=^%\"]+", sheet) and not sheet[0].isdigit():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"
