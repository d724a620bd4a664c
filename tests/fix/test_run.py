"""`xlbudget fix`: certain corrections only, every change logged, nothing lost, inputs untouched."""

from __future__ import annotations

import csv
import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlbudget.check.run import check
from xlbudget.cli import app
from xlbudget.fix.run import PlanError, fix_file, plan
from xlbudget.read.workbook import read_workbook

runner = CliRunner()


def _copy(root: Path, name: str, tmp_path: Path) -> Path:
    target = tmp_path / "in" / Path(name).name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "samples" / name, target)
    return target


def _edit(path: Path, **cells: object) -> None:
    book = openpyxl.load_workbook(path)
    for where, value in cells.items():
        sheet, address = where.split("__")
        book[sheet][address] = value
    book.save(path)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_wrong_subtotal_is_derived_and_logged(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/000.xlsx", tmp_path)
    _edit(source, 表3__F6=300)  # 201 类 基本支出: its 款 rows say 316.89
    assert any(f.rule == "T3.hier" for f in check(source).findings)
    before = _sha(source)
    outcome = fix_file((source, tmp_path / "out" / "000.xlsx"))
    assert _sha(source) == before  # the input is never touched
    assert outcome.before["error"] > 0 and outcome.after["error"] == 0
    assert [(c.cell, c.before, c.after, c.rule) for c in outcome.changes] == [
        ("表3!F6", "300.00", "316.89", "T3.hier")]
    log = openpyxl.load_workbook(outcome.target)["修改记录"]
    assert [c.value for c in log[2]][:4] == ["表3!F6", "300.00", "316.89", "T3.hier"]


def test_disagreeing_details_are_left_for_a_person(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/002.xlsx", tmp_path)
    _edit(source, 表3__F8=600)  # 2010301 基本支出 in 表3 only: 表5 says 635.21
    outcome = fix_file((source, tmp_path / "out" / "002.xlsx"))
    fixed = read_workbook(outcome.target).budget  # type: ignore[arg-type]
    row = next(r for r in fixed.tables[3].body() if r.code == "2010301")
    assert row.amount("basic") == Decimal("600")  # a detail figure is never invented
    assert outcome.after["error"] > 0
    assert any(f.rule == "X.T3-T5" for f in outcome.remaining)


def test_a_total_with_blank_parts_is_kept_not_zeroed(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/002.xlsx", tmp_path)
    _edit(source, 表1__B8=None)  # 其中：一般财力 blanked; 1.一般公共预算拨款 still 3,212.19
    outcome = fix_file((source, tmp_path / "out" / "002.xlsx"))
    fixed = read_workbook(outcome.target).budget  # type: ignore[arg-type]
    assert fixed.tables[1].keyed("income", "gpb").amount("income_amount") == Decimal("3212.19")


def test_nothing_is_lost(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/004.xlsx", tmp_path)
    book = openpyxl.load_workbook(source)
    notes = book.create_sheet("单位备忘")
    notes["A1"], notes["B2"] = "=A1 以等号开头的文字", 123.45
    notes["A1"].data_type = "s"  # a text that starts with "=", as users type in a text cell
    book["表3"]["I8"] = "审核人：张三"  # beside the table, outside its columns
    book.save(source)
    original = read_workbook(source).budget
    outcome = fix_file((source, tmp_path / "out" / "004.xlsx"))
    result = openpyxl.load_workbook(outcome.target)  # type: ignore[arg-type]
    assert result["单位备忘"]["B2"].value == 123.45
    assert result["单位备忘"]["A1"].value == "=A1 以等号开头的文字"
    assert result["单位备忘"]["A1"].data_type == "s"  # text stays text, never a formula
    stray = [[c.value for c in row] for row in result["原表其他内容"].iter_rows(min_row=2)]
    assert ["表3", "I8", "审核人：张三"] in stray
    fixed = read_workbook(outcome.target).budget  # type: ignore[arg-type]
    changed = {c.cell for c in outcome.changes}
    for number, table in original.tables.items():
        for block in table.spec.blocks:
            for before, after in zip(table.block_rows(block.key),
                                     fixed.tables[number].block_rows(block.key), strict=True):
                for column, value in before.amounts.items():
                    if before.cells.get(column) not in changed:
                        assert after.amount(column) == value, (number, before.code, column)


def test_fix_is_idempotent(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/004.xlsx", tmp_path)
    first = fix_file((source, tmp_path / "a" / "004.xlsx"))
    second = fix_file((first.target, tmp_path / "b" / "004.xlsx"))  # type: ignore[arg-type]
    assert second.changes == []
    one, two = (read_workbook(p).budget for p in (first.target, second.target))  # type: ignore
    for number in one.tables:
        assert [(r.code, r.name, r.amounts) for r in one.tables[number].body()] == [
            (r.code, r.name, r.amounts) for r in two.tables[number].body()]
    log = [[c.value for c in r] for r in openpyxl.load_workbook(second.target)["修改记录"].rows]
    assert log[1][:2] == ["表5!D6", "一般公共预算支出"]  # the first run's log is kept


def test_output_carries_the_narrative(root: Path, tmp_path: Path) -> None:
    outcome = fix_file((root / "samples" / "park-2024.xlsx", tmp_path / "park.xlsx"))
    sheet = openpyxl.load_workbook(outcome.target)["说明"]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert "占 26.91%" in text and "十二、其他重要事项的情况说明" in text


def test_plans_never_write_over_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    a = folder / "a.xlsx"
    a.write_bytes(b"x")
    with pytest.raises(PlanError):
        plan([a], [a], folder, in_place=False)  # onto the input itself
    with pytest.raises(PlanError):
        plan([a], [a], None, in_place=False)  # no output folder, not in place
    with pytest.raises(PlanError):
        plan([a], [folder], folder / "out", False)  # inside the folder being fixed
    assert plan([a], [folder], tmp_path / "out", False) == [
        (a, (tmp_path / "out" / "a.xlsx").resolve())]


def test_in_place_keeps_a_backup(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/004.xlsx", tmp_path)
    before = _sha(source)
    result = runner.invoke(app, ["fix", str(source), "--in-place", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert _sha(source.with_name("004.xlsx.bak")) == before
    assert _sha(source) != before


def test_cli_folder_run_summary_and_exit_code(root: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _copy(root, "published/000.xlsx", tmp_path)
    _copy(root, "published/004.xlsx", tmp_path)
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    summary = tmp_path / "summary.csv"
    result = runner.invoke(app, ["fix", str(folder), "-o", str(tmp_path / "out"), "-j", "2",
                                 "--summary", str(summary)])
    assert result.exit_code == 2  # the worst file decides; the others were still fixed
    assert (tmp_path / "out" / "000.xlsx").exists() and (tmp_path / "out" / "004.xlsx").exists()
    rows = list(csv.DictReader(summary.open(encoding="utf-8-sig")))
    assert [(r["path"].split("/")[-1], r["status"], r["fixes"]) for r in rows] == [
        ("000.xlsx", "ok", "0"), ("004.xlsx", "ok", "1"), ("broken.xlsx", "unreadable", "0")]
    refused = runner.invoke(app, ["fix", str(folder), "-o", str(folder)])
    assert refused.exit_code == 2 and "input" in refused.output


def test_json_summary_carries_the_change_log(root: Path, tmp_path: Path) -> None:
    import json

    summary = tmp_path / "summary.json"
    result = runner.invoke(app, ["fix", str(root / "samples" / "published" / "004.xlsx"), "-o",
                                 str(tmp_path / "out"), "--summary", str(summary)])
    assert result.exit_code == 0, result.output
    rows = json.loads(summary.read_text(encoding="utf-8"))
    assert rows[0]["changes"] == [{"cell": "表5!D6", "before": "一般公共预算支出",
                                   "after": "一般公共服务支出", "rule": "T5.name"}]
