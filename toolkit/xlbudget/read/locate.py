"""Find a region's tables in sheets by their titles and header labels, never by addresses.

Works on :class:`~xlbudget.read.grid.Grid`. A located table knows its title row, unit (万元/元),
header rows, the sheet column of every spec column, and where its data rows and 备注 are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from xlbudget.read.cells import amount
from xlbudget.read.grid import Grid, Uncached
from xlbudget.spec.model import (
    CODE_KINDS,
    Block,
    Column,
    ColumnKind,
    Group,
    Node,
    TableSpec,
    header_key,
)
from xlbudget.spec.regions import Region, default_region
from xlbudget.text import fold

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
    """A row label without numbering or 其中: ``"1. 一般公共预算拨款"`` → ``一般公共预算拨款``."""
    return _NUMBERING.sub("", fold(text))


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


@lru_cache(maxsize=8192)  # the same labels recur in every sheet and book
def match_title(text: str, region: Region | None = None) -> tuple[int, str] | None:
    """Table number and level (单位/部门, "" when the title does not say) a title names."""
    folded = _LABEL_PREFIX.sub("", fold(text))
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


def _ancestors(nodes: tuple[Node, ...], trail: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for node in nodes:
        if isinstance(node, Column):
            out[node.key] = trail
        else:
            out.update(_ancestors(node.children, (*trail, node.label, *node.aliases)))
    return out


def _code_group(block: Block) -> Group | None:
    return next(
        (
            n
            for n in block.columns
            if isinstance(n, Group)
            and any(isinstance(c, Column) and c.kind in CODE_KINDS for c in n.children)
        ),
        None,
    )


def _paths(grid: Grid, rows: range) -> dict[int, list[str]]:
    """Header labels above each column, top to bottom, merged cells spread over their range."""
    paths: dict[int, list[str]] = {}
    spread = not grid.merged
    for col in range(1, grid.max_col + 1):
        path: list[str] = []
        for row in rows:
            text = grid.origin_text(row, col)
            if not text and spread and row != rows[-1] and grid.text(row + 1, col):
                # No merge information: a group label covers the columns to its right.
                text = next(
                    (grid.text(row, c) for c in range(col - 1, 0, -1) if grid.text(row, c)), ""
                )
            if text and (not path or path[-1] != text):
                path.append(text)
        paths[col] = path
    return paths


@cache
def _header_labels(spec: TableSpec) -> frozenset[str]:
    labels = {fold(n) for c in spec.leaves for n in (c.label, *c.aliases)}
    for block in spec.blocks:
        labels |= _group_labels(block.columns) | ({fold(block.group)} if block.group else set())
    return frozenset(labels)


@cache
def _row_labels(spec: TableSpec) -> frozenset[str]:
    """Labels that start a data row: the spec's fixed rows and the totals."""
    fixed = {label_key(r.label) for b in spec.blocks for r in b.fixed_rows}
    return frozenset(fixed | {"合计", "总计", "收入总计", "支出总计"})


def is_header_row(grid: Grid, row: int, spec: TableSpec) -> bool:
    """Column labels of this table (two or more) and no figure: its header — or the header
    printed again further down, as a book rebuilt from a multi-page PDF keeps it."""
    texts = [t for _, t in grid.row_texts(row)]
    if sum(header_key(t) in _header_labels(spec) for t in texts) < 2:
        return False
    return not _has_figure(grid, row)


def _has_figure(grid: Grid, row: int) -> bool:
    """A number (or a formula) in any cell of the row."""
    for col in range(1, grid.max_col + 1):
        value = grid.get(row, col)
        if isinstance(value, int | float | Uncached) and not isinstance(value, bool):
            return True
    return False


def _is_data_row(grid: Grid, row: int, spec: TableSpec) -> bool:
    """A row of figures, codes, a fixed-row label or a 合计 line — not a header row (a header
    row may say 合计 too, but among other column labels)."""
    texts = [t for _, t in grid.row_texts(row)]
    if sum(fold(t) in _header_labels(spec) for t in texts) >= 2:
        return False
    if _has_figure(grid, row):
        return True
    if any(isinstance(amount(t), Decimal) and not _CODE_TEXT.match(t) for t in texts):
        return True  # numbers stored as text ("1,234.56")
    return any(_CODE_TEXT.match(t) or label_key(t) in _row_labels(spec) for t in texts)


