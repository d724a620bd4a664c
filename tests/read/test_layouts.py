"""The reader copes with the layouts real exports produce (tests/variants.py).

Each variant is a mutated copy of a published-layout sample; reading it must give the same budget
as reading the sample, compared through :func:`digest`. The exceptions are stated precisely: 元
tables give the same 万元 amounts, a whole-万元 book gives the rounded amounts without sum errors,
and an unevaluable formula is reported by cell. Provenance (``Row.cells``) must follow the move.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from variants import CODED, UNEVALUABLE, VARIANTS
from xlbudget.check.reading import read_findings
from xlbudget.model import Budget, Row
from xlbudget.read.workbook import ReadResult, read_workbook
from xlbudget.text import fold

PUBLISHED = Path(__file__).resolve().parents[2] / "samples" / "published"
NAMES = [name for name, _, _ in VARIANTS]
BUILD = {name: (function, base) for name, function, base in VARIANTS}

RowDigest = tuple[str | None, str, str | None, bool, dict[str, Decimal]]
Digest = dict[int, dict[str, list[RowDigest]]]


def _rows(rows: list[Row]) -> list[Row]:
    return [row for row in rows if not row.is_blank]


def digest(budget: Budget) -> Digest:
    """Per table and block, the non-blank rows as (code, folded name, project, is_total,
    non-zero amounts); amounts compare exactly as Decimals."""
    return {
        number: {
            block: [(row.code, fold(row.name), row.project, row.is_total,
                     {key: value for key, value in row.amounts.items() if value})
                    for row in _rows(rows)]
            for block, rows in table.rows.items()
        }
        for number, table in sorted(budget.tables.items())
    }


def _map_amounts(d: Digest, change: Callable[[Decimal], Decimal]) -> Digest:
    return {n: {b: [(*r[:4], {k: change(v) for k, v in r[4].items() if change(v)}) for r in rows]
                for b, rows in blocks.items()} for n, blocks in d.items()}


def _split(address: str) -> tuple[str, str]:
    sheet, _, ref = address.rpartition("!")
    return sheet.strip("'"), ref.replace("$", "")


# ── building and reading, once per session ───────────────────────────────────────────────


@dataclass
class Pair:
    name: str
    path: Path
    base: ReadResult
    variant: ReadResult


@pytest.fixture(scope="session")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Pair]:
    folder = tmp_path_factory.mktemp("variants")
    bases: dict[str, ReadResult] = {}
    done: dict[str, Pair] = {}

    def get(name: str) -> Pair:
        if name not in done:
            function, base = BUILD[name]
            path = folder / f"{name}.xlsx"
            function(PUBLISHED / base, path)
            if base not in bases:
                bases[base] = read_workbook(PUBLISHED / base)
            done[name] = Pair(name, path, bases[base], read_workbook(path))
        return done[name]

    return get


# ── the variants themselves (no reader needed) ───────────────────────────────────────────


def _contents(path: Path) -> dict[str, dict[str, Any]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row
                       if c.value is not None} for ws in book.worksheets}


@pytest.mark.parametrize("name", NAMES)
def test_variant_changes_the_copy_not_the_base(tmp_path: Path, name: str) -> None:
    function, base = BUILD[name]
    before = hashlib.sha256((PUBLISHED / base).read_bytes()).hexdigest()
    function(PUBLISHED / base, tmp_path / "v.xlsx")
    assert hashlib.sha256((PUBLISHED / base).read_bytes()).hexdigest() == before
    assert _contents(tmp_path / "v.xlsx") != _contents(PUBLISHED / base)
    with pytest.raises(ValueError):
        function(tmp_path / "v.xlsx", tmp_path / "v.xlsx")


# ── same budget ──────────────────────────────────────────────────────────────────────────


def _expected(pair: Pair) -> tuple[Digest, Digest]:
    """(expected, actual) digests, with each variant's stated exception applied."""
    base, variant = digest(pair.base.budget), digest(pair.variant.budget)
    if pair.name == "whole_wanyuan":
        base = _map_amounts(base, lambda v: v.quantize(Decimal(1), ROUND_HALF_UP))
    if pair.name == "unevaluable_formula":  # the broken cell's amount is not compared
        number, block, index, column = _unevaluable_place(pair.base)
        for d in (base, variant):
            rows = d.get(number, {}).get(block, [])
            if index < len(rows):
                rows[index][4].pop(column, None)
    return base, variant


