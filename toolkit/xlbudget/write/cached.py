"""Saved results for the formulas of a workbook openpyxl wrote.

openpyxl keeps every formula of a patched workbook but saves none of their results, so a reader
that does not calculate (a viewer, python-calamine, xlbudget's own fast path) would see blank
totals. After the save, each formula's result is computed from the patched cells
(:class:`~xlbudget.read.formulas.Evaluator`: SUM, + − × ÷ across sheets) and written into the
file as its saved value; a formula outside that subset keeps the result the original file had.
"""

from __future__ import annotations

import html
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from xlbudget.addresses import cell_name
from xlbudget.read.formulas import Evaluator, Unsupported
from xlbudget.read.grid import Grid, Uncached
from xlbudget.read.rawxml import sheet_members
from xlbudget.read.sheets import load_grids

_EMPTY = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>', re.S)


def refresh(path: Path, original: Path) -> int:
    """Write a saved result into every formula of ``path`` that has none; returns how many."""
    grids, _ = load_grids(path)
    before = {grid.name: grid for grid in load_grids(original)[0]}
    results = {grid.name: _results(grid, Evaluator(grids), before.get(grid.name))
               for grid in grids}
    with zipfile.ZipFile(path) as archive:
        members = {m: name for name, m in sheet_members(archive).items()}
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    written = 0
    rebuilt = path.with_suffix(".recache.tmp")
    try:
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in items:
                if info.filename in members:
                    data, count = _fill(data, results[members[info.filename]])
                    written += count
                out.writestr(info, data)
        rebuilt.replace(path)
    finally:
        rebuilt.unlink(missing_ok=True)
    return written


def _results(grid: Grid, evaluator: Evaluator, before: Grid | None) -> dict[str, object]:
    """Address → the result to save, for each formula cell without one."""
    out: dict[str, object] = {}
    for (row, col), value in grid.values.items():
        if not isinstance(value, Uncached):
            continue
        address = cell_name(row - 1, col - 1)
        try:
            out[address] = evaluator(grid.name, row, col)
        except (Unsupported, ValueError):
            old = before.get(row, col) if before else None
            if old is not None and not isinstance(old, Uncached):
                out[address] = old
    return out


def _fill(data: bytes, results: dict[str, object]) -> tuple[bytes, int]:
    count = 0

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal count
        address = match.group(1).decode()
        if address not in results:
            return match.group(0)
        count += 1
        attrs, formula = match.group(2), match.group(3)
        value = results[address]
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            text = format(Decimal(str(value)).normalize(), "f").encode()
            attrs = re.sub(rb'\st="[^"]*"', b"", attrs)
        else:
            text = html.escape(str(value)).encode()
            attrs = re.sub(rb'\st="[^"]*"', b"", attrs) + b' t="str"'
        return b'<c r="' + match.group(1) + b'"' + attrs + b"><f>" + formula + b"</f><v>" + \
            text + b"</v></c>"

    return _EMPTY.sub(replace, data), count
