"""The parts of an .xlsx a values reader does not give, from one pass over its XML.

python-calamine reads cached values; this pass adds merged ranges, every formula's text (and
which were saved without a value), error values such as ``#REF!`` (which calamine reads as
blank), each sheet's extent (checked against the limits before any reader sizes a grid), and
xlbudget's own profile property.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from xlbudget.read.formulas import col_index
from xlbudget.read.safety import Limits, UnreadableError

_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_FORMULA = re.compile(rb"<f([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_SI = re.compile(rb'si="(\d+)"')
_CACHED = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")  # openpyxl writes an empty <v></v>

_SHEET_ENTRY = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


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
_ERROR = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*\bt="e"[^>]*>(?:<f[^>]*?(?:/>|>.*?</f>))?'
                    rb'<v>([^<]*)</v>', re.S)
_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"')
_CUSTOM_PROFILE = re.compile(rb'name="xlbudget_profile"[^>]*>\s*<vt:lpwstr[^>]*>([^<]+)<')


@dataclass
class RawParts:
    """What a values reader does not give: merged ranges, formulas (all of them, and those
    saved without a value), error values (#REF! …), each sheet's extent, and xlbudget's own
    profile property. One pass over the zip."""

    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    uncached: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    profile: str | None = None
    text: str = ""  # a PDF's running text (its 说明 …), outside its tables


def raw_parts(path: Path, limits: Limits) -> RawParts:
    """The pass over an .xlsx's XML; a sheet beyond the row or cell limits is refused here,
    before any reader sizes a grid from it."""
    raw = RawParts()
    with zipfile.ZipFile(path) as archive:
        for sheet, member in sheet_members(archive).items():
            data = archive.read(member)
            _check_extent(sheet, data, limits)
            raw.merged[sheet] = [
                (int(r1), col_index(c1.decode()), int(r2), col_index(c2.decode()))
                for c1, r1, c2, r2 in _MERGE.findall(data)
            ]
            if b"<f" in data:
                raw.formulas[sheet], raw.uncached[sheet] = _formulas(data)
            if b't="e"' in data:
                raw.errors[sheet] = {(int(r), col_index(c.decode())): html.unescape(v.decode())
                                     for c, r, v in _ERROR.findall(data)}
        if "docProps/custom.xml" in archive.namelist():
            match = _CUSTOM_PROFILE.search(archive.read("docProps/custom.xml"))
            raw.profile = match.group(1).decode() if match else None
    return raw


def _formulas(data: bytes) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """Formula cells of one sheet's XML, (row, col) → formula: all of them, and those saved
    without a cached value. Cells are counted as they are met, so a sheet of millions of
    formulas is refused rather than collected."""
    every: dict[tuple[int, int], str] = {}
    found: dict[tuple[int, int], str] = {}
    shared: dict[bytes, tuple[str, str]] = {}
    for match_cell in _CELL.finditer(data):  # the extent was checked first
        col, row, body = match_cell.groups()
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
            from openpyxl.formula.translate import Translator  # only for shared formulas

            text = Translator(f"={origin_text}", origin).translate_formula(where)[1:]
        if text:
            every[(int(row), col_index(col.decode()))] = text
            if not _CACHED.search(body):
                found[(int(row), col_index(col.decode()))] = text
    return every, found


def _check_extent(sheet: str, data: bytes, limits: Limits) -> None:
    """Refuse a sheet whose cells reach past the row limit, or that has more cells than the
    limit — also a few cells far apart, which a dense reader would allocate in between."""
    rows = cols = count = 0
    for col, row in _REF.findall(data):
        count += 1
        rows, cols = max(rows, int(row)), max(cols, col_index(col.decode()))
    if rows > limits.rows:
        raise UnreadableError(f"工作表“{sheet}”超过 {limits.rows} 行的上限，已拒绝",
                              f"sheet {sheet!r} has more than {limits.rows} rows: refused")
    if count > limits.cells or rows * cols > 20 * limits.cells:
        raise UnreadableError(
            f"工作表“{sheet}”超过 {limits.cells} 个单元格的上限，已拒绝",
            f"sheet {sheet!r} has more than {limits.cells} cells: refused")
