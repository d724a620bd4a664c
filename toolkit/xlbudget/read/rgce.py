"""BIFF8 formula tokens ([MS-XLS] 2.5.198 ``Rgce``, reverse Polish order) back to the infix
text Excel shows: operators, numbers, strings, errors, cell and range references (relative,
absolute, shared-formula offsets, other sheets), defined names and the functions of the
function table. :mod:`.biff` walks the records and hands each formula's tokens here. A token
not decoded here raises :class:`Unsupported`: the caller leaves that formula out.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from decimal import Decimal

from xlbudget.addresses import column_letter

# Function number ([MS-XLS] 2.5.198.17 Ftab), name and number of arguments ("v": the call,
# a ptgFuncVar, says how many) of the functions budget books and their templates use.
_FTAB = """
    0 COUNT v  1 IF v  2 ISNA 1  3 ISERROR 1  4 SUM v  5 AVERAGE v  6 MIN v  7 MAX v  8 ROW v
    9 COLUMN v  10 NA 0  11 NPV v  12 STDEV v  13 DOLLAR v  14 FIXED v  15 SIN 1  16 COS 1
    17 TAN 1  18 ATAN 1  19 PI 0  20 SQRT 1  21 EXP 1  22 LN 1  23 LOG10 1  24 ABS 1  25 INT 1
    26 SIGN 1  27 ROUND 2  28 LOOKUP v  29 INDEX v  30 REPT 2  31 MID 3  32 LEN 1  33 VALUE 1
    34 TRUE 0  35 FALSE 0  36 AND v  37 OR v  38 NOT 1  39 MOD 2  40 DCOUNT 3  41 DSUM 3
    42 DAVERAGE 3  43 DMIN 3  44 DMAX 3  45 DSTDEV 3  46 VAR v  47 DVAR 3  48 TEXT 2  56 PV v
    57 FV v  58 NPER v  59 PMT v  60 RATE v  61 MIRR 3  62 IRR v  63 RAND 0  64 MATCH v
    65 DATE 3  66 TIME 3  67 DAY 1  68 MONTH 1  69 YEAR 1  70 WEEKDAY v  71 HOUR 1  72 MINUTE 1
    73 SECOND 1  74 NOW 0  75 AREAS 1  76 ROWS 1  77 COLUMNS 1  78 OFFSET v  82 SEARCH v
    83 TRANSPOSE 1  86 TYPE 1  97 ATAN2 2  98 ASIN 1  99 ACOS 1  100 CHOOSE v  101 HLOOKUP v
    102 VLOOKUP v  105 ISREF 1  109 LOG v  111 CHAR 1  112 LOWER 1  113 UPPER 1  114 PROPER 1
    115 LEFT v  116 RIGHT v  117 EXACT 2  118 TRIM 1  119 REPLACE 4  120 SUBSTITUTE v  121 CODE 1
    124 FIND v  125 CELL v  126 ISERR 1  127 ISTEXT 1  128 ISNUMBER 1  129 ISBLANK 1  130 T 1
    131 N 1  140 DATEVALUE 1  141 TIMEVALUE 1  142 SLN 3  143 SYD 4  144 DDB v  148 INDIRECT v
    162 CLEAN 1  163 MDETERM 1  164 MINVERSE 1  165 MMULT 2  167 IPMT v  168 PPMT v  169 COUNTA v
    183 PRODUCT v  184 FACT 1  189 DPRODUCT 3  190 ISNONTEXT 1  193 STDEVP v  194 VARP v
    195 DSTDEVP 3  196 DVARP 3  197 TRUNC v  198 ISLOGICAL 1  199 DCOUNTA 3  212 ROUNDUP 2
    213 ROUNDDOWN 2  216 RANK v  219 ADDRESS v  220 DAYS360 v  221 TODAY 0  222 VDB v
    227 MEDIAN v  228 SUMPRODUCT v  229 SINH 1  230 COSH 1  231 TANH 1  232 ASINH 1  233 ACOSH 1
    234 ATANH 1  235 DGET 3  244 INFO 1  247 DB v  252 FREQUENCY 2  261 ERROR.TYPE 1
    269 AVEDEV v  276 COMBIN 2  279 EVEN 1  285 FLOOR 2  288 CEILING 2  298 ODD 1  318 DEVSQ v
    321 SUMSQ v  325 LARGE 2  326 SMALL 2  330 MODE v  336 CONCATENATE v  337 POWER 2
    342 RADIANS 1  343 DEGREES 1  344 SUBTOTAL v  345 SUMIF v  346 COUNTIF 2  347 COUNTBLANK 1
    350 ISPMT 4  351 DATEDIF 3  354 ROMAN v  359 HYPERLINK v  361 AVERAGEA v  362 MAXA v
    363 MINA v  364 STDEVPA v  365 VARPA v  366 STDEVA v  367 VARA v
