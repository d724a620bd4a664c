"""The profile is read from the book — level from titles and the 编制 line, year from titles,
then the tables' 备注, then the file name — and whatever is assumed is said (R.profile)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from xlbudget.check.reading import read_findings
from xlbudget.check.run import check
from xlbudget.read.workbook import read_workbook

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PUBLISHED = SAMPLES / "published" / "002.xlsx"  # 阿图什市人民政府办公室 2024, no year in titles


def edited(tmp_path: Path, name: str, change: dict[tuple[str, str], object]) -> Path:
    book = openpyxl.load_workbook(PUBLISHED)
    for (sheet, cell), value in change.items():
        book[sheet][cell] = value
    target = tmp_path / name
    book.save(target)
    return target


def test_year_from_the_tables_notes_when_titles_do_not_say() -> None:
    # 002's titles carry no year; its blank 表8/表9 notes say "…2024 年没有使用…".
    result = read_workbook(PUBLISHED)
    assert (result.budget.profile.level, result.budget.year) == ("单位", 2024)
    assert result.notes == []


def test_year_and_level_from_the_titles(tmp_path: Path) -> None:
    titles = {(f"表{n}", "A2"): f"2025年部门{title}" for n, title in (
        (1, "收支总体情况表"), (2, "收入总体情况表"), (3, "支出总体情况表"))}
    titles[("表1", "A3")] = "编制部门：阿图什市人民政府办公室"
    result = read_workbook(edited(tmp_path, "book.xlsx", titles))
    assert (result.budget.profile.name, result.budget.year) == ("dept-2025", 2025)
    assert result.budget.unit_name == "阿图什市人民政府办公室"


def test_a_year_in_a_project_name_is_not_the_budget_year(tmp_path: Path) -> None:
    # 表11 items named after old grants ("2022 年自治区…专项资金") must not outvote the titles.
    book = edited(tmp_path, "book.xlsx", {("表1", "A2"): "2026年单位收支总体情况表",
                                          ("表11", "A7"): "2021 年专项资金",
                                          ("表11", "A8"): "2021 年专项资金二"})
    assert read_workbook(book).budget.year == 2026


def test_no_year_anywhere_is_said_not_assumed_silently(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(PUBLISHED)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "年" in cell.value:
                    cell.value = cell.value.replace("2024", "")
    target = tmp_path / "book.xlsx"
    book.save(target)
    report = check(target)
    notes = [f for f in report.findings if f.rule == "R.profile"]
    assert len(notes) == 1 and "未写明预算年度" in notes[0].message_zh
    assert report.catalogue == 2026


def test_year_from_the_file_name_is_said(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(PUBLISHED)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = cell.value.replace("2024", "")
    target = tmp_path / "单位预算2025.xlsx"
    book.save(target)
    result = read_workbook(target)
    assert result.budget.year == 2025
    assert [zh for zh, _ in result.notes] == ["预算年度 2025 取自文件名"]
    assert [f.rule for f in read_findings(result)] == ["R.profile"]


@pytest.mark.parametrize("name", ["park-2024.xlsx", "city-office-2024.xlsx"])
def test_own_books_carry_their_profile(name: str, tmp_path: Path) -> None:
    shutil.copy(SAMPLES / name, tmp_path / name)
    report = check(tmp_path / name)
    assert report.profile == "unit-2024" and report.catalogue == 2024
