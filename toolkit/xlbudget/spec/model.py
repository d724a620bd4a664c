"""Vocabulary of the spec: columns, header trees, fixed rows, blocks, tables.

Pure data, no I/O. Each region's tables are stated in this vocabulary in a TOML file under
``regions/`` (loaded by :mod:`.regions`); ``profiles.py`` picks the variants a workbook uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from xlbudget.text import fold


class ColumnKind(StrEnum):
    """What a leaf column holds; decides how it is read, written and validated."""

    LEI = "类"  # classification code, first level (3 digits)
    KUAN = "款"  # second level (2 digits)
    XIANG = "项"  # third level (2 digits)
    NAME = "名称"  # 科目名称 / 经济分类科目名称
    PROJECT = "项目名称"  # 表7 project name, 表11 item name
    LABEL = "项目"  # row label of a fixed-row block (表1, 表4, 表10)
    AMOUNT = "金额"


CODE_KINDS = (ColumnKind.LEI, ColumnKind.KUAN, ColumnKind.XIANG)
YEAR_SLOT = "{year}年"  # where a title prints the budget year
_YEAR_PREFIX = re.compile(r"^20\d\d年")  # a header that prints the year before its label


@dataclass(frozen=True)
class Column:
    """A leaf of the header tree: one spreadsheet column.

    ``sum_of`` makes the column a row total of other columns of the same block (合计 = 基本 + 项目);
    the writer turns it into a formula and the checker into a row rule. An ``optional`` column
    is one forms leave out when it holds nothing (表7's 经济分类 columns print only those with
    money): not printed, it is blank, not missing.
    """

    key: str
    label: str
    kind: ColumnKind = ColumnKind.AMOUNT
    aliases: tuple[str, ...] = ()
    sum_of: tuple[str, ...] = ()
    width: float = 14.0
    optional: bool = False

    def matches(self, text: str) -> bool:
        folded = header_key(text)
        return folded == fold(self.label) or any(folded == fold(a) for a in self.aliases)


def header_key(text: str) -> str:
    """A header label's comparison key: :func:`fold`, without a leading year
    (``2024年机关运行经费预算数`` is the 机关运行经费预算数 column)."""
    return _YEAR_PREFIX.sub("", fold(text))


@dataclass(frozen=True)
class Group:
    """An inner node of the header tree: a merged header cell over its children."""

    label: str
    children: tuple[Node, ...]
    aliases: tuple[str, ...] = ()


Node = Column | Group


def leaves(nodes: tuple[Node, ...]) -> tuple[Column, ...]:
    """The leaf columns under ``nodes``, left to right."""
    out: list[Column] = []
    for node in nodes:
        out.extend((node,) if isinstance(node, Column) else leaves(node.children))
    return tuple(out)


def depth(nodes: tuple[Node, ...]) -> int:
    """Number of header rows the tree needs."""
    return max((1 if isinstance(n, Column) else 1 + depth(n.children)) for n in nodes)


class RowSource(StrEnum):
    """Where a block's rows come from."""

    FIXED = "fixed"  # listed in the spec (表1/表4 income side, 表10)
    CATEGORIES = "categories"  # every 功能分类 类 of the year (表1/表4 expense side)
    FUNCTIONAL = "functional"  # non-zero 功能分类 类/款/项 rows (表2, 3, 5, 8, 9)
    ECONOMIC = "economic"  # 经济分类 类/款 rows (表6)
    PROJECTS = "projects"  # 类/款 subtotal rows, then one row per project (表7)
    ITEMS = "items"  # free list of named rows (表11)
    SINGLE = "single"  # one row of figures under the header, items as columns (上海 表9 三公)


@dataclass(frozen=True)
class FixedRow:
    """A row the spec names. ``parts`` are keys of rows it is the sum of (same block)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    indent: int = 0

    def matches(self, text: str) -> bool:
        folded = fold(text)
        return folded == fold(self.label) or any(folded == fold(a) for a in self.aliases)


@dataclass(frozen=True)
class TotalRow:
    """A block's total row: per amount column, the sum of the block's top-level rows (类 rows of a
    coded table, the indent-0 rows of a fixed block such as 一、本年收入 + 二、上年结转结余)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()