"""
_WORDS = _FTAB.split()
FUNCTIONS: dict[int, tuple[str, int]] = {  # number → (name, fixed argument count or -1)
    int(_WORDS[i]): (_WORDS[i + 1], -1 if _WORDS[i + 2] == "v" else int(_WORDS[i + 2]))
    for i in range(0, len(_WORDS), 3)}
USER_FUNCTION = 255  # ptgFuncVar 255: the function is the name given as the first argument
# Excel 2007 functions an .xls stores as a name "_xlfn.X" and an .xlsx writes plainly
_XLSX_NATIVE = {"IFERROR", "SUMIFS", "COUNTIFS", "AVERAGEIF", "AVERAGEIFS"}

BINARY = {0x03: "+", 0x04: "-", 0x05: "*", 0x06: "/", 0x07: "^", 0x08: "&", 0x09: "<",
          0x0A: "<=", 0x0B: "=", 0x0C: ">=", 0x0D: ">", 0x0E: "<>", 0x0F: " ", 0x10: ",",
          0x11: ":"}
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
          0x24: "#NUM!", 0x2A: "#N/A"}
_SIZES = {0x26: 6, 0x27: 6, 0x28: 6, 0x29: 2, 0x2A: 4, 0x2B: 8}  # bytes after these tokens
_LAST_ROW, _LAST_COL = 0xFFFF, 0xFF  # a range from the first to these is a whole column/row


class Unsupported(Exception):
    """A token (or damaged tokens) not decoded here: the formula is left out, not guessed."""


@dataclass
class Book:
    """The worksheets (name, offset of their BOF) and how 3-D references and names read."""

    sheets: list[tuple[str, int]] = field(default_factory=list)
    xti: list[str | None] = field(default_factory=list)  # ExternSheet index → "表3" / "T:U"
    names: list[str | None] = field(default_factory=list)  # Lbl index - 1 → name
    spent: int = 0  # token bytes decoded so far


def characters(body: bytes, offset: int, count: int) -> tuple[str, int]:
    """``count`` characters after the flags byte at ``offset``: one byte each (Latin-1) or,
    when the flag says so, UTF-16 (a Chinese sheet name). Returns (text, offset after)."""
    wide = body[offset] & 1
    start, end = offset + 1, offset + 1 + count * (2 if wide else 1)
    if end > len(body):
        raise IndexError("truncated string")
    return body[start:end].decode("utf-16-le" if wide else "latin-1"), end


class _Name(str):
    """A defined name on the stack: it may be the function of a ptgFuncVar 255 call."""


def _number(value: float) -> str:
    """A ptgNum as Excel writes it: ``2``, ``0.25``, ``0.00001``, ``1E+20``."""
    if value != value or abs(value) == float("inf"):
        raise Unsupported("not a number")
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    mantissa, _, exponent = repr(value).partition("e")  # the shortest text that reads back
    if not exponent:
        return mantissa
    return format(Decimal(repr(value)), "f") if int(exponent) < 0 else f"{mantissa}E+{exponent[1:]}"


class Decoder:
    """One token array, in reverse Polish order, back to infix text.

    In a shared formula, ptgRefN/ptgAreaN hold offsets from the cell the formula is in
    (``row``, ``col``, 0-based). Spaces typed in the formula (ptgAttrSpace) are kept: they are
    written before the next token's text, or inside the parentheses they belong to."""

    def __init__(self, tokens: bytes, row: int, col: int, book: Book, shared: bool) -> None:
        self.tokens, self.row, self.col, self.book, self.shared = tokens, row, col, book, shared
        self.stack: list[str] = []
        self.before = self.before_open = self.before_close = ""  # pending spaces

    def text(self) -> str:
        at = 0
        while at < len(self.tokens):
            at = self.step(self.tokens[at], at + 1)
        if len(self.stack) != 1 or at != len(self.tokens):
            raise Unsupported("not one expression")
        return self.stack[0]

    def take(self) -> str:
        """The spaces to write before the next token's text."""
        spaces, self.before = self.before, ""
        return spaces

    def pop(self, count: int) -> list[str]:
        if count > len(self.stack):
            raise Unsupported("too few operands")
        items = self.stack[len(self.stack) - count:] if count else []
        del self.stack[len(self.stack) - count:]
        return items

    def step(self, ptg: int, at: int) -> int:
        """Apply the token at ``at - 1``; return the offset of the next one."""
        data = self.tokens
        if ptg in BINARY:
            left, right = self.pop(2)
            self.stack.append(f"{left}{self.take()}{BINARY[ptg]}{right}")
        elif ptg in (0x12, 0x13):  # ptgUplus, ptgUminus
            self.stack.append(f"{self.take()}{'+' if ptg == 0x12 else '-'}{self.pop(1)[0]}")
        elif ptg == 0x14:  # ptgPercent
            self.stack.append(f"{self.pop(1)[0]}{self.take()}%")
        elif ptg == 0x15:  # ptgParen
            inner = self.pop(1)[0]
            opening, closing = self.before_open, self.before_close
            self.before_open = self.before_close = ""
            self.stack.append(f"{self.take()}{opening}({inner}{closing})")
        elif ptg == 0x16:  # ptgMissArg
            self.stack.append(self.take())
        elif ptg == 0x17:  # ptgStr
            text, at = characters(data, at + 1, data[at])
            self.push('"' + text.replace('"', '""') + '"')
        elif ptg == 0x19:
            return self.attribute(at)
        elif ptg == 0x1C:  # ptgErr (an unknown code: KeyError, the formula is left out)
            self.push(ERRORS[data[at]])
            return at + 1
        elif ptg == 0x1D:  # ptgBool
            self.push("TRUE" if data[at] else "FALSE")
            return at + 1
        elif ptg == 0x1E:  # ptgInt
            self.push(str(struct.unpack_from("<H", data, at)[0]))
            return at + 2
        elif ptg == 0x1F:  # ptgNum
            self.push(_number(struct.unpack_from("<d", data, at)[0]))
            return at + 8
        elif 0x20 <= ptg <= 0x7F:  # operands and functions, in any of their three classes
            return self.operand((ptg & 0x1F) | 0x20, at)
        else:
            raise Unsupported(f"token {ptg:#x}")
        return at

    def attribute(self, at: int) -> int:
        """ptgAttr: a SUM of one argument, spaces, or jumps that leave the text as it is."""
        kind, data = self.tokens[at], self.tokens
        if at + 3 > len(data):
            raise Unsupported("truncated attribute")
        if kind & 0x40:  # tAttrSpace
            where, count = data[at + 1], data[at + 2]
            spaces = ("\n" if where in (0x01, 0x03, 0x05) else " ") * count
            if where in (0x02, 0x03):
                self.before_open += spaces
            elif where in (0x04, 0x05):
                self.before_close += spaces
            else:
                self.before += spaces
        elif kind & 0x04:  # tAttrChoose: a jump table follows
            cases: int = struct.unpack_from("<H", data, at + 1)[0]
            return at + 3 + 2 * (cases + 1)
        elif kind & 0x10:  # tAttrSum
            self.call("SUM", self.pop(1))
        return at + 3

    def call(self, name: str, arguments: list[str]) -> None:
        closing, self.before_close = self.before_close, ""
        self.stack.append(f"{self.take()}{name}({','.join(arguments)}{closing})")

    def operand(self, base: int, at: int) -> int:
        data = self.tokens
        if base == 0x21:  # ptgFunc: a function of fixed arity
            name, count = FUNCTIONS.get(struct.unpack_from("<H", data, at)[0], ("", -1))
            if count < 0:
                raise Unsupported("function")
            self.call(name, self.pop(count))
            return at + 2
        if base == 0x22:  # ptgFuncVar
            count, number = data[at] & 0x7F, struct.unpack_from("<H", data, at + 1)[0]
            if number == USER_FUNCTION:
                arguments = self.pop(count)
                if not arguments or not isinstance(arguments[0], _Name):
                    raise Unsupported("add-in function")
                name = str(arguments[0]).strip()
                if name.startswith("_xlfn.") and name[6:].upper() in _XLSX_NATIVE:
                    name = name[6:]
                self.call(name, arguments[1:])
            elif number in FUNCTIONS:
                self.call(FUNCTIONS[number][0], self.pop(count))
            else:
                raise Unsupported(f"function {number}")
            return at + 3
        if base == 0x23:  # ptgName
            index: int = struct.unpack_from("<H", data, at)[0]
            defined = self.book.names[index - 1] if 0 < index <= len(self.book.names) else None
            if defined is None:
                raise Unsupported("name")
            self.stack.append(_Name(self.take() + defined))
            return at + 4
        if base in (0x24, 0x2C):  # ptgRef, ptgRefN
            self.push(self.cell(data, at, offsets=base == 0x2C))
            return at + 4
        if base in (0x25, 0x2D):  # ptgArea, ptgAreaN
            self.push(self.area(data, at, offsets=base == 0x2D))
            return at + 8
        if base in (0x3A, 0x3B, 0x3C, 0x3D):  # 3-D references, and their deleted forms
            return self.three_d(base, at)
        if base in (0x2A, 0x2B):  # ptgRefErr, ptgAreaErr
            self.push("#REF!")
        elif base not in (0x26, 0x27, 0x28, 0x29):  # ptgMem*: the tokens that follow count
            raise Unsupported(f"operand {base:#x}")
        return at + _SIZES[base]

    def push(self, text: str) -> None:
        """An operand's text, after the spaces typed before it."""
        self.stack.append(self.take() + text)

    def three_d(self, base: int, at: int) -> int:
        """ptgRef3d, ptgArea3d, ptgRefErr3d, ptgAreaErr3d: ``表3!C6``, ``'表 1'!A1:B2``."""
        if self.shared:
            raise Unsupported("3-D reference in a shared formula")  # [MS-XLS] forbids it
        index = struct.unpack_from("<H", self.tokens, at)[0]
        sheet = self.book.xti[index] if index < len(self.book.xti) else None
        if sheet is None:
            raise Unsupported("reference to another workbook")
        size = 6 if base in (0x3A, 0x3C) else 10
        if at + size > len(self.tokens):
            raise Unsupported("truncated reference")
        if sheet == "#REF" or base in (0x3C, 0x3D):
            self.push("#REF!" if sheet == "#REF" else f"{sheet}!#REF!")
        elif base == 0x3A:
            self.push(f"{sheet}!{self.cell(self.tokens, at + 2, offsets=False)}")
        else:
            self.push(f"{sheet}!{self.area(self.tokens, at + 2, offsets=False)}")
        return at + size

    def place(self, row: int, bits: int, offsets: bool) -> tuple[int, int, bool, bool]:
        """(row, col, row relative, col relative) of a reference; with ``offsets`` (ptgRefN,
        ptgAreaN) relative parts are signed offsets from the formula's cell."""
        row_relative, col_relative, col = bool(bits & 0x8000), bool(bits & 0x4000), bits & 0x3FFF
        if offsets and row_relative:
            row = (self.row + (row - 0x10000 if row & 0x8000 else row)) & 0xFFFF
        if offsets and col_relative:
            col = (self.col + ((col & 0xFF) - 0x100 if col & 0x80 else col & 0xFF)) & 0xFF
        return row, col, row_relative, col_relative

    def cell(self, data: bytes, at: int, *, offsets: bool) -> str:
        """The cell of a ptgRef/ptgRefN (``rw``, ``col`` at ``at``): ``B5``, ``$B$5``."""
        row, bits = struct.unpack_from("<HH", data, at)
        row, col, row_relative, col_relative = self.place(row, bits, offsets)
        return f"{_column(col, col_relative)}{_row(row, row_relative)}"

    def area(self, data: bytes, at: int, *, offsets: bool) -> str:
        """The range of a ptgArea/ptgAreaN as Excel writes it: ``B5:B10``, or ``C:C`` /
        ``5:7`` for whole columns or rows (fixed rows 1-65536, fixed columns A-IV)."""
        first, last, left, right = struct.unpack_from("<HHHH", data, at)
        top, col1, top_relative, col1_relative = self.place(first, left, offsets)
        bottom, col2, bottom_relative, col2_relative = self.place(last, right, offsets)
        if (col1, col2) == (0, _LAST_COL) and not (col1_relative or col2_relative):
            return f"{_row(top, top_relative)}:{_row(bottom, bottom_relative)}"
        if (top, bottom) == (0, _LAST_ROW) and not (top_relative or bottom_relative):
            return f"{_column(col1, col1_relative)}:{_column(col2, col2_relative)}"
        return (f"{_column(col1, col1_relative)}{_row(top, top_relative)}:"
                f"{_column(col2, col2_relative)}{_row(bottom, bottom_relative)}")


def _column(col: int, relative: bool) -> str:
    return f"{'' if relative else '$'}{column_letter(col)}"


def _row(row: int, relative: bool) -> str:
    return f"{'' if relative else '$'}{row + 1}"
