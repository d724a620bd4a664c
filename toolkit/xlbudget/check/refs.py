"""String references to table figures, e.g. ``"表5.合计.基本支出"`` or ``"表1.一般财力.预算数"``.

``表N.<row>.<column>``: the row is a fixed row (key or label), or the block's total row (合计,
收入总计, 支出总计); the column a key or label. A reference is checked against the spec when it is
made, so a typo in a region file fails when its rules are built, not in a user's run.
"""

from __future__ import annotations

from xlbudget.check.figures import Context, Figure
from xlbudget.read.locate import candidates, label_key
from xlbudget.spec.model import Block, TableSpec
from xlbudget.spec.regions import Region
from xlbudget.text import fold


class BadReference(ValueError):
    pass


def _row_key(block: Block, text: str) -> str | None:
    if block.total is not None and (
        fold(text) in {fold(block.total.label), *(fold(a) for a in block.total.aliases)}
        or text == block.total.key
    ):
        return block.total.key
    for row in block.fixed_rows:
        if text == row.key or row.matches(text) or label_key(text) == label_key(row.label):
            return row.key
    return None


def _column_key(block: Block, text: str) -> str | None:
    return next((c.key for c in block.leaves if text == c.key or c.matches(text)), None)


def _resolve(spec: TableSpec, row: str, column: str) -> tuple[str, str, str] | None:
    for block in spec.blocks:
        row_key, column_key = _row_key(block, row), _column_key(block, column)
        if row_key and column_key:
            return block.key, row_key, column_key
    return None


def parse(text: str, region: Region | None = None) -> tuple[int, str, str]:
    table, _, rest = text.partition(".")
    row, _, column = rest.partition(".")
    if not table.startswith("表") or not table[1:].isdigit() or not row or not column:
        raise BadReference(f"reference {text!r} is not 表N.<row>.<column>")
    number = int(table[1:])
    if not any(_resolve(s, row, column) for s in candidates(number, region)):
        raise BadReference(f"reference {text!r} names no row and column of {table}")
    return number, row, column


class Ref:
    """A figure of a table, resolved against the variant the workbook actually uses."""

    def __init__(self, text: str, region: Region | None = None) -> None:
        self.text = text
        self.number, self.row, self.column = parse(text, region)

    def __call__(self, context: Context) -> Figure | None:
        table = context.table(self.number)
        if table is None:
            return None
        found = _resolve(table.spec, self.row, self.column)
        if found is None:
            return None  # the variant has no such row or column (e.g. 表4 without 上年结转)
        block, row, column = found
        return context.fixed(self.number, block, row, column)

    def __repr__(self) -> str:
        return f"Ref({self.text!r})"


def refs(*texts: str) -> list[Ref]:
    return [Ref(t) for t in texts]
