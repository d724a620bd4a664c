"""单位构成: which units a department book sums, so the sum can be traced and checked again.

One row per unit: its name, its kind (机关 / 参公 / 事业, as the unit book says), the file it
was read from with the file's SHA-256, and its 表1 totals. ``check DEPT --units …`` reads it
back (:attr:`~xlbudget.read.carried.Carried.composition`) to find a unit the book does not list.
"""

from __future__ import annotations

from decimal import Decimal

from xlbudget.check.findings import money
from xlbudget.consolidate.units import Unit
from xlbudget.model import ZERO, Budget

TOTALS_TABLE = 1  # 收支总体情况表: its blocks' totals (收入总计, 支出总计)


def totals(budget: Budget) -> list[Decimal]:
    """The totals of 表1's blocks (收入总计, 支出总计), in 万元."""
    table = budget.tables.get(TOTALS_TABLE)
    if table is None:
        return []
    out = []
    for block in table.spec.blocks:
        row = table.total(block.key)
        amounts = block.amount_columns
        out.append(row.amount(amounts[0].key) if row is not None and amounts else ZERO)
    return out


def rows(units: list[Unit]) -> list[tuple[str, ...]]:
    out = []
    for unit in units:
        figures = [money(t) or "" for t in totals(unit.budget)][:2]
        said = bool(unit.budget.profile.region.consolidate.kind)
        out.append((unit.name, unit.kind or ("未填" if said else ""), unit.path.name,
                    unit.sha256[:16],
                    *figures, *([""] * (2 - len(figures)))))
    return out