def _hash_once(self: Block | TableSpec) -> int:
    """A frozen spec node is a cache key on hot paths: its hash (of every compared field,
    deep) is computed once, not at each lookup."""
    cached: int | None = self.__dict__.get("_hash")
    if cached is None:
        fields = self.__dataclass_fields__.values()
        cached = hash(tuple(getattr(self, f.name) for f in fields if f.compare))
        self.__dict__["_hash"] = cached
    return cached


@dataclass(frozen=True)
class Block:
    """Columns plus the rows under them. Most tables have one block; 表1 and 表4 have two
    side by side (收入 | 支出)."""

    key: str
    columns: tuple[Node, ...]
    rows: RowSource
    group: str | None = None  # header label spanning the whole block (收入 / 支出)
    fixed_rows: tuple[FixedRow, ...] = ()
    total: TotalRow | None = None
    # Categories printed ``三、卫生健康支出``: only the 类 with money, numbered by position (上海);
    # otherwise every 类 of the year, ``201 一般公共服务支出`` (新疆).
    numbered: bool = False

    @cached_property
    def leaves(self) -> tuple[Column, ...]:
        return leaves(self.columns)

    @property
    def header_depth(self) -> int:
        return depth(self.columns) + (1 if self.group else 0)

    def column(self, key: str) -> Column:
        for col in self.leaves:
            if col.key == key:
                return col
        raise KeyError(f"block {self.key!r} has no column {key!r}")

    def groups_above(self, key: str) -> tuple[Group, ...]:
        """The groups over column ``key``, outermost first (表11 合计: 财政拨款)."""
        def down(nodes: tuple[Node, ...], trail: tuple[Group, ...]) -> tuple[Group, ...] | None:
            for node in nodes:
                if isinstance(node, Column):
                    if node.key == key:
                        return trail
                elif (found := down(node.children, (*trail, node))) is not None:
                    return found
            return None

        return down(self.columns, ()) or ()

    def fixed_row(self, key: str) -> FixedRow:
        for row in self.fixed_rows:
            if row.key == key:
                return row
        raise KeyError(f"block {self.key!r} has no row {key!r}")

    @cached_property
    def amount_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.leaves if c.kind is ColumnKind.AMOUNT)


@dataclass(frozen=True)
class TableSpec:
    """One table of a region's book."""

    number: int
    titles: dict[str, str] = field(compare=False)  # level (单位/部门) → title; not hashed
    blocks: tuple[Block, ...]
    aliases: tuple[str, ...] = ()
    blank_note: str | None = None  # 备注 template for a blank table: {unit} {year}
    template_rows: int = 0  # blank data rows in the empty template
    unit: str = "万元"  # the unit the region prints it in (上海 表1–8: 元)

    @property
    def label(self) -> str:
        return f"表{self.number}"

    def title(self, level: str, year: int | None = None) -> str:
        """The printed title; a ``{year}`` in it (上海 ``{year}年部门收入预算总表``) becomes the
        budget year, or is dropped when no year is given."""
        title = self.titles[level]
        return title.replace("{year}", str(year)) if year else title.replace(YEAR_SLOT, "")

    def title_names(self) -> dict[str, str]:
        """Level → title as matched in a book, without its year (a title may print one)."""
        return {level: title.replace(YEAR_SLOT, "") for level, title in self.titles.items()}

    def matches_title(self, text: str) -> bool:
        folded = fold(text)
        names = (*self.title_names().values(), *self.aliases)
        return any(folded == fold(name) for name in names)

    @property
    def leaves(self) -> tuple[Column, ...]:
        return tuple(col for block in self.blocks for col in block.leaves)

    @property
    def is_economic(self) -> bool:
        """Its codes are 经济分类 (类/款), not 功能分类."""
        return any(block.rows is RowSource.ECONOMIC for block in self.blocks)

    @property
    def header_depth(self) -> int:
        return max(block.header_depth for block in self.blocks)

    def block(self, key: str) -> Block:
        for block in self.blocks:
            if block.key == key:
                return block
        raise KeyError(f"{self.label} has no block {key!r}")


Block.__hash__ = _hash_once  # type: ignore[method-assign,assignment]
TableSpec.__hash__ = _hash_once  # type: ignore[method-assign,assignment]
