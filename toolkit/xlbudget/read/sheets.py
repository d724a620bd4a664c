"""A workbook file → one :class:`~xlbudget.read.grid.Grid` per sheet (openpyxl, read-only).

openpyxl's read-only mode gives values; one raw pass over the zip adds what it does not give:
merged ranges, formulas saved without a cached value (kept as :class:`Uncached`), and xlbudget's
own profile property. Damaged or hostile files become :class:`UnreadableError`, never a traceback.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.formula.translate import Translator
from openpyxl.utils.exceptions import InvalidFileException

from xlbudget.read.formulas import col_index
from xlbudget.read.grid import Grid, Uncached
from xlbudget.read.safety import Limits, Refused, UnreadableError, inspect

_SHEET_ENTRY = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_FORMULA = re.compile(rb"<f([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_SI = re.compile(rb'si="(\d+)"')
_CACHED = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")  # openpyxl writes an empty <v></v>


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML member in the zip."""
    book = archive.read("xl/workbook.xml")
    rels_xml = archive.read("xl/_rels/workbook.xml.rels")
    rels = {rid: target for rid, target in _REL.findall(rels_xml)}
    rels.update({rid: target for target, rid in _REL_REVERSED.findall(rels_xml)})
    out = {}
    for name, rid in _SHEET_ENTRY.findall(book):
        target = rels.get(rid, b"").decode()
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out[html.unescape(name.decode())] = path
    return out


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CUSTOM_PROFILE = re.compile(rb'name="xlbudget_profile"[^>]*>\s*<vt:lpwstr[^>]*>([^<]+)<')


@dataclass
class RawParts:
    """What openpyxl's read-only mode does not give: merged ranges, formulas (all of them, and
    those saved without a value), and xlbudget's own profile property. One pass over the zip."""

    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    uncached: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    profile: str | None = None


def _raw(path: Path, limits: Limits) -> RawParts:
    raw = RawParts()
    with zipfile.ZipFile(path) as archive:
        for sheet, member in sheet_members(archive).items():
            data = archive.read(member)
            raw.merged[sheet] = [
                (int(r1), col_index(c1.decode()), int(r2), col_index(c2.decode()))
                for c1, r1, c2, r2 in _MERGE.findall(data)
            ]
            if b"<f" in data:
                raw.formulas[sheet], raw.uncached[sheet] = _formulas(data, limits)
        if "docProps/custom.xml" in archive.namelist():
            match = _CUSTOM_PROFILE.search(archive.read("docProps/custom.xml"))
            raw.profile = match.group(1).decode() if match else None
    return raw


def _formulas(data: bytes, limits: Limits
              ) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """Formula cells of one sheet's XML, (row, col) → formula: all of them, and those saved
    without a cached value. Cells are counted as they are met, so a sheet of millions of
    formulas is refused rather than collected."""
    every: dict[tuple[int, int], str] = {}
    found: dict[tuple[int, int], str] = {}
    shared: dict[bytes, tuple[str, str]] = {}
    for index, match_cell in enumerate(_CELL.finditer(data)):
        col, row, body = match_cell.groups()
        if index > limits.cells or int(row) > limits.rows:
            raise UnreadableError(
                f"工作表超过 {limits.rows} 行或 {limits.cells} 个单元格的上限，已拒绝",
                f"a sheet exceeds {limits.rows} rows or {limits.cells} cells: refused")
        match = _FORMULA.search(body) if body and b"<f" in body else None
        if not match:
            continue
        attrs, text = match.group(1), html.unescape((match.group(2) or b"").decode())
        where = f"{col.decode()}{row.decode()}"
        si = _SI.search(attrs)
        if si and text:
            shared[si.group(1)] = (text, where)
        elif si and si.group(1) in shared:
            origin_text, origin = shared[si.group(1)]
            text = Translator(f"={origin_text}", origin).translate_formula(where)[1:]
        if text:
            every[(int(row), col_index(col.decode()))] = text
            if not _CACHED.search(body):
                found[(int(row), col_index(col.decode()))] = text
    return every, found


def load_grids(path: Path) -> tuple[list[Grid], RawParts]:
    limits = Limits.from_env()
    try:
        inspect(path, limits)
        raw = _raw(path, limits)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
    except Refused as exc:
        raise UnreadableError(exc.zh, exc.en) from exc
    except DAMAGED as exc:
        raise _damaged(exc) from exc
    grids: list[Grid] = []
    try:
        for sheet in book.worksheets:
            _check_cells(sum(len(g.values) for g in grids), limits)
            values: dict[tuple[int, int], object] = {}
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if r > limits.rows:
                    raise UnreadableError(
                        f"工作表“{sheet.title}”超过 {limits.rows} 行的上限，已拒绝",
                        f"sheet {sheet.title!r} has more than {limits.rows} rows: refused")
                for c, value in enumerate(row, start=1):
                    if value is not None:
                        values[(r, c)] = value
            for (r, c), formula in raw.uncached.get(sheet.title, {}).items():
                values[(r, c)] = Uncached(formula)
            max_row = max((r for r, _ in values), default=0)
            max_col = max((c for _, c in values), default=0)
            grids.append(
                Grid(
                    sheet.title,
                    values,
                    raw.merged.get(sheet.title, []),
                    max_row,
                    max_col,
                    getattr(sheet, "sheet_state", "visible") != "visible",
                    raw.formulas.get(sheet.title, {}),
                )
            )
    except DAMAGED as exc:
        raise _damaged(exc) from exc
    finally:
        book.close()
    return grids, raw


# What a damaged or hostile member raises inside openpyxl, zipfile, zlib or the XML parsers.
DAMAGED = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError,
           SyntaxError, EOFError, zlib.error, ParseError)


def _damaged(exc: BaseException) -> UnreadableError:
    reason = " ".join(str(exc).split())[:200]
    return UnreadableError(f"文件已损坏，无法作为 .xlsx 工作簿读取（{reason}）",
                           f"the file is damaged and cannot be read as an .xlsx workbook "
                           f"({reason})")


def _check_cells(count: int, limits: Limits) -> None:
    if count > limits.cells:
        raise UnreadableError(f"单元格超过 {limits.cells} 个的上限，已拒绝",
                              f"more than {limits.cells} cells: refused")
