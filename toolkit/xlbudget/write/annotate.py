"""A copy of the checked workbook with every involved cell filled and commented.

openpyxl edits the user's own file layout in place (in a copy), which xlsxwriter cannot do; the
input is never written to."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from xlbudget.check.findings import SEVERITY_ORDER, SEVERITY_ZH, Finding, Kind, Lang, Severity
from xlbudget.fileio import atomic_path

FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}
CAUSE = PatternFill("solid", fgColor="FF5B5B")  # red: the cell that is wrong
CONSEQUENCE = PatternFill("solid", fgColor="F8B26A")  # orange: a figure it puts out of line
ROOTS = (Kind.CAUSE, Kind.AMBIGUOUS, Kind.STRUCTURE)


def annotate(source: Path, findings: list[Finding], target: Path, lang: Lang = Lang.ZH) -> int:
    """Write ``target``; returns how many cells were marked. Refuses to write over ``source``."""
    if target.resolve() == source.resolve():
        raise ValueError("the annotated copy must not replace the checked workbook")
    book = openpyxl.load_workbook(source)
    notes: dict[tuple[str, str], list[Finding]] = {}
    roots: set[tuple[str, str]] = set()
    carried: dict[tuple[str, str], list[Finding]] = {}  # cells a root cause puts out of line
    for finding in findings:
        for where in _places(book, finding.cells):
            notes.setdefault(where, []).append(finding)
            if finding.kind in ROOTS:
                roots.add(where)
        for consequence in finding.consequences if finding.kind in ROOTS else ():
            for where in _places(book, consequence.cells):
                carried.setdefault(where, []).append(finding)
    for where in set(notes) | set(carried):
        cell = book[where[0]][where[1]]
        marks = notes.get(where, [])
        if where in roots:
            cell.fill = CAUSE
        elif where in carried and not any(f.severity is Severity.ERROR for f in marks):
            cell.fill = CONSEQUENCE
        else:
            cell.fill = FILLS[min((f.severity for f in marks),
                                  key=SEVERITY_ORDER.__getitem__)]
        text = "\n".join([f"[{f.rule}] {f.message(lang)}" for f in marks]
                         + [_carried(f, lang) for f in carried.get(where, [])])
        cell.comment = Comment(text[:30000], "xlbudget", width=420, height=160)
    _summary_sheet(book, findings, lang)
    with atomic_path(target) as tmp:
        book.save(tmp)
    return len(notes)


def _places(book: openpyxl.Workbook, cells: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for cell in cells:
        sheet, _, address = cell.rpartition("!")
        if sheet in book.sheetnames and address:
            out.append((sheet, address))
    return out


def _carried(cause: Finding, lang: Lang) -> str:
    cells = "、".join(cause.cells)
    if lang is Lang.ZH:
        return f"[{cause.rule}] 因 {cells} 有误而不一致（此格本身不一定有误）"
    return f"[{cause.rule}] out of line because {cells} is wrong (this cell may be right)"


HEADERS = {
    Lang.ZH: ("级别", "规则", "表", "单元格", "应为", "实为", "说明"),
    Lang.EN: ("severity", "rule", "table", "cells", "expected", "actual", "message"),
}


def _text(cell: Cell, value: str | None) -> None:
    """A plain text cell: text starting with = + - @ must never become a formula."""
    cell.value = value
    if value is not None:
        cell.data_type = "s"


def _summary_sheet(book: openpyxl.Workbook, findings: list[Finding], lang: Lang) -> None:
    """A first sheet listing every finding, each linked to its first cell."""
    title = "校验结果" if lang is Lang.ZH else "xlbudget findings"
    while title in book.sheetnames:
        title += "_"
    sheet = book.create_sheet(title, 0)
    for col, header in enumerate(HEADERS[lang], start=1):
        _text(sheet.cell(1, col), header)
        sheet.cell(1, col).font = Font(bold=True)
    for row, finding in enumerate(findings, start=2):
        severity = SEVERITY_ZH[finding.severity] if lang is Lang.ZH else str(finding.severity)
        values = (severity, finding.rule, finding.table, " ".join(finding.cells),
                  finding.expected, finding.actual, finding.message(lang))
        for col, value in enumerate(values, start=1):
            _text(sheet.cell(row, col), value)
        sheet.cell(row, 1).fill = FILLS[finding.severity]
        sheet.cell(row, 7).alignment = Alignment(wrap_text=True, vertical="top")
        if finding.cells and "!" in finding.cells[0]:
            target_sheet, _, address = finding.cells[0].rpartition("!")
            sheet.cell(row, 4).hyperlink = f"#'{target_sheet}'!{address}"
    for letter, width in zip("ABCDEFG", (8, 16, 8, 24, 18, 18, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
