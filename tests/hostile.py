"""Broken and hostile inputs, one small deterministic generator each, for ``test_hostile.py``.

Every generator takes a directory, writes one file into it (built at test time: no binary blobs
are committed) and returns its path. The valid bases are the published-layout samples
(``samples/published/*.xlsx``: sheets 表1…表11 of plain values) and the own-format samples; they
are only ever read. Each docstring says what real users send that looks like the file.

Two kinds:

* unreadable — the file must be refused before any parser sees it, with one sentence that says
  what to do (``UNREADABLE`` lists them with the words the reason must contain);
* readable but wrong — a workbook that opens and whose contents are what is wrong (a finding).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PUBLISHED = SAMPLES / "published" / "000.xlsx"  # no errors: 1 warning, 1 info
PUBLISHED_002 = SAMPLES / "published" / "002.xlsx"
OWN = SAMPLES / "park-2024.xlsx"
VALID = (OWN, SAMPLES / "city-office-2024.xlsx", PUBLISHED, PUBLISHED_002,
         SAMPLES / "published" / "004.xlsx")

MB = 1024 * 1024
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_REL = REL_NS + "/worksheet"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
FORMULA_TEXT = "=HYPERLINK(\"http://example.invalid\",\"点击查看\")"  # text, not a formula


# ── building blocks ──────────────────────────────────────────────────────────────────────


def _rewrite(src: Path, dst: Path, replace: dict[str, bytes] | None = None,
             add: dict[str, bytes] | None = None) -> Path:
    """A copy of the zip ``src`` with some members replaced and some added (order kept)."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in add.items():
            new.writestr(name, data)
    return dst


def _sheet_xml(rows: Iterable[bytes]) -> Iterator[bytes]:
    yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<worksheet xmlns="' + MAIN_NS.encode() + b'"><sheetData>')
    yield from rows
    yield b"</sheetData></worksheet>"


def _cell_row(row: int, text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return (f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>{escaped}</t></is></c></row>'
            .encode())


def _book(path: Path, sheets: list[tuple[str, Callable[[], Iterable[bytes]]]],
          level: int = 6, sheet_attrs: str = " ", zip64: bool = True) -> Path:
    """A minimal, valid .xlsx written member by member (streamed: a sheet may be huge).

    ``sheets`` are (name, a function giving the sheet XML in chunks). ``sheet_attrs`` is what
    separates ``<sheet`` from its attributes in xl/workbook.xml."""
    entries = "".join(
        f'<sheet{sheet_attrs}name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _) in enumerate(sheets, start=1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{SHEET_REL}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1))
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        book.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{XLSX_MAIN}"/>'
            f"{overrides}</Types>"))
        book.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        book.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{entries}</sheets>'
            "</workbook>"))
        book.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL_NS}">{rels}</Relationships>'))
        for i, (_, chunks) in enumerate(sheets, start=1):
            with book.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=zip64) as member:
                for chunk in chunks():
                    member.write(chunk)
    return path


def ole_bytes(streams: list[str]) -> bytes:
    """A minimal OLE2 compound file (what .xls and encrypted OOXML are): a 512-byte header with
    the magic D0 CF 11 E0 A1 B1 1A E1, one FAT sector and one directory sector holding a root
    storage and one empty stream per name (names UTF-16LE, as in every real file)."""
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # v3, 512-byte sectors
    # directory sectors, FAT sectors, first directory sector, transaction, mini stream cutoff,
    # first mini FAT sector, mini FAT sectors, first DIFAT sector, DIFAT sectors
    struct.pack_into("<9I", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)
    fat = struct.pack("<II", fat_sect, end) + struct.pack("<I", free) * 126

    def entry(name: str, kind: int, child: int, right: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + bytes(16 + 4 + 16)
                + struct.pack("<IQ", end, 0))

    names = ["Root Entry", *streams]
    directory = b"".join(
        entry(name, 5 if i == 0 else 2, 1 if i == 0 else free,
              i + 1 if 0 < i < len(names) - 1 else free)
        for i, name in enumerate(names))
    directory += bytes(128) * ((-len(names)) % 4)  # unused entries fill the sector
    return bytes(header) + fat + directory


