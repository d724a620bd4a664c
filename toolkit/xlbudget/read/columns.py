"""Which sheet column holds which spec column: header labels matched by meaning, in any order,
and checked against the numbers where the labels leave a doubt.

A column is found by its label or an alias; by its label with a word of the region's
``[headers]`` vocabulary taken off (``本年预算数``, ``基本支出合计``, ``合计（万元）``); by its
label printed after its group's (``财政拨款支出功能分类``, ``财政拨款-一般公共预算``); and, when
its header cell under a group is blank, as that group's own total (表11 财政拨款 合计). Columns
may come in any order. Where the labels leave a doubt — a required column under no label it
knows, or two columns that could each be one — every way of reading them is scored by the
table's own row identities (合计 = 基本支出 + 项目支出 …) over its data rows; the reading that
makes the table consistent is taken, and said (:class:`Choice`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from itertools import product

from xlbudget.read.cells import amount
from xlbudget.read.grid import Grid
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
from xlbudget.spec.region import HeaderWords
from xlbudget.text import variant_key

EXACT, AFFIX = 2, 1  # how surely a header names a column: its own label, or a word taken off
ZERO = Decimal(0)
CUT = 6  # characters: a cut header this long, part of one column's label only, is that column
MAX_READINGS = 4096  # ways of reading the doubtful columns scored against the numbers

# Applied to folded text (NFKC: full-width brackets and colons are ASCII by then).
_UNIT_SUFFIX = re.compile(r"\((?:单位:)?(?:万元|元)\)$")
_CN = "一二三四五六七八九十"
_NUMBERING = re.compile(rf"^(?:[{_CN}]+、|\d+[.、]|\([{_CN}\d]+\)|其中:)+")
_CODE_PREFIX = re.compile(r"^\d{3}(?:\d{2})?(?=\D)")  # an economic column printed 301工资福利支出
_FLAT = re.compile(r"\s*[-－—/／]\s*")  # a header flattened into one row: 财政拨款-一般公共预算


@dataclass(frozen=True)
class Choice:
    """A column the numbers decided: the spec column it was read as, its header as printed,
    and on how many of the rows where its identities could be tried they held."""

    block: str
    key: str
    col: int
    header: str
    held: int
    tried: int


@dataclass
class Matched:
    columns: dict[tuple[str, str], int] = field(default_factory=dict)
    combined_code: dict[str, int] = field(default_factory=dict)
    missing: list[tuple[str, str]] = field(default_factory=list)
    omitted: list[tuple[str, str]] = field(default_factory=list)  # optional, not printed
    unprinted: list[tuple[str, str]] = field(default_factory=list)  # totals: the parts' sum
    choices: list[Choice] = field(default_factory=list)


# ── header labels ─────────────────────────────────────────────────────────────────────────


def header_paths(grid: Grid, rows: range) -> dict[int, list[str]]:
    """Header labels above each column, top to bottom, merged cells spread over their range, a
    label flattened as ``组-列`` split into its levels."""
    paths: dict[int, list[str]] = {}
    spread = not grid.merged
    for col in range(1, grid.max_col + 1):
        path: list[str] = []
        for row in rows:
            text = grid.origin_text(row, col)
            if not text and spread and any(grid.text(r, col) for r in rows if r > row):
                # No merge information: a group label covers the columns to its right.
                text = next(
                    (grid.text(row, c) for c in range(col - 1, 0, -1) if grid.text(row, c)), ""
                )
            for part in flat_parts(text) if text else ():
                if part and (not path or path[-1] != part):
                    path.append(part)
        paths[col] = path
    return paths


def flat_parts(text: str) -> list[str]:
    """A header label flattened as ``组-列`` (财政拨款（补助）-一般公共预算), level by level."""
    return _FLAT.split(text)


@cache
def normal(text: str) -> str:
    """A header label's comparison key: folded, without a leading year, numbering or unit."""
    key = variant_key(header_key(text))
    return _NUMBERING.sub("", _UNIT_SUFFIX.sub("", key)) or key


