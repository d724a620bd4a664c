"""Patch the user's own workbook in place: only the planned cells change, everything else stays.

openpyxl opens the workbook as it is — every sheet, title, label, style, merge, number format,
column width, print setting and formula — and only the cells of the :class:`~.plan.Plan` are
written: an amount (back in the sheet's own unit) or a name. Each changed cell is filled and
carries a comment (原值 → 新值, the rule, why the change is certain); a 修改记录 sheet lists every
change (appended to on a second fix); the 说明 is written on a sheet of its own. The file is
saved beside its target and renamed onto it only when complete, with every formula's result
saved (:mod:`xlbudget.write.cached`). Text is always written as text, never as a formula.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlbudget.fileio import atomic_path
from xlbudget.fix.plan import Change
from xlbudget.narrative.render import Paragraph
from xlbudget.read.carried import LOG_COLUMNS, LOG_SHEET, NARRATIVE_SHEET
from xlbudget.read.safety import UnreadableError
from xlbudget.write.cached import refresh

CHANGED = PatternFill("solid", fgColor="C6EFCE")  # light green: xlbudget wrote this cell
OURS = "xlbudget_narrative"  # defined name marking the 说明 sheet xlbudget wrote
HEADING = Font(name="黑体", bold=True, size=12)


class FormulaCell(ValueError):
    """A planned cell holds a formula in the book being patched (the reader saw none there):
    nothing is written, since fix never overwrites a formula."""

    def __init__(self, cell: str) -> None:
        super().__init__(f"{cell} holds a formula: fix never overwrites one")
        self.cell = cell


def patch(source: Path, target: Path, changes: list[Change], narrative: list[Paragraph]
          ) -> None:
    """Write ``target``: ``source`` with ``changes`` applied, logged and the 说明 added."""
    with tempfile.TemporaryDirectory(prefix="xlbudget-") as work:
        book = _load(source, Path(work))
    for change in changes:
        _apply(book, change)
    _log(book, changes)
    if narrative:
        _narrative(book, narrative)
    with tempfile.TemporaryDirectory(prefix="xlbudget-") as work:
        draft = Path(work) / "draft.xlsx"
        book.save(draft)
        refresh(draft, source)
        with atomic_path(target) as tmp:
            shutil.copyfile(draft, tmp)


_NONFINITE = re.compile(r'<c ([^>]*?)>\s*<v>\s*([+-]?(?:nan|inf|infinity))\s*</v>\s*</c>',
                        re.I)


def _load(source: Path, work: Path) -> Workbook:
    """The workbook, for editing. A number cell holding NaN or ±inf (other writers store them;
    the check reported each as R.amount) is one openpyxl cannot load: such cells are kept as
    the text they hold (``NaN``), in a copy, and the rest is edited as usual."""
    try:
        return openpyxl.load_workbook(source, keep_vba=False)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        copy = work / "loadable.xlsx"
        if _texts_for_nonfinite(source, copy):
            try:
                return openpyxl.load_workbook(copy, keep_vba=False)
            except (ValueError, KeyError, TypeError, IndexError):
                pass
        raise UnreadableError(
            f"原表中有无法在原版式上写回的内容（{type(exc).__name__}）：未作任何修改；可用 "
            "--to-template 按标准模板重新生成（无法读取的单元格记入“原表其他内容”）",
            f"the workbook holds what cannot be written back in its own layout "
            f"({type(exc).__name__}): nothing was changed; --to-template regenerates it in the "
            "standard template (cells that cannot be read are kept on 原表其他内容)") from None


def _texts_for_nonfinite(source: Path, target: Path) -> int:
    """Copy ``source`` with every NaN/±inf number cell written as its text; how many."""
    count = 0

    def as_text(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        attrs = re.sub(r'\s*t="[^"]*"', "", match.group(1))
        return f'<c {attrs} t="inlineStr"><is><t>{match.group(2)}</t></is></c>'

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml"):
                data = _NONFINITE.sub(as_text, data.decode("utf-8")).encode("utf-8")
            new.writestr(item, data)
    return count


def _apply(book: Workbook, change: Change) -> None:
    sheet, _, address = change.cell.rpartition("!")
    cell = book[sheet][address]
    if cell.data_type == "f":
        raise FormulaCell(change.cell)
    if isinstance(change.after, Decimal):
        raw = change.after * change.scale
        cell.value = int(raw) if raw == raw.to_integral_value() else float(raw)
    else:
        _text(cell, _renamed(cell.value, change.before, change.after))
    cell.fill = CHANGED
    note = (f"xlbudget 修改：{change.text(change.before)} → {change.text(change.after)}\n"
            f"规则 {change.rule}：{change.why_zh}")
    cell.comment = Comment(note, "xlbudget", width=320, height=90)


def _renamed(printed: object, before: object, after: str) -> str:
    """The new name, keeping what the cell prints around the old one (``一、`` before a 类
    printed as a chapter heading)."""
    text = str(printed or "").rstrip()
    old = str(before or "")
    if old and text.endswith(old) and text != old:
        return text[: len(text) - len(old)] + after
    return after


def _text(cell: Cell, value: str | None) -> None:
    """A plain text cell: text starting with = + - @ must never become a formula."""
    cell.value = value
    if value is not None:
        cell.data_type = "s"


def _log(book: Workbook, changes: list[Change]) -> None:
    if not changes and LOG_SHEET not in book.sheetnames:
        return
    if LOG_SHEET in book.sheetnames:
        sheet = book[LOG_SHEET]
    else:
        sheet = book.create_sheet(LOG_SHEET)
        for col, title in enumerate(LOG_COLUMNS, start=1):
            _text(sheet.cell(1, col), title)
            sheet.cell(1, col).font = Font(bold=True)
        for letter, width in zip("ABCDE", (16, 16, 16, 12, 60), strict=True):
            sheet.column_dimensions[letter].width = width
    row = sheet.max_row + 1
    for change in changes:
        values = (change.cell, change.text(change.before), change.text(change.after),
                  change.rule, change.why_zh)
        for col, value in enumerate(values, start=1):
            _text(sheet.cell(row, col), value)
        row += 1


def _narrative(book: Workbook, paragraphs: list[Paragraph]) -> None:
    """The 说明 on its own sheet: xlbudget's earlier one is replaced; a sheet the user named 说明
    is never touched (ours is then 说明（生成）)."""
    name = _narrative_sheet(book)
    if name in book.sheetnames:
        book.remove(book[name])
    sheet: Worksheet = book.create_sheet(name)
    sheet.column_dimensions["A"].width = 64
    for row, paragraph in enumerate(paragraphs, start=1):
        cell = sheet.cell(row, 1)
        _text(cell, paragraph.text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if paragraph.level:
            cell.font = HEADING
    book.defined_names[OURS] = DefinedName(OURS, attr_text=f"'{name}'!$A$1")


def _narrative_sheet(book: Workbook) -> str:
    marked = book.defined_names.get(OURS)
    if marked is not None and marked.attr_text:
        return str(marked.attr_text).split("!")[0].strip("'")
    return NARRATIVE_SHEET if NARRATIVE_SHEET not in book.sheetnames else "说明（生成）"
