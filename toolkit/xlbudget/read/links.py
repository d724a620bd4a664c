"""Formula links: which amount cells of the tables follow other cells by formula.

A 合计 written as ``=SUM(E7:E9)`` is not an independent figure: when a detail is mistyped the
total follows it, and the total is not the cell to blame. Each amount cell whose formula is
linear (SUM, + and −, numbers) becomes a :class:`~xlbudget.model.Link` in 万元 — precedents in a
元 table are scaled — so localisation can move a detail and let its formulas follow.
"""

from __future__ import annotations

from decimal import Decimal

from xlbudget.addresses import cell_name
from xlbudget.model import Link, Table
from xlbudget.read.formulas import Lookup, Unsupported, linear
from xlbudget.read.grid import Grid
from xlbudget.read.locate import Located

TEN_THOUSAND = Decimal(10000)


def formula_links(grids: list[Grid], located: dict[int, Located], tables: dict[int, Table],
                  value: Lookup) -> dict[str, Link]:
    """Every table amount cell holding a linear formula → its link (in 万元)."""
    by_name = {grid.name: grid for grid in grids}
    scale = _scales(located, tables)
    links: dict[str, Link] = {}
    for number, table in tables.items():
        grid = located[number].grid
        if not grid.formulas:
            continue
        for block in table.spec.blocks:
            for row in table.block_rows(block.key):
                for column in block.amount_columns:
                    ref = row.cells.get(column.key)
                    place = _place(ref, grid) if ref else None
                    if place and place in grid.formulas:
                        link = _link(ref or "", grid, place, by_name, scale, value)
                        if link is not None:
                            links[link.cell] = link
    return links


def _place(ref: str, grid: Grid) -> tuple[int, int] | None:
    _, _, address = ref.rpartition("!")
    letters = address.rstrip("0123456789")
    digits = address[len(letters):]
    if not letters or not digits:
        return None
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits), col


def _scales(located: dict[int, Located], tables: dict[int, Table]
            ) -> list[tuple[str, range, Decimal]]:
    """(sheet, rows, divisor to 万元) of every table: 元 tables count 10,000 to the 万元."""
    return [(loc.grid.name, range(loc.first_data_row, loc.end_row),
             TEN_THOUSAND if tables[n].unit == "元" else Decimal(1))
            for n, loc in located.items() if n in tables]


def _divisor(scale: list[tuple[str, range, Decimal]], sheet: str, row: int,
             default: Decimal) -> Decimal:
    return next((d for name, rows, d in scale if name == sheet and row in rows), default)


def _link(ref: str, grid: Grid, place: tuple[int, int], by_name: dict[str, Grid],
          scale: list[tuple[str, range, Decimal]], value: Lookup) -> Link | None:
    """value_f = Σ b_j (s_j / s_f) value_j + c / s_f, with s the divisor of each cell's table."""
    try:
        form = linear(grid.formulas[place], grid.name)
    except Unsupported:
        return None
    own = _divisor(scale, grid.name, place[0], Decimal(1))
    terms: list[tuple[str, Decimal, Decimal]] = []
    for (sheet, row, col), a in form.terms.items():
        if sheet not in by_name:
            return None
        divisor = _divisor(scale, sheet, row, own)
        try:
            raw = value(sheet, row, col)
        except Unsupported:
            return None
        terms.append((f"{sheet}!{cell_name(row - 1, col - 1)}", a * divisor / own, raw / divisor))
    return Link(ref, tuple((c, a) for c, a, _ in terms), form.constant / own,
                tuple((c, v) for c, _, v in terms))
