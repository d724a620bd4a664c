"""A copy of the checked workbook with every involved cell filled and commented.

openpyxl edits the user's own file layout in place (in a copy), which xlsxwriter cannot do; the
input is never written to."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from xlbudget.fileio import atomic_path
from xlbudget.findings import SEVERITY_ORDER, Finding, Severity
from xlbudget.messages import Lang

FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}


def annotate(source: Path, findings: list[Finding], target: Path, lang: Lang = Lang.ZH) -> int:
    """Write ``target``; returns how many cells were marked. Refuses to write over ``source``."""
    if target.resolve() == source.resolve():
        raise ValueError("the annotated copy must not replace the checked workbook")
    book = openpyxl.load_workbook(source)
    notes: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        for cell in finding.cells:
            sheet, _, address = cell.rpartition("!")
            if sheet in book.sheetnames and address:
                notes.setdefault((sheet, address), []).append(finding)
    for (sheet, address), marks in notes.items():
        cell = book[sheet][address]
        worst = min((f.severity for f in marks), key=SEVERITY_ORDER.__getitem__)
        cell.fill = FILLS[worst]
        text = "\n".join(f"[{f.rule}] {f.message(lang)}" for f in marks)
        cell.comment = Comment(text[:30000], "xlbudget", width=420, height=160)
    with atomic_path(target) as tmp:
        book.save(tmp)
    return len(notes)
