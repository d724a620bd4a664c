"""汇总: a department's book from unit books (xlbudget consolidate), and a department checked
against its units (check --units). Unit books are made here: consistent random 新疆 budgets
(xlbudget.synthetic, each with its own seed, name and layout options) written as workbooks, and
the 上海 unit books of tests/data/shanghai/books (a synthetic one and the real 社会福利院 2024)."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlbudget import synthetic
from xlbudget.check.findings import Severity
from xlbudget.cli import app
from xlbudget.consolidate import ConsolidateError
from xlbudget.consolidate.run import check_department, consolidate_files
from xlbudget.read.workbook import read_workbook
from xlbudget.spec.profiles import Profile
from xlbudget.write.workbook import write_budget

SHANGHAI = Path(__file__).parents[1] / "data" / "shanghai" / "books"
CODED = (2, 3, 5, 6, 7)


def _unit(folder: Path, seed: int, options: frozenset[str] = frozenset(), staff: int = 10,
          grant: Decimal = Decimal(0)) -> Path:
    budget = synthetic.budget(seed, Profile(options=options))
    budget.unit_name = f"单位{seed}"
    overview = {r["key"]: r for r in budget.inputs.records["overview"]}
    overview["staff_quota"]["value"] = staff
    overview["functions"]["value"] = f"单位{seed}的职能"
    if grant:  # 上级补助收入 from the unit above it, within 单位资金 and 一、本年收入
        income = {r.key: r for r in budget.tables[1].rows["income"]}
        for key in ("unit_grant", "unit_other"):
            income[key].amounts["income_amount"] = income[key].amount("income_amount") + (
                grant if key == "unit_grant" else -grant)
    path = folder / f"unit{seed}.xlsx"
    write_budget(budget, path)
    return path


@pytest.fixture(scope="module")
def units(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("units")
    return [_unit(folder, 11), _unit(folder, 12, frozenset({"t2-15"}), staff=7),
            _unit(folder, 13, frozenset({"t89-nosplit"}), staff=5)]


@pytest.fixture(scope="module")
def department(units: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dept") / "部门.xlsx"
    consolidate_files(units, target, "测试局")
    return target


def _by_code(path: Path) -> dict[tuple[int, str, str, str], Decimal]:
    """Every coded amount of a book: (table, code, project, column) → amount."""
    out: dict[tuple[int, str, str, str], Decimal] = defaultdict(Decimal)
    budget = read_workbook(path).budget
    for number in CODED:
        for rows in budget.tables[number].rows.values():
            for row in rows:
                if row.code and not row.project:
                    for column, amount in row.amounts.items():
                        out[(number, row.code, "", column)] += amount
    return out


def test_the_department_is_its_units_sum_and_checks_clean(units: list[Path],
                                                           department: Path) -> None:
    result = check_department(department, units)
    assert result.profile == "dept-2024+t89-nosplit"  # one unit does not split 表8/9 基本支出
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    assert not [f for f in result.findings if f.rule.startswith("C.")]
    summed: dict[tuple[int, str, str, str], Decimal] = defaultdict(Decimal)
    for unit in units:
        for key, amount in _by_code(unit).items():
            summed[key] += amount
    mine = _by_code(department)
    assert {k: v for k, v in summed.items() if v} == {k: v for k, v in mine.items() if v}
    dept = read_workbook(department).budget
    projects = [r.project for r in dept.tables[7].rows["main"] if r.project]
    named = ("（单位11）", "（单位12）", "（单位13）")
    assert projects and all(p.endswith(named) for p in projects)
    overview = dept.inputs.form("overview")
    assert overview["staff_quota"] == 22 and overview["unit_name"] == "测试局"
    assert "单位11：单位11的职能" in str(overview["functions"])


def test_the_department_book_lists_its_units(department: Path) -> None:
    book = openpyxl.load_workbook(department, read_only=True)
    rows = list(book["单位构成"].iter_rows(values_only=True))
    assert rows[0][0] == "单位名称" and [r[0] for r in rows[1:]] == ["单位11", "单位12", "单位13"]
    assert all(len(r[3]) == 16 for r in rows[1:])  # each book's SHA-256, for tracing


def test_a_department_cell_changed_afterwards_is_named_with_the_units_parts(
        units: list[Path], department: Path, tmp_path: Path) -> None:
    table = read_workbook(department).budget.tables[3]
    row = next(r for r in table.rows["main"] if r.code and len(r.code) == 7)
    sheet, cell = row.cells["basic"].split("!")
    book = openpyxl.load_workbook(department)
    book[sheet][cell] = float(row.amount("basic") + Decimal("0.10"))
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    errors = [f for f in check_department(changed, units).findings
              if f.severity is Severity.ERROR]
    assert [(f.rule, f.cells[0]) for f in errors] == [("C.sum", f"{sheet}!{cell}")]
    assert errors[0].expected == str(row.amount("basic").quantize(Decimal("0.01")))
    assert Decimal(errors[0].actual or "") == row.amount("basic") + Decimal("0.10")
    assert errors[0].breakdown and all(c.startswith("[unit1") for _, c, _ in errors[0].breakdown)
    result = CliRunner().invoke(app, ["check", str(changed), "--format", "json",
                                      *(a for u in units for a in ("--units", str(u)))])
    found = json.loads(result.output)["files"][0]["findings"]
    assert result.exit_code == 1 and any(f["rule"] == "C.sum" and f["units"] for f in found)


def test_a_unit_typo_is_found_at_the_unit_cell_not_the_department(
        units: list[Path], tmp_path: Path) -> None:
    table = read_workbook(units[1]).budget.tables[5]
    row = next(r for r in table.rows["main"] if r.code and len(r.code) == 7)
    sheet, cell = row.cells["basic"].split("!")
    book = openpyxl.load_workbook(units[1])
    book[sheet][cell] = float(row.amount("basic") + 9)
    typo = tmp_path / "unit12.xlsx"
    book.save(typo)
    given = [units[0], typo, units[2]]
    done = consolidate_files(given, tmp_path / "部门.xlsx", "测试局")
    unit_errors = [f for u in done.department.units for f in u.errors]
    assert [f.cells[0] for f in unit_errors] == [f"{sheet}!{cell}"]
    errors = [f for f in check_department(done.target, given).findings
              if f.severity is Severity.ERROR]
    assert [f.cells[0] for f in errors] == [f"[unit12.xlsx]{sheet}!{cell}"]
    assert errors[0].expected == str(row.amount("basic").quantize(Decimal("0.01")))


def test_units_given_and_units_listed_must_agree(units: list[Path], department: Path,
                                                 tmp_path: Path) -> None:
    extra = _unit(tmp_path, 14)
    rules = [f.rule for f in check_department(department, [units[0], units[1], extra, extra]
                                              ).findings if f.rule.startswith("C.")]
    assert rules.count("C.twice") == 1 and rules.count("C.unlisted") == 1
    assert rules.count("C.missing") == 1  # 单位13 is listed, its book not given


def test_what_cannot_be_summed_is_refused_in_one_sentence(units: list[Path],
                                                           tmp_path: Path) -> None:
    with pytest.raises(ConsolidateError, match="同一文件"):
        consolidate_files([units[0], units[0]], tmp_path / "a.xlsx")
    renamed = tmp_path / "copy.xlsx"
    book = openpyxl.load_workbook(units[0])
    book.properties.title = "another file, the same unit"
    book.save(renamed)
    with pytest.raises(ConsolidateError, match="同一单位"):
        consolidate_files([units[0], renamed], tmp_path / "a.xlsx")
    with pytest.raises(ConsolidateError, match="不同地区"):
        consolidate_files([units[0], SHANGHAI / "synthetic-1.xlsx"], tmp_path / "a.xlsx")
    later = synthetic.budget(15, Profile(year=2025))
    write_budget(later, tmp_path / "2025.xlsx")
    with pytest.raises(ConsolidateError, match="不同年度"):
        consolidate_files([units[0], tmp_path / "2025.xlsx"], tmp_path / "a.xlsx")
    result = CliRunner().invoke(app, ["consolidate", str(units[0]), "-o", str(units[1])])
    assert result.exit_code == 2 and "--force" in result.output  # never over a file
    assert "Traceback" not in result.output


def test_a_transfer_between_units_is_said_not_hidden(tmp_path: Path) -> None:
    given = [_unit(tmp_path, 21), _unit(tmp_path, 22, grant=Decimal("12.34"))]
    done = consolidate_files(given, tmp_path / "部门.xlsx", "测试局")
    assert [(t.unit, t.amount) for t in done.department.transfers] == [("单位22",
                                                                       Decimal("12.34"))]
    assert any("上级补助收入" in zh and "12.34" in zh for zh, _ in done.department.notes)
    log = openpyxl.load_workbook(done.target, read_only=True)["修改记录"]
    assert any("12.34" in str(r[4]) for r in log.iter_rows(values_only=True))


def _shanghai_unit(source: Path, target: Path, kind: str, running: Decimal) -> Path:
    """A 上海 unit book as the standard template writes it, with its kind and 机关运行经费."""
    budget = read_workbook(source).budget
    budget.inputs.records["sh_overview"] = [
        {**r, "value": kind} if r.get("key") == "unit_kind" else r
        for r in budget.inputs.records.get("sh_overview", [])
        ] or [{"key": "unit_kind", "value": kind}]
    budget.tables[9].rows["main"][0].amounts["operating"] = running
    write_budget(budget, target)
    return target


def test_shanghai_units_sum_into_a_department_with_its_running_costs(tmp_path: Path) -> None:
    """机关运行经费 of a department is its 机关 and 参公 units' only: a 事业 unit's is left
    out, and said."""
    given = [_shanghai_unit(SHANGHAI / "synthetic-1.xlsx", tmp_path / "机关.xlsx", "机关",
                            Decimal("3.21")),
             _shanghai_unit(SHANGHAI / "putuo-shehuifuliyuan-2024-danwei.xlsx",
                            tmp_path / "事业.xlsx", "事业单位", Decimal("5.00"))]
    done = consolidate_files(given, tmp_path / "部门.xlsx", "普陀测试局")
    assert done.report.profile == "sh-dept-2024" and done.report.tables == list(range(1, 10))
    assert sorted(u.kind for u in done.department.units) == ["事业", "机关"]
    dept = read_workbook(done.target).budget
    assert dept.tables[9].rows["main"][0].amount("operating") == Decimal("3.21")
    assert any("事业" in zh for zh, _ in done.department.notes)
    listed = dept.inputs.sheet("sh_units")
    assert [(r.get("name"), r.get("kind")) for r in listed if r.get("name")] == [
        (u.name, u.kind) for u in done.department.units]
    codes = _by_code(done.target)
    assert codes  # coded rows came through
    assert not [f for f in check_department(done.target, given).findings
                if f.rule.startswith("C.")]


def test_the_review_page_shows_each_unit_s_part_as_text(tmp_path: Path) -> None:
    budget = synthetic.budget(31)
    budget.unit_name = "<script>alert(1)</script>所"
    write_budget(budget, tmp_path / "a.xlsx")
    other = _unit(tmp_path, 32)
    done = consolidate_files([tmp_path / "a.xlsx", other], tmp_path / "部门.xlsx", "局")
    table = read_workbook(done.target).budget.tables[2]
    row = next(r for r in table.rows["main"] if r.is_total)
    sheet, cell = row.cells["total"].split("!")
    book = openpyxl.load_workbook(done.target)
    book[sheet][cell] = 1
    book.save(tmp_path / "改.xlsx")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "改.xlsx"), "--format", "html",
                                      "--units", str(tmp_path / "a.xlsx"), "--units", str(other)])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;所" in result.output
    assert "<script>alert" not in result.output and "[unit32.xlsx]" in result.output


def test_published_books_of_three_layouts_sum_into_one_department(tmp_path: Path) -> None:
    """The three 新疆 publications in their own published layouts (samples/published: 004 with
    a 15-column 表2, 表8/9 not split and no 表11) are one department's units here."""
    given = [Path(__file__).parents[2] / "samples" / "published" / f"{n}.xlsx"
             for n in ("000", "002", "004")]
    done = consolidate_files(given, tmp_path / "部门.xlsx", "克州测试")
    assert done.report.profile == "dept-2024+t89-nosplit"  # 表11 kept: two units have it
    summed: dict[tuple[int, str, str, str], Decimal] = defaultdict(Decimal)
    for unit in given:
        for key, amount in _by_code(unit).items():
            summed[key] += amount
    assert {k: v for k, v in summed.items() if v} == {
        k: v for k, v in _by_code(done.target).items() if v}
    checked = check_department(done.target, given)
    errors = [f for f in checked.findings if f.severity is Severity.ERROR]
    assert [(f.rule, f.cells) for f in errors] == [("T5.name", ("[004.xlsx]表5!D6",))]


def test_a_department_book_made_elsewhere_is_checked_row_by_row(units: list[Path],
                                                               department: Path,
                                                               tmp_path: Path) -> None:
    """A department's own book names its projects without the unit (and may be laid out as
    its budget system prints it): projects are matched by code and name."""
    book = openpyxl.load_workbook(department)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.endswith(
                        ("（单位11）", "（单位12）", "（单位13）")):
                    cell.value = cell.value.rsplit("（", 1)[0]
    del book["单位构成"]
    own = tmp_path / "own.xlsx"
    book.save(own)
    rules = [f.rule for f in check_department(own, units).findings if f.rule.startswith("C.")]
    assert rules == ["C.composition"]  # nothing to compare the units given with, said once
