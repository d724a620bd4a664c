"""Formula text of a legacy .xls (Excel 97-2003, BIFF8), as an .xlsx holds it.

python-calamine reads an .xls's values, not its formulas; without them a total cannot be told
from a typed input. BIFF8 keeps a formula as tokens in reverse Polish order ([MS-XLS] 2.5.198).
One walk of the ``Workbook`` stream reads the sheet list (BoundSheet8), the 3-D reference table
(SupBook, ExternSheet), the defined names (Lbl) and each sheet's Formula, ShrFmla (a formula
filled down, stored once) and Array records, and writes each formula back in infix as Excel
shows it (``SUM(F7,F9)``, ``表3!C6``, ``'表 1'!$A$1``) — the text :mod:`.rawxml` gives for an
.xlsx. A formula with a token not decoded here (an array constant, an add-in function, a
reference into another workbook) is left out, never guessed; a damaged stream gives what was
decoded before the damage (the values reader reports it). Nothing here raises.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from xlbudget.read.odsxml import sheet_prefix
from xlbudget.read.rgce import Book, Decoder, Unsupported, characters

Formulas = dict[str, dict[tuple[int, int], str]]

# record types ([MS-XLS] 2.3)
BOF, EOF, CONTINUE, FILEPASS = 0x0809, 0x000A, 0x003C, 0x002F
BOUNDSHEET, SUPBOOK, EXTERNSHEET, NAME = 0x0085, 0x01AE, 0x0017, 0x0018
FORMULA, SHRFMLA, ARRAY = 0x0006, 0x04BC, 0x0221
BIFF8 = 0x0600
_CONTINUED = {SUPBOOK, EXTERNSHEET, NAME}  # records whose CONTINUE carries plain bytes

# Token bytes decoded per workbook before the walk stops: far above a real book (500 000 cells,
# the values reader's limit, of ~30 bytes), and a bound on a hostile one whose shared formulas
# are large and pointed to by many cells (about 2 MB/s are decoded).
MAX_TOKEN_BYTES = 16 * 2**20


class _Spent(Exception):
    """:data:`MAX_TOKEN_BYTES` decoded: the walk stops with what it has."""


def xls_formulas(path: Path) -> Formulas:
    """Sheet name → {(row, col): formula text without "="}, 1-based, in Excel's A1 syntax; every
    worksheet is a key. Never raises: a file that is not a compound document, is encrypted,
    is not BIFF8 or breaks off gives what was decoded before (often ``{}``)."""
    try:
        data = _workbook_stream(path)
    except Exception:  # not a compound document, or a damaged one
        return {}
    return stream_formulas(data)


def stream_formulas(data: bytes) -> Formulas:
    """:func:`xls_formulas` of a ``Workbook`` stream already read from its compound file."""
    found: Formulas = {}
    read: set[int] = set()
    try:
        book = _globals(data)
        for name, offset in book.sheets:
            found[name] = {}
            if offset not in read:  # two sheets on the same records: a damaged list
                read.add(offset)
                _sheet(data, offset, book, found[name])
    except Exception:  # _Spent, or damage past the checks below: keep what was decoded
        pass
    return found


def _workbook_stream(path: Path) -> bytes:
    """The BIFF stream of the compound file (``Workbook``; ``Book`` in older files)."""
    import olefile  # only an .xls needs it

    with olefile.OleFileIO(str(path)) as ole:
        for name in ("Workbook", "Book"):
            if ole.exists(name):
                return bytes(ole.openstream(name).read())
    return b""


def _records(data: bytes, offset: int) -> Iterator[tuple[int, bytes]]:
    """(type, body) of each record from ``offset``; a CONTINUE after a record of
    :data:`_CONTINUED` is joined to its body. A truncated last record comes out short."""
    while offset + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, offset)
        body = data[offset + 4: offset + 4 + size]
        offset += 4 + size
        while kind in _CONTINUED and offset + 4 <= len(data):
            following, size = struct.unpack_from("<HH", data, offset)
            if following != CONTINUE:
                break
            body += data[offset + 4: offset + 4 + size]
            offset += 4 + size
        yield kind, body


def _globals(data: bytes) -> Book:
    """The workbook globals: from the first BOF, which must be BIFF8's, to its EOF."""
    book = Book()
    every: list[str] = []  # all sheet names, in tab order (a 3-D reference counts them all)
    supbooks: list[bytes] = []  # each SupBook's kind marker: b"\x01\x04" = this workbook
    table: list[tuple[int, int, int]] = []
    records = _records(data, 0)
    first = next(records, None)
    if first is None or first[0] != BOF or first[1][:2] != struct.pack("<H", BIFF8):
        return book  # not BIFF8 (BIFF5 keeps tokens another way): no formulas
    for kind, body in records:
        if kind == EOF:
            break
        try:
            if kind == FILEPASS:
                return Book()  # encrypted: the values reader refuses it
            if kind == BOUNDSHEET:
                name = characters(body, 7, body[6])[0]  # a ShortXLUnicodeString
                every.append(name)
                if body[5] == 0:  # a worksheet (not a chart, macro or VB module)
                    book.sheets.append((name, struct.unpack_from("<I", body)[0]))
            elif kind == SUPBOOK:
                supbooks.append(body[2:4])
            elif kind == EXTERNSHEET:
                count = struct.unpack_from("<H", body)[0]
                table = [struct.unpack_from("<Hhh", body, 2 + 6 * i) for i in range(count)]
            elif kind == NAME:
                book.names.append(_defined_name(body))
        except (struct.error, IndexError, UnicodeDecodeError):
            continue  # a damaged record: the references through it are left out
    book.xti = [_sheet_text(entry, supbooks, every) for entry in table]
    return book


