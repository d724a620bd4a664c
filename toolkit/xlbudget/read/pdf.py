"""A published 预算公开 PDF → grids, for the same locate and read stages as a workbook: a PDF is
one more source of grids, not a second reader.

pdfplumber (pdfminer.six underneath; pure Python, kept up, reads the text layer the budget
system and WPS write) finds each table page's ruled grid with its ``lines`` strategy. Every
table page becomes rows of the one grid, in page order: the lines printed above the table
(title, 编制单位 / 单位), then the table's cells, merged cells rebuilt from the cells' spans (a
merged header cell comes back once, with the cells it covers empty). A table that runs over
several pages is then one run of rows of one grid, as on a long sheet: a continuation page that
repeats the header is caught as a repeated header, one that starts with data simply continues.
A cell is named by its page and its place in that page's block: ``p9!E7``. A table page whose
columns do not carry on the table before starts a grid of its own. The running text of the
other pages (the 说明 …) is kept apart, for the 说明 check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlbudget.addresses import cell_name
from xlbudget.read.grid import Grid
from xlbudget.read.pdftext import cell_texts
from xlbudget.read.safety import Limits, UnreadableError

HERE = Path(__file__).parent  # a fault raised in read/ (pdf.py, pdftext.py) is ours
NAME = "PDF"  # the grids of a PDF's tables: PDF, PDF-2, …
PAGES = 400  # a budget book is 20–60 pages
_CID = re.compile(r"\(cid:\d+\)")
_NOTE = re.compile(r"^(注|备注|说明)[:：]")
_UNIT = re.compile(r"^(金额)?单位[:：]")
TOLERANCE = 1.5  # points: two cell edges closer than this are one grid line
HEAD = 3  # rows: a page across starts at one of its page's first rows (the header rows)


@dataclass
class PdfGrid(Grid):
    """The grid of a PDF's table pages; ``blocks`` says where each page's cells start."""

    blocks: list[tuple[int, int, int]] = field(default_factory=list)  # (row, column, page)
    paged: bool = True

    def cell_ref(self, row: int, col: int) -> str:
        """``p9!E7``: the page the cell is printed on, and its place in that page's rows and
        columns (a page across a wide sheet counts its columns from its own first)."""
        first = max((r for r, c, _ in self.blocks if r <= row), default=1)
        page, left = next(((p, c) for r, c, p in sorted(self.blocks, reverse=True)
                           if r == first and c <= col), (1, 1))
        return f"p{page}!{cell_name(row - first, col - left)}"


@dataclass
class PdfBook:
    grids: list[PdfGrid]  # one per table, with the pages that continue it
    text: str  # the running text of the pages without a table, in order


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > TOLERANCE:
            out.append(value)
    return out


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return text.replace("\n", "").strip()


def _cells(table: Any) -> tuple[list[Any], list[Any]]:
    rows = [r for r in table.rows if any(c is not None for c in r.cells)]
    return rows, [c for r in rows for c in r.cells if c is not None]


def _tops(table: Any) -> list[float]:
    return [min(c[1] for c in r.cells if c is not None) for r in _cells(table)[0]]


def _near(value: float, values: list[float]) -> bool:
    return any(abs(value - v) <= TOLERANCE for v in values)


@dataclass
class _Block:
    """One page's rows of a grid: where they start, and what a page printed beside it (the
    columns of a sheet too wide for one page) is matched against."""

    page: int
    row: int  # its first grid row
    col: int = 1  # its first grid column: past 1 on a page printed beside another
    tops: dict[float, int] = field(default_factory=dict)  # a table row's y → its grid row
    above: list[tuple[float, str, int]] = field(default_factory=list)  # lines over: y, text, row
    below: list[str] = field(default_factory=list)  # the lines under it
    notes: list[tuple[float, int]] = field(default_factory=list)  # its notes' y and grid row
    bottom: float = 0.0  # where its last table ends
    beside: int = 0  # pages printed beside it so far
    last: int = 0  # its last grid column, with the pages beside it

    def row_at(self, top: float) -> int:
        return next(r for t, r in self.tops.items() if abs(t - top) <= TOLERANCE)

    def matches(self, tops: list[float], bottom: float, above: list[Any]) -> bool:
        """Could a page with these table rows and lines over them be this one's right part?
        Its rows are this page's rows, down to the same last one, from one of its first
        header rows (a header row cut at the page edge loses its rules); every line over its
        table is one of the lines over this page's (a title centred across the sheet prints
        on every page across), the text of such a header row, or the unit (单位：万元, in the
        sheet's last column)."""
        mine = sorted(self.tops)
        if (not mine or not tops or abs(bottom - self.bottom) > TOLERANCE
                or not all(_near(t, mine) for t in tops) or not _near(min(tops), mine[:HEAD])):
            return False
        return all(line["top"] >= mine[0] - TOLERANCE or _UNIT.match(line["text"])
                   or self.printed(line) for line in above)

    def printed(self, line: Any) -> bool:
        """Is the line one this page prints over its table too?"""
        return any(abs(line["top"] - top) <= TOLERANCE and line["text"] in text
                   for top, text, _ in self.above)

    def row_of(self, line: Any) -> int:
        """The grid row of this page's line over the table nearest the line's height."""
        return min(self.above, key=lambda a: abs(a[0] - line["top"]))[2]


class _Builder:
    """Grids in the making: a table page that does not continue the table before (its column
    edges differ) starts a grid of its own, as a table on a sheet of its own would, unless
    it is the right part of a page before: a sheet too wide for a page prints its further
    columns on pages of their own (LibreOffice and Excel: down the rows, then across), and
    those go beside the rows they continue."""

    def __init__(self) -> None:
        self.grids: list[PdfGrid] = []
        self.edges: list[float] = []  # the column edges of the table before
        self.right = 0.0  # and its right edge
        self._start()

    def _start(self) -> None:
        self.values: dict[tuple[int, int], object] = {}
        self.merged: list[tuple[int, int, int, int]] = []
        self.clipped: set[tuple[int, int]] = set()
        self.row = 0
        self.blocks: list[_Block] = []
        self.band: list[_Block] = []  # the pages down the table being printed, for those across

    def close(self) -> None:
        if self.values:
            name = NAME if not self.grids else f"{NAME}-{len(self.grids) + 1}"
            blocks = [(b.row, b.col, b.page) for b in self.blocks]
            self.grids.append(PdfGrid(name, self.values, self.merged, self.row,
                                      max(c for _, c in self.values), blocks=blocks,
                                      clipped=frozenset(self.clipped)))
        self._start()

    def continues(self, table: Any) -> bool:
        """Does the table carry on the one before: its columns a subset of those edges (its
        合计 row may span the code columns), to the same right edge (a page across may
        start at the same edges, but ends at its own)?"""
        xs = _edges([c[0] for c in _cells(table)[1]])
        return (bool(self.edges) and all(_near(x, self.edges) for x in xs)
                and abs(table.bbox[2] - self.right) <= TOLERANCE)

    def beside(self, tables: list[Any], above: list[Any]) -> _Block | None:
        """The page these tables are the further columns of: of the pages down the table
        now printed (those since the last page across) that they could continue, the one with
        the fewest pages beside it yet (down the rows, then across), the first of those."""
        tops = [t for table in tables for t in _tops(table)]
        bottom = max(table.bbox[3] for table in tables)
        found = [b for b in self.band if b.matches(tops, bottom, above)]
        return min(found, key=lambda b: b.beside) if found else None

    @property
    def cells(self) -> int:
        return len(self.values) + sum(len(g.values) for g in self.grids)

    def line(self, text: str) -> None:
        self.row += 1
        self.values[(self.row, 1)] = text

    def page(self, number: int, tables: list[Any], above: list[Any], below: list[Any]) -> None:
        """A page of its own rows: the lines over its tables, the tables, the notes under
        (注：…; the other lines under are the page's running text)."""
        block = _Block(number, self.row + 1)
        if self.blocks and self.blocks[-1].col > 1:
            self.band = []  # pages down after pages across: another print range
        self.blocks.append(block)
        self.band.append(block)
        for line in above:
            self.line(line["text"])
            block.above.append((line["top"], line["text"], self.row))
        for table in tables:
            tops, last = self.table(table)
            block.tops.update(tops)
            block.last = max(block.last, last)
            block.bottom = max(block.bottom, table.bbox[3])
        for line in below:
            if _NOTE.match(line["text"]):
                self.line(line["text"])
                block.notes.append((line["top"], self.row))
        block.below = [line["text"] for line in below]

    def sideways(self, block: _Block, number: int, tables: list[Any], above: list[Any],
                 below: list[Any]) -> list[str]:
        """A page of further columns, put beside the rows of ``block``; its repeated title
        is not read again, a line over it the page before does not print (the unit, in the
        sheet's last column) goes beside that page's line at its height, a line under it at
        the height of that page's note is the rest of the note. The page's other lines under
        the table (its running text)."""
        col = block.last + 1
        self.blocks.append(_Block(number, block.row, col))
        first = min(block.tops, default=0) - TOLERANCE
        for line in above:
            if line["top"] < first and block.above and not block.printed(line):
                self.values[(block.row_of(line), col)] = line["text"]
        for table in tables:
            block.last = max(block.last, self.table(table, block, col - 1)[1])
        block.beside += 1
        rest = []
        for line in below:
            note = next((r for t, r in block.notes if abs(t - line["top"]) <= TOLERANCE), None)
            if any(line["text"] in b for b in block.below):
                continue  # a note across the sheet prints again on each page across
            if note is not None:
                self.values[(note, 1)] = f"{self.values[(note, 1)]}{line['text']}"
            else:
                rest.append(line["text"])
        return rest

    def table(self, table: Any, beside: _Block | None = None, shift: int = 0
              ) -> tuple[dict[float, int], int]:
        """The table's cells at their columns; a cell spanning columns or rows a merge. On a
        page of its own the table takes the next rows; beside ``beside``, it takes the rows
        at its rows' height, ``shift`` columns on. The grid row of each table row's y."""
        rows, cells = _cells(table)
        if not cells:
            return {}, shift
        data, clipped = cell_texts(table, rows)
        xs = _edges([c[0] for c in cells])
        if beside is None:
            if self.continues(table):
                xs = self.edges  # a page of the table before (合计 spanning the code columns)
            self.edges, self.right = xs, table.bbox[2]
        tops = _tops(table)
        if beside is None:
            at = [self.row + 1 + i for i in range(len(rows))]
            self.row += len(rows)
        else:
            at = [beside.row_at(t) for t in tops]
        for i, (row, texts) in enumerate(zip(rows, data, strict=False)):
            for j, (cell, text) in enumerate(zip(row.cells, texts, strict=False)):
                if cell is None:
                    continue
                x0, _, x1, bottom = cell
                c1 = _index(xs, x0)
                c2 = max([k for k, x in enumerate(xs) if x < x1 - TOLERANCE] or [c1])
                r2 = max([k for k, t in enumerate(tops) if t < bottom - TOLERANCE] or [i])
                where = (at[i], shift + c1 + 1)
                value = _clean(text)
                if c1 == 0 and shift and self._extend(where, shift + c2 + 1, value):
                    continue
                if value:
                    self.values[where] = value
                    if (i, j) in clipped:
                        self.clipped.add(where)
                if c2 > c1 or r2 > i:
                    self.merged.append((*where, at[r2], shift + c2 + 1))
        return dict(zip(tops, at, strict=True)), shift + len(xs)

    def _extend(self, where: tuple[int, int], end: int, value: str | None) -> bool:
        """A header merged across the page edge prints its text on both pages: the merge
        that ends at the column before, with that text, now ends at ``end``."""
        row, col = where
        for k, (r1, c1, r2, c2) in enumerate(self.merged):
            if r1 == row and c2 == col - 1 and value and self.values.get((r1, c1)) == value:
                self.merged[k] = (r1, c1, r2, end)
                return True
        return False


def _causes(exc: BaseException) -> list[str]:
    """The names of an exception and of those it wraps (pdfplumber wraps pdfminer's)."""
    names, seen = [], [exc]
    while seen:
        current = seen.pop()
        names.append(type(current).__name__)
        seen += [e for e in (current.__cause__, current.__context__, *current.args)
                 if isinstance(e, BaseException) and type(e).__name__ not in names]
    return names


def _ours(exc: BaseException) -> bool:
    """Was the exception raised in xlbudget's reader (not pdfplumber's or pdfminer's)?"""
    frame = exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and Path(frame.tb_frame.f_code.co_filename).parent == HERE


def _open_error(exc: Exception) -> UnreadableError:
    names = _causes(exc)
    name = names[-1]
    if any("Password" in n or "Encrypt" in n for n in names):
        return UnreadableError("PDF 设有密码（已加密），请提供未加密的文件",
                               "the PDF is password-protected (encrypted): give an "
                               "unencrypted copy")
    return UnreadableError(f"PDF 文件已损坏或不完整，无法读取（{name}）",
                           f"the PDF is damaged or incomplete ({name})")


def read_pdf(path: Path, limits: Limits | None = None) -> PdfBook:
    """The PDF's table pages as one grid and its other pages' text; a PDF that cannot be read
    as text (scanned, encrypted, damaged, fonts without a Unicode map) is an
    :class:`UnreadableError` that says which."""
    import pdfplumber

    limits = limits or Limits.from_env()
    built, text, chars = _Builder(), list[str](), 0
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > PAGES:
                raise UnreadableError(f"PDF 超过 {PAGES} 页的上限，已拒绝",
                                      f"the PDF has more than {PAGES} pages: refused")
            for number, page in enumerate(pdf.pages, 1):
                chars += len(page.chars)
                _page(page, number, built, text)
                if built.cells > limits.cells:
                    raise UnreadableError(f"单元格超过 {limits.cells} 个的上限，已拒绝",
                                          f"more than {limits.cells} cells: refused")
    except UnreadableError:
        raise
    except Exception as exc:  # pdfminer's PDFSyntaxError, PSEOF, encryption errors …
        if _ours(exc):
            raise  # a fault of this module is not the file's
        raise _open_error(exc) from exc
    if chars == 0:
        raise UnreadableError("PDF 没有文字层（扫描件？），无法读取表格；"
                              "请提供由预算系统或 WPS 导出的 PDF",
                              "the PDF has no text layer (a scan?): give the PDF the budget "
                              "system or WPS exported")
    built.close()
    found = [str(v) for g in built.grids for v in g.values.values()] + text
    if sum(len(_CID.findall(t)) for t in found) > 20:
        raise UnreadableError("PDF 的字体缺少 Unicode 映射（文字显示为 (cid:…)），无法读取",
                              "the PDF's fonts have no Unicode map (text reads as (cid:…))")
    return PdfBook(built.grids or [PdfGrid(NAME, {})], "\n".join(text))


def _single_cells(page: Any) -> list[Any]:
    """The page's ruled cells each as a table of its own: pdfplumber keeps no table of one
    cell, and a page across a sheet may hold one column's header and nothing under it."""
    from pdfplumber.table import Table

    return [Table(page, [cell]) for cell in page.debug_tablefinder().cells]


def _page(page: Any, number: int, built: _Builder, text: list[str]) -> None:
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    # a page of text (the 说明) has no ruled cell: neither its lines nor its cells are sought
    singles = [] if tables or not built.band or not page.edges else _single_cells(page)
    lines = page.extract_text_lines() if tables or singles else []
    singles = singles if lines else []
    above, below = _around(tables or singles, lines)
    goes_on = bool(tables) and built.continues(tables[0])
    beside = None if goes_on or not (tables or singles) else built.beside(tables or singles,
                                                                        above)
    if not tables and beside is None:
        text.append(page.extract_text() or "")
        return
    if beside is None:
        if not goes_on:
            built.close()
        built.page(number, tables, above, below)
        rest = [line["text"] for line in below if not _NOTE.match(line["text"])]
    else:
        rest = built.sideways(beside, number, tables or singles, above, below)
    if rest:
        text.append("\n".join(rest))


def _around(tables: list[Any], lines: list[Any]) -> tuple[list[Any], list[Any]]:
    """The lines over the tables, and those under them."""
    if not tables:
        return [], []
    top, bottom = min(t.bbox[1] for t in tables), max(t.bbox[3] for t in tables)
    return ([line for line in lines if line["bottom"] <= top + TOLERANCE],
            [line for line in lines if line["top"] >= bottom - TOLERANCE])
