"""Formula text of an .ods (OpenDocument spreadsheet), in the syntax an .xlsx holds.

python-calamine reads an .ods's values, not its formulas; without them a total cannot be told
from a typed input, and a mistyped total from one that follows its cells. ``content.xml`` holds
each formula as OpenFormula (``of:=SUM([.B5:.B10];[$表3.C6])``). This module walks that XML once,
as a stream — positions counted through ``table:number-rows-repeated`` and
``table:number-columns-repeated`` (covered cells included) — and rewrites each formula as Excel
writes it in an .xlsx (``SUM(B5:B10,表3!C6)``, ``'表 1'!A1``), the text
:mod:`xlbudget.read.rawxml` gives for an .xlsx and :mod:`xlbudget.read.formulas` parses.

A damaged file gives the formulas read before the damage (its values reader reports the damage);
a sheet of more than :data:`MAX_CELLS` cells stops the walk.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

Formulas = dict[str, dict[tuple[int, int], str]]

MAX_CELLS = 5_000_000  # cells walked (and formula positions filled) before the walk stops

_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TABLE, _ROW = f"{_NS}table", f"{_NS}table-row"
_CELLS = {f"{_NS}table-cell", f"{_NS}covered-table-cell"}
_NAME, _FORMULA = f"{_NS}name", f"{_NS}formula"
_ROWS_REPEATED, _COLUMNS_REPEATED = f"{_NS}number-rows-repeated", f"{_NS}number-columns-repeated"


def ods_formulas(path: Path) -> Formulas:
    """Sheet name → {(row, col): formula text without "="}, 1-based, in Excel's A1 syntax.

    Every sheet is a key, also one without formulas. Never raises: a file that is not a zip,
    has no ``content.xml`` or breaks off gives what was read before (often ``{}``)."""
    found: Formulas = {}
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            _Walk(found).run(content)
    except Exception:  # damaged zip, deflate stream, XML …: keep what was read
        pass
    return found


class _Walk:
    """The state of one pass over ``content.xml``: the sheet, row and column being read."""

    def __init__(self, found: Formulas) -> None:
        self.found = found
        self.sheet: dict[tuple[int, int], str] | None = None
        self.tables = 0  # depth of table:table (a table inside a cell is not a sheet)
        self.row = self.col = 0  # 0-based position of the next row / cell
        self.rows_repeated = 1
        self.spent = 0  # cells walked and formula positions filled

    def run(self, content: IO[bytes]) -> None:
        open_elements: list[Element] = []
        for event, element in iterparse(content, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                self.start(element)
            else:
                open_elements.pop()
                self.end(element)
                if open_elements:  # keep memory flat: only the open elements stay
                    open_elements[-1].remove(element)
            if self.spent > MAX_CELLS:
                return

    def start(self, element: Element) -> None:
        tag = element.tag
        if tag == _TABLE:
            self.tables += 1
            if self.tables == 1:
                self.sheet = self.found.setdefault(element.get(_NAME, ""), {})
                self.row = 0
            return
        if self.tables != 1 or self.sheet is None:
            return
        if tag == _ROW:
            self.col = 0
            self.rows_repeated = _count(element.get(_ROWS_REPEATED))
        elif tag in _CELLS:
            repeated = _count(element.get(_COLUMNS_REPEATED))
            formula = element.get(_FORMULA)
            self.spent += 1
            if formula:
                self.put(self.sheet, formula, repeated)
            self.col += repeated

    def end(self, element: Element) -> None:
        if element.tag == _TABLE:
            self.tables -= 1
        elif element.tag == _ROW and self.tables == 1:
            self.row += self.rows_repeated
            self.rows_repeated = 1

    def put(self, sheet: dict[tuple[int, int], str], formula: str, repeated: int) -> None:
        """One formula cell, written once for a block of identical cells: every copy holds the
        formula, its relative references moved with it (as a filled-down formula's are)."""
        for down in range(self.rows_repeated):
            for across in range(repeated):
                sheet[(self.row + down + 1, self.col + across + 1)] = excel_formula(
                    formula, down, across)
                self.spent += 1
                if self.spent > MAX_CELLS:
                    return


def _count(value: str | None) -> int:
    """A repeat count; a missing or nonsense one counts as 1."""
    return max(1, int(value)) if value and value.isdigit() else 1


_PREFIX = re.compile(r"^\s*(?:([A-Za-z][\w.-]*):)?=")
_TOKENS = re.compile(
    r'(?P<string>"(?:[^"]|"")*")'  # string literals are left exactly as they are
    r"|(?P<reference>\[[^\]]*\])"
    r"|(?P<error>#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A))"
    r"|(?P<boolean>\b(?:TRUE|FALSE)\(\s*\))"
    r"|(?P<function>(?<![\w.])[A-Za-z_][\w.]*(?=\s*\())"
    r"|(?P<number>(?<![\w.$])\d+(?:\.\d*)?[Ee][+-]?\d+)"
    r"|(?P<operator>[;~!])",
    re.S,
)
_OPERATORS = {";": ",", "~": ",", "!": " "}  # separator, union, intersection
# Functions OpenFormula names differently from an .xlsx: Excel 2010+ functions carry "_xlfn."
# in an .xlsx; LibreOffice writes some as its own (IFNA) and others as COM.MICROSOFT.x.
_PLAIN_IN_XLSX = {"COM.MICROSOFT.CEILING": "CEILING", "COM.MICROSOFT.FLOOR": "FLOOR"}
_XLFN_NATIVE = {"IFNA", "XOR", "DAYS", "ISOWEEKNUM", "SHEET", "SHEETS", "ISFORMULA",
                "NUMBERVALUE", "UNICHAR", "UNICODE", "ARABIC", "BASE", "DECIMAL", "BITAND",
                "BITOR", "BITXOR", "BITLSHIFT", "BITRSHIFT", "COMBINA", "PERMUTATIONA",
                "GAMMA", "GAUSS", "PHI", "PDURATION", "RRI"}


def excel_formula(formula: str, down: int = 0, across: int = 0) -> str:
    """``of:=SUM([.B5:.B10];[$表3.C6])`` → ``SUM(B5:B10,表3!C6)``: the OpenFormula text of a
    cell as an .xlsx writes it. ``down``/``across`` move relative references (a copy of a
    repeated cell). A formula saved in Excel's own syntax (``msoxl:=``) is kept as it is."""
    prefix = _PREFIX.match(formula)
    if prefix is None:
        return formula
    body = formula[prefix.end():]
    if (prefix.group(1) or "").lower() == "msoxl":
        return body

    def rewrite(token: re.Match[str]) -> str:
        kind, text = token.lastgroup, token.group(0)
        if kind == "reference":
            return _reference(text[1:-1], down, across)
        if kind == "boolean":
            return text[:text.index("(")]
        if kind == "function":
            return _function(text)
        if kind == "number":
            mantissa, _, exponent = text.upper().partition("E")
            sign = "-" if exponent.startswith("-") else "+"
            return f"{mantissa}E{sign}{int(exponent.lstrip('+-')):02d}"
        if kind == "operator":
            return _OPERATORS[text]
        return text  # a string literal or an error value

    return _TOKENS.sub(rewrite, body)


def _function(name: str) -> str:
    """A function's name as an .xlsx writes it (``COM.MICROSOFT.CONCAT`` → ``_xlfn.CONCAT``)."""
    upper = name.upper()
    if upper in _PLAIN_IN_XLSX:
        return _PLAIN_IN_XLSX[upper]
    if upper.startswith("COM.MICROSOFT."):
        return "_xlfn." + name[len("COM.MICROSOFT."):]
    if upper.startswith("LEGACY."):
        return name[len("LEGACY."):]
    return "_xlfn." + name if upper in _XLFN_NATIVE else name


_ADDRESS = re.compile(r"(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?")


def _reference(inner: str, down: int, across: int) -> str:
    """The inside of ``[...]``: ``.B5`` → ``B5``; ``$表3.C6:.C8`` → ``表3!C6:C8``;
    ``$'表 1'.A1`` → ``'表 1'!A1``; ``$T.A1:$U.A1`` (3-D) → ``T:U!A1``; a reference into
    another file → ``'[file:///b.ods]Sheet1'!A1``."""
    parts = [_split(part) for part in _range_parts(inner)]
    sheets = [sheet for sheet, _ in parts if sheet]
    cells = [_move(cell, down, across) for _, cell in parts]
    if "#REF!" in cells or "#REF!" in sheets:
        return f"{sheet_prefix(sheets[0])}!#REF!" if sheets and sheets[0] != "#REF!" else "#REF!"
    if len(set(sheets)) > 1:  # a 3-D reference: first:last!cells
        cell_text = cells[0] if len(set(cells)) == 1 else ":".join(cells)
        return f"{sheet_prefix(sheets[0], sheets[-1])}!{cell_text}"
    text = ":".join(cells)
    return f"{sheet_prefix(sheets[0])}!{text}" if sheets else text


def _range_parts(inner: str) -> list[str]:
    """``$'a:b'.A1:.B2`` → [``$'a:b'.A1``, ``.B2``]: split at a colon outside quotes."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in inner:
        if char == "'":
            quoted = not quoted
        if char == ":" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*parts, "".join(current)]


def _split(part: str) -> tuple[str, str]:
    """One end of a reference → (sheet name unquoted, or "" for this sheet; cell). A sheet of
    another file (``'file:///b.ods'#$Sheet1``) comes back as ``[file:///b.ods]Sheet1``."""
    sheet, _, cell = part.rpartition(".")
    sheet, book = sheet.lstrip("$"), ""
    if sheet.startswith("'") and "'#" in sheet:
        book, _, sheet = sheet[1:].partition("'#")
        sheet = sheet.lstrip("$")
    if len(sheet) >= 2 and sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return (f"[{book}]{sheet}" if book else sheet), cell.strip()


def _move(cell: str, down: int, across: int) -> str:
    """Move the relative parts of ``B5``, ``$B5``, ``B:B``, ``5:5`` by a number of rows and
    columns (the copies of a repeated cell); absolute parts stay."""
    match = _ADDRESS.fullmatch(cell)
    if match is None or (down == 0 and across == 0):
        return cell
    col_abs, letters, row_abs, digits = match.groups()
    text = ""
    if letters:
        index = _column_number(letters) + (0 if col_abs else across)
        text += col_abs + _column_name(index)
    if digits:
        text += row_abs + str(int(digits) + (0 if row_abs else down))
    return text


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _column_name(number: int) -> str:
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]?\d*|[Cc]\d*", re.ASCII)


def quoted_sheet(sheet: str) -> str:
    """A sheet name as Excel writes it in a formula: bare when it is letters (any script),
    digits, ``_`` and ``.`` not starting with a digit and not readable as a cell address
    (``表3``); otherwise in single quotes, a quote doubled (``'表 1'``, ``'2024年'``)."""
    bare = (sheet != "" and not sheet[0].isdigit() and sheet[0] != "."
            and all(char.isalnum() or char in "_." for char in sheet)
            and not _CELL_LIKE.fullmatch(sheet)
            and sheet.upper() not in {"TRUE", "FALSE"})
    return sheet if bare else "'" + sheet.replace("'", "''") + "'"


def sheet_prefix(first: str, last: str | None = None) -> str:
    """What goes before the ``!`` of a reference to a sheet, or to a run of sheets (3-D):
    ``表3``, ``'表 1'``, ``T:U``, ``'表 1:表3'`` (quoted whole when either name needs it)."""
    if last is None or last == first:
        return quoted_sheet(first)
    if quoted_sheet(first) == first and quoted_sheet(last) == last:
        return f"{first}:{last}"
    return quoted_sheet(f"{first}:{last}")