def _forms(text: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...]
           ) -> Iterator[tuple[str, str]]:
    """(form, prefix taken off) of a label with one vocabulary word off either end."""
    key = normal(text)
    bare = _CODE_PREFIX.sub("", key)
    starts = [(key, "")] + ([(bare, "")] if bare != key else [])
    for start, _ in list(starts):
        starts += [(start[len(p):], p) for p in prefixes if start.startswith(p) and start != p]
    for form, prefix in starts:
        yield form, prefix
        for suffix in suffixes:
            if form.endswith(suffix) and form != suffix:
                yield form[: -len(suffix)], prefix


def _names(node: Column | Group) -> frozenset[str]:
    aliases = node.aliases
    label = node.label
    return frozenset(normal(n) for n in (label, *aliases))


def group_labels(nodes: tuple[Node, ...]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, Group):
            out |= _names(node)
            out |= group_labels(node.children)
    return out


@cache
def spec_groups(spec: TableSpec) -> frozenset[str]:
    """Every group label of the table (all blocks): a column under one of them is not a column
    of another group."""
    labels: set[str] = set()
    for block in spec.blocks:
        labels |= group_labels(block.columns)
        if block.group:
            labels.add(normal(block.group))
    return frozenset(labels)


def _ancestry(nodes: tuple[Node, ...], trail: tuple[frozenset[str], ...] = ()
              ) -> Iterator[tuple[Column, tuple[frozenset[str], ...], Group | None]]:
    """Each leaf with the names of the groups above it and its parent group."""
    for node in nodes:
        if isinstance(node, Column):
            yield node, trail, None
        else:
            for leaf, above, parent in _ancestry(node.children, (*trail, _names(node))):
                yield leaf, above, parent or node


@dataclass(frozen=True, eq=False)  # made once per block (leaves_of): identity is its key
class Leaf:
    """A spec column as the matcher sees it."""

    column: Column
    above: frozenset[str]  # names of every group above it (the block's group too)
    names: frozenset[str]
    group_total: frozenset[str]  # names of the group whose own total it is (blank header)
    row_total: bool = False  # the block's first amount column, under no group of its own
    others: frozenset[str] = frozenset()  # names of the block's other amount columns


@cache
def leaves_of(block: Block) -> tuple[Leaf, ...]:
    top = (frozenset({normal(block.group)}),) if block.group else ()
    tree = list(_ancestry(block.columns, top))
    amounts = [(column, parent) for column, _, parent in tree if column.kind is ColumnKind.AMOUNT]
    # the row total: the first amount column, under no group or one over every amount column
    first, group = amounts[0] if amounts else (None, None)
    row_total = first if group is None or all(p is group for _, p in amounts) else None
    out = []
    for column, above, parent in tree:
        totals: frozenset[str] = frozenset()
        if parent is not None and column.sum_of and parent.children[0] is column:
            totals = _names(parent)
        names = _names(column)
        others = frozenset().union(*(_names(c) for c, _ in amounts if c is not column))
        out.append(Leaf(column, frozenset().union(*above) if above else frozenset(),
                        names, totals, column is row_total, others - names))
    return tuple(out)


def quality(leaf: Leaf, path: list[str], groups: frozenset[str], words: HeaderWords) -> int:
    """How surely a column with this header path is ``leaf`` (0: it is not)."""
    return _quality(leaf, tuple(path), groups, words) if path else 0


@lru_cache(maxsize=16384)  # the same headers recur in every book
def _quality(leaf: Leaf, path: tuple[str, ...], groups: frozenset[str], words: HeaderWords
             ) -> int:
    *above, last = path
    if not _fits(above, leaf, groups):
        return 0
    key = normal(last)
    if above and normal(above[-1]) in leaf.names and key in _totals(words):
        return AFFIX  # its own label over a 合计 (基本支出 › 合计, 人员经费 beside it)
    if key in leaf.names or key in _synonyms(words, leaf.column.label):
        return EXACT
    if key in leaf.group_total and key not in {normal(a) for a in above}:
        return AFFIX  # the header under its group is blank: the group's own total
    if leaf.row_total and key in _totals(words):
        return AFFIX  # 支出合计, 本年预算数: the row's total in the words of another form
    prefixes = (*words.prefixes, *sorted(leaf.above, key=len, reverse=True))
    for form, prefix in _forms(last, prefixes, words.suffixes):
        if form in leaf.names and (not prefix or prefix not in groups or prefix in leaf.above):
            return AFFIX
    return 0


