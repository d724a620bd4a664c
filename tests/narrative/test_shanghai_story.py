"""The 上海 说明 from the region file's [story]: computed and written from the tables and the 上海
input sheets, filled in by fix, and a written 说明 checked against it — on the six real
publications (tests/data/shanghai/narratives/, their known faults in its README) and on copies
with planted wrong figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlbudget.check.findings import Severity
from xlbudget.cli import app
from xlbudget.narrative.regional_check import check_story
from xlbudget.narrative.story import narrate
from xlbudget.read.workbook import read_workbook
from xlbudget.spec.profiles import profile
from xlbudget.spec.story import StoryError, load_story
from xlbudget.write.template import write_template

DATA = Path(__file__).parents[1] / "data" / "shanghai"
BOOKS, TEXTS = DATA / "books", DATA / "narratives"


def _budget(stem: str):  # type: ignore[no-untyped-def]
    return read_workbook(BOOKS / f"{stem}.xlsx").budget


def _check(stem: str, text: str) -> list[tuple[str, str, str]]:
    budget = _budget(stem)
    story = budget.profile.region.story
    assert story is not None
    return [(str(f.severity), f.rule, f.message_zh)
            for f in check_story(text, budget, story)]


def _text(stem: str) -> str:
    return (TEXTS / f"{stem}.txt").read_text(encoding="utf-8")


def _planted(stem: str, old: str, new: str) -> list[tuple[str, str, str]]:
    """The findings on the publication's 说明 with ``old`` (printed once) replaced."""
    text = _text(stem)
    assert text.count(old) == 1
    return _check(stem, text.replace(old, new))


def test_the_generated_text_states_every_figure_the_published_one_takes_from_the_tables() -> None:
    text = "\n".join(p.text for p in narrate(_budget("putuo-shehuifuliyuan-2024-danwei"))
                     .paragraphs)
    for figure in ("收入预算1,212.12万元", "财政拨款收入950.12万元", "事业收入262.00万元",
                   "支出预算1,212.12万元", "一般公共预算拨款支出预算950.12万元",
                   "政府性基金拨款支出预算0.00万元", "“三公”经费预算数为6.40万元",
                   "公务用车运行费6.40万元", "无机关运行经费",
                   "“社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”53.84万元",
                   "“住房保障支出（类）住房改革支出（款）住房公积金（项）”33.58万元"):
        assert figure in text, figure


def test_a_2025_book_lists_its_items_without_the_execution_sentence() -> None:
    story = narrate(_budget("putuo-wanli-2025-bumen"))
    items = [p.text for p in story.paragraphs if p.text[:3].rstrip(".").isdigit()]
    assert items and not any("执行数" in t for t in items)
    assert story.paragraphs[0].text == "四、部门预算编制说明"
    assert any("【待补充：" in p.text for p in story.paragraphs)
    assert story.missing and all(m.marker in "".join(p.text for p in story.paragraphs)
                                 for m in story.missing)


@pytest.mark.parametrize("stem", ["shanghai-caizhengju-2025-danwei", "putuo-wanli-2025-bumen"])
def test_a_published_narrative_without_faults_has_no_error(stem: str) -> None:
    assert [f for f in _check(stem, _text(stem)) if f[0] == "error"] == []


@pytest.mark.parametrize(("stem", "expected"), [
    ("putuo-shehuifuliyuan-2024-danwei", [("error", "N.amount", "738.66"),
                                           ("warning", "N.reason", "主要原因是。")]),
    ("putuo-wanli-2023-bumen", [("error", "N.growth", "314.82%"),
                                 ("error", "N.growth", "60.54%")]),
    ("putuo-wanli-2024-bumen", [("error", "N.growth", "0.53%")]),
    ("putuo-caizhengju-2025-bumen", [("warning", "N.rounding", "87.70"),
                                      ("error", "N.amount", "887.36"),
                                      ("warning", "N.rounding", "78.21"),
                                      ("warning", "N.rounding", "204.91"),
                                      ("warning", "N.rounding", "268.77")]),
])
def test_the_publications_own_faults_are_found_and_nothing_else(
        stem: str, expected: list[tuple[str, str, str]]) -> None:
    found = _check(stem, _text(stem))
    assert len(found) == len(expected), found
    for (severity, rule, words), (f_severity, f_rule, message) in zip(
            expected, found, strict=True):
        assert (f_severity, f_rule) == (severity, rule) and words in message, message


