"""Formula text of an .xls (read/biff): what LibreOffice saves, token by token, and damage.

``data/formats/shapes.xls`` is ``shapes.xlsx`` saved by LibreOffice (``make_fixtures.py`` there):
every formula must read exactly as openpyxl reads the .xlsx. The hand-built streams below pin
the tokens LibreOffice does not write (jump tables, deleted references, add-in calls) and what
is left out rather than guessed.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Sequence
from pathlib import Path

import olefile
import pytest

from formula_cells import survives_damage, xlsx_formulas
from xlbudget.read import biff
from xlbudget.read.biff import stream_formulas, xls_formulas

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
SHAPES = FORMATS / "shapes.xls"


def test_every_formula_reads_as_the_xlsx_writes_it() -> None:
    """Exact, no normalising: LibreOffice keeps the spaces typed inside a formula as
    ptgAttrSpace, which the decoder writes back (a space before "=" or before a comma is not
    kept by the format, so the fixture has none)."""
    expected = xlsx_formulas(FORMATS / "shapes.xlsx")
    assert sum(map(len, expected.values())) >= 80
    assert xls_formulas(SHAPES) == expected


def test_the_fixture_holds_the_records_it_claims() -> None:
    """The column filled down is stored as shared formulas (ptgExp + SHRFMLA), the spaces as
    ptgAttrSpace, IFERROR as a defined name called by ptgFuncVar 255."""
    with olefile.OleFileIO(str(SHAPES)) as ole:
        stream = ole.openstream("Workbook").read()
    kinds = set()
    at = 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        kinds.add(kind)
        at += 4 + size
    assert {0x04BC, 0x0221, 0x0018, 0x0017} <= kinds  # SHRFMLA, ARRAY, NAME, EXTERNSHEET
    assert b"\x19\x40\x00\x01" in stream  # one space before a token
    assert b"_xlfn.IFERROR" in stream
    formulas = xls_formulas(SHAPES)
    assert formulas["表3"][(14, 4)] == "B14+C14"
    assert formulas["表 1"][(2, 5)] == "'2024年'!A1+'it''s'!A1"


# --- a BIFF8 stream built by hand ------------------------------------------------------------


def record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def text(value: str) -> bytes:
    """A ShortXLUnicodeString: one byte a character when it can be, else UTF-16."""
    try:
        return bytes([len(value), 0]) + value.encode("latin-1")
    except UnicodeEncodeError:
        return bytes([len(value), 1]) + value.encode("utf-16-le")


def formula(row: int, col: int, tokens: bytes) -> bytes:
    return record(0x0006, struct.pack("<HHH8sHIH", row, col, 0, bytes(8), 0, 0, len(tokens))
                  + tokens)


def workbook(sheets: dict[str, list[bytes]], *, extern: Sequence[tuple[int, int, int]] = (),
             names: Sequence[tuple[str, bytes]] = (), version: int = 0x0600,
             extra: bytes = b"") -> bytes:
    """Globals (BOF, sheets, SUPBOOK of this workbook, EXTERNSHEET, NAMEs, EOF), then one
    substream of records per sheet."""
    def bof(kind: int) -> bytes:
        return record(0x0809, struct.pack("<HH12x", version, kind))

    defined = b"".join(
        record(0x0018, struct.pack("<HBBHHH4x", 0, 0, len(name), len(tokens), 0, 0)
               + text(name)[1:] + tokens) for name, tokens in names)
    tail = (record(0x01AE, struct.pack("<HH", len(sheets), 0x0401))
            + record(0x0017, struct.pack("<H", len(extern))
                     + b"".join(struct.pack("<Hhh", *entry) for entry in extern))
            + defined + extra + record(0x000A, b""))
    heads = [len(record(0x0085, struct.pack("<IBB", 0, 0, 0) + text(name))) for name in sheets]
    offset = len(bof(5)) + sum(heads) + len(tail)
    globals_, bodies = bof(5), b""
    for name, records in sheets.items():
        globals_ += record(0x0085, struct.pack("<IBB", offset + len(bodies), 0, 0) + text(name))
        bodies += bof(0x10) + b"".join(records) + record(0x000A, b"")
    return globals_ + tail + bodies


def ref(row: int, col: int, *, rel: bool = True, ptg: int = 0x44) -> bytes:
    return struct.pack("<BHH", ptg, row, col | (0xC000 if rel else 0))


def area(top: int, bottom: int, left: int, right: int, bits: int = 0xC000) -> bytes:
    return struct.pack("<BHHHH", 0x25, top, bottom, left | bits, right | bits)


INT1, INT2 = b"\x1e\x01\x00", b"\x1e\x02\x00"
PLUS = b"\x03"


EXTERN = [(0, 1, 1), (0, 1, 2), (0, -1, -1), (1, 0, 0)]  # T, T:U, a deleted sheet, another book
NAMES = [("预算合计", b"\x3b\x00\x00" + struct.pack("<HHHH", 4, 13, 3, 3)),
         ("_xlfn.IFERROR", b"\x1c\x1d")]


def one(tokens: bytes) -> str | None:
    """The text of one formula at B2 of sheet "表3" (None when it is left out)."""
    stream = workbook({"表3": [formula(1, 1, tokens)], "T": [], "U": []}, extern=EXTERN,
                      names=NAMES)
    return stream_formulas(stream).get("表3", {}).get((2, 2))


@pytest.mark.parametrize(("tokens", "expected"), [
    (ref(4, 1) + ref(4, 2) + PLUS, "B5+C5"),
    (ref(4, 1, rel=False) + ref(4, 2 | 0x8000, rel=False) + b"\x04", "$B$5-$C5"),
    (ref(4, 1, rel=False) + ref(4, 2 | 0x4000, rel=False) + b"\x04", "$B$5-C$5"),
    (area(4, 9, 1, 1) + b"\x19\x10\x00\x00", "SUM(B5:B10)"),
    (area(0, 0xFFFF, 2, 3, bits=0x4000) + b"\x19\x10\x00\x00", "SUM(C:D)"),
    (area(4, 6, 0, 0xFF, bits=0x8000) + b"\x19\x10\x00\x00", "SUM(5:7)"),
    (area(0, 0xFFFF, 2, 2, bits=0xC000), "C1:C65536"),  # relative rows: not a whole column
    # CHOOSE(B1,1,2): a jump table (tAttrChoose) and gotos, skipped by their sizes
    (ref(0, 1) + b"\x19\x04\x02\x00" + bytes(6) + INT1 + b"\x19\x08\x00\x00" + INT2
     + b"\x19\x08\x00\x00" + b"\x42\x03\x64\x00", "CHOOSE(B1,1,2)"),
    # IF(B1>1,"a;b""",-1.5): tAttrIf, tAttrGoto, a string, unary minus, ptgNum
    (ref(0, 1) + INT1 + b"\x0d" + b"\x19\x02\x00\x00" + b"\x17\x04\x00a;b\"" + b"\x19\x08\x00\x00"
     + b"\x1f" + struct.pack("<d", 1.5) + b"\x13" + b"\x19\x08\x00\x00" + b"\x42\x03\x01\x00",
     'IF(B1>1,"a;b""",-1.5)'),
    (b"\x1f" + struct.pack("<d", 0.00001) + b"\x1f" + struct.pack("<d", 1e20) + PLUS
     + b"\x1f" + struct.pack("<d", 0.1) + PLUS, "0.00001+1E+20+0.1"),
    (ref(0, 1) + b"\x14" + b"\x15" + INT2 + b"\x07", "(B1%)^2"),
    (ref(0, 1) + b"\x16" + b"\x42\x82\x01\x00", "IF(B1,)"),  # missing argument, prompt bit
    (b"\x1d\x01\x1c\x07" + b"\x42\x02\x07\x00", "MAX(TRUE,#DIV/0!)"),
    (ref(0, 1) + INT2 + b"\x41\x1b\x00", "ROUND(B1,2)"),  # ptgFunc: fixed arity from the table
    (b"\x19\x40\x00\x02" + ref(0, 1) + b"\x19\x40\x04\x01" + b"\x19\x10\x00\x00", "SUM(  B1 )"),
    (b"\x2a" + bytes(4) + INT1 + PLUS, "#REF!+1"),  # ptgRefErr
    (b"\x3a\x00\x00" + struct.pack("<HH", 5, 0xC002), "T!C6"),  # ptgRef3d
    (b"\x3b\x01\x00" + struct.pack("<HHHH", 0, 1, 0, 0), "T:U!$A$1:$A$2"),  # sheets T..U
    (b"\x3c\x00\x00" + bytes(4), "T!#REF!"),  # ptgRefErr3d
    (b"\x3a\x02\x00" + struct.pack("<HH", 0, 0xC000), "#REF!"),  # a deleted sheet
    (b"\x23\x01\x00\x00\x00" + b"\x19\x10\x00\x00", "SUM(预算合计)"),  # a defined name
    (b"\x23\x02\x00\x00\x00" + ref(0, 1) + INT1 + b"\x42\x03\xff\x00", "IFERROR(B1,1)"),
    # left out, not guessed:
    (b"\x20" + bytes(7), None),  # an array constant
    (b"\x3a\x03\x00" + struct.pack("<HH", 0, 0xC000), None),  # another workbook
    (ref(0, 1) + b"\x42\x01\xfe\x00", None),  # an unknown function
    (ref(0, 1) + b"\x21\x04\x00", None),  # SUM as ptgFunc: SUM has no fixed arity
    (INT1 + ref(0, 1) + b"\x42\x02\xff\x00", None),  # ptgFuncVar 255 without a name
    (ref(0, 1) + PLUS, None),  # a missing operand
    (ref(0, 1) + ref(0, 2), None),  # two values left
    (ref(0, 1)[:3], None),  # truncated
    (b"\x18\x01" + bytes(6), None),  # an extended token
])
def test_tokens(tokens: bytes, expected: str | None) -> None:
    assert one(tokens) == expected