@cache
def _totals(words: HeaderWords) -> frozenset[str]:
    return frozenset(normal(w) for w in words.totals)


@lru_cache(maxsize=1024)
def _synonyms(words: HeaderWords, label: str) -> frozenset[str]:
    return frozenset(normal(w) for w in words.other_words(label))


def _fits(above: list[str] | tuple[str, ...], leaf: Leaf, groups: frozenset[str]) -> bool:
    """A column under another group of this table is not this leaf (表11: 财政拨款 合计 vs
    非财政拨款 合计), nor one under another column's own label (基本支出 › 合计 is not the row
    total). Labels the spec does not know (an extra title row) are ignored."""
    for label in map(normal, above):
        if label in groups and label not in leaf.above:
            return False
        if label in leaf.others and label not in leaf.names and label not in leaf.above:
            return False
    return True


# ── matching ──────────────────────────────────────────────────────────────────────────────


Values = Callable[[int], list[Decimal | None]]  # a sheet column's figures, row by row


def match(spec: TableSpec, paths: dict[int, list[str]], words: HeaderWords, values: Values
          ) -> Matched:
    out = Matched()
    groups = spec_groups(spec)
    for block, span in zip(spec.blocks, _spans(spec, paths, words), strict=True):
        _match_block(block, span, paths, groups, words, values, out)
    return out


def _spans(spec: TableSpec, paths: dict[int, list[str]], words: HeaderWords) -> list[range]:
    """The sheet columns of each block: a two-sided table (收入 | 支出) is split where the next
    block's first column (its 项目/功能分类 label, or its group) begins."""
    last = max(paths, default=0) + 1
    groups = spec_groups(spec)
    starts = [1]
    for block in spec.blocks[1:]:
        first = leaves_of(block)[0]
        after = starts[-1] + 1
        labelled = next((c for c in range(after, last)
                         if quality(first, paths[c], groups, words)), None)
        grouped = next((c for c in range(after, last) if block.group and normal(block.group)
                        in {normal(p) for p in paths[c][:-1]}), None)
        found = [c for c in (labelled, grouped) if c is not None]
        starts.append(min(found) if found else after)
    ends = [*starts[1:], last]
    return [range(s, e) for s, e in zip(starts, ends, strict=True)]


def _match_block(block: Block, span: range, paths: dict[int, list[str]],
                 groups: frozenset[str], words: HeaderWords, values: Values,
                 out: Matched) -> None:
    leaves = leaves_of(block)
    options = {leaf.column.key: {c: q for c in span
                                 if (q := quality(leaf, paths[c], groups, words))}
               for leaf in leaves}
    taken = _settle(options)
    taken |= _cut(leaves, span, paths, taken)
    doubtful = [k for k, cols in options.items() if k not in taken and cols]
    if doubtful:
        taken |= _by_numbers(block, doubtful, options, taken, values, paths, out)
    lei = next((leaf.column for leaf in leaves if leaf.column.kind is ColumnKind.LEI), None)
    if lei is not None and lei.key not in taken:
        combined = _combined_code_column(block, span, paths, set(taken.values()))
        if combined is not None:
            out.combined_code[block.key] = combined
    free = [c for c in span if c not in taken.values() and c != out.combined_code.get(block.key)
            and paths[c] and _has_figures(values(c))]
    unfound = [leaf.column for leaf in leaves if leaf.column.key not in taken
               and leaf.column.kind is ColumnKind.AMOUNT]
    if unfound and free:
        taken |= _fill(block, unfound, free, taken, values, paths, out)
    used = {*taken.values(), out.combined_code.get(block.key)}
    unplaced = any(_has_figures(values(c)) for c in span if c not in used)
    for leaf in leaves:
        key = leaf.column.key
        if key in taken:
            out.columns[(block.key, key)] = taken[key]
        elif leaf.column.optional:
            out.omitted.append((block.key, key))
        elif leaf.column.sum_of and not unplaced and all(p in taken for p in leaf.column.sum_of):
            out.unprinted.append((block.key, key))  # a total not printed: its parts say it
        elif not (leaf.column.kind in CODE_KINDS and block.key in out.combined_code):
            out.missing.append((block.key, key))


