"""The 上海 region on books filled into the 上海 templates (tests/data/shanghai/, made by its
make.py): every table recognised and the profile named, no false finding on a consistent book,
the publications' own faults found at their cells, a planted amount found as the root cause with
its true value, and fixed in place."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from xlbudget.check.findings import Finding, Kind, Severity
from xlbudget.check.run import Report, check

DATA = Path(__file__).parents[1] / "data" / "shanghai"
BOOKS = DATA / "books"
PLANTED = json.loads((BOOKS / "planted" / "manifest.json").read_text(encoding="utf-8"))
PUBLICATIONS = sorted(p.stem for p in (DATA / "publications").glob("*.json"))
CONSISTENT = ["synthetic-1", "synthetic-2", "synthetic-3", "putuo-wanli-2023-bumen"]


def _report(path: Path) -> Report:
    report = check(path)
    assert report.unreadable is None, report.unreadable
    return report


def _shown(report: Report, *severities: Severity) -> set[tuple[str, str, str]]:
    """(severity, rule, first cell) of the findings of these severities."""
    return {(str(f.severity), f.rule, f.cells[0] if f.cells else "")
            for f in report.findings if f.severity in severities}


@pytest.mark.parametrize("stem", PUBLICATIONS)
def test_a_publication_is_read_as_its_level_and_year_with_nine_tables(stem: str) -> None:
    doc = json.loads((DATA / "publications" / f"{stem}.json").read_text(encoding="utf-8"))
    report = _report(BOOKS / f"{stem}.xlsx")
    level = "unit" if doc["level"] == "单位" else "dept"
    assert report.profile == f"sh-{level}-{doc['year']}"
    assert report.region == "shanghai"
    assert report.tables == list(range(1, 10))


@pytest.mark.parametrize("name", [*CONSISTENT, "blank-unit-2026", "blank-dept-2026"])
def test_a_consistent_or_blank_book_has_no_error_and_no_warning(name: str) -> None:
    report = _report(BOOKS / f"{name}.xlsx")
    assert report.tables == list(range(1, 10))
    assert _shown(report, Severity.ERROR, Severity.WARNING) == set()


def _sans_sheet(found: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    return {(severity, rule, cell.rpartition("!")[2]) for severity, rule, cell in found}


@pytest.mark.parametrize("stem", ["shanghai-caizhengju-2025-danwei", "putuo-wanli-2025-bumen"])
def test_the_budget_system_export_reads_as_the_printed_book(stem: str) -> None:
    """Sheets named 2.15单位收支总表 … with a 单位预算01表 label: the same findings."""
    export, printed = _report(BOOKS / f"export-{stem}.xlsx"), _report(BOOKS / f"{stem}.xlsx")
    assert export.profile == printed.profile
    assert _sans_sheet(_shown(export, *Severity)) == _sans_sheet(_shown(printed, *Severity))


# The faults each publication prints (docs/regions/shanghai/identities.md §6), at their cells.
FAULTS: dict[str, set[tuple[str, str, str]]] = {
    "shanghai-caizhengju-2025-danwei": {
        ("warning", "S6.blank_note", "单位政府性基金拨款表!A2"),  # blank, no 注 line
        ("warning", "S7.blank_note", "单位国有资本经营预算拨款表 !A2"),
    },
    "putuo-shehuifuliyuan-2024-danwei": {
        ("error", "SX.class_names", "单位收支总表!C12"),  # 医疗卫生与计划生育支出 for 210
        ("error", "SX.class_names", "单位财政拨款收支总表!C10"),
        ("error", "S3.code", "单位支出总表!A19"),  # 7 | 11 | 02
        ("error", "S5.code", "单位一般公共预算拨款表!A19"),
        ("error", "S8.code", "单位一般公共预算拨款基本支出明细表!B29"),  # 302 10 车辆运行费
        *{("error", "S8.name", f"单位一般公共预算拨款基本支出明细表!C{row}")
          for row in (13, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 34)},  # renumbered 302
        ("warning", "SX.T8-T9.three_public", "单位“三公”经费和机关运行费预算表!B7"),
    },
    "putuo-caizhengju-2025-bumen": {
        ("warning", "S5.type", "部门一般公共预算拨款表!G11"),  # 行政运行 with 项目支出
        ("warning", "S7.blank_note", "部门国有资本经营预算拨款表 !A22"),  # 政府性基金 sentence
    },
    "putuo-wanli-2023-bumen": set(),
    "putuo-wanli-2024-bumen": {
        ("warning", "S5.type", "部门一般公共预算拨款表!G59"),
        ("warning", "S9.filled_note", "部门“三公”经费和机关运行费预算表!A8"),  # 空表 under figures
    },
    "putuo-wanli-2025-bumen": {("warning", "S5.type", "部门一般公共预算拨款表!G59")},
}


@pytest.mark.parametrize("stem", PUBLICATIONS)
def test_a_publication_gets_exactly_its_own_faults(stem: str) -> None:
    assert _shown(_report(BOOKS / f"{stem}.xlsx"), Severity.ERROR, Severity.WARNING) == \
        FAULTS[stem]


def test_a_class_named_by_its_former_name_is_one_finding_not_a_cascade() -> None:
    report = _report(BOOKS / "putuo-shehuifuliyuan-2024-danwei.xlsx")
    named = [f for f in report.findings if f.rule == "SX.class_names"]
    former = ("卫生健康支出", "医疗卫生与计划生育支出")
    assert [(f.expected, f.actual) for f in named] == [former] * 2
    assert not any(f.rule.startswith(("S1.", "S4.", "SX.T1-", "SX.T2-T4", "SX.T4-"))
                   for f in report.findings if f.severity is Severity.ERROR)


def _new_errors(found: list[Finding], base: list[Finding]) -> list[Finding]:
    known = {(f.rule, f.cells) for f in base}
    return [f for f in found if f.severity is Severity.ERROR and (f.rule, f.cells) not in known]


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "") or "0")


@pytest.mark.parametrize("planted", PLANTED, ids=[p["file"] for p in PLANTED])
def test_a_planted_amount_is_the_one_root_cause_with_its_true_value(planted: dict[str, str]
                                                                      ) -> None:
    base = _report(BOOKS / planted["base"]).findings
    report = _report(BOOKS / "planted" / planted["file"])
    where = f"{planted['sheet']}!{planted['cell']}"
    new = _new_errors(report.findings, base)
    truth = _amount(planted["expected"])
    if planted["cell"] == "G7":  # 机关运行经费: bound by 表8 公用经费, a warning only
        assert new == []
        assert any(f.rule == "SX.T8-T9.operating" and f.cells[0] == where
                   for f in report.findings)
        return
    assert len(new) == 1, [(f.rule, f.cells) for f in new]  # one finding: no cascade
    finding = new[0]
    if finding.kind is Kind.AMBIGUOUS:
        # 表9 is one row of items and two sums: a typo there cannot be told from one in a part
        # of the same sum. The planted cell must be among the candidates, nothing is guessed.
        assert planted["table"] == "T9" and where in finding.cells
        return
    assert finding.kind is Kind.CAUSE and finding.cells == (where,)
    assert finding.expected is not None and _amount(finding.expected) == truth  # in 元 / 万元
    assert _amount(finding.actual or "") == _amount(planted["actual"])


def _values(path: Path) -> dict[tuple[str, str], object]:
    book = openpyxl.load_workbook(path)
    return {(sheet.title, cell.coordinate): cell.value for sheet in book.worksheets
            if sheet.title != "xlbudget 修改记录" for row in sheet.iter_rows() for cell in row}


@pytest.mark.parametrize("planted", PLANTED[:10], ids=[p["file"] for p in PLANTED[:10]])
def test_fix_restores_a_planted_amount_in_place_and_nothing_else(planted: dict[str, str],
                                                                 tmp_path: Path) -> None:
    from xlbudget.fix.run import FixJob, fix_file

    source = BOOKS / "planted" / planted["file"]
    outcome = fix_file(FixJob(source, tmp_path / planted["file"]))
    assert outcome.target is not None
    before, after = _values(source), _values(outcome.target)
    changed = {key for key in before if before[key] != after.get(key)}
    key = (planted["sheet"], planted["cell"])
    if planted["table"] == "T9":  # ambiguous or a warning: left for a person
        assert changed == set() and outcome.changes == []
        return
    assert changed == {key}
    assert Decimal(str(after[key] or 0)) == _amount(planted["expected"])
    assert outcome.after.get("error", 0) == 0
    text = f"{outcome.changes[0].text(outcome.changes[0].after)}"
    assert _amount(text) == _amount(planted["expected"])  # said in the book's own unit


@pytest.mark.parametrize("name", ["sh-unit-2026", "sh-dept-2025"])
def test_the_written_template_reads_back_as_its_profile(name: str, tmp_path: Path) -> None:
    from xlbudget.spec.profiles import profile
    from xlbudget.write.template import write_template

    path = write_template(tmp_path / f"{name}.xlsx", profile(name), "上海市某某单位").path
    report = _report(path)
    assert report.profile == name and report.tables == list(range(1, 10))
    assert [f.rule for f in report.findings] == ["R.empty"]
    book = openpyxl.load_workbook(path)
    # The nine tables, then the 上海 说明's input sheets (none of 新疆's).
    assert book.sheetnames == [*(f"表{n}" for n in range(1, 10)), "概况", "上年预算数",
                               "科目说明", "政府采购", "绩效", "国有资产", "项目经费", "单位清单"]
    assert "用途说明" not in book.sheetnames and "项目说明" not in book.sheetnames
    labels = [row[2] for row in book["表1"].iter_rows(values_only=True)]
    assert "一、一般公共服务支出" in labels and "三、国防支出" in labels  # numbered as printed
    year = name[-4:]
    assert book["表2"]["A2"].value.startswith(f"{year}年")
    assert book["表2"].cell(3, book["表2"].max_column).value == "单位：元"
    assert book["表9"].cell(3, book["表9"].max_column).value == "单位：万元"


def test_to_template_prints_only_the_classes_with_money_numbered(tmp_path: Path) -> None:
    from xlbudget.fix.run import FixJob, fix_file

    source = BOOKS / "putuo-wanli-2025-bumen.xlsx"
    outcome = fix_file(FixJob(source, tmp_path / "t.xlsx", to_template=True))
    assert outcome.target is not None and outcome.after.get("error", 0) == 0
    sheet = openpyxl.load_workbook(outcome.target)["部门收支总表"]
    labels = [sheet.cell(row, 3).value for row in range(6, 16)]
    assert labels[0] == "一、一般公共服务支出" and labels[8] == "九、住房保障支出"
    assert labels[9] == "支出总计"  # the totals right under the last 类, on one line
    assert sheet.cell(15, 1).value == "收入总计"


def test_an_all_zero_table9_must_say_it_is_blank(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(BOOKS / "synthetic-2.xlsx")
    sheet = next(s for s in book.worksheets if "三公" in s.title)
    for column in "ABCDEFG":
        sheet[f"{column}7"] = 0
    book.save(tmp_path / "silent.xlsx")
    sheet["A8"] = "注:本部门2025年无“三公”经费和机关运行经费预算，故本表为空表。"
    book.save(tmp_path / "said.xlsx")
    rules = {f.rule for f in _report(tmp_path / "silent.xlsx").findings}
    assert "S9.blank_note" in rules and "S9.filled_note" not in rules
    rules = {f.rule for f in _report(tmp_path / "said.xlsx").findings}
    assert "S9.blank_note" not in rules and "S9.filled_note" not in rules


def test_a_clipped_class_name_is_one_name_finding_at_its_cell(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(BOOKS / "putuo-wanli-2025-bumen.xlsx")
    sheet = book["部门收支总表"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "六、社会保障和就业支出")
    cell.value = "六、社会保障和就业"
    book.save(tmp_path / "clipped.xlsx")
    report = _report(tmp_path / "clipped.xlsx")
    assert _shown(report, Severity.ERROR) == {
        ("error", "SX.class_names", f"部门收支总表!{cell.coordinate}")}