def test_shared_formulas_are_read_relative_to_each_cell() -> None:
    """A fill-down of B{r}+$C$1-A{r-1} over rows 3-5 of column D, stored once (SHRFMLA with
    ptgRefN offsets), each cell pointing to the anchor with ptgExp."""
    shared = (struct.pack("<BHH", 0x4C, 0, 0xC000 | 0xFE) + ref(0, 2, rel=False)
              + PLUS + struct.pack("<BHH", 0x4C, 0xFFFF, 0xC000 | 0xFD) + b"\x04")
    pointer = b"\x01" + struct.pack("<HH", 2, 3)
    records = [formula(2, 3, pointer),
               record(0x04BC, struct.pack("<HHBBBBH", 2, 4, 3, 3, 0, 3, len(shared)) + shared),
               formula(3, 3, pointer), formula(4, 3, pointer),
               formula(5, 3, b"\x01" + struct.pack("<HH", 9, 9))]  # no such shared formula
    cells = stream_formulas(workbook({"S": records}))["S"]
    assert cells == {(3, 4): "B3+$C$1-A2", (4, 4): "B4+$C$1-A3", (5, 4): "B5+$C$1-A4"}


def test_a_3d_reference_in_a_shared_formula_is_left_out() -> None:
    shared = b"\x5a\x00\x00" + struct.pack("<HH", 0, 0xC000)  # [MS-XLS] forbids it
    records = [formula(0, 0, b"\x01\x00\x00\x00\x00"),
               record(0x04BC, struct.pack("<HHBBBBH", 0, 0, 0, 0, 0, 1, len(shared)) + shared)]
    assert stream_formulas(workbook({"S": records}, extern=[(0, 0, 0)])) == {"S": {}}