def _cut(leaves: tuple[Leaf, ...], span: range, paths: dict[int, list[str]],
         taken: dict[str, int]) -> dict[str, int]:
    """A header a print cut (a PDF keeps the middle line of a header wrapped taller than its
    row: ``预算安排的转移支``) names the one amount column not yet found whose label holds it,
    when no other such column's label does and no other header names that column so."""
    unfound = [leaf for leaf in leaves if leaf.column.key not in taken
               and leaf.column.kind is ColumnKind.AMOUNT]
    claims: dict[str, list[int]] = {}
    for col in span:
        key = normal(paths[col][-1]) if paths[col] and col not in taken.values() else ""
        if len(key) < CUT:
            continue
        holders = [leaf for leaf in unfound if any(key in name and key != name
                                                   for name in leaf.names)]
        if len(holders) == 1:
            claims.setdefault(holders[0].column.key, []).append(col)
    return {key: cols[0] for key, cols in claims.items() if len(cols) == 1}


def _settle(options: dict[str, dict[int, int]]) -> dict[str, int]:
    """The columns the labels alone decide, one at a time: a leaf whose best column no other
    leaf names as well. A column named exactly by one leaf belongs to it before any leaf that
    has it only by a word taken off."""
    taken: dict[str, int] = {}
    while True:
        used = set(taken.values())
        open_ = {k: {c: q for c, q in cols.items() if c not in used}
                 for k, cols in options.items() if k not in taken}
        claims: dict[int, list[tuple[int, str]]] = {}
        for key, cols in open_.items():
            for col, q in cols.items():
                claims.setdefault(col, []).append((q, key))
        settled = next(((key, best[0]) for key, cols in open_.items()
                        if len(best := [c for c, q in cols.items()
                                        if cols and q == max(cols.values())]) == 1
                        and not any(k != key and q >= cols[best[0]] for q, k in claims[best[0]])),
                       None)
        if settled is None:
            return taken
        taken[settled[0]] = settled[1]


def _by_numbers(block: Block, doubtful: list[str], options: dict[str, dict[int, int]],
                taken: dict[str, int], values: Values, paths: dict[int, list[str]],
                out: Matched) -> dict[str, int]:
    """Leaves with several columns they could be (or a column several could be): every
    reading, best by columns placed, then the table's row identities, then label quality,
    then the spec's order."""
    used = set(taken.values())
    choices = [[*(c for c in options[k] if c not in used), None] for k in doubtful]
    readings = []
    for combo in _limited(product(*choices)):
        placed = [c for c in combo if c is not None]
        if len(placed) != len(set(placed)):
            continue
        reading = dict(taken) | {k: c for k, c in zip(doubtful, combo, strict=True) if c}
        labels = sum(options[k][c] for k, c in zip(doubtful, combo, strict=True) if c)
        held, tried = _identities(block, reading, values)
        readings.append(((len(placed), held - (tried - held), labels, _order(block, reading)),
                         reading, held, tried))
    if not readings:
        return {}
    readings.sort(key=lambda r: r[0], reverse=True)
    best, reading, held, tried = readings[0]
    runner = next((r for r in readings[1:] if r[0][0] == best[0]), None)
    if runner is not None and runner[0][1] < best[1]:  # the numbers, not the labels, decided
        for key in doubtful:
            if key in reading:
                out.choices.append(Choice(block.key, key, reading[key],
                                          "/".join(paths[reading[key]]), held, tried))
    return {k: reading[k] for k in doubtful if k in reading}