def _unevaluable_place(result: ReadResult) -> tuple[int, str, int, str]:
    sheet, ref = UNEVALUABLE
    number = int(sheet.removeprefix("表"))
    for block, rows in result.budget.tables[number].rows.items():
        for index, row in enumerate(_rows(rows)):
            for column, address in row.cells.items():
                if _split(address) == (sheet, ref):
                    return number, block, index, column
    raise AssertionError(f"the base reading has no row from {sheet}!{ref}")


@pytest.mark.parametrize("name", NAMES)
def test_variant_reads_as_the_base(pairs: Callable[[str], Pair], name: str) -> None:
    pair = pairs(name)
    expected, actual = _expected(pair)
    assert sorted(actual) == sorted(expected), "tables found"
    differences = [_first_difference(number, block, rows, actual[number].get(block, []))
                   for number, blocks in expected.items() for block, rows in blocks.items()
                   if actual[number].get(block, []) != rows]
    assert not differences, "\n".join(differences)


def _first_difference(number: int, block: str, want: list[RowDigest],
                      got: list[RowDigest]) -> str:
    pairs = enumerate(zip(want, got, strict=False))
    index = next((i for i, (w, g) in pairs if w != g), min(len(want), len(got)))
    return (f"表{number} {block}: {len(want)} rows expected, {len(got)} read; first difference at"
            f" row {index}: expected {want[index] if index < len(want) else None},"
            f" read {got[index] if index < len(got) else None}")


@pytest.mark.parametrize("name", NAMES)
def test_variant_keeps_unit_name_and_year(pairs: Callable[[str], Pair], name: str) -> None:
    pair = pairs(name)
    assert pair.variant.budget.unit_name == pair.base.budget.unit_name
    assert pair.variant.budget.year == pair.base.budget.year


def test_yuan_tables_are_known_as_yuan(pairs: Callable[[str], Pair]) -> None:
    one, book = pairs("yuan_table7").variant.budget, pairs("yuan_book").variant.budget
    assert {n: t.unit for n, t in one.tables.items()} == {
        n: "元" if n == 7 else "万元" for n in one.tables}
    assert {t.unit for t in book.tables.values()} == {"元"}


def test_whole_wanyuan_rounding_is_not_an_error(pairs: Callable[[str], Pair]) -> None:
    pair = pairs("whole_wanyuan")
    assert {t.quantum for t in pair.variant.budget.tables.values()} == {Decimal(1)}
    base_errors = {(f.rule, f.table) for f in read_findings(pair.base) if f.severity == "error"}
    new_errors = [f for f in read_findings(pair.variant)
                  if f.severity == "error" and (f.rule, f.table) not in base_errors]
    assert new_errors == []


def test_unevaluable_formula_is_reported_by_cell(pairs: Callable[[str], Pair]) -> None:
    findings = read_findings(pairs("unevaluable_formula").variant)
    hits = [f for f in findings if "formula" in f.rule
            and UNEVALUABLE in {_split(cell) for cell in f.cells}]
    assert hits, [(f.rule, f.cells) for f in findings]


def test_formula_variant_has_no_formula_findings(pairs: Callable[[str], Pair]) -> None:
    for name in ("formula_totals", "formula_totals_000"):
        findings = read_findings(pairs(name).variant)
        assert [f for f in findings if "formula" in f.rule] == [], name


# ── provenance ───────────────────────────────────────────────────────────────────────────

