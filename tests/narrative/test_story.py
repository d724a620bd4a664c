"""The 说明 xlbudget writes: every figure of the published 000 text reproduced, wording rules,
missing inputs marked, files written."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from xlbudget.cli import app
from xlbudget.narrative.numbers import Change, pct, percent, wan
from xlbudget.narrative.render import as_markdown
from xlbudget.narrative.story import narrate
from xlbudget.read.transcription import load_json
from xlbudget.read.workbook import read_workbook

runner = CliRunner()


@pytest.fixture(scope="module")
def park_text(root: Path) -> str:
    budget = read_workbook(root / "samples" / "park-2024.xlsx").budget
    return as_markdown(narrate(budget).paragraphs)


def _sections(text: str) -> dict[str, str]:
    out, current = {}, ""
    for line in text.splitlines():
        if line.startswith("## ") and "、" in line:
            current = line[3:].split("、")[0]
        out[current] = out.get(current, "") + line + "\n"
    return out


def test_golden_every_share_and_growth_of_000_is_reproduced(root: Path, park_text: str) -> None:
    claims = load_json(root / "samples" / "sources" / "000.json")["narrative_claims"]
    figures = [c for c in claims if c["kind"] in ("share", "change_pct")
               and c["section"][:2].rstrip("(（-") in {"二", "三", "五", "十", "十二"}
               and not c["section"].startswith("十二(四)")]
    assert len(figures) > 25
    sections = _sections(park_text)
    for claim in figures:
        stated = Decimal(claim["stated"])
        section = claim["section"].split("(")[0]
        body = sections[section]
        if stated == 0:
            # 000 writes "增加 0.00 万元，增长 0.00%" where nothing changed; xlbudget says 持平.
            assert "持平" in body, claim["quote"]
        else:
            assert pct(stated) in body, (claim["section"], claim["quote"])


def test_golden_every_amount_of_000_sections_one_to_eleven(root: Path, park_text: str) -> None:
    claims = load_json(root / "samples" / "sources" / "000.json")["narrative_claims"]
    for claim in claims:
        if claim["kind"] == "amount" and claim.get("computed") is not None and not claim[
                "section"].startswith("十二(四)-"):
            assert wan(Decimal(claim["stated"])) in park_text, claim["quote"]


@pytest.mark.parametrize(
    ("current", "prior", "phrase"),
    [
        ("1617.71", "1342.13", "比上年预算增加 275.58 万元，增长 20.53%"),
        ("1234.44", "1658.75", "比上年预算减少 424.31 万元，下降 25.58%"),
        ("3159.16", "40.00", "比上年预算增加 3,119.16 万元，增长 7,797.90%"),
        ("1.20", "1.20", "与上年预算持平"),
        ("96.62", "0", "为新增"),
        ("0", "0", "与上年预算持平"),
    ],
)
def test_change_wording(current: str, prior: str, phrase: str) -> None:
    assert Change(Decimal(current), Decimal(prior)).phrase() == phrase


def test_new_items_are_never_divided() -> None:
    change = Change(Decimal("96.62"), Decimal(0))
    assert (change.kind, change.rate) == ("新增", None)
    assert Change(Decimal(5), None).kind is None  # last year's figure missing


def test_shares_round_half_up_exactly() -> None:
    # 96.62 / 3,481.70 = 2.7751…% → 2.78 (002 printed 2.77)
    assert percent(Decimal("96.62"), Decimal("3481.70")) == Decimal("2.78")
    assert percent(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert percent(Decimal("1"), Decimal("0")) is None
    assert percent(Decimal("0.125"), Decimal("1")) == Decimal("12.50")


def test_absent_items_say_not_arranged(park_text: str) -> None:
    sections = _sections(park_text)
    assert "政府性基金预算未安排。" in sections["二"]
    assert "为空表" in sections["八"] and "为空表" in sections["九"]


def test_missing_inputs_are_marked_and_listed(root: Path) -> None:
    budget = read_workbook(root / "samples" / "published" / "000.xlsx").budget  # no inputs
    story = narrate(budget)
    text = as_markdown(story.paragraphs)
    assert text.count("【待补充") >= len(story.missing) > 20
    assert any("一般公共预算" in m.what and m.sheet == "上年预算数" for m in story.missing)
    assert "比上年预算增加" not in text  # nothing invented


def test_cli_writes_docx_with_headings(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "说明.docx"
    result = runner.invoke(app, ["narrate", str(root / "samples" / "park-2024.xlsx"), "-o",
                                 str(target)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1].startswith("一、关于阿图什工业园区管理委员会 2024 年收支预算")
    assert any(h.startswith("十二、") for h in headings)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "占 26.91%" in body and "增长 7,797.90%" in body


def test_cli_prints_markdown_and_refuses_to_overwrite(root: Path, tmp_path: Path) -> None:
    printed = runner.invoke(app, ["narrate", str(root / "samples" / "park-2024.xlsx")])
    assert printed.exit_code == 0 and "## 十二、其他重要事项的情况说明" in printed.stdout
    existing = tmp_path / "x.md"
    existing.write_text("mine", encoding="utf-8")
    refused = runner.invoke(app, ["narrate", str(root / "samples" / "park-2024.xlsx"), "-o",
                                  str(existing)])
    assert refused.exit_code == 2 and existing.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("name", ["park-2024", "city-office-2024", "industry-bureau-2024"])
def test_the_generated_text_checks_clean_against_its_workbook(root: Path, name: str,
                                                             tmp_path: Path) -> None:
    text = tmp_path / "说明.md"
    assert runner.invoke(app, ["narrate", str(root / "samples" / f"{name}.xlsx"), "-o",
                               str(text)]).exit_code == 0
    result = runner.invoke(app, ["check", str(root / "samples" / f"{name}.xlsx"),
                                 "--narrative", str(text), "--format", "json"])
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [f for f in findings if f["rule"].startswith("N.")] == []


def test_dropped_items_are_explained(root: Path) -> None:
    # 004: 学前教育 (2050201) had 2.60 万元 last year and none this year.
    budget = read_workbook(root / "samples" / "industry-bureau-2024.xlsx").budget
    text = as_markdown(narrate(budget).paragraphs)
    assert ("学前教育（项）：2024 年预算数为 0.00 万元，比上年预算减少 2.60 万元，下降 100.00%"
            in text)


def test_check_narrative_cli_reports_the_nudged_share(root: Path) -> None:
    result = runner.invoke(app, ["check", str(root / "samples" / "city-office-2024.xlsx"),
                                 "--narrative", str(root / "tests" / "narratives" / "002.txt"),
                                 "--format", "json"])
    assert result.exit_code == 1
    narrative = [(f["rule"], f["expected"], f["actual"])
                 for f in json.loads(result.stdout)["files"][0]["findings"]
                 if f["rule"].startswith("N.")]
    assert narrative == [("N.share", "2.78", "2.77")]
    two = runner.invoke(app, ["check", str(root / "samples"), "--narrative",
                              str(root / "tests" / "narratives" / "002.txt")])
    assert two.exit_code == 2  # a 说明 belongs to one workbook