def _fill(block: Block, unfound: list[Column], free: list[int], taken: dict[str, int],
          values: Values, paths: dict[int, list[str]], out: Matched) -> dict[str, int]:
    """Required columns no label names, read from unnamed columns with figures — only where
    the row identities the reading adds hold on at least two thirds of the rows they can be
    tried on, and no other reading does as well."""
    keys = [c.key for c in unfound]
    held0, tried0 = _identities(block, taken, values)
    scored: list[tuple[int, dict[str, int], int, int]] = []
    for combo in _limited(product(*([*free, None] for _ in keys))):
        placed = [c for c in combo if c is not None]
        if not placed or len(placed) != len(set(placed)):
            continue
        reading = dict(taken) | {k: c for k, c in zip(keys, combo, strict=True) if c}
        held, tried = _identities(block, reading, values)
        gained, tried_more = held - held0, tried - tried0
        if tried_more > 0 and gained * 3 >= tried_more * 2:
            scored.append((2 * gained - tried_more, reading, gained, tried_more))
    if not scored:
        return {}
    scored.sort(key=lambda s: s[0], reverse=True)
    score, reading, held, tried = scored[0]
    if any(other[0] == score and other[1] != reading for other in scored[1:]):
        return {}  # two readings fit the numbers equally: a guess, not a reading
    added = {k: c for k, c in reading.items() if k in keys}
    for key, col in added.items():
        out.choices.append(Choice(block.key, key, col, "/".join(paths[col]), held, tried))
    return added


def _limited(readings: Iterator[tuple[int | None, ...]]) -> Iterator[tuple[int | None, ...]]:
    for count, reading in enumerate(readings):
        if count >= MAX_READINGS:
            return
        yield reading


def _identities(block: Block, reading: dict[str, int], values: Values) -> tuple[int, int]:
    """(rows on which the block's row identities hold, rows with figures where they could be
    tried) under a reading of its columns."""
    held = tried = 0
    for column in block.leaves:
        if not column.sum_of or column.key not in reading or any(
                part not in reading for part in column.sum_of):
            continue
        total = values(reading[column.key])
        parts = [values(reading[part]) for part in column.sum_of]
        tolerance = Decimal("0.006") * (len(parts) + 1) * _scale(total, *parts)
        for row, whole in enumerate(total):
            figures = [p[row] for p in parts]
            if whole is None and all(f is None for f in figures):
                continue
            tried += 1
            gap = (whole or ZERO) - sum((f or ZERO for f in figures), ZERO)
            held += abs(gap) <= tolerance
    return held, tried


def _scale(*columns: list[Decimal | None]) -> Decimal:
    """1, or 100 for figures printed in whole units (元 with no 分)."""
    decimals = any(v is not None and v != v.to_integral_value() for col in columns for v in col)
    return Decimal(1) if decimals else Decimal(100)


def _order(block: Block, reading: dict[str, int]) -> int:
    """Pairs of columns that stand in the spec's order (the usual layout, all else equal)."""
    cols = [reading[c.key] for c in block.leaves if c.key in reading]
    return sum(a < b for i, a in enumerate(cols) for b in cols[i + 1:])


def _has_figures(column: list[Decimal | None]) -> bool:
    return any(v is not None for v in column)


def _combined_code_column(block: Block, span: range, paths: dict[int, list[str]],
                          used: set[int]) -> int | None:
    """One code column (``2011308``) headed by the code group's label (科目编码)."""
    names: set[str] = set()
    nodes = list(block.columns)
    while nodes:  # the code group may stand under another (上海: 项目 › 功能分类科目编码)
        node = nodes.pop()
        if isinstance(node, Group):
            nodes.extend(node.children)
            if any(isinstance(c, Column) and c.kind in CODE_KINDS for c in node.children):
                names |= _names(node)
    return next((c for c in span if c not in used and paths[c]
                 and normal(paths[c][-1]) in names), None)


def figures(grid: Grid, rows: range) -> Values:
    """A column's figures over the data rows (text that is no number counts as blank), read
    once per column."""
    memo: dict[int, list[Decimal | None]] = {}

    def column(col: int) -> list[Decimal | None]:
        if col not in memo:
            found: list[Decimal | None] = []
            for row in rows:
                value = amount(grid.get(row, col))
                found.append(value if isinstance(value, Decimal) else None)
            memo[col] = found
        return memo[col]

    return column