# Planted into the 2025 上海市财政局 说明, which has no fault: (what was changed, to what, the
# rule that must report it, words of the sentence the finding must quote).
PLANTED = [
    ("收入预算17,192万元", "收入预算17,292万元", "N.amount", "收入预算17,292万元"),
    ("“社会保障和就业支出”科目1,756万元", "“社会保障和就业支出”科目1,765万元", "N.amount",
     "1,765万元"),
    ("公务接待费25.40万元", "公务接待费52.40万元", "N.amount", "公务接待费52.40万元"),
    ("政府采购货物预算42.50万元", "政府采购货物预算45.20万元", "N.other", "政府采购预算1,708.03"),
]


@pytest.mark.parametrize(("old", "new", "rule", "quote"), PLANTED)
def test_a_wrong_figure_in_a_written_narrative_is_an_error_quoting_its_sentence(
        old: str, new: str, rule: str, quote: str) -> None:
    errors = [f for f in _planted("shanghai-caizhengju-2025-danwei", old, new)
              if f[0] == "error"]
    assert [f[1] for f in errors][:1] == [rule], errors
    assert quote in errors[0][2]


def test_a_wrong_rate_against_execution_is_an_error_with_the_right_rate() -> None:
    stem, old = "putuo-shehuifuliyuan-2024-danwei", "比2023年预算执行数减少1.39%"
    found = _planted(stem, old, "比2023年预算执行数减少1.93%")
    growth = [f for f in found if f[1] == "N.growth"]
    assert len(growth) == 1 and "1.39%" in growth[0][2] and "1.93%" in growth[0][2]
    wrong_way = _planted(stem, old, "比2023年预算执行数增加1.39%")
    assert any(f[1] == "N.growth" and "应为减少" in f[2] for f in wrong_way)


def test_an_empty_reason_is_a_warning_not_an_error() -> None:
    found = _check("shanghai-caizhengju-2025-danwei",
                   "其他相关情况说明\n公务接待费25.40万元，与2024年预算持平，主要原因是。")
    assert [(f[0], f[1]) for f in found] == [("warning", "N.reason")]


def test_the_template_carries_the_shanghai_inputs_and_they_drive_the_text(tmp_path: Path) -> None:
    path = tmp_path / "sh.xlsx"
    write_template(path, profile("sh-unit-2024"), "测试单位")
    book = openpyxl.load_workbook(path)
    assert {"上年预算数", "科目说明", "政府采购", "绩效", "国有资产", "项目经费",
            "单位清单"} <= set(book.sheetnames)
    sheet = book["上年预算数"]
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "编号")
    rows = {sheet.cell(r, 1).value: r for r in range(header + 1, sheet.max_row + 1)}
    # Rows keyed, so a user may reorder them: move the 三公 total to the bottom.
    sheet.move_range(f"A{rows['sangong']}:E{rows['sangong']}", rows=sheet.max_row + 1
                     - rows["sangong"])
    sheet.cell(sheet.max_row, 4).value = 5.5
    sheet.cell(sheet.max_row, 5).value = "压减公务支出"
    book.save(path)
    budget = read_workbook(path).budget
    assert budget.profile.region.key == "shanghai"
    text = "\n".join(p.text for p in narrate(budget).paragraphs)
    assert "“三公”经费预算数为0.00万元，比2023年预算减少5.50万元" in text


