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
from xlbudget.read.safety import Limits, UnreadableError

NAME = "PDF"  # the grids of a PDF's tables: PDF, PDF-2, …
PAGES = 400  # a budget book is 20–60 pages
_CID = re.compile(r"\(cid:\d+\)")
_NOTE = re.compile(r"^(注|备注|说明)[:：]")
TOLERANCE = 1.5  # points: two cell edges closer than this are one grid line


@dataclass
class PdfGrid(Grid):
    """The grid of a PDF's table pages; ``blocks`` says where each page's rows start."""

    blocks: list[tuple[int, int]] = field(default_factory=list)  # (first grid row, page)
    paged: bool = True

    def cell_ref(self, row: int, col: int) -> str:
        first, page = next(((f, p) for f, p in reversed(self.blocks) if f <= row), (1, 1))
        return f"p{page}!{cell_name(row - first, col - 1)}"


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


class _Builder:
    """Grids in the making: a table page that does not continue the table before (its column
    edges differ) starts a grid of its own, as a table on a sheet of its own would."""

    def __init__(self) -> None:
        self.grids: list[PdfGrid] = []
        self.edges: list[float] = []  # the column edges of the table before
        self._start()

    def _start(self) -> None:
        self.values: dict[tuple[int, int], object] = {}
        self.merged: list[tuple[int, int, int, int]] = []
        self.row = 0
        self.blocks: list[tuple[int, int]] = []

    def close(self) -> None:
        if self.values:
            name = NAME if not self.grids else f"{NAME}-{len(self.grids) + 1}"
            self.grids.append(PdfGrid(name, self.values, self.merged, self.row,
                                      max(c for _, c in self.values), blocks=self.blocks))
        self._start()

    def continues(self, table: Any) -> bool:
        """Does the table carry on the one before (its columns a subset of those edges)?"""
        xs = _edges([c[0] for c in _cells(table)[1]])
        return bool(self.edges) and all(
            any(abs(x - e) <= TOLERANCE for e in self.edges) for x in xs)

    @property
    def cells(self) -> int:
        return len(self.values) + sum(len(g.values) for g in self.grids)

    def line(self, text: str) -> None:
        self.row += 1
        self.values[(self.row, 1)] = text

    def table(self, table: Any) -> None:
        """The table's cells at their columns; a cell spanning columns or rows a merge."""
        rows, cells = _cells(table)
        data = table.extract()
        if not cells:
            return
        xs = _edges([c[0] for c in cells])
        if self.edges and all(any(abs(x - e) <= TOLERANCE for e in self.edges) for x in xs):
            xs = self.edges  # a page of the table before (its 合计 row spanning the code columns)
        self.edges = xs
        tops = [min(c[1] for c in r.cells if c is not None) for r in rows]
        first = self.row + 1
        for i, (row, texts) in enumerate(zip(rows, data, strict=False)):
            for cell, text in zip(row.cells, texts, strict=False):
                if cell is None:
                    continue
                x0, _, x1, bottom = cell
                c1 = _index(xs, x0)
                c2 = max([j for j, x in enumerate(xs) if x < x1 - TOLERANCE] or [c1])
                r2 = max([k for k, t in enumerate(tops) if t < bottom - TOLERANCE] or [i])
                value = _clean(text)
                if value:
                    self.values[(first + i, c1 + 1)] = value
                if c2 > c1 or r2 > i:
                    self.merged.append((first + i, c1 + 1, first + r2, c2 + 1))
        self.row = first + len(rows) - 1


def _causes(exc: BaseException) -> list[str]:
    """The names of an exception and of those it wraps (pdfplumber wraps pdfminer's)."""
    names, seen = [], [exc]
    while seen:
        current = seen.pop()
        names.append(type(current).__name__)
        seen += [e for e in (current.__cause__, current.__context__, *current.args)
                 if isinstance(e, BaseException) and type(e).__name__ not in names]
    return names


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


def _page(page: Any, number: int, built: _Builder, text: list[str]) -> None:
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    if not tables:
        text.append(page.extract_text() or "")
        return
    if not built.continues(tables[0]):
        built.close()
    built.blocks.append((built.row + 1, number))
    lines = page.extract_text_lines()
    top, bottom = tables[0].bbox[1], tables[-1].bbox[3]
    for line in lines:
        if line["bottom"] <= top + TOLERANCE:
            built.line(line["text"])
    for table in tables:
        built.table(table)
    below = [line["text"] for line in lines if line["top"] >= bottom - TOLERANCE]
    for line in below:
        if _NOTE.match(line):
            built.line(line)
    rest = [line for line in below if not _NOTE.match(line)]
    if rest:
        text.append("\n".join(rest))
