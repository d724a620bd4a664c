"""A workbook file → one :class:`~xlbudget.read.grid.Grid` per sheet.

python-calamine reads the values of .xlsx/.xlsm, legacy .xls, .xlsb and OpenDocument .ods fast
(a budget book in milliseconds), with merged ranges and sheet visibility. For an .xlsx, one pass
over its XML (:mod:`.rawxml`) adds what calamine does not give: formula text (a formula saved
without a value is kept as :class:`Uncached` and evaluated later, never read as 0), error values
and xlbudget's own profile property. ``engine="openpyxl"`` reads the values with openpyxl's
read-only mode instead (the tests prove both give the same findings). Damaged or hostile files
become :class:`UnreadableError`, never a traceback.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from xlbudget.read.grid import Grid, Uncached
from xlbudget.read.rawxml import RawParts, raw_parts
from xlbudget.read.safety import Limits, Refused, UnreadableError, inspect

Values = dict[tuple[int, int], object]

# What a damaged or hostile file raises inside calamine, openpyxl, zipfile, zlib or XML parsers.
DAMAGED: tuple[type[BaseException], ...] = (zipfile.BadZipFile, KeyError, OSError, ValueError,
                                            SyntaxError, EOFError, zlib.error, ParseError,
                                            RuntimeError, TypeError, IndexError)


def load_grids(path: Path, engine: str = "calamine") -> tuple[list[Grid], RawParts]:
    """Every sheet of ``path`` as a grid, and the .xlsx's raw parts (for an .xls or .ods, only
    the formulas)."""
    limits = Limits.from_env()
    try:
        kind = inspect(path, limits)
        if kind == "pdf":
            from xlbudget.read.pdf import read_pdf

            book = read_pdf(path, limits)
            return list(book.grids), RawParts(text=book.text)
        raw = (raw_parts(path, limits) if kind == "xlsx"
               else RawParts(formulas=_formulas(path, kind)))
        sheets = (_openpyxl(path) if engine == "openpyxl" and kind == "xlsx"
                  else _calamine(path, limits))
        return _grids(sheets, raw, limits), raw
    except Refused as exc:
        raise UnreadableError(exc.zh, exc.en) from exc
    except UnreadableError:
        raise
    except DAMAGED as exc:
        raise _damaged(exc) from exc
    except Exception as exc:  # calamine's own errors (CalamineError, PanicException …)
        raise _damaged(exc) from exc


def _formulas(path: Path, kind: str) -> dict[str, dict[tuple[int, int], str]]:
    """Formula text of an .xls or .ods (an .xlsb's formulas are not read: its totals are
    taken as typed)."""
    if kind == "xls":
        from xlbudget.read.biff import xls_formulas

        return xls_formulas(path)
    if kind == "ods":
        from xlbudget.read.odsxml import ods_formulas

        return ods_formulas(path)
    return {}


def _grids(sheets: Iterator[tuple[str, Values, bool, list[tuple[int, int, int, int]]]],
           raw: RawParts, limits: Limits) -> list[Grid]:
    grids: list[Grid] = []
    cells = 0
    for name, values, hidden, merged in sheets:
        if len(grids) >= limits.sheets:
            raise UnreadableError(f"工作表超过 {limits.sheets} 张的上限，已拒绝",
                                  f"more than {limits.sheets} sheets: refused")
        values.update(raw.errors.get(name, {}))
        for (r, c), formula in raw.uncached.get(name, {}).items():
            values[(r, c)] = Uncached(formula)
        cells += len(values)
        if cells > limits.cells:
            raise UnreadableError(f"单元格超过 {limits.cells} 个的上限，已拒绝",
                                  f"more than {limits.cells} cells: refused")
        grids.append(Grid(name, values, raw.merged.get(name, merged),
                          max((r for r, _ in values), default=0),
                          max((c for _, c in values), default=0), hidden,
                          raw.formulas.get(name, {})))
    return grids


def _calamine(path: Path, limits: Limits
              ) -> Iterator[tuple[str, Values, bool, list[tuple[int, int, int, int]]]]:
    from python_calamine import CalamineWorkbook

    with path.open("rb") as stream:  # by content, not by name: an .xls renamed .xlsx is read
        book = CalamineWorkbook.from_filelike(stream)
    if not book.sheet_names:
        raise UnreadableError("文件中没有任何工作表，可能已损坏或并非工作簿",
                              "the file holds no sheet: damaged, or not a workbook")
    visible = {m.name: str(m.visible).endswith("Visible") for m in book.sheets_metadata}
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        if sheet.total_height > limits.rows:
            raise UnreadableError(f"工作表“{name}”超过 {limits.rows} 行的上限，已拒绝",
                                  f"sheet {name!r} has more than {limits.rows} rows: refused")
        top, left = sheet.start or (0, 0)
        values: Values = {}
        for r, row in enumerate(sheet.to_python(), start=top + 1):
            for c, value in enumerate(row, start=left + 1):
                if value != "" and value is not None:
                    values[(r, c)] = _plain(value)
        merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1)
                  for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
        yield name, values, not visible.get(name, True), merged


def _openpyxl(path: Path) -> Iterator[tuple[str, Values, bool, list[tuple[int, int, int, int]]]]:
    import openpyxl

    book: Any = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
    try:
        for sheet in book.worksheets:
            values: Values = {}
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                for c, value in enumerate(row, start=1):
                    if value is not None:
                        values[(r, c)] = _plain(value)
            yield sheet.title, values, getattr(sheet, "sheet_state", "visible") != "visible", []
    finally:
        book.close()


def _plain(value: object) -> object:
    """The same value whichever engine read it: a whole number is an ``int`` (calamine gives
    every number as a float: a code typed as a number, 2010101, must not read "2010101.0"); a
    date at midnight is a ``date`` (openpyxl gives a ``datetime``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == time():
        return value.date()
    return value


def _damaged(exc: BaseException) -> UnreadableError:
    reason = " ".join(str(exc).split())[:200] or type(exc).__name__
    return UnreadableError(f"文件已损坏，无法作为工作簿读取（{reason}）",
                           f"the file is damaged and cannot be read as a workbook ({reason})")