def test_sheet_names_in_either_encoding_and_only_worksheets() -> None:
    stream = workbook({"Sheet1": [formula(0, 0, INT1)], "表 1": [formula(0, 0, INT2)]})
    assert stream_formulas(stream) == {"Sheet1": {(1, 1): "1"}, "表 1": {(1, 1): "2"}}


def test_not_biff8_or_encrypted_gives_nothing() -> None:
    sheets = {"S": [formula(0, 0, INT1)]}
    assert stream_formulas(workbook(sheets, version=0x0500)) == {}  # BIFF5: another layout
    assert stream_formulas(workbook(sheets, extra=record(0x002F, bytes(54)))) == {}


def test_decoding_stops_at_the_token_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many cells pointing to one large shared formula cost its size each: the walk stops."""
    records = [formula(row, 0, INT1 + INT2 + PLUS) for row in range(100)]
    assert len(stream_formulas(workbook({"S": records}))["S"]) == 100
    monkeypatch.setattr(biff, "MAX_TOKEN_BYTES", 70)
    assert len(stream_formulas(workbook({"S": records}))["S"]) == 10


def test_two_sheets_on_the_same_records_are_read_once() -> None:
    stream = bytearray(workbook({"A": [formula(0, 0, INT1)], "B": [formula(0, 0, INT2)]}))
    first = stream.index(b"\x85\x00") + 4  # A's BoundSheet8: its lbPlyPos …
    second = stream.index(b"\x85\x00", first) + 4
    stream[second:second + 4] = stream[first:first + 4]  # … B now points to A's records
    assert stream_formulas(bytes(stream)) == {"A": {(1, 1): "1"}, "B": {}}


def test_a_truncated_stream_gives_what_came_before() -> None:
    with olefile.OleFileIO(str(SHAPES)) as ole:
        stream = ole.openstream("Workbook").read()
    whole = stream_formulas(stream)
    for cut in range(0, len(stream), 97):
        for sheet, cells in stream_formulas(stream[:cut]).items():
            assert cells.items() <= whole[sheet].items()


def test_damaged_files_never_raise(tmp_path: Path) -> None:
    size = SHAPES.stat().st_size
    survives_damage(xls_formulas, SHAPES, tmp_path,
                    cuts=(0, 8, 511, 512, 513, size // 3, size // 2, size - 1), seed=14,
                    noise=8192, rounds=20, flips=50, flip=lambda rng: 1 << rng.randrange(8))


def test_a_workbook_stream_of_noise_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "noise-inside.xls"
    path.write_bytes(SHAPES.read_bytes())
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        size = ole.get_size("Workbook")
        ole.write_stream("Workbook", random.Random(3).randbytes(size))
    assert xls_formulas(path) == {}
