"""samples/*.xlsx: the three publications in xlbudget's own format, every amount in place.

Sources: samples/sources/{000,002,004}.json are copies of the shared transcriptions of the real
publications; samples/sources/*.inputs.json the narrative inputs transcribed from their 说明.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import SAMPLES
from xlbudget.read.transcription import load_budget, load_json
from xlbudget.write.layout import lay_out


def _cell_decimal(value: object) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value))


@pytest.mark.parametrize("name", SAMPLES)
def test_every_transcribed_amount_is_in_place(root: Path, name: str) -> None:
    doc = load_json(root / "samples" / "sources" / f"{SAMPLES[name]}.json")
    budget = load_budget(doc)
    book = openpyxl.load_workbook(root / "samples" / f"{name}.xlsx", data_only=True)
    checked = 0
    for table in budget:
        layout = lay_out(table)
        sheet = book[table.spec.label]
        for block in table.spec.blocks:
            for index, row in enumerate(table.block_rows(block.key)):
                for column in block.amount_columns:
                    address = layout.address(block.key, index, column.key)
                    assert _cell_decimal(sheet[address].value) == row.amount(column.key), (
                        f"{name} {table.spec.label}!{address}")
                    checked += row.amount(column.key) != 0
    assert checked > 150


@pytest.mark.parametrize("name", SAMPLES)
def test_codes_names_and_notes_are_in_place(root: Path, name: str) -> None:
    doc = load_json(root / "samples" / "sources" / f"{SAMPLES[name]}.json")
    book = openpyxl.load_workbook(root / "samples" / f"{name}.xlsx")
    for number, raw in doc["tables"].items():
        sheet = book[f"表{number}"]
        printed = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
        for line in raw["rows"]:
            for value in line:
                if isinstance(value, str) and not value.startswith("合"):
                    assert value in printed, f"{name} 表{number}: {value!r} missing"
        if raw.get("note"):
            assert raw["note"] in printed


def test_published_errors_are_kept_not_corrected(root: Path) -> None:
    # 004's 表5 names 201 "一般公共预算支出"; the sample must carry the error for check to find.
    t5 = openpyxl.load_workbook(root / "samples" / "industry-bureau-2024.xlsx")["表5"]
    assert t5["D6"].value == "一般公共预算支出"


def test_totals_are_formulas(root: Path) -> None:
    t3 = openpyxl.load_workbook(root / "samples" / "park-2024.xlsx")["表3"]
    total_row = next(r for r in range(6, 40) if t3.cell(r, 4).value == "合计")
    assert [t3.cell(total_row, c).value for c in (5, 6, 7)] == [
        f"=SUM(F{total_row}:G{total_row})", "=SUM(F6,F13,F18,F22,F25)",
        "=SUM(G6,G13,G18,G22,G25)"]


def test_prior_year_figures_are_reconstructed(root: Path) -> None:
    book = openpyxl.load_workbook(root / "samples" / "park-2024.xlsx", data_only=True)
    sheet = book["上年预算数"]
    prior = {sheet.cell(r, 1).value or sheet.cell(r, 4).value: sheet.cell(r, 5).value
             for r in range(4, sheet.max_row + 1)}
    # 000 说明: 一般公共预算 1,617.71 万元，比上年预算增加 275.58 万元 → 1,342.13
    assert Decimal(str(prior["income.gpb_own"])) == Decimal("1342.13")
    # 行政单位医疗 0.74 万元，比上年预算减少 0.69 万元 → 1.43
    assert Decimal(str(prior["2101101"])) == Decimal("1.43")
    # 财政拨款结转 3,159.16，增加 3,119.16 → 40.00
    assert Decimal(str(prior["income.carry_fiscal"])) == Decimal("40")
    reasons = openpyxl.load_workbook(root / "samples" / "park-2024.xlsx")["上年预算数"]
    assert reasons["F4"].value.startswith("本年人员工资调增")


def test_samples_are_fresh(root: Path) -> None:
    result = subprocess.run([sys.executable, str(root / "scripts" / "build_samples.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_published_layout_copies_are_present(root: Path) -> None:
    published = root / "samples" / "published"
    assert sorted(p.name for p in published.glob("*.xlsx")) == ["000.xlsx", "002.xlsx",
                                                                "004.xlsx"]
    assert "shared/workbooks" in (published / "README.md").read_text(encoding="utf-8")