# (variant sheet of each base sheet, table, sheet, column, row) → moved (sheet, column, row)
Move = Callable[[dict[str, str], int, str, int, int], tuple[str, int, int]]


def _by_label(path: Path) -> dict[str, str]:
    """Variant sheet name of each base sheet 表N, from the label kept in A1."""
    return {str(ws["A1"].value): ws.title for ws in openpyxl.load_workbook(path).worksheets}


def _first(number: int) -> int:
    return 7 if number == 11 else 6


MOVES: dict[str, Move] = {
    "sheets_titled": lambda m, n, s, c, r: (m[s], c, r),
    "sheets_numbered_shuffled": lambda m, n, s, c, r: (m[s], c, r),
    "label_absent": lambda m, n, s, c, r: (s, c, r - 1),
    "blank_row_above": lambda m, n, s, c, r: (s, c, r + 1),
    "blank_row_before_header": lambda m, n, s, c, r: (s, c, r + 1),
    "unit_line_two_rows": lambda m, n, s, c, r: (s, c, r + 1),
    "three_row_header": lambda m, n, s, c, r: (s, c, r + (n != 11)),
    "shifted_right": lambda m, n, s, c, r: (s, c + 1, r),
    "combined_code_column": lambda m, n, s, c, r: (s, c - 2 * (n in CODED), r),
    "combined_code_column_int": lambda m, n, s, c, r: (s, c - 2 * (n in CODED), r),
    "spacer_rows": lambda m, n, s, c, r: (
        s, c, r + (0 if n in (1, 4) else max(0, r - _first(n)) // 2)),
}


@pytest.mark.parametrize("name", sorted(MOVES))
def test_provenance_follows_the_move(pairs: Callable[[str], Pair], name: str) -> None:
    pair = pairs(name)
    move, sheets = MOVES[name], _by_label(pair.path)
    checked = 0
    for number, table in pair.base.budget.tables.items():
        for block, rows in table.rows.items():
            moved_rows = _rows(pair.variant.budget.tables[number].rows[block])
            assert len(moved_rows) == len(_rows(rows)), f"表{number} {block}"
            for row, moved in zip(_rows(rows), moved_rows, strict=True):
                for column, value in row.amounts.items():
                    if not value or column not in row.cells:
                        continue
                    sheet, ref = _split(row.cells[column])
                    col, line = column_index_from_string(ref.rstrip("0123456789")), int(
                        ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
                    to_sheet, to_col, to_row = move(sheets, number, sheet, col, line)
                    want = (to_sheet, f"{get_column_letter(to_col)}{to_row}")
                    assert _split(moved.cells.get(column, "!")) == want, (
                        f"表{number} {row.code or row.name} {column}: base {row.cells[column]}")
                    checked += 1
    assert checked > 50


def _printed(value: object) -> Decimal:
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace(" ", "")
    return Decimal(0) if text in ("", "-", "—") else Decimal(text)


@pytest.mark.parametrize("name", NAMES)
def test_provenance_holds_the_amount(pairs: Callable[[str], Pair], name: str) -> None:
    """Every non-zero amount's cell, looked up in the variant file, holds that amount as printed
    (元 tables × 10000); formula cells are skipped."""
    pair = pairs(name)
    book = openpyxl.load_workbook(pair.path)
    checked = 0
    for number, table in pair.variant.budget.tables.items():
        scale = Decimal(10000) if table.unit == "元" else Decimal(1)
        for rows in table.rows.values():
            for row in rows:
                for column, value in row.amounts.items():
                    if not value or column not in row.cells:
                        continue
                    sheet, ref = _split(row.cells[column])
                    printed = book[sheet][ref].value
                    if isinstance(printed, str) and printed.startswith("="):
                        continue
                    assert _printed(printed) == value * scale, (
                        f"表{number} {row.code or row.name} {column}: {row.cells[column]}")
                    checked += 1
    assert checked > 20