# ── unreadable ───────────────────────────────────────────────────────────────────────────


def not_a_zip(directory: Path) -> Path:
    """Text with an .xlsx name: a CSV export renamed, or the error page a budget system served
    instead of the attachment ("导出.xlsx" that is really HTML)."""
    path = directory / "csv-renamed.xlsx"
    path.write_text("科目编码,科目名称,金额\n201,一般公共服务支出,100.00\n", encoding="utf-8")
    return path


def truncated(directory: Path) -> Path:
    """A valid workbook cut in half: an interrupted download or a full mailbox."""
    path = directory / "truncated.xlsx"
    data = PUBLISHED.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def empty(directory: Path) -> Path:
    """Zero bytes: the attachment that never arrived, a placeholder made with "新建"."""
    path = directory / "empty.xlsx"
    path.write_bytes(b"")
    return path


def legacy_xls(directory: Path) -> Path:
    """An Excel 97-2003 compound file whose "Workbook" stream is empty: it claims to be an .xls
    (budget systems still export them) but holds no sheet."""
    path = directory / "legacy.xls"
    path.write_bytes(ole_bytes(["Workbook", "\x05SummaryInformation"]))
    return path


def legacy_renamed(directory: Path) -> Path:
    """The same .xls renamed to .xlsx by someone told "we only take .xlsx"."""
    path = directory / "legacy-renamed.xlsx"
    path.write_bytes(ole_bytes(["Workbook"]))
    return path


def encrypted(directory: Path) -> Path:
    """A password-protected workbook: Excel keeps the .xlsx name but wraps the package in an OLE
    container with the streams EncryptionInfo and EncryptedPackage (a unit that set 打开密码)."""
    path = directory / "encrypted.xlsx"
    path.write_bytes(ole_bytes(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"]))
    return path


def ods(directory: Path, name: str = "budget.ods") -> Path:
    """An OpenDocument package with an empty spreadsheet body: it claims to be an .ods and holds
    no sheet."""
    path = directory / name
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                      compress_type=zipfile.ZIP_STORED)
        book.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'office:version="1.2"><office:body><office:spreadsheet/></office:body>'
            "</office:document-content>"), compress_type=zipfile.ZIP_DEFLATED)
        book.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'))
    return path


def ods_renamed(directory: Path) -> Path:
    """The same .ods renamed to .xlsx."""
    return ods(directory, "ods-renamed.xlsx")


BOMB_MB = 300


def zip_bomb(directory: Path, megabytes: int = BOMB_MB) -> Path:
    """A sheet member that inflates ~1000:1 (``megabytes`` of blanks inside <sheetData>, honest
    sizes in the headers): what an attacker mails a bureau that checks attachments unattended.
    Nothing real is like it; a real budget sheet is well under 1 MB unpacked."""
    path = directory / "bomb.xlsx"
    chunk = b" " * MB

    def sheet() -> Iterator[bytes]:
        yield from _sheet_xml([_cell_row(1, "表1")])
        for _ in range(megabytes):
            yield chunk

    return _book(path, [("表1", sheet)], level=9)


def zip_bomb_lying(directory: Path, megabytes: int = 100) -> Path:
    """The same bomb with its headers claiming the sheet unpacks to 1,000 bytes: a crafted zip
    that a size check alone would let through. Reading stops at the declared size (and then
    fails its CRC), so nothing is inflated beyond it."""
    path = directory / "bomb-lying.xlsx"
    chunk = b" " * MB

    def sheet() -> Iterator[bytes]:
        yield from _sheet_xml([_cell_row(1, "表1")])
        for _ in range(megabytes):
            yield chunk

    _book(path, [("表1", sheet)], level=9, zip64=False)
    member = b"xl/worksheets/sheet1.xml"
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        local = book.getinfo(member.decode()).header_offset
    struct.pack_into("<I", data, local + 22, 1000)  # local header: uncompressed size
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(member))  # its central entry
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    return path


