"""Find a region's tables in sheets by their titles and header labels, never by addresses.

Works on :class:`~xlbudget.read.grid.Grid`. A located table knows its title row, unit (万元/元),
header rows, the sheet column of every spec column, and where its data rows and 备注 are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from xlbudget.read.cells import amount, split_code_name
from xlbudget.read.columns import (
    Choice,
    figures,
    flat_parts,
    header_paths,
    match,
    normal,
    spec_groups,
)
from xlbudget.read.grid import Grid, Uncached
from xlbudget.spec.model import CODE_KINDS, ColumnKind, RowSource, TableSpec
from xlbudget.spec.regions import Region, default_region
from xlbudget.text import fold

CODED = (RowSource.FUNCTIONAL, RowSource.ECONOMIC, RowSource.PROJECTS)

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d+[.、]|[(][一二三四五六七八九十\d]+[)]|其中:)+"
)
_LABEL_PREFIX = re.compile(r"^表\d+")
TABLE_LABEL = re.compile(r"^\s*表\s*\d{1,2}\s*$")  # a table's own label cell: 表3
_UNIT = re.compile(r"单位\s*[：:]\s*(万元|元)")
_CODE_TEXT = re.compile(r"^\d{3}(\d{2}){0,2}$|^\d{3}\s")
_NOTE = re.compile(r"^\s*(备注|注[：:]|说明[：:])")
MAX_HEADER_ROWS = 4


def label_key(text: str) -> str:
    """A row label without numbering, 其中 or a trailing colon: ``"1. 一般公共预算拨款"`` →
    ``一般公共预算拨款``, ``合计：`` → ``合计``."""
    return _NUMBERING.sub("", fold(text).rstrip(":"))


def candidates(number: int, region: Region | None = None) -> tuple[TableSpec, ...]:
    """The spec variants a table of ``region`` (default: the default region) may follow, widest
    first."""
    return (region or default_region()).candidates(number)


@cache
def _title_names(region: Region) -> list[tuple[str, int, str]]:
    """(folded name, table number, level) for every title and alias, longest first."""
    names = []
    for number in region.numbers:
        spec = region.candidates(number)[0]
        titles = spec.title_names()
        shared = len(set(titles.values())) == 1  # the same title says nothing of level
        for level, title in titles.items():
            names.append((fold(title), number, "" if shared else level))
        names.extend((fold(alias), number, "") for alias in spec.aliases)
    return sorted(set(names), key=lambda item: -len(item[0]))


# a title that says its unit: 单位收入总体情况表（单位：万元）
_UNIT_IN_TITLE = re.compile(r"[(（\[【]?(?:金额)?单位[:：]?(?:万元|元)[)）\]】]?$")


@lru_cache(maxsize=8192)  # the same labels recur in every sheet and book
def match_title(text: str, region: Region | None = None) -> tuple[int, str] | None:
    """Table number and level (单位/部门, "" when the title does not say) a title names."""
    folded = _UNIT_IN_TITLE.sub("", _LABEL_PREFIX.sub("", fold(text)))
    if not folded or len(folded) > 60:
        return None
    for name, number, level in _title_names(region or default_region()):
        if folded == name or folded.endswith(name):
            return number, level
    return None


@dataclass
class Located:
    number: int
    spec: TableSpec
    grid: Grid
    title_row: int
    level: str
    unit: str | None  # "万元", "元", or None when no unit line was found
    unit_cell: str | None
    header_rows: range
    first_data_row: int
    end_row: int  # exclusive
    columns: dict[tuple[str, str], int]  # (block, column key) → sheet column (1-based)
    combined_code: dict[str, int] = field(default_factory=dict)  # block → combined code column
    missing: list[tuple[str, str]] = field(default_factory=list)
    omitted: list[tuple[str, str]] = field(default_factory=list)  # optional, not printed: blank
    unfilled: list[tuple[str, str]] = field(default_factory=list)  # total columns left empty
    unprinted: list[tuple[str, str]] = field(default_factory=list)  # total columns not printed
    choices: list[Choice] = field(default_factory=list)  # columns the numbers placed
    code_with_name: set[str] = field(default_factory=set)  # blocks printing 2011308 招商引资
    note: str | None = None
    note_row: int | None = None


def find_titles(grid: Grid, region: Region | None = None) -> list[tuple[int, int, str]]:
    """(row, table number, level) of every table title of ``region`` in the sheet."""
    found = []
    for row in range(1, grid.max_row + 1):
        for _, text in grid.row_texts(row)[:2]:
            match = match_title(text, region)
            if match:
                found.append((row, *match))
                break
    return found


@cache
def _header_labels(spec: TableSpec) -> frozenset[str]:
    """Every column and group label of the table, as :func:`~.columns.normal` keys them."""
    labels = {normal(n) for c in spec.leaves for n in (c.label, *c.aliases)}
    return frozenset(labels | spec_groups(spec))


@cache
def _row_labels(spec: TableSpec) -> frozenset[str]:
    """Labels that start a data row: the spec's fixed rows and the totals."""
    fixed = {label_key(r.label) for b in spec.blocks for r in b.fixed_rows}
    return frozenset(fixed | {"合计", "总计", "收入总计", "支出总计"})


