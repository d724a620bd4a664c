"""The review experience: a linter-like text report within the terminal's width, --quiet and
--statistics, and the self-contained HTML page of a folder."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from corpus.typos import detail_cells
from xlbudget.report.width import width

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m")  # not bold


def cli(*args: str, columns: int = 80, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": str(columns), **env}
    environment.pop("NO_COLOR", None) if "NO_COLOR" not in env else None
    return subprocess.run([sys.executable, "-m", "xlbudget", *args], capture_output=True,
                          text=True, timeout=600, env=environment)


def noisy(target: Path, typos: int = 30, names: int = 40, seed: int = 3) -> Path:
    """A published-layout book sent back for correction: amounts typed ×10, 项 names swapped."""
    shutil.copyfile(SAMPLES / "published" / "002.xlsx", target)
    book = openpyxl.load_workbook(target)
    rng = random.Random(seed)
    for sheet, cell, amount in rng.sample(detail_cells(book), typos):
        book[sheet][cell].value = float(amount * 10)
    named = [(ws, row) for ws in book.worksheets if ws.title in ("表2", "表3", "表5")
             for row in range(6, ws.max_row + 1)
             if isinstance(ws.cell(row, 3).value, str) and ws.cell(row, 3).value.strip()
             and isinstance(ws.cell(row, 4).value, str)]
    chosen = rng.sample(named, min(names, len(named) // 2 * 2))
    for (ws1, r1), (ws2, r2) in zip(chosen[::2], chosen[1::2], strict=True):
        first, second = ws1.cell(r1, 4), ws2.cell(r2, 4)
        first.value, second.value = second.value, first.value
    book.save(target)
    return target


@pytest.fixture(scope="module")
def busy_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return noisy(tmp_path_factory.mktemp("review") / "busy.xlsx")


def test_an_80_column_report_is_one_line_per_finding(busy_book: Path) -> None:
    findings = json.loads(cli("check", str(busy_book), "--format", "json").stdout
                          )["files"][0]["findings"]
    assert len(findings) >= 60
    run = cli("check", str(busy_book))
    lines = run.stdout.splitlines()
    assert not ANSI.search(run.stdout)  # piped: no colour
    assert max(width(line) for line in lines) <= 80
    assert len(lines) <= 2 * len(findings) + 12
    for finding in findings:
        if finding["severity"] != "error" or not finding["cells"]:
            continue
        cell, expected = finding["cells"][0], finding["expected"]
        assert any(line.startswith(cell + " ") and (expected is None or expected in line)
                   for line in lines), (cell, expected)


def test_wider_terminals_use_their_width_and_english_works(busy_book: Path) -> None:
    lines = cli("check", str(busy_book), "--lang", "en", columns=120).stdout.splitlines()
    assert max(width(line) for line in lines) <= 120
    assert any(" error " in line and "should be" in line for line in lines)


def test_quiet_is_a_line_per_book(tmp_path: Path) -> None:
    books = [SAMPLES / "park-2024.xlsx", SAMPLES / "published" / "004.xlsx"]
    lines = cli("check", *map(str, books), "--quiet").stdout.splitlines()
    assert len(lines) == len(books) + 1  # and the totals
    assert "004.xlsx" in lines[1] and "错误 1" in lines[1]


def test_statistics_count_findings_per_rule(busy_book: Path) -> None:
    document = json.loads(cli("check", str(busy_book), "--format", "json").stdout)
    rules: dict[str, int] = {}
    for finding in document["files"][0]["findings"]:
        rules[finding["rule"]] = rules.get(finding["rule"], 0) + 1
    lines = cli("check", str(busy_book), "--statistics", "--quiet").stdout.splitlines()
    counted = {m.group(2): int(m.group(1)) for line in lines
               if (m := re.match(r"\s*(\d+)\s+(\S+)\s", line))}
    assert counted == rules


def test_colour_only_on_a_terminal_and_never_with_no_color(busy_book: Path) -> None:
    from rich.console import Console

    from xlbudget.check.findings import Lang
    from xlbudget.check.run import check
    from xlbudget.report.text import render_report

    report = check(busy_book)
    for env, coloured in (({}, True), ({"NO_COLOR": "1"}, False)):
        console = Console(force_terminal=True, width=80, record=True,
                          _environ={"TERM": "xterm-256color", **env})
        with console.capture() as captured:
            render_report(console, report, Lang.ZH)
        assert bool(COLOUR.search(captured.get())) is coloured


def test_the_annotated_copy_marks_causes_red_and_their_consequences_orange(
        busy_book: Path, tmp_path: Path) -> None:
    from xlbudget.check.findings import Kind
    from xlbudget.check.run import check
    from xlbudget.write.annotate import CAUSE, CONSEQUENCE, annotate

    report = check(busy_book)
    target = tmp_path / "marked.xlsx"
    annotate(busy_book, report.findings, target)
    book = openpyxl.load_workbook(target)

    def fill(cell: str) -> str:
        sheet, _, address = cell.rpartition("!")
        return str(book[sheet][address].fill.fgColor.rgb)[-6:]

    causes = [f for f in report.findings if f.kind is Kind.CAUSE]
    assert causes and all(fill(f.cells[0]) == CAUSE.fgColor.rgb[-6:] for f in causes)
    marked = {c for f in report.findings for c in f.cells}
    carried = {c for f in causes for q in f.consequences for c in q.cells} - marked
    assert carried and all(fill(c) == CONSEQUENCE.fgColor.rgb[-6:] for c in carried)


def test_the_fix_summary_keeps_each_file_on_one_line(busy_book: Path, tmp_path: Path) -> None:
    deep = tmp_path / ("很长的目录名称" * 4) / "各单位报送"
    deep.mkdir(parents=True)
    shutil.copyfile(busy_book, deep / "某某单位2024年预算公开.xlsx")
    run = cli("fix", str(deep), "-o", str(tmp_path / "out"))
    lines = run.stdout.splitlines()
    assert max(width(line) for line in lines) <= 80
    head = next(line for line in lines if "某某单位2024年预算公开.xlsx" in line)
    assert "错误" in head and "→" in head  # the name and its counts on one line
