"""`xlbudget check` on the real publications, and the command's contract."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlbudget.check.engine import Compare, judge
from xlbudget.check.figures import Figure
from xlbudget.check.findings import Severity
from xlbudget.check.rulebook import by_id
from xlbudget.check.run import check
from xlbudget.cli import app

runner = CliRunner()

# What the shared transcriptions (samples/sources/*.json: `identities` that fail, `doubts`)
# predict for each publication, as (rule, severity, first cell).
PREDICTED = {
    "000.xlsx": [
        ("T6/T5 303 soft", "X.T5-T6.soft", "info", "表6!D24"),  # 303 02 vs 2080501+02
        ("T8 blank vs fund carry-over", "X.T1-T8.carryover", "warning", "表1!B26"),
    ],
    "002.xlsx": [
        ("行政运行 with 项目支出", "T3.type", "warning", "表3!G8"),
        ("行政运行 with 项目支出", "T5.type", "warning", "表5!G8"),
        ("T6/T5 303 soft", "X.T5-T6.soft", "info", "表6!D24"),
    ],
    "004.xlsx": [
        ("行政运行 with 项目支出 (transcription: T3.行政运行.项目支出)", "T3.type", "warning",
         "表3!G8"),
        ("201 named 一般公共预算支出", "T5.name", "error", "表5!D6"),
        ("T6 301 10 vs 210 11 soft", "X.T5-T6.soft", "info", "表6!D11"),
        ("T6 301 13 vs 221 02 01 soft", "X.T5-T6.soft", "info", "表6!D13"),
        ("T6 303 vs 208 05 soft", "X.T5-T6.soft", "info", "表6!D28"),
    ],
}


@pytest.mark.parametrize("name", sorted(PREDICTED))
def test_publications_give_exactly_the_predicted_findings(root: Path, name: str) -> None:
    report = check(root / "samples" / "published" / name)
    found = [(f.rule, str(f.severity), f.cells[0]) for f in report.findings]
    assert found == [(rule, severity, cell) for _, rule, severity, cell in PREDICTED[name]]


def test_own_format_samples_give_the_same_rules(root: Path) -> None:
    for own, published in (("park-2024", "000"), ("city-office-2024", "002"),
                           ("industry-bureau-2024", "004")):
        mine = check(root / "samples" / f"{own}.xlsx")
        theirs = check(root / "samples" / "published" / f"{published}.xlsx")
        assert [(f.rule, f.severity) for f in mine.findings] == [
            (f.rule, f.severity) for f in theirs.findings]


def test_t10_above_t6_is_not_a_warning(root: Path) -> None:
    # 002: 表10 公务用车运行费 228.80 includes a 200.00 insurance project; 表6 302 31 is 28.80.
    # 表10 ≥ 表6 holds, so X.T6-T10 stays silent (an equality rule would be a false alarm).
    report = check(root / "samples" / "published" / "002.xlsx")
    assert not [f for f in report.findings if f.rule == "X.T6-T10"]
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def _figure(value: str, terms: int, quantum: str = "0.01") -> Figure:
    return Figure(Decimal(value), ("表3!E6",), terms, Decimal(quantum))


@pytest.mark.parametrize(
    ("actual", "parts", "terms", "quantum", "severity"),
    [
        ("100.01", "100.00", 2, "0.01", Severity.INFO),  # 0.01 ≤ 0.005 × 2
        ("100.02", "100.00", 2, "0.01", Severity.ERROR),
        ("100.02", "100.00", 5, "0.01", Severity.INFO),  # 0.02 ≤ 0.025
        ("101", "100", 2, "1", Severity.INFO),  # whole-万元 book: 0.5 per term
        ("102", "100", 2, "1", Severity.ERROR),
        ("100.01", "100.00", 1, "0.01", Severity.ERROR),  # the same figure twice: exact
    ],
)
def test_rounding_policy(actual: str, parts: str, terms: int, quantum: str,
                         severity: Severity) -> None:
    finding = judge(by_id("T3.row"), Compare(3, _figure(actual, 1, quantum),
                                             _figure(parts, terms, quantum), "s", "s"))
    assert finding is not None and finding.severity is severity


def test_cli_json_contract(root: Path) -> None:
    result = runner.invoke(app, ["check", str(root / "samples" / "published" / "004.xlsx"),
                                 "--format", "json", "--lang", "en"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1
    entry = document["files"][0]
    assert set(entry) == {"path", "profile", "region", "catalogue", "tables", "unreadable",
                          "counts", "findings"}
    assert entry["region"] == "xinjiang"
    assert entry["catalogue"] == 2024
    assert entry["profile"] == "unit-2024+t2-15+t89-nosplit+no-t11"
    error = next(f for f in entry["findings"] if f["severity"] == "error")
    assert error == {"rule": "T5.name", "severity": "error", "table": "表5",
                     "cells": ["表5!D6"], "expected": "一般公共服务支出",
                     "actual": "一般公共预算支出", "message": error["message"]}
    assert "expected '一般公共服务支出'" in error["message"]  # --lang en
    assert document["summary"] == {"files": 1, "unreadable": 0, "files_with_errors": 1,
                                   "error": 1, "warning": 1, "info": 3}


def test_cli_folder_run_exit_codes_and_unreadable(root: Path, tmp_path: Path) -> None:
    for name in ("000.xlsx", "002.xlsx"):
        shutil.copy(root / "samples" / "published" / name, tmp_path / name)
    nested = tmp_path / "sub"
    nested.mkdir()
    shutil.copy(root / "samples" / "published" / "004.xlsx", nested / "004.xlsx")
    clean = runner.invoke(app, ["check", str(tmp_path / "000.xlsx"), "-j", "1"])
    assert clean.exit_code == 0
    folder = runner.invoke(app, ["check", str(tmp_path), "--format", "json", "-j", "2"])
    assert folder.exit_code == 1
    paths = [Path(f["path"]).name for f in json.loads(folder.stdout)["files"]]
    assert paths == ["000.xlsx", "002.xlsx", "004.xlsx"]
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    broken = runner.invoke(app, ["check", str(tmp_path), "-j", "1"])
    assert broken.exit_code == 2
    assert "broken.xlsx" in broken.stderr and "Traceback" not in broken.output
    assert "004.xlsx" in broken.stdout  # one bad file does not stop the run


def test_cli_usage_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["check", str(tmp_path / "nope.xlsx")])
    assert missing.exit_code == 2 and "nope.xlsx" in missing.output
    empty = runner.invoke(app, ["check", str(tmp_path)])
    assert empty.exit_code == 2


def test_annotate_marks_cells_and_leaves_the_input_alone(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "004.xlsx"
    shutil.copy(root / "samples" / "published" / "004.xlsx", source)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    target = tmp_path / "annotated.xlsx"
    result = runner.invoke(app, ["check", str(source), "--annotate", str(target)])
    assert result.exit_code == 1
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    sheet = openpyxl.load_workbook(target)["表5"]
    assert "T5.name" in sheet["D6"].comment.text
    assert sheet["D6"].fill.fgColor.rgb.endswith("FFC7CE")
    refused = runner.invoke(app, ["check", str(source), "--annotate", str(source)])
    assert refused.exit_code == 2
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_rules_doc_is_fresh(root: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(root / "scripts" / "gen_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (root / "docs" / "rules.md").read_text(encoding="utf-8")
    from xlbudget.check.rulebook import all_rules

    assert all(f"`{rule.id}`" in text for rule in all_rules())


@pytest.mark.parametrize("name", ["unit-2024", "dept-2025", "unit-2026"])
def test_an_unfilled_template_is_one_info_line(root: Path, name: str) -> None:
    report = check(root / "templates" / f"{name}.xlsx")
    assert [(f.rule, f.severity) for f in report.findings] == [("R.empty", Severity.INFO)]
    assert "空白模板" in report.findings[0].message_zh


def test_a_stale_formula_result_is_reported_at_its_cell(root: Path, tmp_path: Path) -> None:
    # park-2024 is xlbudget's own format: 表3's 合计 row holds formulas with cached values.
    # Rewrite one cached value (as a tool that saves without recalculating would).
    import re
    import zipfile

    source, target = root / "samples" / "park-2024.xlsx", tmp_path / "stale.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        sheet = _sheet_member(zin, "表3")
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == sheet:
                data, count = re.subn(rb'(<c r="E6"[^>]*><f>[^<]*</f><v>)([^<]*)(</v>)',
                                      rb"\g<1>9999\g<3>", data)
                assert count == 1
            zout.writestr(item, data)
    found = [f for f in check(target).findings if f.rule == "R.stale"]
    assert [(f.cells, f.actual) for f in found] == [(("表3!E6",), "9999.00")]


def _sheet_member(archive: object, name: str) -> str:
    import re
    import zipfile

    assert isinstance(archive, zipfile.ZipFile)
    book = archive.read("xl/workbook.xml").decode()
    rid = re.search(rf'<sheet [^>]*name="{name}"[^>]*r:id="([^"]+)"', book)
    assert rid
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target
    return "xl/" + target.group(1).removeprefix("/xl/")
