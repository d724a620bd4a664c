"""A coded row's code: 类/款/项 in three columns (zeros lost, a blank 类 meaning "same as
above"), in one column (``2011308``, ``201.03.01``), or in the name's cell (``2011308 招商引资``);
a malformed code read by its position; 类 rows printed as chapter headings with no code. Pure.
"""

from __future__ import annotations

import re

from xlbudget.model import Row
from xlbudget.read.cells import code_part, combined_code, split_code_name
from xlbudget.read.locate import Located
from xlbudget.spec.model import Block, RowSource
from xlbudget.text import fold, name_key

_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(\S.*)$")


class HeadingCodes:
    """类 rows printed as chapter headings with no code (``一、一般公共服务支出``): the 类 whose
    name follows the numeral — or, when the name is not the catalogue's, the 类 its next coded
    row belongs to."""

    def __init__(self, names: dict[str, str], last: dict[str, str]) -> None:
        self.by_name = {fold(n): c for c, n in names.items() if len(c) == 3}
        self.last = last
        self.pending: Row | None = None

    def place(self, row: Row) -> None:
        if row.code:
            if self.pending is not None:
                self.pending.code = self.last["lei"] = row.code[:3]
                self.pending = None
            return
        if row.project:
            return
        heading = _HEADING.match(row.name)
        if heading is None:  # a 类 printed by its name alone, with no code and no numeral
            code = self.by_name.get(fold(row.name))
            if code:
                row.code = self.last["lei"] = code
                self.last["kuan"] = ""
            return
        row.name = heading.group(1).strip()  # the numeral is the chapter's, not the name's
        code = self.by_name.get(fold(row.name))
        if code:
            row.code = self.last["lei"] = code
            self.last["kuan"] = ""
        else:
            self.pending = row




def code_texts(located: Located, block: Block, row: int) -> list[str]:
    """The texts of a row's code cells (a 合计 may stand in one)."""
    cols = [located.columns.get((block.key, k)) for k in ("lei", "kuan", "xiang")]
    cols.append(located.combined_code.get(block.key))
    return [located.grid.text(row, c) for c in cols if c]


def row_code(located: Located, block: Block, row: int, last: dict[str, str],
             named: tuple[str, dict[str, str]]) -> tuple[str, str | None, str | None]:
    """(code for the tree, its cell, the code as printed when that differs). ``last`` holds
    the 类 and 款 of the rows above; ``named`` the row's name and the catalogue's names."""
    grid = located.grid
    combined = located.combined_code.get(block.key)
    if combined:
        value = grid.get(row, combined)
        if block.key in located.code_with_name:
            value = split_code_name(grid.text(row, combined))[0]
        code = combined_code(value) or ""
        if not code.isdigit():
            return "", grid.cell_ref(row, combined), None
        lengths = (3, 5) if block.rows is RowSource.ECONOMIC else (3, 5, 7)
        printed = None
        if len(code) not in lengths:
            meant = _meant_by_position(code, last, *named)
            if meant is not None:
                printed, code = code, meant
        if len(code) in lengths:
            last["lei"], last["kuan"] = code[:3], code[:5] if len(code) > 3 else ""
        return code, grid.cell_ref(row, combined), printed
    cols = {k: located.columns.get((block.key, k)) for k in ("lei", "kuan", "xiang")}
    parts = {k: code_part(grid.get(row, c), WIDTHS[k]) if c else None
             for k, c in cols.items()}
    if not any(parts.values()):
        return "", None, None
    malformed = next((k for k, p in parts.items() if p and not _well_formed(p, k)), None)
    printed = "".join(p or "" for p in parts.values())
    _repair_by_position(parts, last)
    # A blank 类 (or 款) cell on a lower-level row means "same as the row above".
    kuan = parts["kuan"] or (last["kuan"] if parts["xiang"] else "")
    lei = parts["lei"] or (last["lei"] if kuan else "")
    last["lei"], last["kuan"] = lei, kuan
    code = f"{lei}{kuan}{parts['xiang'] or ''}"
    # The finest part printed on the row names it (a 项 row's 项 cell) — or the malformed one.
    cell = cols[malformed] if malformed else next(
        (cols[k] for k in ("xiang", "kuan", "lei") if parts[k] and cols[k]), None)
    return (code, grid.cell_ref(row, cell) if cell else None,
            printed if malformed and printed != code else None)


WIDTHS = {"lei": 3, "kuan": 2, "xiang": 2}


def _well_formed(part: str, level: str) -> bool:
    return part.isdigit() and len(part) == WIDTHS[level]


def _repair_by_position(parts: dict[str, str | None], last: dict[str, str]) -> None:
    """A malformed 类 or 款 cell (``2085`` typed for 208) on a row whose finer parts are printed
    is read as the one of the rows above it, so the row stays in its place in the tree; the
    schema still reports the code as printed."""
    for level, finer in (("lei", ("kuan", "xiang")), ("kuan", ("xiang",))):
        part = parts[level]
        if part and not _well_formed(part, level) and any(parts[f] for f in finer):
            parts[level] = last[level] or None


def _meant_by_position(code: str, last: dict[str, str], name: str, names: dict[str, str]
                       ) -> str | None:
    """A malformed one-column code (``20850502`` under 款 20805) read as the one code it is a
    digit away from that fits under the rows above it (2080502) — preferring the catalogue's
    code of the row's name — so the row keeps its place; the schema reports the code as
    printed. None when no code, or more than one, fits."""
    near = {code[:i] + code[i + 1:] for i in range(len(code))}
    near |= {code[:i] + d + code[i:] for i in range(len(code) + 1) for d in "0123456789"}
    fitting = {c for c in near if (len(c) == 7 and last["kuan"] and c.startswith(last["kuan"]))
               or (len(c) == 5 and last["lei"] and c.startswith(last["lei"]))}
    if len(fitting) > 1:
        fitting = {c for c in fitting if name_key(names.get(c, "")) == name_key(name)}
    return fitting.pop() if len(fitting) == 1 else None