MANY_SHEETS = 1000


def many_sheets(directory: Path, count: int = MANY_SHEETS, sheet_attrs: str = " ",
                name: str = "") -> Path:
    """A workbook with ``count`` sheets: a unit that put every project or every month on its own
    sheet, or a generator gone wrong. The default limit is 200."""
    path = directory / (name or f"sheets-{count}.xlsx")
    return _book(path, [(f"S{i}", lambda: _sheet_xml([_cell_row(1, "x")]))
                        for i in range(1, count + 1)], level=1, sheet_attrs=sheet_attrs)


def many_sheets_hidden_count(directory: Path) -> Path:
    """The same 1,000 sheets with the attributes on the next line (``<sheet\\n name=…``), as
    pretty-printing XML writers lay it out: the sheet count must not depend on a space."""
    return many_sheets(directory, sheet_attrs="\n  ", name="sheets-1000-newline.xlsx")


MILLION = 1_000_000


def million_rows(directory: Path, rows: int = MILLION, dimension: bool = True) -> Path:
    """A sheet with a million rows: a unit that pasted its whole ledger (every voucher) into
    the workbook next to the tables. Excel writes the used range (``<dimension>``) first;
    ``dimension=False`` leaves it out, as some libraries do."""
    path = directory / (f"rows-{rows}" + ("" if dimension else "-nodim") + ".xlsx")

    def sheet() -> Iterator[bytes]:
        head, *_ = _sheet_xml([])
        yield head.replace(b"<sheetData>", f'<dimension ref="A1:A{rows}"/><sheetData>'.encode()
                           if dimension else b"<sheetData>")
        batch = []
        for r in range(1, rows + 1):
            batch.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>')
            if len(batch) == 10000:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()
        yield b"</sheetData></worksheet>"

    return _book(path, [("明细", sheet)], level=1)


def formula_flood(directory: Path, rows: int = 20000, cols: int = 110) -> Path:
    """A sheet of 2.2 million formula cells saved without their values (under every limit: 20,000
    rows, 55 MB unpacked): a ledger written by a script with openpyxl or xlsxwriter, which store
    formulas without results, so the reader must find and evaluate them itself."""
    path = directory / f"formulas-{rows}x{cols}.xlsx"
    letters = [get_column_letter(c) for c in range(1, cols + 1)]

    def sheet() -> Iterator[bytes]:
        head, *_ = _sheet_xml([])
        yield head.replace(b"<sheetData>", f'<dimension ref="A1:{letters[-1]}{rows}"/>'
                           "<sheetData>".encode())
        for r in range(1, rows + 1):
            cells = "".join(f'<c r="{x}{r}"><f>1</f></c>' for x in letters)
            yield f'<row r="{r}">{cells}</row>'.encode()
        yield b"</sheetData></worksheet>"

    return _book(path, [("明细", sheet)], level=1)


def wide_dimension(directory: Path, rows: int = 20000) -> Path:
    """20,000 one-cell rows whose recorded used range spans all 16,384 columns (A1:XFD…): a
    format applied to whole rows, as some exports record it. Read-only openpyxl pads every row to
    that width."""
    path = directory / "wide-dimension.xlsx"

    def sheet() -> Iterator[bytes]:
        head, *_ = _sheet_xml([])
        yield head.replace(b"<sheetData>", f'<dimension ref="A1:XFD{rows}"/><sheetData>'.encode())
        for r in range(1, rows + 1):
            yield f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'.encode()
        yield b"</sheetData></worksheet>"

    return _book(path, [("明细", sheet)], level=1)


def million_rows_no_dimension(directory: Path) -> Path:
    """The million-row ledger written without ``<dimension>`` (some libraries leave it out):
    read-only openpyxl then scans the whole sheet for its width before the first row."""
    return million_rows(directory, dimension=False)