def test_the_prior_figure_is_compared_when_the_book_gives_it() -> None:
    budget = _budget("putuo-shehuifuliyuan-2024-danwei")
    budget.inputs.records["sh_prior"] = [{"key": "fiscal_income", "prior": Decimal("949.66")},
                                         {"key": "sangong", "prior": Decimal("6.40")}]
    text = "\n".join(p.text for p in narrate(budget).paragraphs)
    assert "财政拨款收入950.12万元，比2023年预算增加0.46万元" in text
    assert "“三公”经费预算数为6.40万元，与2023年预算持平" in text
    story = budget.profile.region.story
    assert story is not None
    wrong = "收入预算1,212.12万元，其中：财政拨款收入950.12万元，比2023年预算增加0.64万元。"
    found = check_story("单位预算编制说明\n" + wrong, budget, story)
    assert [f.rule for f in found if f.severity is Severity.ERROR] == ["N.growth"]


def test_narrate_and_check_from_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "说明.md"
    book = BOOKS / "putuo-wanli-2023-bumen.xlsx"
    result = runner.invoke(app, ["narrate", str(book), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "四、部门预算编制说明" in out.read_text(encoding="utf-8")
    written = tmp_path / "published.txt"
    written.write_text(_text("putuo-wanli-2023-bumen"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(book), "--narrative", str(written)])
    assert result.exit_code == 1 and "314.82%" in result.output


@pytest.mark.parametrize(("story", "words"), [
    ({"section": [{"number": "四", "title": "t", "paragraph": [{"text": "{nothing}"}]}],
      "changes": {k: {"up": "", "down": "", "same": "", "new": ""}
                  for k in ("amount", "executed")}}, "{nothing}"),
    ({"section": [], "changes": {}}, "amount"),
])
def test_a_mistake_in_a_story_is_named(story: dict[str, object], words: str) -> None:
    with pytest.raises(StoryError, match=words.strip("{}")):
        load_story(story)


def test_a_city_level_book_is_written_as_it_publishes() -> None:
    """市级 books list 类, not 项, and print 四 in whole 万元: two 概况 inputs say so."""
    budget = _budget("shanghai-caizhengju-2025-danwei")
    budget.inputs.records["sh_overview"] = [{"key": "list_level", "value": "类"},
                                            {"key": "decimals", "value": 0}]
    budget.inputs.records["sh_prior"] = [{"key": "fiscal_income", "prior": Decimal("18182")}]
    text = "\n".join(p.text for p in narrate(budget).paragraphs)
    for figure in ("收入预算17,192万元", "财政拨款收入17,192万元，比2024年预算减少990万元",
                   "“一般公共服务支出”科目12,789万元", "“社会保障和就业支出”科目1,756万元",
                   "“卫生健康支出”科目467万元", "“住房保障支出”科目2,180万元",
                   "“三公”经费预算数为346.30万元", "因公出国（境）费288.70万元",
                   "公务用车运行费32.20万元", "公务接待费25.40万元",
                   "机关运行经费预算为2,517.78万元"):
        assert figure in text, figure


@pytest.mark.parametrize("path", sorted(BOOKS.glob("*.xlsx")), ids=lambda p: p.stem)
def test_a_generated_narrative_checks_with_no_error(path: Path) -> None:
    budget = read_workbook(path).budget
    story = budget.profile.region.story
    assert story is not None
    text = "\n".join(p.text for p in narrate(budget).paragraphs)
    errors = [f.message_zh for f in check_story(text, budget, story)
              if f.severity is Severity.ERROR]
    assert errors == []


@pytest.mark.parametrize(("old", "new"), [
    # Other words for a figure: it goes unchecked rather than being read off another one.
    ("支出预算1,212.12万元，其中", "支出预算总额1,212.12万元，其中"),
    # Printed as a PDF or a typist gives it: spaces, breaks, full-width digits.
    ("收入预算1,212.12万元", "收入预算 1,212.12 万\n元"),
    ("财政拨款收入950.12万元", "财政拨款收入９５０．１２万元"),
    ("公务用车运行费6.40万元", "公务用车运行费６.４０万元"),
])
def test_a_published_narrative_in_other_words_or_print_gets_no_false_error(old: str,
                                                                           new: str) -> None:
    stem = "putuo-shehuifuliyuan-2024-danwei"
    text = _text(stem)
    assert text.count(old) >= 1
    assert _check(stem, text.replace(old, new)) == _check(stem, text)


@pytest.mark.parametrize("to_template", [False, True])
def test_fix_fills_in_the_shanghai_narrative_and_keeps_the_book(tmp_path: Path,
                                                               to_template: bool) -> None:
    import hashlib

    from xlbudget import fix

    source = BOOKS / "putuo-wanli-2025-bumen.xlsx"
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    outcome = fix(source, tmp_path / "out.xlsx", to_template=to_template)
    assert outcome.target is not None
    book = openpyxl.load_workbook(outcome.target)
    sheet = next(book[n] for n in book.sheetnames if n.startswith("说明"))
    texts = [c.value for c in sheet["A"] if c.value]
    assert texts[0] == "四、部门预算编制说明"
    assert any("收入预算18,976.76万元" in t for t in texts)
    assert any(t == "六、其他相关情况说明" for t in texts)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert not any(str(t).startswith("=") for t in texts)  # text, never a formula


def test_performance_money_above_project_spending_is_an_error() -> None:
    found = _planted("putuo-shehuifuliyuan-2024-danwei", "涉及项目预算资金262.00万元",
                     "涉及项目预算资金300.00万元")
    other = [f for f in found if f[1] == "N.other"]
    assert len(other) == 1 and "项目支出" in other[0][2] and "300.00" in other[0][2]


def test_a_department_book_has_a_project_section_per_project_and_a_unit_book_none() -> None:
    dept = _budget("putuo-wanli-2025-bumen")
    dept.inputs.records["sh_projects"] = [
        {"name": "社区公共服务中心新建工程", "amount": Decimal(60), "overview": "新建工程。"},
        {"name": "", "amount": None}]  # a blank row is no project
    paragraphs = narrate(dept).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "七、项目经费情况说明")
    block = [p.text for p in paragraphs[start + 1:]]
    assert block[:3] == ["1. 社区公共服务中心新建工程（60.00万元）", "一、项目概况", "新建工程。"]
    assert block[3:5] == ["二、立项依据",
                          "【待补充：“社区公共服务中心新建工程”的立项依据（项目经费）】"]
    assert len(block) == 15
    unit = narrate(_budget("putuo-shehuifuliyuan-2024-danwei")).paragraphs
    assert not any(p.text.startswith("七、") and p.level == 1 for p in unit)


def _without_story(monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 上海 book read as if its region file had no [story]."""
    import dataclasses
    import importlib

    # (xlbudget.check and xlbudget.read are also the API's functions: import by module name)
    run = importlib.import_module("xlbudget.check.run")
    workbook = importlib.import_module("xlbudget.read.workbook")

    real = workbook.read_workbook

    def read(path: Path, engine: str = "calamine"):  # type: ignore[no-untyped-def]
        result = real(path, engine)
        region = dataclasses.replace(result.budget.profile.region, story=None, narrative=())
        result.budget.profile = dataclasses.replace(result.budget.profile, region=region)
        return result

    monkeypatch.setattr(workbook, "read_workbook", read)
    monkeypatch.setattr(run, "read_workbook", read)
    return BOOKS / "putuo-wanli-2025-bumen.xlsx"


def test_a_region_without_a_story_is_a_clear_message_and_exit_2(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    book = _without_story(monkeypatch)
    runner = CliRunner()
    result = runner.invoke(app, ["narrate", str(book)])
    assert result.exit_code == 2 and "说明尚不能由 xlbudget 计算" in result.output
    written = tmp_path / "说明.txt"
    written.write_text(_text("putuo-wanli-2025-bumen"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(book), "--narrative", str(written)])
    assert result.exit_code == 2 and "说明尚不能核对" in result.output
