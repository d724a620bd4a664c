"""Spreadsheet cell addresses (``A1``), 0-based in, letters out. No spreadsheet library here."""

from __future__ import annotations


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def column_number(letters: str) -> int:
    """``E`` → 5: a column's letters as its 1-based number (the inverse of column_letter)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