SLOW: dict[str, Callable[[Path], Path]] = {  # 10–25 s each: run with XLBUDGET_HOSTILE_SLOW=1
    "million_rows_no_dimension": million_rows_no_dimension,
    "wide_dimension": wide_dimension,
    "formula_flood": formula_flood,
}


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                 * 10) for i in range(1, 10))
          + b"]>")


def _laugh(xml: bytes, padding: int = 0) -> bytes:
    """``xml`` with the billion-laughs DOCTYPE after its declaration (and ``padding`` bytes of
    an XML comment before it) and the entity used in its first text."""
    declaration, _, rest = xml.partition(b"?>") if xml.startswith(b"<?xml") else (b"", b"", xml)
    comment = b"<!--" + b" " * padding + b"-->" if padding else b""
    return declaration + (b"?>" if declaration else b"") + comment + LAUGHS + rest


def billion_laughs_sheet(directory: Path, padding: int = 0) -> Path:
    """Nested ENTITY definitions (10^9 "lol"s) in a sheet's XML: an attack on XML parsers sent
    as a workbook. No spreadsheet program writes a DOCTYPE into a sheet."""
    path = directory / ("laughs-sheet" + ("-padded" if padding else "") + ".xlsx")
    with zipfile.ZipFile(PUBLISHED) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    laughing = _laugh(sheet, padding).replace(b"<v>", b"<v>&lol9;", 1)
    return _rewrite(PUBLISHED, path, {"xl/worksheets/sheet1.xml": laughing})


def billion_laughs_workbook(directory: Path, padding: int = 0) -> Path:
    """The same entities in xl/workbook.xml, which every reader parses first (a sheet name
    ``&lol9;``)."""
    path = directory / ("laughs-workbook" + ("-padded" if padding else "") + ".xlsx")
    with zipfile.ZipFile(PUBLISHED) as book:
        workbook = book.read("xl/workbook.xml")
    laughing = _laugh(workbook, padding).replace(b'name="', b'name="&lol9;', 1)
    return _rewrite(PUBLISHED, path, {"xl/workbook.xml": laughing})


def billion_laughs_padded(directory: Path) -> Path:
    """The sheet entities after an 8 KB comment: a sniffer that reads only the first 4 KB of a
    member must not be the only defence."""
    return billion_laughs_sheet(directory, padding=8192)