def _match_block(block: Block, paths: dict[int, list[str]], start: int, out: Located) -> int:
    top = (block.group,) if block.group else ()
    ancestors = _ancestors(block.columns, top)
    groups = _group_labels(block.columns) | ({fold(block.group)} if block.group else set())
    col = start
    for leaf in block.leaves:
        found = next(
            (
                c
                for c in range(col, max(paths) + 1)
                if paths[c]
                and leaf.matches(paths[c][-1])
                and _ancestors_fit(paths[c][:-1], ancestors[leaf.key], groups)
            ),
            None,
        )
        if found is None and leaf.kind is ColumnKind.LEI:
            group = _code_group(block)
            names = {fold(n) for n in (group.label, *group.aliases)} if group else set()
            found = next(
                (c for c in range(col, max(paths) + 1) if paths[c] and fold(paths[c][-1]) in names),
                None,
            )
            if found is not None:
                out.combined_code[block.key] = found
                col = found + 1
                continue
        if found is None:
            if not (leaf.kind in CODE_KINDS and block.key in out.combined_code):
                out.missing.append((block.key, leaf.key))
            continue
        out.columns[(block.key, leaf.key)] = found
        col = found + 1
    return col


def _group_labels(nodes: tuple[Node, ...]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, Group):
            out |= {fold(node.label), *(fold(a) for a in node.aliases)}
            out |= _group_labels(node.children)
    return out


def _ancestors_fit(above: list[str], expected: tuple[str, ...], groups: set[str]) -> bool:
    """A column under another group of this table is not this leaf (表11: 财政拨款 合计 vs
    非财政拨款 合计). Labels the spec does not know (an extra title row) are ignored."""
    wanted = {fold(e) for e in expected}
    return all(fold(a) not in groups or fold(a) in wanted for a in above)


def _header_rows(grid: Grid, spec: TableSpec, after: int, end: int) -> range | None:
    labels = {fold(c.label) for c in spec.leaves} | {
        fold(a) for c in spec.leaves for a in c.aliases
    }
    start = next(
        (
            r
            for r in range(after, min(end, after + 6))
            if any(header_key(t) in labels or fold(t) in {"类", "项目"}
                   for _, t in grid.row_texts(r))
        ),
        None,
    )
    if start is None:
        return None
    stop = start + 1
    while (
        stop < min(end, start + MAX_HEADER_ROWS)
        and not _is_data_row(grid, stop, spec)
        and not _NOTE.match(grid.text(stop, 1))
        and (not grid.row_is_blank(stop) or _covered_from_above(grid, stop))
    ):
        stop += 1
    return range(start, stop)


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
    best: Located | None = None
    for spec in candidates(number, region):
        header = _header_rows(grid, spec, title_row + 1, end)
        if header is None:
            continue
        unit, unit_cell = _unit(grid, range(title_row, header.start + 1))
        located = Located(
            number, spec, grid, title_row, level, unit, unit_cell, header, header.stop, end, {}
        )
        paths = _paths(grid, header)
        col = 1
        for block in spec.blocks:
            col = _match_block(block, paths, col, located)
        if best is None or _score(located) > _score(best):
            best = located
    if best is not None:
        _find_note(best)
    return best


def _score(located: Located) -> tuple[int, int]:
    """Fewer missing columns first; then more fixed-row labels found (表4 with 上年结转 rows)."""
    grid = located.grid
    labels = {label_key(t) for r in range(located.first_data_row, located.end_row)
              for _, t in grid.row_texts(r)}
    found = sum(label_key(row.label) in labels for block in located.spec.blocks
                for row in block.fixed_rows)
    return (-len(located.missing), found)


def _find_note(located: Located) -> None:
    grid = located.grid
    for row in range(located.first_data_row, located.end_row):
        texts = grid.row_texts(row)
        if texts and _NOTE.match(texts[0][1]):
            located.note, located.note_row = texts[0][1], row
            located.end_row = row
            return
