"""`xlbudget template`: the blank standard workbook as a user opens it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlbudget.cli import app
from xlbudget.spec.inputs import INPUT_SHEETS
from xlbudget.spec.profiles import profile

runner = CliRunner()
TABLE_SHEETS = [f"表{n}" for n in range(1, 12)]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "t.xlsx"
    result = runner.invoke(app, ["template", "-o", str(path), "--unit", "测试单位"])
    assert result.exit_code == 0, result.output
    return path


def test_sheets_titles_and_unit_line(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == TABLE_SHEETS + [s.name for s in INPUT_SHEETS]
    spec = profile("unit-2024")
    for number, name in enumerate(TABLE_SHEETS, start=1):
        sheet = book[name]
        assert sheet["A1"].value == name
        assert sheet["A2"].value == spec.title(number)
        assert sheet["A3"].value == "编制单位：测试单位"
        assert sheet.cell(3, sheet.max_column).value == "单位：万元"


def test_merged_multi_row_headers(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    t2 = book["表2"]
    merged = {str(r) for r in t2.merged_cells.ranges}
    assert {"A2:P2", "A4:C4", "D4:D5", "E4:E5", "F4:L4"} <= merged
    assert (t2["F4"].value, t2["F5"].value, t2["M4"].value) == (
        "财政拨款（补助）", "小计", "财政专户（教育收费）")
    t11 = book["表11"]
    assert {"A4:A6", "C4:F4", "D5:E5", "G4:J4"} <= {str(r) for r in t11.merged_cells.ranges}
    assert (t11["D6"].value, t11["E6"].value) == ("人员经费", "公用经费")


def test_totals_are_formulas_with_cached_values(template: Path) -> None:
    formulas = openpyxl.load_workbook(template)
    values = openpyxl.load_workbook(template, data_only=True)
    count = 0
    for name in TABLE_SHEETS:
        for row in formulas[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    count += 1
                    assert values[name][cell.coordinate].value == 0, cell.coordinate
    assert count > 300
    t1 = formulas["表1"]
    assert t1["A36"].value == "收入总计" and t1["B36"].value == "=SUM(B6,B23)"
    assert t1["B7"].value == "=SUM(B8:B9)"  # 1.一般公共预算拨款 = 一般财力 + 上级转移支付
    assert formulas["表3"]["E6"].value == "=SUM(F6:G6)"  # 合计 = 基本 + 项目 on every row


def test_expense_side_lists_every_category(template: Path) -> None:
    t1 = openpyxl.load_workbook(template)["表1"]
    labels = [t1.cell(r, 3).value for r in range(6, 36)]
    assert labels[0] == "201 一般公共服务支出" and labels[-1] == "234 抗疫特别国债安排的支出"
    assert len(labels) == 30 and all(labels)


def test_amount_format_freeze_and_print_setup(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    t3 = book["表3"]
    assert t3["F6"].number_format == "#,##0.00"
    assert t3["A6"].number_format == "@"  # codes stay text: 01 keeps its zero
    assert t3.freeze_panes == "E6"
    assert t3.page_setup.orientation == "landscape"
    assert t3.page_setup.paperSize == 9
    # fitToWidth 1 is the OOXML default, so it may be omitted; height 0 = as many pages as needed
    assert t3.page_setup.fitToWidth in (None, 1) and t3.page_setup.fitToHeight == 0
    assert t3.sheet_properties.pageSetUpPr.fitToPage
    assert t3.print_title_rows == "$4:$5"


def test_code_columns_are_validated(template: Path) -> None:
    t2 = openpyxl.load_workbook(template)["表2"]
    rules = {str(v.sqref): v for v in t2.data_validations.dataValidation}
    assert rules["A6:A45"].type == "list" and "201" in rules["A6:A45"].formula1
    assert rules["B6:B45"].type == "custom"


def test_input_sheets_hold_every_narrative_input(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    for spec in INPUT_SHEETS:
        sheet = book[spec.name]
        assert [c.value for c in sheet[3]][: len(spec.columns)] == [c.label for c in spec.columns]
        keys = [sheet.cell(r, 1).value for r in range(4, 4 + len(spec.rows))]
        assert keys == [r.key for r in spec.rows]
    prior = [book["上年预算数"].cell(r, 1).value for r in range(4, 40)]
    assert {"income.gpb_own", "expense.basic", "gpb.project", "sangong.operation",
            "running_cost"} <= set(prior)


def test_department_profile_and_year(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    result = runner.invoke(app, ["template", "-o", str(path), "--profile", "dept-2025+no-t11"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    assert book["表1"]["A2"].value == "部门收支总体情况表"
    assert "表11" not in book.sheetnames


def test_output_is_byte_stable(tmp_path: Path) -> None:
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for path in paths:
        assert runner.invoke(app, ["template", "-o", str(path)]).exit_code == 0
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_committed_templates_are_fresh(root: Path) -> None:
    result = subprocess.run([sys.executable, str(root / "scripts" / "build_templates.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (root / "templates").glob("*.xlsx")} >= {
        "unit-2024.xlsx", "dept-2025.xlsx"}