def malformed_sheet(directory: Path) -> Path:
    """A zip that is intact but whose first sheet's XML stops mid-element: what an exporter that
    crashed while writing, or a hand-repaired file, leaves behind."""
    path = directory / "malformed-sheet.xlsx"
    with zipfile.ZipFile(PUBLISHED) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    return _rewrite(PUBLISHED, path, {"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2]})


def corrupt_deflate(directory: Path) -> Path:
    """A zip whose directory is intact but whose first sheet's compressed data is garbage: an
    attachment damaged in transit (a proxy or scanner that rewrote bytes), not just cut short."""
    path = _rewrite(PUBLISHED, directory / "corrupt-deflate.xlsx")
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as book:
        offset = book.getinfo(member).header_offset
    data = bytearray(path.read_bytes())
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    data[offset + 30 + name_length + extra_length] = 0x07  # final block of reserved type 3
    path.write_bytes(bytes(data))
    return path



@dataclass(frozen=True)
class Unreadable:
    """A file xlbudget must refuse: words its reason has to contain, in Chinese and English."""

    make: Callable[[Path], Path]
    zh: tuple[str, ...]
    en: tuple[str, ...]


DAMAGED = (("损坏",), ("damaged",))

UNREADABLE: dict[str, Unreadable] = {
    "not_a_zip": Unreadable(not_a_zip, ("不是电子表格",), ("not a spreadsheet",)),
    "truncated": Unreadable(truncated, ("损坏或不完整",), ("damaged or incomplete",)),
    "empty": Unreadable(empty, ("文件为空",), ("empty",)),
    # .xls and .ods are read (python-calamine); these are empty compound files and packages
    # that only claim to be one: still one clear line, exit 2
    "legacy_xls": Unreadable(legacy_xls, ("没有任何工作表",), ("no sheet",)),
    "legacy_renamed": Unreadable(legacy_renamed, ("没有任何工作表",), ("no sheet",)),
    "encrypted": Unreadable(encrypted, ("密码", "取消密码"),
                            ("password", "remove the password")),
    "ods": Unreadable(ods, ("没有任何工作表",), ("no sheet",)),
    "ods_renamed": Unreadable(ods_renamed, ("没有任何工作表",), ("no sheet",)),
    "zip_bomb": Unreadable(zip_bomb, ("压缩炸弹", "200 MB", "上限"), ("zip bomb", "200 MB")),
    "zip_bomb_lying": Unreadable(zip_bomb_lying, *DAMAGED),
    "many_sheets": Unreadable(many_sheets, ("1000", "200", "上限"), ("1000", "limit of 200")),
    "many_sheets_newline": Unreadable(many_sheets_hidden_count, ("1000", "200", "上限"),
                                      ("1000", "limit of 200")),
    "million_rows": Unreadable(million_rows, ("明细", "20000", "上限"), ("明细", "20000 rows")),
    "laughs_sheet": Unreadable(billion_laughs_sheet, ("实体",), ("entities",)),
    "laughs_workbook": Unreadable(billion_laughs_workbook, ("实体",), ("entities",)),
    "laughs_padded": Unreadable(billion_laughs_padded, ("实体",), ("entities",)),
    "malformed_sheet": Unreadable(malformed_sheet, *DAMAGED),
    "corrupt_deflate": Unreadable(corrupt_deflate, *DAMAGED),
}


# ── readable, but wrong ──────────────────────────────────────────────────────────────────


def _edit(src: Path, dst: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    book = openpyxl.load_workbook(src)
    change(book)
    book.save(dst)
    return dst


def macro_xlsm(directory: Path) -> Path:
    """A macro-enabled .xlsm: a unit's copy of the template with a VBA button that fills the
    tables. Its values are read; its macros are never run and never written out."""
    path = directory / "macro.xlsm"
    with zipfile.ZipFile(PUBLISHED) as book:
        types = book.read("[Content_Types].xml").decode()
        rels = book.read("xl/_rels/workbook.xml.rels").decode()
    types = types.replace(XLSX_MAIN, XLSM_MAIN).replace(
        "<Default ", f'<Default Extension="bin" ContentType="{VBA_TYPE}"/><Default ', 1)
    rels = rels.replace("</Relationships>", f'<Relationship Id="rIdVba" Type="{VBA_REL}" '
                        'Target="vbaProject.bin"/></Relationships>')
    return _rewrite(PUBLISHED, path, {"[Content_Types].xml": types.encode(),
                                      "xl/_rels/workbook.xml.rels": rels.encode()},
                    {"xl/vbaProject.bin": ole_bytes(["PROJECT", "PROJECTwm", "VBA"])})


def no_tables(directory: Path) -> Path:
    """A valid workbook without a single budget table: the staff list or the wrong attachment
    sent instead of the 预算公开 tables."""
    path = directory / "staff-list.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人员名单"
    sheet.append(["姓名", "岗位", "入职年份"])
    for row in (["张三", "科员", 2019], ["李四", "会计", 2021]):
        sheet.append(row)
    book.save(path)
    return path


def table_twice(directory: Path) -> Path:
    """表3 present twice: a unit that kept "表3 (2)", the sheet it copied to try a change."""
    def change(book: openpyxl.Workbook) -> None:
        copy = book.copy_worksheet(book["表3"])
        copy.title = "表3 (2)"

    return _edit(PUBLISHED, directory / "table-twice.xlsx", change)


BAD_CELLS = {  # cell → what a real export has there instead of an amount
    "表6!E15": "#REF!",  # a formula pointing at a deleted sheet, pasted as values
    "表6!D7": "#DIV/0!",
    "表3!E7": datetime(2024, 3, 1),  # "3-1" typed into a number cell turns into a date
    "表5!E7": True,  # a checkbox column pasted over amounts
}


def bad_cells(directory: Path) -> Path:
    """Error values, a date and a boolean where amounts belong (``BAD_CELLS``)."""
    def change(book: openpyxl.Workbook) -> None:
        for where, value in BAD_CELLS.items():
            sheet, _, cell = where.partition("!")
            book[sheet][cell] = value

    return _edit(PUBLISHED, directory / "bad-cells.xlsx", change)


NEGATIVE = "表3!E7"


def negative(directory: Path) -> Path:
    """A negative amount (a refund typed as −100, or a reversal entry) where only ≥ 0 belongs."""
    def change(book: openpyxl.Workbook) -> None:
        sheet, _, cell = NEGATIVE.partition("!")
        book[sheet][cell] = -100

    return _edit(PUBLISHED, directory / "negative.xlsx", change)


HIDDEN = "表10"


def hidden_sheet(directory: Path) -> Path:
    """A table on a hidden sheet: a unit hid 表10 (no 国有资本经营预算) instead of filling it."""
    def change(book: openpyxl.Workbook) -> None:
        book[HIDDEN].sheet_state = "hidden"

    return _edit(PUBLISHED, directory / "hidden.xlsx", change)


MERGED_CODES = ("表6", "A7:A13")  # the 类 code 301 merged down over its 款 rows


def merged_codes(directory: Path) -> Path:
    """Merged cells inside the data rows: published tables often merge a 类 code down over its
    款 rows (here 表6 301 over 30101…30113, which all hold 301). Nothing is lost."""
    def change(book: openpyxl.Workbook) -> None:
        book[MERGED_CODES[0]].merge_cells(MERGED_CODES[1])

    return _edit(PUBLISHED, directory / "merged-codes.xlsx", change)


MERGED_AMOUNTS = ("表6", "D7:E7")  # 合计 and 人员经费 of 30101, both 78.5


def merged_amounts(directory: Path) -> Path:
    """Two amount cells of a data row merged into one (合计 and 人员经费 of 表6 30101, which were
    equal): someone tidying the print layout. Only the first keeps its value."""
    def change(book: openpyxl.Workbook) -> None:
        book[MERGED_AMOUNTS[0]].merge_cells(MERGED_AMOUNTS[1])

    return _edit(PUBLISHED, directory / "merged-amounts.xlsx", change)


HUGE = ("表5!E6", 1e30)


def huge_amount(directory: Path) -> Path:
    """An absurdly large amount (1E+30) in 表5: a broken formula's result, or a long account
    number pasted into an amount cell and shown by Excel in scientific notation."""
    def change(book: openpyxl.Workbook) -> None:
        sheet, _, cell = HUGE[0].partition("!")
        book[sheet][cell] = HUGE[1]

    return _edit(PUBLISHED, directory / "huge-amount.xlsx", change)


FORMULA_CELLS = ("表6!E15", "备注!A1")  # an amount cell, and a sheet fix carries over


def formula_text(directory: Path) -> Path:
    """Text cells that begin with "=": a note pasted from a web page, or an attacker's formula
    stored as text. It must stay text in every output (fix, annotate, --summary). The file name
    begins with "=" too, so that the --summary CSV has such a cell."""
    def change(book: openpyxl.Workbook) -> None:
        book.create_sheet("备注")
        for where in FORMULA_CELLS:
            sheet, _, cell = where.partition("!")
            book[sheet][cell] = FORMULA_TEXT
            book[sheet][cell].data_type = "s"

    return _edit(PUBLISHED, directory / "=1+1.xlsx", change)


READABLE: dict[str, Callable[[Path], Path]] = {
    "macro_xlsm": macro_xlsm,
    "no_tables": no_tables,
    "table_twice": table_twice,
    "bad_cells": bad_cells,
    "negative": negative,
    "hidden_sheet": hidden_sheet,
    "merged_codes": merged_codes,
    "merged_amounts": merged_amounts,
    "huge_amount": huge_amount,
    "formula_text": formula_text,
}

