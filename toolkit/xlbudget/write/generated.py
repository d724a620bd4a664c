"""xlsxwriter: the sheets a regenerated workbook adds — 说明, 修改记录, 原表其他内容, a
department's 单位构成 — and the unknown sheets carried over by value. Every text is written as a
string cell: nothing a user typed can turn into a formula here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xlbudget.narrative.render import Paragraph
from xlbudget.read.carried import (
    COMPOSITION_COLUMNS,
    COMPOSITION_SHEET,
    LOG_COLUMNS,
    LOG_SHEET,
    NARRATIVE_SHEET,
    STRAY_COLUMNS,
    STRAY_SHEET,
    Carried,
)
from xlbudget.read.grid import Uncached
from xlbudget.write.formats import Formats
from xlbudget.write.layout import row_height, text_lines

NARRATIVE_WIDTH = 64  # characters (CJK count double): fits an A4 portrait line



def write_narrative(book: Workbook, formats: Formats, paragraphs: list[Paragraph]) -> None:
    sheet = book.add_worksheet(NARRATIVE_SHEET)
    sheet.set_column(0, 0, NARRATIVE_WIDTH)
    heading = book.add_format({"font_name": "黑体", "font_size": 12, "bold": True,
                               "text_wrap": True, "valign": "top"})
    for row, paragraph in enumerate(paragraphs):
        fmt = heading if paragraph.level else formats.note
        sheet.write_string(row, 0, paragraph.text, fmt)
        if paragraph.level:  # 12-pt bold: fewer characters a line, taller lines
            lines = text_lines(paragraph.text, NARRATIVE_WIDTH * 10 // 12)
            sheet.set_row(row, 17.0 * lines + 4 if lines > 1 else 20.0)
        else:
            sheet.set_row(row, row_height(text_lines(paragraph.text, NARRATIVE_WIDTH)))
    sheet.set_paper(9)
    sheet.set_margins(left=0.7, right=0.7, top=0.8, bottom=0.8)
    sheet.fit_to_pages(1, 0)


def _table(sheet: Worksheet, formats: Formats, columns: tuple[str, ...],
           rows: Sequence[tuple[str, ...]], widths: tuple[int, ...]) -> None:
    for col, (label, width) in enumerate(zip(columns, widths, strict=True)):
        sheet.write_string(0, col, label, formats.header)
        sheet.set_column(col, col, width)
    for index, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            sheet.write_string(index, col, value or "", formats.text)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, 0)


def write_log(book: Workbook, formats: Formats, extras: Carried) -> None:
    if not extras.log:
        return
    rows = [(e.cell, e.before or "", e.after or "", e.rule, e.note) for e in extras.log]
    _table(book.add_worksheet(LOG_SHEET), formats, LOG_COLUMNS, rows, (16, 18, 18, 14, 60))


def write_composition(book: Workbook, formats: Formats, extras: Carried) -> None:
    if extras.composition:
        _table(book.add_worksheet(COMPOSITION_SHEET), formats, COMPOSITION_COLUMNS,
               extras.composition, (36, 12, 30, 20, 18, 18))


def write_stray(book: Workbook, formats: Formats, extras: Carried) -> None:
    if extras.stray:
        _table(book.add_worksheet(STRAY_SHEET), formats, STRAY_COLUMNS, extras.stray,
               (16, 10, 80))


def _cell(sheet: Worksheet, row: int, col: int, value: object) -> None:
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value))
    elif isinstance(value, datetime | date | time):
        sheet.write_string(row, col, value.isoformat())
    elif isinstance(value, Uncached):
        sheet.write_string(row, col, value.formula)  # its result was never saved
    else:
        sheet.write_string(row, col, str(value))


def write_carried(book: Workbook, extras: Carried, taken: set[str]) -> None:
    """Unknown sheets, by value, under their own names (formulas become their values)."""
    for name, values in extras.sheets.items():
        if name in taken:
            continue
        sheet = book.add_worksheet(name)
        for (row, col), value in sorted(values.items()):
            _cell(sheet, row - 1, col - 1, value)
