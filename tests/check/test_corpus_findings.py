"""Findings on the variant corpus (tests/corpus): correct books in other layouts check clean,
malformed books give exactly their one finding, and a mistyped amount is named at its cell.

The corpus is generated here from the published samples (samples/published, copies of the
shared workbooks); bench/localisation.py runs the same books, more of them, and prints
precision and recall.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from corpus import exports, malformed, typos
from xlbudget.check.findings import Finding, Kind, Severity
from xlbudget.check.run import check

BASES = Path(__file__).resolve().parents[2] / "samples" / "published"


def errors(path: Path) -> list[Finding]:
    report = check(path)
    assert report.unreadable is None, report.unreadable
    return [f for f in report.findings if f.severity is Severity.ERROR]


@pytest.fixture(scope="module")
def base_errors() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    return {p.name: [(f.rule, f.cells) for f in errors(p)] for p in BASES.glob("*.xlsx")}


@pytest.mark.parametrize(("name", "variant", "base"), exports.EXPORT_VARIANTS,
                         ids=[name for name, _, _ in exports.EXPORT_VARIANTS])
def test_a_correct_book_in_another_layout_checks_clean(
        name: str, variant: exports.Variant, base: str, tmp_path: Path,
        base_errors: dict[str, list[tuple[str, tuple[str, ...]]]]) -> None:
    target = tmp_path / f"{name}.xlsx"
    variant(BASES / base, target)
    found = errors(target)
    # the base's own errors (004: T5.name at 表5!D6) may sit at another address in the variant
    assert Counter(f.rule for f in found) == Counter(rule for rule, _ in base_errors[base]), [
        (f.rule, f.cells[:3], f.message_en[:120]) for f in found]


@pytest.mark.parametrize(("name", "make", "base", "expected"), malformed.MALFORMED,
                         ids=[m[0] for m in malformed.MALFORMED])
def test_a_malformed_book_gives_exactly_its_finding(
        name: str, make: exports.Variant, base: str, expected: malformed.Expected,
        tmp_path: Path) -> None:
    target = tmp_path / f"{name}.xlsx"
    make(BASES / base, target)
    before = Counter((f.rule, f.cells) for f in check(BASES / base).findings)
    after = Counter((f.rule, f.cells) for f in check(target).findings)
    new = list((after - before).elements())
    assert [(rule, cells[:1]) for rule, cells in new] == [
        (expected.rule, (expected.where,) if expected.where else ())]


TYPOS = [(name, i) for name in ("000.xlsx", "002.xlsx", "004.xlsx") for i in range(14)]


@pytest.fixture(scope="module")
def typo_books(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], typos.Typo]:
    out = tmp_path_factory.mktemp("typos")
    return {(name, i): t for name in ("000.xlsx", "002.xlsx", "004.xlsx")
            for i, t in enumerate(typos.typos(BASES / name, out, 14, seed=7))}


@pytest.mark.parametrize(("name", "index"), TYPOS, ids=[f"{n[:3]}-{i}" for n, i in TYPOS])
def test_a_mistyped_amount_is_the_one_root_cause(
        name: str, index: int, typo_books: dict[tuple[str, int], typos.Typo],
        base_errors: dict[str, list[tuple[str, tuple[str, ...]]]]) -> None:
    typo = typo_books[(name, index)]
    found = [f for f in errors(typo.path) if (f.rule, f.cells) not in base_errors[name]]
    assert [(f.kind, f.cells) for f in found] == [(Kind.CAUSE, (typo.where,))], [
        f.message_en for f in found]
    (cause,) = found
    assert Decimal(cause.expected or "nan") == Decimal(typo.before)
    assert Decimal(cause.actual or "nan") == Decimal(typo.after)
    assert cause.consequences  # the broken identities are attached, not reported apart


@pytest.mark.parametrize(("name", "variant", "base"), exports.EXPORT_VARIANTS,
                         ids=[name for name, _, _ in exports.EXPORT_VARIANTS])
def test_a_mistyped_amount_in_another_layout_is_named_at_its_cell(
        name: str, variant: exports.Variant, base: str, tmp_path: Path,
        base_errors: dict[str, list[tuple[str, tuple[str, ...]]]]) -> None:
    made = typos.typos_in_variant(BASES / base, variant, tmp_path, 1, seed=3, name=name)
    assert made, f"{name}: no typo survives the variant"
    (typo,) = made
    found = errors(typo.path)
    causes = [f for f in found if f.kind is Kind.CAUSE]
    others = Counter(f.rule for f in found if f.kind is not Kind.CAUSE)
    assert [f.cells for f in causes] == [(typo.where,)], [f.message_en for f in found]
    assert others == Counter(rule for rule, _ in base_errors[base])  # nothing but the base's


# xlbudget's own format: totals and subtotals are formulas (=SUM), details typed values.
OWN = Path(__file__).resolve().parents[2] / "samples"
OWN_TYPOS = [("park-2024.xlsx", "表3", "F10"), ("park-2024.xlsx", "表3", "G8"),
             ("city-office-2024.xlsx", "表2", "G9"), ("city-office-2024.xlsx", "表7", "H9")]


@pytest.mark.parametrize(("name", "sheet", "cell"), OWN_TYPOS)
def test_a_typo_under_formula_totals_is_blamed_not_its_totals(
        name: str, sheet: str, cell: str, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(OWN / name)
    value = book[sheet][cell].value
    assert isinstance(value, int | float) and value, (sheet, cell, value)  # a typed detail
    book[sheet][cell] = value * 10
    target = tmp_path / name
    book.save(target)  # openpyxl drops the cached values: every formula is re-evaluated
    found = [f for f in errors(target)]
    assert [(f.kind, f.cells) for f in found] == [(Kind.CAUSE, (f"{sheet}!{cell}",))], [
        f.message_en for f in found]
    assert Decimal(found[0].expected or "nan") == Decimal(repr(value)).quantize(Decimal("0.01"))