def is_header_row(grid: Grid, row: int, spec: TableSpec) -> bool:
    """Column labels of this table (two or more) and no figure: its header — or the header
    printed again further down, as a book rebuilt from a multi-page PDF keeps it."""
    texts = [t for _, t in grid.row_texts(row)]
    if sum(normal(t) in _header_labels(spec) for t in texts) < 2:
        return False
    return not _has_figure(grid, row)


_ORG_LINE = re.compile(r"^\s*(编制单位|编制部门|单位名称|部门名称|预算单位)\s*[：:]")


def header_texts(located: Located) -> frozenset[str]:
    """Every label of the table's own header rows, as :func:`~.columns.normal` keys them."""
    grid = located.grid
    return frozenset(normal(t) for r in located.header_rows for _, t in grid.row_texts(r))


@cache
def _folded_titles(spec: TableSpec) -> tuple[str, ...]:
    return tuple(fold(n) for n in (*spec.title_names().values(), *spec.aliases))


def is_page_furniture(grid: Grid, row: int, spec: TableSpec,
                      header: frozenset[str] = frozenset()) -> bool:
    """The header printed again further down (as a book rebuilt from a multi-page PDF keeps
    it: labels of this table, or exactly the labels of its own ``header``), or the title, 表N
    label, 编制单位 and 单位 lines printed again above it."""
    if _has_figure(grid, row):
        return False  # a row of figures (most rows): data
    if is_header_row(grid, row, spec):
        return True
    texts = [t for _, t in grid.row_texts(row)]
    if (texts and header and all(normal(t) in header for t in texts)
            and not any(label_key(t) in _row_labels(spec) for t in texts)):
        return True  # (a 合计 row left blank is still the 合计 row)
    titles = _folded_titles(spec)
    return bool(texts) and all(
        TABLE_LABEL.match(t) or _UNIT.search(t) or _ORG_LINE.match(t)
        or any(fold(t).endswith(name) for name in titles) for t in texts)


def _has_figure(grid: Grid, row: int) -> bool:
    """A number (or a formula) in any cell of the row."""
    for col in range(1, grid.max_col + 1):
        value = grid.get(row, col)
        if isinstance(value, int | float | Uncached) and not isinstance(value, bool):
            return True
    return False


def _has_money(grid: Grid, row: int) -> bool:
    """An amount other than zero (or a formula) in any cell of the row."""
    for col in range(1, grid.max_col + 1):
        value = grid.get(row, col)
        if isinstance(value, Uncached):
            return True
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            figure = amount(value)
            if isinstance(figure, Decimal) and figure:
                return True
    return False


def _is_data_row(grid: Grid, row: int, spec: TableSpec) -> bool:
    """A row of figures, codes, a fixed-row label or a 合计 line — not a header row (a header
    row may say 合计 too, but among other column labels)."""
    texts = [t for _, t in grid.row_texts(row)]
    if sum(normal(t) in _header_labels(spec) for t in texts) >= 2:
        return False
    if _has_figure(grid, row):
        return True
    if any(isinstance(amount(t), Decimal) and not _CODE_TEXT.match(t) for t in texts):
        return True  # numbers stored as text ("1,234.56")
    return any(_CODE_TEXT.match(t) or label_key(t) in _row_labels(spec) for t in texts)


def _header_rows(grid: Grid, spec: TableSpec, after: int, end: int) -> range | None:
    labels = _header_labels(spec) | {"类", "项目"}
    start = next(
        (
            r
            for r in range(after, min(end, after + 6))
            if any(normal(part) in labels for _, t in grid.row_texts(r)
                   for part in flat_parts(t))
        ),
        None,
    )
    if start is None:
        return None
    stop = start + 1
    while (
        stop < min(end, start + MAX_HEADER_ROWS)
        and not _is_data_row(grid, stop, spec)
        and not _is_note(grid, stop)
        and (not grid.row_is_blank(stop) or _covered_from_above(grid, stop)
             or _labels_below(grid, stop, spec, labels, end))
    ):
        stop += 1
    return range(start, stop)


