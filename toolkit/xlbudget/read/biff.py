"""Formula text of a legacy .xls (Excel 97-2003 BIFF8, as WPS and older budget systems save it).

python-calamine reads an .xls's values, not its formulas; without them a mistyped total cannot
be told from a total that follows its cells. BIFF8 keeps each formula as a token array in
reverse Polish order ([MS-XLS] 2.5.198 ``Rgce``); this module walks the ``Workbook`` stream
once — the sheet list, the 3-D reference table, every ``FORMULA`` and shared formula — and
writes each formula back in infix, as Excel shows it (``SUM(F7,F9)``, ``F8+G8``, ``表3!C6``).

Only the tokens a budget book's formulas use are decoded: arithmetic and comparison, numbers,
strings, cell and range references (relative, absolute, shared, other sheets) and the common
functions. A formula with any other token (a defined name, an array, an add-in function) is
left out, never guessed; a damaged stream gives the formulas decoded so far (the values reader
reports the damage).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from xlbudget.addresses import column_letter
from xlbudget.read.odsxml import quoted_sheet

Formulas = dict[str, dict[tuple[int, int], str]]

BOF, EOF, FILEPASS = 0x0809, 0x000A, 0x002F
BOUNDSHEET, EXTERNSHEET, SUPBOOK = 0x0085, 0x0017, 0x01AE
FORMULA, SHRFMLA = 0x0006, 0x04BC

# Function number → (name, fixed number of arguments or None when ptgFuncVar gives it)
FUNCTIONS: dict[int, str] = {
    0: "COUNT", 1: "IF", 2: "ISNA", 3: "ISERROR", 4: "SUM", 5: "AVERAGE", 6: "MIN", 7: "MAX",
    24: "ABS", 25: "INT", 26: "SIGN", 27: "ROUND", 36: "AND", 37: "OR", 38: "NOT", 39: "MOD",
    65: "DATE", 169: "COUNTA", 212: "ROUNDUP", 213: "ROUNDDOWN", 345: "SUMIF", 346: "COUNTIF",
}
FIXED_ARGS = {24: 1, 25: 1, 26: 1, 27: 2, 38: 1, 39: 2, 2: 1, 3: 1, 65: 3, 212: 2, 213: 2,
              346: 2}
BINARY = {0x03: "+", 0x04: "-", 0x05: "*", 0x06: "/", 0x07: "^", 0x08: "&", 0x09: "<",
          0x0A: "<=", 0x0B: "=", 0x0C: ">=", 0x0D: ">", 0x0E: "<>", 0x11: ":"}
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
          0x24: "#NUM!", 0x2A: "#N/A"}


class Unsupported(Exception):
    """A token this module does not decode: the formula is left out."""


def xls_formulas(path: Path) -> Formulas:
    """Sheet name → {(row, col): formula without "="}, 1-based, Excel syntax."""
    try:
        import olefile

        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            data = ole.openstream(name).read() if name == "Workbook" else b""
    except Exception:  # not a compound file, or a damaged one: no formulas to give
        return {}
    found: Formulas = {}
    with suppress(struct.error, IndexError, ValueError, UnicodeDecodeError):
        _workbook(data, found)  # on damage, what was decoded stays
    return found


def _records(data: bytes, offset: int) -> Iterator[tuple[int, bytes]]:
    while offset + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, offset)
        yield kind, data[offset + 4: offset + 4 + size]
        offset += 4 + size


def _workbook(data: bytes, found: Formulas) -> None:
    sheets: list[tuple[str, int]] = []  # (name, offset of its BOF), worksheets in order
    every: list[str] = []  # all sheet names, by index (3-D references count every sheet)
    internal: set[int] = set()  # SUPBOOK indexes that are this workbook
    xti: list[tuple[int, int]] = []  # EXTERNSHEET: (supbook, first sheet index)
    supbooks = 0
    for kind, body in _records(data, 0):
        if kind == FILEPASS:
            return  # encrypted: the values reader refuses it
        if kind == BOUNDSHEET:
            position, kind_of = struct.unpack_from("<I", body)[0], body[5]
            name = _short_string(body, 6)[0]
            every.append(name)
            if kind_of == 0:
                sheets.append((name, position))
        elif kind == SUPBOOK:
            if body[2:4] == b"\x01\x04":
                internal.add(supbooks)
            supbooks += 1
        elif kind == EXTERNSHEET:
            count = struct.unpack_from("<H", body)[0]
            xti = [struct.unpack_from("<Hhh", body, 2 + 6 * i)[:2] for i in range(count)]
        elif kind == EOF:
            break
    names = [every[first] if supbook in internal and 0 <= first < len(every) else None
             for supbook, first in xti]
    for name, position in sheets:
        found[name] = _sheet(data, position, names)


def _sheet(data: bytes, offset: int, names: list[str | None]) -> dict[tuple[int, int], str]:
    cells: dict[tuple[int, int], str] = {}
    shared: dict[tuple[int, int], tuple[int, int, int, int, bytes]] = {}
    pending: dict[tuple[int, int], tuple[int, int]] = {}  # cell → anchor of its shared formula
    depth = 0
    for kind, body in _records(data, offset):
        if kind == BOF:
            depth += 1
        elif kind == EOF:
            depth -= 1
            if depth <= 0:
                break
        elif kind == FORMULA and depth == 1:
            row, col = struct.unpack_from("<HH", body)
            size = struct.unpack_from("<H", body, 20)[0]
            tokens = body[22: 22 + size]
            if tokens[:1] == b"\x01" and len(tokens) == 5:  # ptgExp: a shared formula's cell
                pending[(row, col)] = struct.unpack_from("<HH", tokens, 1)
            else:
                _keep(cells, row, col, tokens, names)
        elif kind == SHRFMLA and depth == 1:
            first, last, left, right = struct.unpack_from("<HHBB", body)
            size = struct.unpack_from("<H", body, 8)[0]
            shared[(first, left)] = (first, last, left, right, body[10: 10 + size])
    for (row, col), anchor in pending.items():
        entry = shared.get(anchor) or next(
            (s for s in shared.values() if s[0] <= row <= s[1] and s[2] <= col <= s[3]), None)
        if entry is not None:
            _keep(cells, row, col, entry[4], names)
    return cells


def _keep(cells: dict[tuple[int, int], str], row: int, col: int, tokens: bytes,
          names: list[str | None]) -> None:
    with suppress(Unsupported, IndexError, struct.error, UnicodeDecodeError):
        cells[(row + 1, col + 1)] = Decoder(tokens, row, col, names).text()


def _short_string(body: bytes, offset: int) -> tuple[str, int]:
    """A ShortXLUnicodeString at ``offset``: (text, offset after it)."""
    count, flags = body[offset], body[offset + 1]
    start = offset + 2
    if flags & 1:
        return body[start: start + 2 * count].decode("utf-16-le"), start + 2 * count
    return body[start: start + count].decode("latin-1"), start + count


class Decoder:
    """One token array, in reverse Polish order, back to infix text."""

    def __init__(self, tokens: bytes, row: int, col: int, names: list[str | None]) -> None:
        self.tokens, self.row, self.col, self.names = tokens, row, col, names
        self.stack: list[str] = []

    def text(self) -> str:
        at = 0
        while at < len(self.tokens):
            at = self.step(self.tokens[at], at + 1)
        if len(self.stack) != 1:
            raise Unsupported("unbalanced")
        return self.stack[0]

    def step(self, ptg: int, at: int) -> int:
        data, stack = self.tokens, self.stack
        if ptg in BINARY:
            right, left = stack.pop(), stack.pop()
            stack.append(f"{left}{BINARY[ptg]}{right}")
            return at
        if ptg in (0x12, 0x13, 0x14, 0x15):
            value = stack.pop()
            stack.append({0x12: f"+{value}", 0x13: f"-{value}", 0x14: f"{value}%",
                          0x15: f"({value})"}[ptg])
            return at
        if ptg == 0x16:
            stack.append("")
            return at
        if ptg == 0x17:
            text, end = _short_string(data, at)
            stack.append('"' + text.replace('"', '""') + '"')
            return end
        if ptg == 0x19:
            return self.attribute(at)
        if ptg == 0x1C:
            stack.append(ERRORS.get(data[at], "#N/A"))
            return at + 1
        if ptg == 0x1D:
            stack.append("TRUE" if data[at] else "FALSE")
            return at + 1
        if ptg == 0x1E:
            stack.append(str(struct.unpack_from("<H", data, at)[0]))
            return at + 2
        if ptg == 0x1F:
            number = struct.unpack_from("<d", data, at)[0]
            stack.append(repr(int(number)) if number.is_integer() else repr(number))
            return at + 8
        if 0x20 <= ptg <= 0x7F:
            return self.operand((ptg & 0x1F) | 0x20, at)
        raise Unsupported(hex(ptg))

    def attribute(self, at: int) -> int:
        kind = self.tokens[at]
        if kind & 0x10:  # tAttrSum: SUM of the one argument on the stack
            self.stack.append(f"SUM({self.stack.pop()})")
        if kind & 0x04:  # tAttrChoose: a jump table follows
            cases = int(struct.unpack_from("<H", self.tokens, at + 1)[0])
            return at + 3 + 2 * (cases + 1)
        return at + 3  # tAttrSemi, If, Goto, Space …: no effect on the text

    def operand(self, base: int, at: int) -> int:
        data = self.tokens
        if base == 0x21:  # ptgFunc: fixed arguments
            number = struct.unpack_from("<H", data, at)[0]
            if number not in FIXED_ARGS:
                raise Unsupported(f"function {number}")
            self.call(number, FIXED_ARGS[number])
            return at + 2
        if base == 0x22:  # ptgFuncVar
            count, number = data[at], struct.unpack_from("<H", data, at + 1)[0]
            if number & 0x8000 or number not in FUNCTIONS:
                raise Unsupported(f"function {number}")
            self.call(number, count)
            return at + 3
        if base == 0x24:
            self.stack.append(self.cell(*struct.unpack_from("<HH", data, at)))
            return at + 4
        if base == 0x25:
            first, last, left, right = struct.unpack_from("<HHHH", data, at)
            self.stack.append(f"{self.cell(first, left)}:{self.cell(last, right)}")
            return at + 8
        if base == 0x2C:
            row, col = struct.unpack_from("<HH", data, at)
            self.stack.append(self.cell(row, col, shared=True))
            return at + 4
        if base == 0x2D:
            first, last, left, right = struct.unpack_from("<HHHH", data, at)
            self.stack.append(f"{self.cell(first, left, shared=True)}:"
                              f"{self.cell(last, right, shared=True)}")
            return at + 8
        if base in (0x2A, 0x2B, 0x3C, 0x3D):
            self.stack.append("#REF!")
            return at + {0x2A: 4, 0x2B: 8, 0x3C: 6, 0x3D: 10}[base]
        if base in (0x26, 0x27, 0x28):  # ptgMem*: the sub-expression's tokens follow
            return at + 6
        if base == 0x29:
            return at + 2
        if base in (0x3A, 0x3B):
            index = struct.unpack_from("<H", data, at)[0]
            sheet = self.names[index] if index < len(self.names) else None
            if sheet is None:
                raise Unsupported("reference to another workbook")
            if base == 0x3A:
                reference = self.cell(*struct.unpack_from("<HH", data, at + 2))
                size = 6
            else:
                first, last, left, right = struct.unpack_from("<HHHH", data, at + 2)
                reference = f"{self.cell(first, left)}:{self.cell(last, right)}"
                size = 10
            self.stack.append(f"{quoted_sheet(sheet)}!{reference}")
            return at + size
        raise Unsupported(hex(base))

    def call(self, number: int, count: int) -> None:
        if count > len(self.stack):
            raise Unsupported("arguments")
        arguments = self.stack[len(self.stack) - count:] if count else []
        del self.stack[len(self.stack) - count:]
        self.stack.append(f"{FUNCTIONS[number]}({','.join(arguments)})")

    def cell(self, row: int, col_field: int, shared: bool = False) -> str:
        """A reference as Excel writes it; in a shared formula, relative parts are offsets from
        the cell the formula is in."""
        row_relative, col_relative = bool(col_field & 0x8000), bool(col_field & 0x4000)
        col = col_field & 0x3FFF
        if shared and row_relative:
            row = (self.row + (row - 0x10000 if row & 0x8000 else row)) & 0xFFFF
        if shared and col_relative:
            offset = col & 0xFF
            col = (self.col + (offset - 0x100 if offset & 0x80 else offset)) & 0xFF
        return (f"{'' if col_relative else '$'}{column_letter(col)}"
                f"{'' if row_relative else '$'}{row + 1}")
