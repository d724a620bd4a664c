"""`xlbudget fix`: the user's own workbook patched in place, only where the correction is certain;
every change logged; nothing lost; inputs untouched; the summary taken from a re-check."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlbudget.check.run import check
from xlbudget.cli import app
from xlbudget.fix.run import FixJob, PlanError, fix_file, targets
from xlbudget.read.workbook import read_workbook

runner = CliRunner()
SHEETS = [f"表{n}" for n in range(1, 12)]


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


def table_cells(path: Path) -> dict[str, dict[str, object]]:
    """Every non-empty cell of the table sheets (formulas as written), and the merges."""
    book = openpyxl.load_workbook(path)
    out: dict[str, dict[str, object]] = {}
    for name in book.sheetnames:
        if name in SHEETS:
            sheet = book[name]
            cells: dict[str, object] = {c.coordinate: c.value for row in sheet.iter_rows()
                                        for c in row if c.value is not None}
            cells["merges"] = sorted(str(r) for r in sheet.merged_cells.ranges)
            out[name] = cells
    return out


def changed_cells(before: Path, after: Path) -> dict[str, tuple[object, object]]:
    one, two = table_cells(before), table_cells(after)
    assert one.keys() == two.keys()
    return {f"{s}!{c}": (one[s].get(c), two[s].get(c)) for s in one
            for c in one[s].keys() | two[s].keys() if one[s].get(c) != two[s].get(c)}


# ── what fix changes ─────────────────────────────────────────────────────────────────────────


def test_a_detail_typo_is_corrected_and_its_totals_left_alone(root: Path, tmp_path: Path) -> None:
    # 002 表3 2080501 行政单位离退休, 基本支出 24.25 typed as 242.50: contradicted by its row, its
    # 款, 表5 — the totals are right and stay as they are.
    source = _copy(root, "published/002.xlsx", tmp_path)
    pristine = tmp_path / "pristine.xlsx"
    shutil.copy(source, pristine)
    _edit(source, 表3__F16=242.5)
    before = _sha(source)
    outcome = fix_file(FixJob(source, tmp_path / "out" / "002.xlsx"))
    assert _sha(source) == before  # the input is never touched
    assert [(c.cell, c.before, c.after) for c in outcome.changes] == [
        ("表3!F16", Decimal("242.5"), Decimal("24.25"))]
    assert outcome.before["error"] == 1 and outcome.after["error"] == 0
    assert outcome.target is not None
    assert changed_cells(pristine, outcome.target) == {}  # cell-for-cell the correct book
    assert check(outcome.target).count("error") == 0


def test_a_wrong_subtotal_is_corrected_from_its_parts(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/000.xlsx", tmp_path)
    _edit(source, 表3__F6=300)  # 201 类 基本支出: its 款 rows say 316.89
    outcome = fix_file(FixJob(source, tmp_path / "out" / "000.xlsx"))
    assert [(c.cell, c.after) for c in outcome.changes] == [("表3!F6", Decimal("316.89"))]
    assert outcome.target is not None
    book = openpyxl.load_workbook(outcome.target)
    log = [[c.value for c in row] for row in book["修改记录"].iter_rows()]
    assert log[1][:4] == ["表3!F6", "300.00", "316.89", outcome.changes[0].rule]
    cell = book["表3"]["F6"]
    assert cell.value == 316.89 and cell.fill.fgColor.rgb.endswith("C6EFCE")
    assert cell.comment is not None and "300.00 → 316.89" in cell.comment.text


def test_a_blanked_part_is_restored_not_its_total_zeroed(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/002.xlsx", tmp_path)
    _edit(source, 表1__B8=None)  # 其中：一般财力 blanked; 1.一般公共预算拨款 still 3,212.19
    outcome = fix_file(FixJob(source, tmp_path / "out" / "002.xlsx"))
    assert [(c.cell, c.after) for c in outcome.changes] == [("表1!B8", Decimal("3212.19"))]
    fixed = read_workbook(outcome.target).budget  # type: ignore[arg-type]
    assert fixed.tables[1].keyed("income", "gpb").amount("income_amount") == Decimal("3212.19")


def test_what_one_identity_alone_says_is_left_for_a_person(root: Path, tmp_path: Path) -> None:
    # 000 表1 上级补助收入 (B19) given 100: 单位资金's parts no longer add up, and nothing else
    # says whether B19 or 其他收入 (B22) is wrong.
    source = _copy(root, "published/000.xlsx", tmp_path)
    _edit(source, 表1__B19=100)
    outcome = fix_file(FixJob(source, tmp_path / "out" / "000.xlsx"))
    assert outcome.changes == []
    assert [(r.finding.rule, r.finding.cells) for r in outcome.refused] == [
        ("T1.income", ("表1!B19", "表1!B22"))]
    assert "无法确定" in outcome.refused[0].why_zh
    assert outcome.after["error"] == 1 and outcome.worst == 1


def test_an_official_name_the_book_prints_elsewhere_is_restored(root: Path,
                                                                 tmp_path: Path) -> None:
    # 004's real error: 表5 names 201 一般公共预算支出; 表3/表4 print 一般公共服务支出.
    source = _copy(root, "published/004.xlsx", tmp_path)
    outcome = fix_file(FixJob(source, tmp_path / "out" / "004.xlsx"))
    assert [(c.cell, c.before, c.after) for c in outcome.changes] == [
        ("表5!D6", "一般公共预算支出", "一般公共服务支出")]
    assert outcome.after["error"] == 0


def test_a_formula_is_reported_never_overwritten(root: Path, tmp_path: Path) -> None:
    # park-2024 (own format): 表3 E6 is =SUM(F6:G6). Change the formula so its result is wrong.
    source = _copy(root, "park-2024.xlsx", tmp_path)
    _edit(source, 表3__E6="=SUM(F6:G6)+100")
    outcome = fix_file(FixJob(source, tmp_path / "out" / "park.xlsx"))
    assert outcome.target is not None
    assert openpyxl.load_workbook(outcome.target)["表3"]["E6"].value == "=SUM(F6:G6)+100"
    assert "表3!E6" not in {c.cell for c in outcome.changes}
    assert any("公式" in r.why_zh and "表3!E6" in r.finding.cells for r in outcome.refused)


# ── nothing lost, nothing moved ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["published/000.xlsx", "published/002.xlsx",
                                  "park-2024.xlsx", "city-office-2024.xlsx"])
def test_a_correct_book_comes_back_with_its_table_sheets_unchanged(root: Path, name: str,
                                                                     tmp_path: Path) -> None:
    source = root / "samples" / name
    outcome = fix_file(FixJob(source, tmp_path / "out" / Path(name).name))
    assert outcome.changes == [] and outcome.target is not None
    assert changed_cells(source, outcome.target) == {}
    book = openpyxl.load_workbook(outcome.target)
    assert book.sheetnames[:len(openpyxl.load_workbook(source).sheetnames)] == \
        openpyxl.load_workbook(source).sheetnames  # every sheet kept, in order
    assert "说明" in book.sheetnames


def test_nothing_the_user_entered_is_lost(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/004.xlsx", tmp_path)
    book = openpyxl.load_workbook(source)
    notes = book.create_sheet("单位备忘")
    notes["A1"], notes["B2"] = "=A1 以等号开头的文字", 123.45
    notes["A1"].data_type = "s"  # a text that starts with "=", as users type in a text cell
    book["表3"]["I8"] = "审核人：张三"  # beside the table, outside its columns
    book["表3"].column_dimensions["D"].width = 41.5
    book.save(source)
    outcome = fix_file(FixJob(source, tmp_path / "out" / "004.xlsx"))
    result = openpyxl.load_workbook(outcome.target)  # type: ignore[arg-type]
    assert result["单位备忘"]["B2"].value == 123.45
    assert result["单位备忘"]["A1"].value == "=A1 以等号开头的文字"
    assert result["单位备忘"]["A1"].data_type == "s"  # text stays text, never a formula
    assert result["表3"]["I8"].value == "审核人：张三"  # where the user put it
    assert result["表3"].column_dimensions["D"].width == 41.5
    assert set(changed_cells(source, outcome.target)) == {"表5!D6"}  # type: ignore[arg-type]


def test_formulas_stay_formulas_and_carry_their_results(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "park-2024.xlsx", tmp_path)
    _edit(source, 表3__F10=3168.9)  # 2011308 招商引资 基本支出 316.89, one digit typed twice
    outcome = fix_file(FixJob(source, tmp_path / "out" / "park.xlsx"))
    assert [(c.cell, c.after) for c in outcome.changes] == [("表3!F10", Decimal("316.89"))]
    formulas = openpyxl.load_workbook(outcome.target)["表3"]  # type: ignore[arg-type]
    results = openpyxl.load_workbook(outcome.target, data_only=True)["表3"]  # type: ignore
    assert formulas["E6"].value == "=SUM(F6:G6)" and formulas["F9"].value == "=F10"
    assert (results["F10"].value, results["F9"].value, results["E6"].value) == (
        316.89, 316.89, 2915.63)  # saved results: any reader sees the totals


def test_fix_is_idempotent(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/004.xlsx", tmp_path)
    first = fix_file(FixJob(source, tmp_path / "a" / "004.xlsx"))
    second = fix_file(FixJob(first.target, tmp_path / "b" / "004.xlsx"))  # type: ignore
    assert len(first.changes) == 1 and second.changes == []
    assert changed_cells(first.target, second.target) == {}  # type: ignore[arg-type]
    log = [[c.value for c in r] for r in openpyxl.load_workbook(second.target)["修改记录"].rows]
    assert log[1][:3] == ["表5!D6", "一般公共预算支出", "一般公共服务支出"]  # kept
    assert openpyxl.load_workbook(second.target).sheetnames.count("说明") == 1


def test_output_carries_the_narrative(root: Path, tmp_path: Path) -> None:
    outcome = fix_file(FixJob(root / "samples" / "park-2024.xlsx", tmp_path / "park.xlsx"))
    sheet = openpyxl.load_workbook(outcome.target)["说明"]  # type: ignore[arg-type]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert "占 26.91%" in text and "十二、其他重要事项的情况说明" in text


def test_a_users_own_narrative_sheet_is_never_replaced(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/000.xlsx", tmp_path)
    book = openpyxl.load_workbook(source)
    book.create_sheet("说明")["A1"] = "本单位自己写的说明"
    book.save(source)
    outcome = fix_file(FixJob(source, tmp_path / "out" / "000.xlsx"))
    result = openpyxl.load_workbook(outcome.target)  # type: ignore[arg-type]
    assert result["说明"]["A1"].value == "本单位自己写的说明"
    assert result["说明（生成）"]["A1"].value.startswith("第三部分")


# ── --to-template ────────────────────────────────────────────────────────────────────────────


def test_to_template_regenerates_carrying_everything(root: Path, tmp_path: Path) -> None:
    source = _copy(root, "published/004.xlsx", tmp_path)
    book = openpyxl.load_workbook(source)
    book.create_sheet("单位备忘")["B2"] = 123.45
    book["表3"]["I8"] = "审核人：张三"
    book.save(source)
    outcome = fix_file(FixJob(source, tmp_path / "out" / "004.xlsx", to_template=True))
    result = openpyxl.load_workbook(outcome.target)  # type: ignore[arg-type]
    assert result["单位备忘"]["B2"].value == 123.45
    stray = [[c.value for c in row] for row in result["原表其他内容"].iter_rows(min_row=2)]
    assert ["表3", "I8", "审核人：张三"] in stray
    assert outcome.after["error"] == 0 and outcome.carried == ["单位备忘"]
    original = read_workbook(source).budget
    fixed = read_workbook(outcome.target).budget  # type: ignore[arg-type]
    for number, table in original.tables.items():  # every amount carried (blank = 0)
        assert [{k: v for k, v in r.amounts.items() if v} for r in table.body()] == [
            {k: v for k, v in r.amounts.items() if v} for r in fixed.tables[number].body()]


# ── where outputs go ─────────────────────────────────────────────────────────────────────────


def test_outputs_never_go_over_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    a = folder / "a.xlsx"
    a.write_bytes(b"x")
    with pytest.raises(PlanError):
        targets([a], [a], folder, in_place=False)  # -o names the input's own folder
    with pytest.raises(PlanError):
        targets([a], [a], None, in_place=False)  # no output folder, not in place
    with pytest.raises(PlanError):
        targets([a], [folder], folder / "out", False)  # inside the folder being fixed
    assert targets([a], [folder], tmp_path / "out", False) == [
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
    assert [(r["path"].split("/")[-1], r["status"], r["fixes"], r["errors_after"])
            for r in rows] == [("000.xlsx", "ok", "0", "0"), ("004.xlsx", "ok", "1", "0"),
                               ("broken.xlsx", "unreadable", "0", "0")]
    refused = runner.invoke(app, ["fix", str(folder), "-o", str(folder)])
    assert refused.exit_code == 2 and "输入目录" in refused.output


def test_the_summary_is_the_recheck_of_the_output(root: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    source = _copy(root, "published/000.xlsx", tmp_path)
    _edit(source, 表1__B19=100)  # left for a person (see above)
    result = runner.invoke(app, ["fix", str(source), "-o", str(tmp_path / "out"),
                                 "--summary", str(summary)])
    assert result.exit_code == 1, result.output  # the after state decides
    row = json.loads(summary.read_text(encoding="utf-8"))[0]
    after = check(tmp_path / "out" / "000.xlsx")
    assert row["errors_after"] == after.count("error") == 1
    assert row["refused"][0]["rule"] == "T1.income" and row["changes"] == []


def test_json_summary_carries_the_change_log(root: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    result = runner.invoke(app, ["fix", str(root / "samples" / "published" / "004.xlsx"), "-o",
                                 str(tmp_path / "out"), "--summary", str(summary)])
    assert result.exit_code == 0, result.output
    rows = json.loads(summary.read_text(encoding="utf-8"))
    assert [{k: c[k] for k in ("cell", "before", "after", "rule")} for c in rows[0]["changes"]] \
        == [{"cell": "表5!D6", "before": "一般公共预算支出", "after": "一般公共服务支出",
             "rule": "T5.name"}]


# ── foreign layouts: every export variant of a correct book round-trips unchanged ───────────


def all_cells(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path)
    out: dict[str, object] = {}
    for sheet in book.worksheets:
        out.update({f"{sheet.title}!{c.coordinate}": c.value for row in sheet.iter_rows()
                    for c in row if c.value is not None})
        out[f"{sheet.title}!merges"] = sorted(str(r) for r in sheet.merged_cells.ranges)
    return out


def _variants() -> list[tuple[str, object, str]]:
    from corpus import exports

    return exports.EXPORT_VARIANTS


@pytest.mark.parametrize(("name", "variant", "base"), _variants(),
                         ids=[name for name, _, _ in _variants()])
def test_a_correct_book_in_another_layout_round_trips(root: Path, name: str, variant: object,
                                                      base: str, tmp_path: Path) -> None:
    source = tmp_path / f"{name}.xlsx"
    variant(root / "samples" / "published" / base, source)  # type: ignore[operator]
    outcome = fix_file(FixJob(source, tmp_path / "out" / source.name))
    assert outcome.target is not None, outcome.unreadable
    before, after = all_cells(source), all_cells(outcome.target)
    changed = {k for k in before if before[k] != after.get(k)}
    # 004's own error (表5 201 named 一般公共预算支出) is the one correction it may get
    assert changed == {c.cell for c in outcome.changes}
    assert all(c.rule == "T5.name" for c in outcome.changes)
    assert outcome.after.get("error", 0) == 0
