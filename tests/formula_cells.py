"""The formulas of an .xlsx as openpyxl reads them: what the .xls and .ods formula readers
(read/biff, read/odsxml) must give for the same book saved by LibreOffice; and those readers on
damaged copies of a file."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula


def xlsx_formulas(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Every formula cell of an .xlsx as openpyxl reads it, without "=" (an array formula at
    its anchor, as an .xlsx stores it); every sheet is a key."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in openpyxl.load_workbook(path).worksheets:
        cells = found.setdefault(sheet.title, {})
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value.text if isinstance(cell.value, ArrayFormula) else cell.value
                if isinstance(value, str) and value.startswith("="):
                    cells[(cell.row, cell.column)] = value[1:]
    return found


Formulas = dict[str, dict[tuple[int, int], str]]


def survives_damage(read: Callable[[Path], Formulas], sample: Path, folder: Path, *,
                    cuts: Sequence[int], seed: int, noise: int, rounds: int, flips: int,
                    flip: Callable[[random.Random], int]) -> None:
    """A formula reader on damaged copies of ``sample``: cut short at each of ``cuts`` it gives
    only formulas the whole file has; on noise and on a missing file, nothing; with ``flips``
    bytes flipped (``rounds`` times), whatever it decodes, it does not raise."""
    data = sample.read_bytes()
    whole = read(sample)
    suffix = sample.suffix
    for cut in cuts:
        damaged = folder / f"cut{cut}{suffix}"
        damaged.write_bytes(data[:cut])
        for sheet, cells in read(damaged).items():
            assert sheet in whole and cells.items() <= whole[sheet].items()
    rng = random.Random(seed)
    noisy = folder / f"noise{suffix}"
    noisy.write_bytes(rng.randbytes(noise))
    assert read(noisy) == {}
    assert read(folder / f"missing{suffix}") == {}
    for round_ in range(rounds):
        flipped = bytearray(data)
        for index in rng.sample(range(len(flipped)), flips):
            flipped[index] ^= flip(rng)
        path = folder / f"flipped{round_}{suffix}"
        path.write_bytes(bytes(flipped))
        read(path)