def _is_note(grid: Grid, row: int) -> bool:
    """A 注/备注 line, wherever the table starts (its first text, not column A)."""
    texts = grid.row_texts(row)
    return bool(texts) and bool(_NOTE.match(texts[0][1]))


def _labels_below(grid: Grid, row: int, spec: TableSpec, labels: frozenset[str],
                  end: int) -> bool:
    """A blank row inside the header band, its merges undone: the next row is still header —
    labels of this table and no figure (a tall 类/款/项 band written without merges)."""
    below = row + 1
    return (below < end and not _has_figure(grid, below) and not _is_data_row(grid, below, spec)
            and any(normal(t) in labels for _, t in grid.row_texts(below)))


def _covered_from_above(grid: Grid, row: int) -> bool:
    """A header row whose cells all belong to labels merged down from the row above."""
    return any(grid.is_merged_cover(row, col) for col in range(1, grid.max_col + 1))


def _unit(grid: Grid, rows: range) -> tuple[str | None, str | None]:
    for row in rows:
        for col, text in grid.row_texts(row):
            match = _UNIT.search(text)
            if match:
                return match.group(1), grid.cell_ref(row, col)
    return None, None


def locate(grid: Grid, title_row: int, number: int, level: str, end: int,
           region: Region | None = None) -> Located | None:
    """Locate table ``number`` whose title is on ``title_row``; None when no header is found."""
    region = region or default_region()
    best: Located | None = None
    for spec in candidates(number, region):
        header = _header_rows(grid, spec, title_row + 1, end)
        if header is None:
            continue
        unit, unit_cell = _unit(grid, range(title_row, header.start + 1))
        found = match(spec, header_paths(grid, header), region.header_words,
                      figures(grid, range(header.stop, end)))
        located = Located(number, spec, grid, title_row, level, unit, unit_cell, header,
                          header.stop, end, found.columns, found.combined_code, found.missing,
                          omitted=found.omitted, unprinted=found.unprinted,
                          choices=found.choices)
        _code_with_name(located)
        if best is None or _score(located) > _score(best):
            best = located
    if best is not None:
        _find_note(best)
    return best


def _code_with_name(located: Located) -> None:
    """A coded table that prints code and name in one cell — under the name's header with no
    code column, or under the code's header with no name column — reads both from it."""
    for block in located.spec.blocks:
        if block.rows not in CODED:
            continue
        key = (block.key, "name")
        combined = located.combined_code.get(block.key)
        name = located.columns.get(key)
        lei = next((c.key for c in block.leaves if c.kind is ColumnKind.LEI), None)
        if combined is None and name is not None and (block.key, lei) in located.missing:
            col = name
        elif combined is not None and name is None and key in located.missing:
            col = combined
        else:
            continue
        if not _holds_codes(located, col):
            continue
        located.combined_code[block.key] = located.columns[key] = col
        located.code_with_name.add(block.key)
        located.missing = [m for m in located.missing if m != key and not (
            m[0] == block.key and block.column(m[1]).kind in CODE_KINDS)]


def _holds_codes(located: Located, col: int) -> bool:
    """Most of the column's texts start with a code (a 合计 line and notes need not); a table
    with no figure at all (表8 printed empty, with its note) has nothing to contradict it."""
    rows = range(located.first_data_row, located.end_row)
    if not any(_has_money(located.grid, r) for r in rows):
        return True
    texts = [t for t in (located.grid.text(r, col) for r in rows) if t]
    coded = sum(split_code_name(t)[0] is not None for t in texts)
    return coded > 0 and coded * 2 >= len(texts)


def _score(located: Located) -> tuple[int, int, int]:
    """Fewer missing columns first, then fewer columns only the numbers could place; then more
    fixed-row labels found (表4 with 上年结转 rows)."""
    grid = located.grid
    labels = {label_key(t) for r in range(located.first_data_row, located.end_row)
              for _, t in grid.row_texts(r)}
    found = sum(label_key(row.label) in labels for block in located.spec.blocks
                for row in block.fixed_rows)
    return (-len(located.missing), -len(located.choices), found)


def _find_note(located: Located) -> None:
    grid = located.grid
    for row in range(located.first_data_row, located.end_row):
        texts = grid.row_texts(row)
        if texts and _NOTE.match(texts[0][1]):
            located.note, located.note_row = texts[0][1], row
            located.end_row = row
            return
