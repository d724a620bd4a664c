"""Values no budget holds (NaN, ±infinity, 10¹² 万元 and more, more digits than a workbook
keeps) are one R.amount finding at their cell, in every container the reader takes; the rest
of the book is still checked, and ``fix`` says in one sentence what it cannot write back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from libreoffice import convert, soffice
from xlbudget.check.run import check
from xlbudget.cli import app
from xlbudget.read.cells import BadAmount, amount

from .mutate import BASES, amount_case, build, where


@pytest.mark.parametrize(("value", "why"), [
    (float("nan"), "not a number"), (float("inf"), "infinite"), (float("-inf"), "infinite"),
    (1e308, "beyond any budget"), (10 ** 300, "beyond any budget"),
    ("1" * 300, "beyond any budget"), ("0.12345678901234567", "more digits than a workbook keeps"),
    ("NaN", "text"), ("Infinity", "text"),
])
def test_a_value_no_budget_holds_is_no_amount(value: object, why: str) -> None:
    found = amount(value)
    assert isinstance(found, BadAmount) and found.why == why
    assert len(found.text) <= 24  # 1.000000E+308, not three hundred digits


@pytest.mark.parametrize("value", [432.18, "1,234.56", 10 ** 15, "-0.01", 9.99e11])
def test_real_amounts_stay_amounts(value: object) -> None:
    assert isinstance(amount(value), Decimal)


@pytest.mark.parametrize("kind", ["nan", "inf", "-inf", "huge", "digits"])
def test_each_is_one_finding_at_its_cell_and_the_rest_is_checked(kind: str,
                                                                   tmp_path: Path) -> None:
    case = amount_case(BASES[1], kind)  # 000 in its published layout: 1 warning, 1 info
    path = build(case, tmp_path / "bad.xlsx")
    report = check(path)
    assert report.unreadable is None and report.tables == list(range(1, 12))
    bad = [f for f in report.findings if f.rule == "R.amount"]
    assert [f.cells for f in bad] == [(where(case),)]
    assert "内部错误" not in bad[0].message_zh and len(bad[0].actual or "") <= 24


@pytest.mark.parametrize("target", ["ods", "xls"])
def test_the_same_in_an_ods_and_an_xls(target: str, tmp_path: Path) -> None:
    soffice()
    case = amount_case(BASES[1], "huge")
    book = convert(build(case, tmp_path / "bad.xlsx"), target, tmp_path / "out",
                   tmp_path / "profile")
    bad = [f for f in check(book).findings if f.rule == "R.amount"]
    assert len(bad) == 1 and bad[0].actual == "1.000000E+308"


def test_fix_keeps_a_nan_cell_as_typed_and_corrects_the_rest(tmp_path: Path) -> None:
    """openpyxl cannot load a number cell holding NaN: fix keeps it as the text it holds and
    corrects the rest of the book in its own layout (004's misnamed 201 here)."""
    import openpyxl

    case = amount_case(BASES[1].parent / "004.xlsx", "nan")
    path = build(case, tmp_path / "nan.xlsx")
    result = CliRunner().invoke(app, ["fix", str(path), "-o", str(tmp_path / "out")])
    assert "Traceback" not in result.output and "内部错误" not in result.output
    fixed = tmp_path / "out" / "nan.xlsx"
    after = check(fixed)
    assert [f.rule for f in after.findings if f.severity == "error"] == ["R.amount"]
    sheet, cell = where(case).split("!")
    assert str(openpyxl.load_workbook(fixed)[sheet][cell].value).lower() == "nan"