def _sheet_text(entry: tuple[int, int, int], supbooks: list[bytes],
                every: list[str]) -> str | None:
    """An ExternSheet entry as the text before "!": ``表3``, ``T:U``, ``#REF`` for a deleted
    sheet, or None (another workbook, or the workbook as a whole)."""
    supbook, first, last = entry
    if supbook >= len(supbooks) or supbooks[supbook] != b"\x01\x04":
        return None  # another workbook, or an add-in
    if -1 in (first, last):
        return "#REF"
    known = 0 <= first < len(every) and 0 <= last < len(every)
    return sheet_prefix(every[first], every[last]) if known else None


def _defined_name(body: bytes) -> str | None:
    """A Lbl record's name; None for a built-in one (Print_Area …), stored as a code."""
    flags, length = struct.unpack_from("<H", body)[0], body[3]
    if flags & 0x0020:
        return None
    return characters(body, 14, length)[0]


def _sheet(data: bytes, offset: int, book: Book, cells: dict[tuple[int, int], str]) -> None:
    """The formulas of the worksheet whose BOF is at ``offset``, into ``cells``."""
    shared: dict[tuple[int, int], bytes] = {}  # anchor cell → tokens of its shared formula
    arrays: dict[tuple[int, int], bytes] = {}  # anchor cell → tokens of its array formula
    pointers: dict[tuple[int, int], tuple[int, int]] = {}  # cell → anchor (ptgExp)
    last: tuple[int, int] | None = None  # the cell of the latest Formula record
    depth = 0
    for kind, body in _records(data, offset):
        if kind == BOF:
            depth += 1
            continue
        if depth == 0:
            return  # no BOF where the sheet list says: nothing to read
        if kind == EOF:
            depth -= 1
            if depth == 0:
                break
        if depth != 1 or kind not in (FORMULA, SHRFMLA, ARRAY):
            continue
        try:
            if kind == FORMULA:
                row, col = struct.unpack_from("<HH", body)
                last = (row, col)
                tokens = _formula_tokens(body, 20)
                if tokens[:1] == b"\x01":  # ptgExp: part of a shared or array formula
                    pointers[last] = struct.unpack_from("<HH", tokens, 1)
                else:
                    _keep(cells, row, col, tokens, book, shared=False)
            elif kind == SHRFMLA and last is not None:  # it follows its anchor's Formula
                shared[last] = _formula_tokens(body, 8)
            elif kind == ARRAY and last is not None:
                arrays[last] = _formula_tokens(body, 12)
        except (struct.error, IndexError):
            continue  # a damaged record: that cell is left out
    for (row, col), anchor in pointers.items():
        if anchor in shared:
            _keep(cells, row, col, shared[anchor], book, shared=True)
        elif anchor in arrays and anchor == (row, col):  # an .xlsx has it at the anchor only
            _keep(cells, row, col, arrays[anchor], book, shared=False)


def _formula_tokens(body: bytes, offset: int) -> bytes:
    """The ``rgce`` of a formula whose ``cce`` is at ``offset``; a short one is refused."""
    size = struct.unpack_from("<H", body, offset)[0]
    tokens = body[offset + 2: offset + 2 + size]
    if len(tokens) != size or not size:
        raise IndexError("truncated formula")
    return tokens


def _keep(cells: dict[tuple[int, int], str], row: int, col: int, tokens: bytes, book: Book,
          shared: bool) -> None:
    """Decode one formula into ``cells``; one that does not decode is left out, not guessed."""
    book.spent += len(tokens)
    if book.spent > MAX_TOKEN_BYTES:
        raise _Spent
    with suppress(Unsupported, IndexError, KeyError, struct.error, UnicodeDecodeError,
                  ValueError):
        cells[(row + 1, col + 1)] = Decoder(tokens, row, col, book, shared).text()


